/**
 * The worker thread behind WorkerUserPageMapper (user-page-workers.ts): parses and maps users pages
 * (mapUserPage) off the sync's thread, one message per page, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LicencesBySku, type SkuIndex } from '../domain/licence-mapping';
import { GraphRequestError } from './graph-errors';
import type { GraphRaw } from './graph-http';
import { mapUserPage } from './user-page-mapping';

const index = (workerData as { skus?: SkuIndex }).skus;
const skus = index && new LicencesBySku(index);

parentPort!.on('message', (m: { id: number; raw: GraphRaw; label: string }) => {
  try {
    parentPort!.postMessage({ id: m.id, page: mapUserPage(m.raw, m.label, skus) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: describeError(err) });
  }
});
parentPort!.postMessage({ ready: true });

/** What the sync's thread needs to throw the same error (GraphRequestError keeps its fields). */
function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof GraphRequestError) {
    const suffix = err.request ? ` (${err.request})` : '';
    const message = suffix && err.message.endsWith(suffix) ? err.message.slice(0, -suffix.length) : err.message;
    return { graph: true, code: err.code, message, request: err.request, status: err.status, graphCode: err.graphCode };
  }
  return { message: err instanceof Error ? err.message : String(err) };
}
