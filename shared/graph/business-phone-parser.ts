/**
 * Parses people's businessPhones beside a large user read instead of inside it. Validating a phone with
 * libphonenumber's full metadata costs about 13 µs: 1.3 s of a 100,000-user sync, on the thread that
 * also receives and maps every page, while the machine's other core waits for the Graph server. Past
 * the first INLINE_PEOPLE people, phones go to a worker thread in batches and the people get theirs
 * when the batch comes back (`settled()`). Both threads run the same parseBusinessPhones, so a snapshot
 * is the same whichever thread parsed a phone; small tenants never start the thread.
 */
import type { Worker } from 'node:worker_threads';
import { parseBusinessPhones } from '../domain/phone-parsing';
import type { ParsedPhone, Person } from '../domain/tenant-snapshot';
import { siblingEntry, startWorker } from '../workers/start-worker';

/** Below this many people with phones, starting a thread costs more than parsing here. */
const INLINE_PEOPLE = 10_000;
/** People per message: about one Graph page, so the thread starts on a page while the next arrives. */
const BATCH_PEOPLE = 1_000;

type RawPhones = readonly (string | null | undefined)[];
/** What the worker is sent: each person's raw phones and country hint. */
export interface PhoneBatch {
  id: number;
  people: [RawPhones, string | undefined][];
}
/** What it sends back: each person's parsed phones, in the batch's order. */
export interface ParsedBatch {
  id: number;
  phones: ParsedPhone[][];
}

interface Pending {
  people: PhoneBatch['people'];
  owners: Person[];
}

export class BusinessPhoneParser {
  private parsedHere = 0;
  private worker?: Worker;
  /** The thread failed or stopped: everything is parsed here from then on. */
  private threadGone = false;
  private batch: Pending = { people: [], owners: [] };
  private readonly sent = new Map<number, Pending>();
  private nextId = 0;
  private whenAllBack?: () => void;
  private readonly inlinePeople: number;
  private readonly workerEntry: string;
  /** People whose phones the thread parsed. */
  parsedOffThread = 0;

  /** `inlinePeople` and `workerEntry` are for tests: a thread from the first person, or one that fails. */
  constructor(options: { inlinePeople?: number; workerEntry?: string } = {}) {
    this.inlinePeople = options.inlinePeople ?? INLINE_PEOPLE;
    this.workerEntry = options.workerEntry ?? siblingEntry(__filename, 'business-phones-worker');
  }

  /** Sets `person.businessPhones`, now or (off the thread) by the time `settled()` resolves. */
  parseInto(person: Person, raws: RawPhones | null | undefined, countryHint: string | undefined): void {
    if (!raws?.length) {
      person.businessPhones = [];
      return;
    }
    if (this.parsedHere < this.inlinePeople || this.threadGone) {
      this.parsedHere++;
      person.businessPhones = parseBusinessPhones(raws, countryHint);
      return;
    }
    person.businessPhones = [];
    this.batch.people.push([raws, countryHint]);
    this.batch.owners.push(person);
    if (this.batch.owners.length >= BATCH_PEOPLE) this.send();
  }

  /** Every person handed to parseInto has its phones; the thread is stopped. */
  async settled(): Promise<void> {
    if (this.batch.owners.length) this.send();
    if (this.sent.size) await new Promise<void>((resolve) => (this.whenAllBack = resolve));
    this.close();
  }

  /** Stops the thread (a failed or cancelled sync); people still waiting keep no phones. */
  close(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.threadGone = true;
    if (worker) void worker.terminate();
  }

  private send(): void {
    const pending = this.batch;
    this.batch = { people: [], owners: [] };
    const worker = this.threadGone ? undefined : (this.worker ?? this.start());
    if (!worker) return this.parseHere(pending);
    const id = this.nextId++;
    this.sent.set(id, pending);
    // Held open while batches are out, so a process awaiting them does not exit under it.
    worker.ref();
    worker.postMessage({ id, people: pending.people } satisfies PhoneBatch);
  }

  private start(): Worker | undefined {
    try {
      const worker = startWorker(this.workerEntry);
      worker.on('message', (reply: ParsedBatch) => {
        const pending = this.sent.get(reply.id);
        if (!pending) return;
        this.sent.delete(reply.id);
        this.parsedOffThread += pending.owners.length;
        pending.owners.forEach((person, i) => (person.businessPhones = reply.phones[i]));
        this.checkAllBack();
      });
      // A thread that fails leaves its batches to this one: the read never loses a phone to it.
      const takeBack = () => {
        if (this.worker !== worker) return;
        this.worker = undefined;
        this.threadGone = true;
        for (const pending of this.sent.values()) this.parseHere(pending);
        this.sent.clear();
        this.checkAllBack();
      };
      worker.on('error', takeBack);
      worker.on('exit', takeBack);
      this.worker = worker;
      return worker;
    } catch {
      this.threadGone = true;
      return undefined;
    }
  }

  private parseHere(pending: Pending): void {
    pending.owners.forEach((person, i) => (person.businessPhones = parseBusinessPhones(pending.people[i][0], pending.people[i][1])));
  }

  private checkAllBack(): void {
    if (this.sent.size === 0) this.worker?.unref();
    if (this.sent.size === 0 && this.whenAllBack) {
      const resolve = this.whenAllBack;
      this.whenAllBack = undefined;
      resolve();
    }
  }
}
