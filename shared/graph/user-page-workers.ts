/**
 * Maps users pages to people on a worker thread while this thread keeps fetching: parsing a 100,000-user
 * tenant and mapping each user (phone numbers against the numbering plans, licences) costs more CPU than
 * the requests, and on the sync's thread it would hold the next requests back.
 *
 * The worker starts only once a read proves large (STARTS_AFTER_USERS mapped here): a small tenant is
 * done before a thread could boot. Until the worker says it is ready, pages are mapped here; if it
 * fails, the pages it held and every later one are mapped here too (each page is copied to it, not
 * transferred, for that reason). Both paths run mapUserPage, so the people and errors are the same.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { LicencesBySku } from '../domain/licence-mapping';
import type { Person } from '../domain/tenant-snapshot';
import { siblingEntry, startWorker } from '../workers/start-worker';
import { GraphRequestError, type GraphErrorCode } from './graph-errors';
import type { GraphRaw } from './graph-http';
import type { DecodedPage, UserPageMapper } from './tenant-graph-reader';
import { mapUserPage, type MappedUserPage } from './user-page-mapping';

/**
 * Users mapped on this thread before workers are started: below it, mapping on this thread costs less
 * than booting a thread (10,000 users map in about 0.1 s; a worker boots in 0.1-0.3 s).
 */
const STARTS_AFTER_USERS = 10_000;

interface Waiting {
  raw: GraphRaw;
  label: string;
  resolve: (page: DecodedPage<Person>) => void;
  reject: (err: Error) => void;
}

export interface UserPageWorkerOptions {
  /** Users mapped on this thread before the workers start (default 10,000; 0 = at once). */
  startsAfterUsers?: number;
  /** Worker threads (default: one per core left, at most three; 0 = this thread only). */
  threads?: number;
}

/** One worker thread and the pages it holds. */
interface Slot {
  worker: Worker;
  ready: boolean;
  waiting: Map<number, Waiting>;
}

export class WorkerUserPageMapper implements UserPageMapper<Person> {
  private readonly slots: Slot[] = [];
  private started = false;
  private closed = false;
  private mappedHere = 0;
  private nextId = 1;
  private readonly startsAfterUsers: number;
  private readonly threads: number;
  /** Pages mapped by a worker (for tests and measurements). */
  pagesOnWorkers = 0;
  private readonly readyWaiters: ((ready: boolean) => void)[] = [];

  /**
   * @param skus the tenant's SKUs when users are read with `assignedLicenses`; its unknown-SKU count
   *   grows by the pages mapped on either thread.
   * @param options.startsAfterUsers 0: start the workers now; options.threads 0: map on this thread only.
   */
  constructor(
    private readonly skus: LicencesBySku | undefined,
    options: UserPageWorkerOptions = {},
  ) {
    this.startsAfterUsers = options.startsAfterUsers ?? STARTS_AFTER_USERS;
    this.threads = Math.max(0, options.threads ?? defaultThreads());
    if (this.startsAfterUsers <= 0) this.startWorkers();
  }

  /** Resolves true once a worker takes pages, false when none will (for tests). */
  whenReady(): Promise<boolean> {
    if (this.slots.some((s) => s.ready)) return Promise.resolve(true);
    if (this.slots.length === 0) return Promise.resolve(false);
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  keyOf(person: Person): string {
    return person.id;
  }

  mapPage(raw: GraphRaw, label: string): Promise<DecodedPage<Person>> {
    // The ready worker holding the fewest pages; none ready: this thread.
    let slot: Slot | undefined;
    for (const s of this.slots) if (s.ready && (!slot || s.waiting.size < slot.waiting.size)) slot = s;
    if (!slot) return Promise.resolve(this.mapHere(raw, label));
    const id = this.nextId++;
    const target = slot;
    return new Promise((resolve, reject) => {
      target.waiting.set(id, { raw, label, resolve, reject });
      target.worker.postMessage({ id, raw, label });
    });
  }

  /** Stops the workers; pages still waiting are mapped here first. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const s of slots) this.mapWaitingHere(s);
    this.settleWaiters(false);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private mapHere(raw: GraphRaw, label: string): DecodedPage<Person> {
    const page = mapUserPage(raw, label, this.skus);
    this.mappedHere += page.items.length;
    if (this.mappedHere >= this.startsAfterUsers) this.startWorkers();
    return page;
  }

  private startWorkers(): void {
    if (this.started || this.closed) return;
    this.started = true;
    for (let i = 0; i < this.threads; i++) this.start();
  }

  private settleWaiters(ready: boolean): void {
    for (const w of this.readyWaiters.splice(0)) w(ready);
  }

  private start(): void {
    let worker: Worker;
    try {
      worker = startWorker(siblingEntry(__filename, 'user-page-worker'), { workerData: { skus: this.skus?.skus } });
    } catch {
      return;
    }
    worker.unref();
    const slot: Slot = { worker, ready: false, waiting: new Map() };
    this.slots.push(slot);
    worker.on('message', (m: { ready?: true; id?: number; page?: MappedUserPage; error?: WorkerError }) => {
      if (m.ready) {
        slot.ready = true;
        this.settleWaiters(true);
        return;
      }
      const entry = slot.waiting.get(m.id!);
      if (!entry) return;
      slot.waiting.delete(m.id!);
      if (m.error) return entry.reject(rebuildError(m.error));
      if (this.skus) this.skus.usersWithUnknownSkus += m.page!.unknownSkus;
      this.pagesOnWorkers++;
      entry.resolve(m.page!);
    });
    const fail = () => {
      const at = this.slots.indexOf(slot);
      if (at < 0) return;
      this.slots.splice(at, 1);
      this.mapWaitingHere(slot);
      if (this.slots.length === 0) this.settleWaiters(false);
    };
    worker.on('error', fail);
    worker.on('exit', fail);
  }

  private mapWaitingHere(slot: Slot): void {
    const entries = [...slot.waiting.values()];
    slot.waiting.clear();
    for (const e of entries) {
      try {
        e.resolve(mapUserPage(e.raw, e.label, this.skus));
      } catch (err) {
        e.reject(err as Error);
      }
    }
  }
}

/** One thread per core the sync's own thread and the machine's other work leave, at most three. */
function defaultThreads(): number {
  return Math.min(3, Math.max(1, os.availableParallelism() - 1));
}

interface WorkerError {
  graph?: true;
  code?: GraphErrorCode;
  message: string;
  request?: string;
  status?: number;
  graphCode?: string;
}

function rebuildError(e: WorkerError): Error {
  return e.graph ? new GraphRequestError(e.code!, e.message, e.request, e.status, e.graphCode) : new Error(e.message);
}
