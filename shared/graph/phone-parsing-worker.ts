/**
 * Worker thread of a BackgroundPhoneParser: parses batches of businessPhones texts and answers with
 * what each parse found, in flat arrays (cheaper to pass between threads than one object per phone).
 */
import { parentPort } from 'node:worker_threads';
import { parseBusinessPhone } from '../domain/phone-parsing';
import type { PhoneBatch, PhoneBatchResult } from './background-phone-parser';

parentPort!.on('message', ({ id, texts, hints }: PhoneBatch) => {
  const e164: string[] = new Array(texts.length);
  const extension: string[] = new Array(texts.length);
  const valid = new Uint8Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const parsed = parseBusinessPhone(texts[i], hints[i] || undefined);
    e164[i] = parsed.e164 ?? '';
    extension[i] = parsed.extension ?? '';
    valid[i] = parsed.valid ? 1 : 0;
  }
  parentPort!.postMessage({ id, e164, extension, valid } satisfies PhoneBatchResult);
});
