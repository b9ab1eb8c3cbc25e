/**
 * Worker thread of a SqliteStore's large staged replaces (see StageWriterThread): writes each batch of
 * rows it is sent through a store of its own on the same file, in the order sent, and answers each.
 * A thread started by one that runs below requests does too, so its writes are raised the same way.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runBelowRequests } from '../workers/thread-priority';
import { SqliteStore } from './sqlite-store';
import type { StagedWrite, StageWriterMessage } from './stage-writer-thread';

const { file, sliceMs, busyTimeoutMs, belowRequests } = workerData as { file: string; sliceMs: number; busyTimeoutMs: number; belowRequests: boolean };
if (belowRequests) runBelowRequests();
const store = new SqliteStore(file, { stageSliceMs: sliceMs, busyTimeoutMs });
const answer = (m: StageWriterMessage) => parentPort!.postMessage(m);

let written: Promise<void> = Promise.resolve();
parentPort!.on('message', (m: { id: number; batch: StagedWrite } | 'stop') => {
  if (m === 'stop') {
    void written.then(() => store.close()).then(() => parentPort!.close());
    return;
  }
  written = written.then(() =>
    store.writeStagedRows(m.batch).then(
      () => answer({ id: m.id }),
      (err: unknown) => answer({ id: m.id, error: err instanceof Error ? err.message : String(err) }),
    ),
  );
});
