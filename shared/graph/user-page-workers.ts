/**
 * Users pages mapped to people with their business phones parsed on worker threads. Parsing a phone
 * against the numbering plans (libphonenumber's full metadata) is most of the CPU a users page costs;
 * on the sync's thread it held the next requests back. Only each user's raw phones and country hint go
 * to a worker and only the parsed phones come back, so the hand-over costs little; the page's JSON and
 * every other field are mapped here (user-page-mapping.ts), with the same checks and errors.
 *
 * Workers start only once a read proves large (STARTS_AFTER_USERS mapped here): a small tenant is done
 * before a thread could boot. A page's phones are parsed here while no worker is ready, while every
 * worker already holds QUEUE_PER_WORKER pages (so neither thread sits waiting for the other), and
 * after a worker failed (the pages it held are parsed here again). Both threads run the same
 * parseBusinessPhones, so the people are the same.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { LicencesBySku } from '../domain/licence-mapping';
import type { ParsedPhone, Person } from '../domain/tenant-snapshot';
import { siblingEntry, startWorker } from '../workers/start-worker';
import type { GraphRaw } from './graph-http';
import type { DecodedPage, UserPageMapper } from './tenant-graph-reader';
import { mapUserPage, parsePhoneRequests, type PhoneRequest } from './user-page-mapping';

/**
 * Users mapped before workers are started: below it, parsing on this thread costs less than booting
 * a thread (a 10,000-user sync measured 0.06 s slower with a worker started half-way).
 */
const STARTS_AFTER_USERS = 15_000;
/**
 * Pages a worker holds before this thread parses a page's phones itself: with two, the worker sat idle
 * half the time while this thread parsed; more than a few make pages wait behind each other.
 */
const QUEUE_PER_WORKER = 4;

export interface UserPageWorkerOptions {
  /** Users mapped on this thread before the workers start (default 15,000; 0 = at once). */
  startsAfterUsers?: number;
  /** Worker threads (default: one per core besides this thread's, at most three; 0 = this thread only). */
  threads?: number;
  /** Pages a worker may hold before this thread parses the next page's phones itself (default 4). */
  queuePerWorker?: number;
}

interface Waiting {
  requests: PhoneRequest[];
  resolve: (phones: ParsedPhone[][]) => void;
}

/** One worker thread and the pages it holds. */
interface Slot {
  worker: Worker;
  ready: boolean;
  waiting: Map<number, Waiting>;
}

export class WorkerUserPageMapper implements UserPageMapper<Person> {
  private readonly slots: Slot[] = [];
  private readonly readyWaiters: ((ready: boolean) => void)[] = [];
  private started = false;
  private closed = false;
  private mappedHere = 0;
  private nextId = 1;
  private readonly startsAfterUsers: number;
  private readonly threads: number;
  private readonly queuePerWorker: number;
  /** Pages whose phones a worker parsed (for tests and measurements). */
  pagesOnWorkers = 0;

  /**
   * @param skus the tenant's SKUs when users are read with `assignedLicenses` (see toPerson).
   * @param options.startsAfterUsers 0: start the workers now; options.threads 0: this thread only.
   */
  constructor(
    private readonly skus: LicencesBySku | undefined,
    options: UserPageWorkerOptions = {},
  ) {
    this.startsAfterUsers = options.startsAfterUsers ?? STARTS_AFTER_USERS;
    this.threads = Math.max(0, options.threads ?? defaultThreads());
    this.queuePerWorker = Math.max(1, options.queuePerWorker ?? QUEUE_PER_WORKER);
    if (this.startsAfterUsers <= 0) this.startWorkers();
  }

  keyOf(person: Person): string {
    return person.id;
  }

  async mapPage(raw: GraphRaw, label: string): Promise<DecodedPage<Person>> {
    const page = await mapUserPage(raw, label, this.skus, (requests) => this.parsePhones(requests));
    this.mappedHere += page.items.length;
    if (this.mappedHere >= this.startsAfterUsers) this.startWorkers();
    return page;
  }

  /** Resolves true once a worker takes pages, false when none will (for tests). */
  whenReady(): Promise<boolean> {
    if (this.slots.some((s) => s.ready)) return Promise.resolve(true);
    if (this.slots.length === 0) return Promise.resolve(false);
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Stops the workers; pages still waiting are parsed here. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const s of slots) parseWaitingHere(s);
    this.settleWaiters(false);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private parsePhones(requests: PhoneRequest[]): Promise<ParsedPhone[][]> {
    let slot: Slot | undefined;
    for (const s of this.slots) if (s.ready && (!slot || s.waiting.size < slot.waiting.size)) slot = s;
    if (!slot || slot.waiting.size >= this.queuePerWorker) return Promise.resolve(parsePhoneRequests(requests));
    const id = this.nextId++;
    const target = slot;
    return new Promise((resolve) => {
      target.waiting.set(id, { requests, resolve });
      target.worker.postMessage({ id, requests });
    });
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
      worker = startWorker(siblingEntry(__filename, 'user-page-worker'));
    } catch {
      return;
    }
    worker.unref();
    const slot: Slot = { worker, ready: false, waiting: new Map() };
    this.slots.push(slot);
    worker.on('message', (m: { ready?: true; id?: number; phones?: ParsedPhone[][]; error?: string }) => {
      if (m.ready) {
        slot.ready = true;
        this.settleWaiters(true);
        return;
      }
      const entry = slot.waiting.get(m.id!);
      if (!entry) return;
      slot.waiting.delete(m.id!);
      if (m.error !== undefined) {
        // parseBusinessPhones does not throw; if the worker ever does, this thread's answer stands.
        entry.resolve(parsePhoneRequests(entry.requests));
        return;
      }
      this.pagesOnWorkers++;
      entry.resolve(m.phones!);
    });
    const fail = () => {
      const at = this.slots.indexOf(slot);
      if (at < 0) return;
      this.slots.splice(at, 1);
      parseWaitingHere(slot);
      if (this.slots.length === 0) this.settleWaiters(false);
    };
    worker.on('error', fail);
    worker.on('exit', fail);
  }
}

function parseWaitingHere(slot: Slot): void {
  const entries = [...slot.waiting.values()];
  slot.waiting.clear();
  for (const e of entries) e.resolve(parsePhoneRequests(e.requests));
}

/** One thread per core the sync's own thread leaves, at most three: none on a single core. */
function defaultThreads(): number {
  return Math.min(3, Math.max(0, os.availableParallelism() - 1));
}
