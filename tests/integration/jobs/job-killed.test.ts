/**
 * A server killed (SIGKILL) in the middle of a large PBX import job: the SQLite file stays consistent
 * and all or nothing (the previous inventory intact), the job is left `running` under the dead
 * instance's lease, and the instance's restarted runner re-queues it and runs it to the end.
 */
import Database from 'better-sqlite3';
import { csvTextSource } from '../../../shared/pbx/csv-table-reader';
import { importPbxInventory, loadInventoryHeader } from '../../../shared/services/pbx-import-service';
import { startChild } from './child-processes';
import { finished, largeLinesCsv, servicesWithRunner, tempDb, waitForJob } from './job-test-kit';

const TENANT = 'dddddddd-0000-4000-8000-00000000000d';

test('a runner killed mid-import leaves the store intact; its restart re-queues the job and finishes it', async () => {
  const db = tempDb('vmp-jobs-killed-');
  const queue = servicesWithRunner(db.file, false);
  try {
    // The inventory in place before: a 100-line import.
    await importPbxInventory(queue.services.store, TENANT, { lines: csvTextSource(largeLinesCsv(100), 'previous.csv') }, { actor: 'before', now: new Date() });
    const previous = await loadInventoryHeader(queue.services.store, TENANT);
    const job = await queue.services.jobs.enqueue(TENANT, { type: 'pbx-import', createdBy: 'admin', largeInput: { linesCsv: largeLinesCsv(200_000) } });

    const child = await startChild('runner', [db.file, 'instance-1']);
    try {
      const claimed = await waitForJob(queue.services, TENANT, job.id, (j) => j.state !== 'queued');
      expect(claimed.state).toBe('running');
      // The import reads, checks and matches 200,000 lines for seconds before it commits: kill it in the middle.
      await new Promise((r) => setTimeout(r, 1000));
      await child.kill('SIGKILL');
    } finally {
      await child.kill('SIGKILL');
    }

    const check = new Database(db.file, { readonly: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      check.close();
    }
    // Nothing of the killed import was stored; the job still says running, under the dead instance's lease.
    expect(await loadInventoryHeader(queue.services.store, TENANT)).toEqual(previous);
    expect((await queue.services.store.listAudit(TENANT)).filter((e) => e.action === 'import-pbx')).toHaveLength(1);
    const left = (await queue.services.jobs.get(TENANT, job.id))!;
    expect(left).toMatchObject({ state: 'running', attempts: 1, lease: { owner: expect.stringMatching(/^instance-1\//) } });

    // The same instance restarted (its lease has not run out yet): it knows the job as its own and runs it again.
    const restarted = servicesWithRunner(db.file, { instanceName: 'instance-1' });
    try {
      const done = await waitForJob(restarted.services, TENANT, job.id, finished, 120_000);
      expect(done).toMatchObject({ state: 'succeeded', attempts: 2, result: { counts: { lines: 200_000 } } });
      expect((await loadInventoryHeader(restarted.services.store, TENANT))!.counts.lines).toBe(200_000);
    } finally {
      await restarted.stop();
    }
  } finally {
    await queue.stop();
    db.remove();
  }
}, 180_000);
