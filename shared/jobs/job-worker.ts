/**
 * A worker thread's entry: opens its own store connection, claims the tenant's next job and runs it
 * (job-execution.ts), writing the job's progress and end itself. It talks to the main thread only
 * through messages: the claimed job out, Graph access tokens in (the credential, e.g. an admin's
 * on-behalf-of token cache, never leaves the main thread).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TokenProvider } from '../graph/graph-middleware';
import { claimAndRun, type ClaimParams } from './job-execution';
import { jobErrorOf } from './job-handlers';
import type { Job } from './job-types';
import { openStoreFromSpec, type StoreSpec } from '../store/store-spec';
import { runBelowRequests } from '../workers/thread-priority';

export interface WorkerInput {
  params: ClaimParams;
  store: StoreSpec;
}

export type WorkerMessage =
  | { type: 'claimed'; job: Job }
  | { type: 'token'; id: number }
  /** The job's end is written (or there was nothing to claim). */
  | { type: 'ended'; job?: Job }
  | { type: 'crashed'; error: ReturnType<typeof jobErrorOf> };

export type MainMessage = { type: 'token'; id: number; token?: string; error?: string };

async function main(): Promise<void> {
  // A job is background work: requests and /healthz on the main thread go first.
  runBelowRequests();
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
  const tokens: TokenProvider = {
    getAccessToken: () =>
      new Promise<string>((resolve, reject) => {
        const id = ++nextId;
        waiting.set(id, { resolve, reject });
        post({ type: 'token', id });
      }),
  };
  const store = await openStoreFromSpec(input.store);
  try {
    const job = await claimAndRun(store, input.params, { now: () => new Date(), tokensFor: () => tokens, onClaimed: (j) => post({ type: 'claimed', job: j }) });
    post({ type: 'ended', job });
  } finally {
    await store.close();
    port.unref();
  }
}

main().catch((err) => {
  parentPort?.postMessage({ type: 'crashed', error: jobErrorOf(err) } satisfies WorkerMessage);
});
