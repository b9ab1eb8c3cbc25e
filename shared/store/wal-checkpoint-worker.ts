/**
 * Worker thread of a SqliteStore opened with `walCheckpoints: 'background'`: copies the write-ahead log
 * back into the database file (a checkpoint) on its own connection, so the event loop's connection
 * never does. PASSIVE: it never waits for a reader or a writer, and copies what it can; a checkpoint
 * that finds nothing new costs a read of the WAL index. Below requests in the scheduler, as every
 * background thread here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { runBelowRequests } from '../workers/thread-priority';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
runBelowRequests();
// A short busy timeout: a checkpoint that meets a busy lock simply tries again next time.
const db = new Database(file, { timeout: 20 });
db.pragma('wal_autocheckpoint = 0');

function checkpoint(): void {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    parentPort!.postMessage({ framesInLog: result.log, framesCopied: result.checkpointed });
  } catch (err) {
    // Busy: next interval. Anything else ends the thread, and the store checkpoints on commit again.
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
  }
}

const timer = setInterval(checkpoint, intervalMs);
parentPort!.once('message', () => {
  // The only message is the store's 'stop' (close()).
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
