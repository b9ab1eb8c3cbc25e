/**
 * Worker thread of a BusinessPhoneParser: parses batches of people's businessPhones with the same
 * function the sync's own thread uses, so a phone parses the same on either thread. It runs at the
 * priority of the thread that started it (a server's background job starts it below requests).
 */
import { parentPort } from 'node:worker_threads';
import { parseBusinessPhones } from '../domain/phone-parsing';
import type { PhoneBatch, ParsedBatch } from './business-phone-parser';

parentPort!.on('message', (batch: PhoneBatch) => {
  const phones = batch.people.map(([raws, countryHint]) => parseBusinessPhones(raws, countryHint));
  parentPort!.postMessage({ id: batch.id, phones } satisfies ParsedBatch);
});
