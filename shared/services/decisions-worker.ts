/**
 * The worker thread behind workerExecutor (decisions-refresher.ts): its own connection to the store,
 * refreshing one tenant's decisions read models per message, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStoreFromSpec, type StoreSpec } from '../store/store-spec';
import { refreshDecisions, type LoadedInputs } from './decisions-refresher';
import { runBelowRequests } from '../workers/thread-priority';

runBelowRequests();

const opened = openStoreFromSpec((workerData as { spec: StoreSpec }).spec);
let queue = Promise.resolve();
/** The last snapshot and inventory read, reused while their versions are unchanged (see LoadedInputs). */
const loaded: LoadedInputs = {};

parentPort!.on('message', (m: { id: number; tenantId: string }) => {
  queue = queue.then(async () => {
    try {
      parentPort!.postMessage({ id: m.id, outcome: await refreshDecisions(await opened, m.tenantId, undefined, loaded) });
    } catch (err) {
      parentPort!.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err), code: (err as { code?: string })?.code });
    }
  });
});
