/** Typed calls to the server's /api, with the host's auth headers and readable errors. */
import type { TabHost } from './teams-host';
import type { TenantStatus } from '../../../shared/services/status-service';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

export interface Me {
  tenantId: string;
  userId: string;
  name: string;
  via: string;
  mode: 'local' | 'production';
}

export function createApiClient(host: TabHost) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...(await host.authHeaders()) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const payload = res.headers.get('content-type')?.includes('json') ? await res.json() : undefined;
    if (!res.ok) {
      throw new ApiError(payload?.error?.message ?? `${res.status} ${res.statusText}`, res.status, payload?.error?.code ?? 'error');
    }
    return payload as T;
  }
  return {
    me: () => call<Me>('GET', '/me'),
    status: () => call<TenantStatus>('GET', '/status'),
    call,
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
