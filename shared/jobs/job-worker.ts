/**
 * A worker thread's entry: opens its own store connection, runs one job through the same handler the
 * inline path uses, and talks to the main thread only through messages - progress out, Graph access
 * tokens in (the credential, e.g. an admin's on-behalf-of token cache, never leaves the main thread).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TokenProvider } from '../graph/graph-middleware';
import type { GraphConnection } from '../services/sync-service';
import { jobErrorOf, runJobHandler } from './job-handlers';
import type { Job, JobProgress } from './job-types';
import { openStoreFromSpec, type StoreSpec } from './store-spec';

export interface WorkerInput {
  job: Job;
  store: StoreSpec;
  /** The Graph connection without its token provider. */
  graph?: Omit<GraphConnection, 'tokenProvider'>;
}

export type WorkerMessage =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'token'; id: number }
  | { type: 'succeeded'; result?: Record<string, unknown>; resultArtefact?: string }
  | { type: 'failed'; error: ReturnType<typeof jobErrorOf> };

export type MainMessage = { type: 'token'; id: number; token?: string; error?: string };

async function main(): Promise<void> {
  const port = parentPort!;
  const input = workerData as WorkerInput;
  const post = (message: WorkerMessage) => port.postMessage(message);
  const waiting = new Map<number, { resolve: (t: string) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  port.on('message', (m: MainMessage) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.token !== undefined) w.resolve(m.token);
    else w.reject(new Error(m.error ?? 'no Graph access token'));
  });
  const tokenProvider: TokenProvider = {
    getAccessToken: () =>
      new Promise<string>((resolve, reject) => {
        const id = ++nextId;
        waiting.set(id, { resolve, reject });
        post({ type: 'token', id });
      }),
  };
  const store = await openStoreFromSpec(input.store);
  try {
    const outcome = await runJobHandler({
      store,
      job: input.job,
      now: () => new Date(),
      progress: (progress) => post({ type: 'progress', progress }),
      graph: input.graph && { ...input.graph, tokenProvider },
    });
    post({ type: 'succeeded', ...outcome });
  } catch (err) {
    post({ type: 'failed', error: jobErrorOf(err) });
  } finally {
    await store.close();
    port.unref();
  }
}

main().catch((err) => {
  parentPort?.postMessage({ type: 'failed', error: jobErrorOf(err) } satisfies WorkerMessage);
});
