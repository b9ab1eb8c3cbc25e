/** Set-up shared by the job tests: a SQLite file in a temp folder, services with a runner, a large PBX export. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { JobRunner, type JobRunnerOptions } from '../../../shared/jobs/job-runner';
import { sqliteSpec } from '../../../shared/store/store-spec';
import type { Job } from '../../../shared/jobs/job-types';

export function tempDb(prefix: string): { dir: string; file: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, file: path.join(dir, 'vmp.sqlite'), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Services over the file and, unless `runner: false`, a started runner whose workers open the same file. */
export function servicesWithRunner(file: string, options: Partial<JobRunnerOptions> | false = {}): { services: AppServices; runner?: JobRunner; stop(): Promise<void> } {
  const services = createAppServices(new SqliteStore(file));
  const runner = options === false ? undefined : new JobRunner({ services, storeSpec: sqliteSpec(file), pollMs: 100, ...options });
  runner?.start();
  return {
    services,
    runner,
    async stop() {
      await runner?.stop();
      await services.close();
    },
  };
}

/** A PBX lines export of `lines` extensions with valid US DIDs (no tenant snapshot needed to import it). */
export function largeLinesCsv(lines: number, start = 0): string {
  const rows = ['extension,did,owner_name,site,country,device_type'];
  for (let i = start; i < start + lines; i++) {
    rows.push(`${100000 + i},+1206${String(2000000 + i).padStart(7, '0')},Person ${i},Seattle,US,ip-phone`);
  }
  return rows.join('\n') + '\n';
}

export const SMALL_LINES_CSV = 'extension,did,owner_name,site,country,device_type\n1001,+12064312001,Ada Lovelace,Seattle,US,ip-phone\n';

export async function waitForJob(services: AppServices, tenantId: string, id: string, until: (job: Job) => boolean, timeoutMs = 60_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await services.jobs.get(tenantId, id);
    if (job && until(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} is still ${job?.state ?? 'missing'} (${job?.progress.phase})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const finished = (job: Job) => job.state === 'succeeded' || job.state === 'failed';
