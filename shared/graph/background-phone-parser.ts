/**
 * Parses the users' businessPhones on a worker thread while the user read goes on. A full read of a
 * large tenant keeps its thread busy taking pages apart, and checking each number against the
 * numbering plan (libphonenumber's full metadata) costs about as much again: on a second core the two
 * overlap. `parse` hands back the person's (still empty) list at once and fills it, in the directory's
 * order, when the batch comes back; `finish` waits for every list to be complete.
 *
 * The thread starts only once a batch is full, so a small tenant never pays for it. If it cannot start
 * or stops, whatever it had not answered is parsed here instead: the result is the same either way.
 */
import type { Worker } from 'node:worker_threads';
import { parseBusinessPhone, withRaw, type ParseOutcome } from '../domain/phone-parsing';
import type { ParsedPhone } from '../domain/tenant-snapshot';
import { siblingEntry, startWorker } from '../workers/start-worker';

/** Phones per message: large enough that passing it costs little next to parsing it. */
const BATCH_PHONES = 2_000;

export interface PhoneBatch {
  id: number;
  texts: string[];
  /** The country hint of each text, '' for none. */
  hints: string[];
}

export interface PhoneBatchResult {
  id: number;
  /** '' where the text is not a valid number. */
  e164: string[];
  /** '' where no extension was written. */
  extension: string[];
  valid: Uint8Array;
}

interface OpenBatch extends PhoneBatch {
  /** For each text, the list it goes into. */
  lists: ParsedPhone[][];
}

export interface BackgroundPhoneParserOptions {
  /** Phones per message to the thread; the thread starts with the first full batch. */
  batchPhones?: number;
  /** The thread's module (tests point it at one that fails). */
  workerEntry?: string;
}

export class BackgroundPhoneParser {
  private readonly batchPhones: number;
  private readonly workerEntry: string;
  private batch: OpenBatch = newBatch(1);
  private readonly sent = new Map<number, OpenBatch>();
  private worker?: Worker;
  /** Whether a batch filled up and the thread was asked to start. */
  threadStarted = false;
  /** The thread could not start or stopped on its own: parse here from then on. */
  private failed = false;
  private closed = false;
  private allAnswered?: () => void;

  constructor(options: BackgroundPhoneParserOptions = {}) {
    this.batchPhones = options.batchPhones ?? BATCH_PHONES;
    this.workerEntry = options.workerEntry ?? siblingEntry(__filename, 'phone-parsing-worker');
  }

  /** The person's list of phones: empty now, complete once `finish` resolves. */
  parse(raws: readonly (string | null | undefined)[] | null | undefined, countryHint?: string): ParsedPhone[] {
    const list: ParsedPhone[] = [];
    if (!raws) return list;
    for (const raw of raws) {
      if (typeof raw !== 'string' || raw.trim() === '') continue;
      this.batch.texts.push(raw);
      this.batch.hints.push(countryHint ?? '');
      this.batch.lists.push(list);
    }
    // A person's phones stay in one batch, so their list fills in the directory's order.
    if (this.batch.texts.length >= this.batchPhones) this.send();
    return list;
  }

  /** Parses what is left here and waits for the thread's answers; then stops the thread. */
  async finish(): Promise<void> {
    parseHere(this.batch);
    this.batch = newBatch(this.batch.id + 1);
    if (this.sent.size > 0 && !this.failed) await new Promise<void>((resolve) => (this.allAnswered = resolve));
    this.close();
  }

  /** Stops the thread (a sync that failed or was cancelled); lists not yet filled stay incomplete. */
  close(): void {
    this.closed = true;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private send(): void {
    const batch = this.batch;
    this.batch = newBatch(batch.id + 1);
    const worker = this.failed ? undefined : (this.worker ?? this.start());
    if (!worker) return parseHere(batch);
    this.sent.set(batch.id, batch);
    worker.postMessage({ id: batch.id, texts: batch.texts, hints: batch.hints } satisfies PhoneBatch);
  }

  private start(): Worker | undefined {
    this.threadStarted = true;
    try {
      const worker = startWorker(this.workerEntry);
      worker.on('message', (result: PhoneBatchResult) => this.fill(result));
      worker.on('error', () => this.takeBack());
      worker.on('exit', () => this.takeBack());
      // Kept referenced: a read waiting in finish() has nothing else keeping the process alive. The
      // sync closes the parser however it ends, so the thread never outlives it.
      this.worker = worker;
      return worker;
    } catch {
      this.failed = true;
      return undefined;
    }
  }

  private fill(result: PhoneBatchResult): void {
    const batch = this.sent.get(result.id);
    if (!batch) return;
    this.sent.delete(result.id);
    for (let i = 0; i < batch.texts.length; i++) {
      const outcome: ParseOutcome = result.valid[i] ? { e164: result.e164[i], valid: true } : { valid: false };
      if (result.extension[i] !== '') outcome.extension = result.extension[i];
      batch.lists[i].push(withRaw(outcome, batch.texts[i]));
    }
    if (this.sent.size === 0) this.allAnswered?.();
  }

  /** The thread failed or stopped: parse here whatever it had not answered. */
  private takeBack(): void {
    if (this.closed || this.failed) return;
    this.failed = true;
    this.worker = undefined;
    for (const batch of this.sent.values()) parseHere(batch);
    this.sent.clear();
    this.allAnswered?.();
  }
}

function newBatch(id: number): OpenBatch {
  return { id, texts: [], hints: [], lists: [] };
}

function parseHere(batch: OpenBatch): void {
  for (let i = 0; i < batch.texts.length; i++) batch.lists[i].push(parseBusinessPhone(batch.texts[i], batch.hints[i] || undefined));
}
