/**
 * Worker thread of a SqliteStore opened with `walCheckpoints: 'background'`: the event loop's
 * connection leaves two kinds of bulk disk work to it, done on connections of its own.
 * - Checkpoints: copying the write-ahead log back into the database file. PASSIVE: it never waits for
 *   a reader or a writer, and copies what it can; a checkpoint that finds nothing new costs a read of
 *   the WAL index.
 * - Deleting old record generations (retired by staged replaces, or abandoned by a writer that
 *   stopped), whoever wrote them: when the store asks ('sweep') and every SWEEP_EVERY_MS.
 * Below requests in the scheduler, as every background thread here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { runBelowRequests } from '../workers/thread-priority';
import { SqliteStore } from './sqlite-store';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
/** Generations retired by other processes and threads (a CLI, a job) are found within this long. */
const SWEEP_EVERY_MS = 10_000;
runBelowRequests();
// A short busy timeout: a checkpoint that meets a busy lock simply tries again next time.
const db = new Database(file, { timeout: 20 });
db.pragma('wal_autocheckpoint = 0');
// Its own store (and connection) for deleting generations; opening it starts deleting what is due.
const generations = new SqliteStore(file);

function checkpoint(): void {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    parentPort!.postMessage({ framesInLog: result.log, framesCopied: result.checkpointed });
  } catch (err) {
    // Busy: next interval. Anything else ends the thread, and the store checkpoints on commit again.
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
  }
}

const timers = [setInterval(checkpoint, intervalMs), setInterval(() => generations.sweepGenerations(), SWEEP_EVERY_MS)];
parentPort!.on('message', (message: 'sweep' | 'stop') => {
  if (message === 'sweep') return generations.sweepGenerations();
  for (const timer of timers) clearInterval(timer);
  void generations.close().then(() => {
    db.close();
    parentPort!.close();
  });
});
