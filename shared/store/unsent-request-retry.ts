/**
 * Azure Tables requests that never reached the service are sent again. A request written into a
 * keep-alive connection the service had already closed fails with EPIPE (an idle pool after a long
 * pause, which is how a sync or an import starts writing). The service saw none of it, so sending it
 * again is safe, even for a batch; the SDK's own retry policy retries timeouts and resets, not this.
 */
import type { TableServiceClientOptions } from '@azure/data-tables';

type AdditionalPolicy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number];
type Policy = AdditionalPolicy['policy'];

const ATTEMPTS = 3;

export const retryUnsentRequests: Policy = {
  name: 'retryUnsentRequests',
  async sendRequest(request, next) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await next(request);
      } catch (err) {
        if (attempt >= ATTEMPTS || (err as { code?: string }).code !== 'EPIPE') throw err;
      }
    }
  },
};

/** Added to every Table client, once per try (inside the SDK's own retries). */
export const unsentRequestRetry: AdditionalPolicy = { policy: retryUnsentRequests, position: 'perRetry' };
