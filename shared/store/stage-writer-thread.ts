/**
 * The writer thread of a SqliteStore's large staged replaces, seen from the store: batches of rows go
 * in, each answered once written (or with why it was not). The thread (stage-writer-worker.ts) has a
 * connection of its own and writes each batch as the store would (SqliteStore.writeStagedRows), one
 * batch after another, while the store's thread turns the next records into rows.
 */
import type { Worker } from 'node:worker_threads';

/** A staged record as written: id, JSON, hash, keys (a JSON array, or null) and search text. */
export type StagedRow = [id: string, json: string, hash: string, keys: string | null, search: string | null];

/** Rows of a staging generation, or its keys ([key, record id], in key order). */
export interface StagedBatch {
  rows?: StagedRow[];
  keys?: [key: string, id: string][];
}

export interface StagedWrite extends StagedBatch {
  tenantId: string;
  collection: string;
  /** The generation's name (`people@1f2e3d4c`). */
  physical: string;
}

export interface StageWriterMessage {
  id: number;
  /** Absent: written. */
  error?: string;
}

export class StageWriterThread {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private failure?: Error;
  private readonly exited: Promise<void>;

  constructor(private readonly worker: Worker) {
    // Idle, it never keeps a process alive; a write in progress does (see write).
    worker.unref();
    worker.on('message', (m: StageWriterMessage) => this.settle(m.id, m.error === undefined ? undefined : new Error(m.error)));
    worker.on('error', (err) => this.fail(err));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.fail(new Error(`The thread writing staged records stopped (exit code ${code}).`));
        resolve();
      }),
    );
  }

  get alive(): boolean {
    return this.failure === undefined;
  }

  /** Resolves once the batch is written; rejects with the writer's error (the lease lost, the store busy...). */
  write(batch: StagedWrite): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = ++this.nextId;
    if (this.waiting.size === 0) this.worker.ref();
    const written = new Promise<void>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.worker.postMessage({ id, batch });
    return written;
  }

  /** Lets the batches sent finish, then ends the thread. */
  async stop(): Promise<void> {
    if (this.alive) {
      this.worker.ref();
      this.worker.postMessage('stop');
    }
    await this.exited;
  }

  private settle(id: number, err: Error | undefined): void {
    const waiter = this.waiting.get(id);
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.worker.unref();
    if (err) waiter?.reject(err);
    else waiter?.resolve();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const waiter of this.waiting.values()) waiter.reject(err);
    this.waiting.clear();
    this.worker.unref();
  }
}
