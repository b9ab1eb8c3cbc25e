/**
 * The worker thread behind WorkerUserPageMapper (user-page-workers.ts): parses users' business phones
 * against the numbering plans (parsePhoneRequests), one message per users page, in order.
 */
import { parentPort } from 'node:worker_threads';
import { parsePhoneRequests, type PhoneRequest } from './user-page-mapping';

parentPort!.on('message', (m: { id: number; requests: PhoneRequest[] }) => {
  try {
    parentPort!.postMessage({ id: m.id, phones: parsePhoneRequests(m.requests) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
parentPort!.postMessage({ ready: true });
