/**
 * The worker thread behind workerExecutor (decisions-refresher.ts): its own connection to the SQLite
 * file, refreshing one tenant's decisions read models per message, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStore } from '../store/sqlite-store';
import { refreshDecisions } from './decisions-refresher';

const store = new SqliteStore((workerData as { dbFile: string }).dbFile);
let queue = Promise.resolve();

parentPort!.on('message', (m: { id: number; tenantId: string }) => {
  queue = queue.then(async () => {
    try {
      parentPort!.postMessage({ id: m.id, outcome: await refreshDecisions(store, m.tenantId) });
    } catch (err) {
      parentPort!.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err), code: (err as { code?: string })?.code });
    }
  });
});
