/**
 * What every CLI command shares: global options (--db, --json), opening the store, printing results
 * and the exit-code convention scripts rely on: 0 ok, 2 bad input, 3 plan has blockers (opt-in), 1 anything else.
 */
import { DEFAULT_DB_FILE, DEMO_TENANT_ID } from '../shared/config/app-config';
import { createAppServices, AppServices } from '../shared/services/app-services';
import { SqliteStore } from '../shared/store/sqlite-store';

export const EXIT = { ok: 0, failure: 1, badInput: 2, blockers: 3 } as const;

export interface GlobalOptions {
  db: string;
  json: boolean;
  tenant?: string;
}

/** An error whose message is for the user and whose exit code is chosen on purpose. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export async function withServices<T>(options: GlobalOptions, run: (services: AppServices) => Promise<T>): Promise<T> {
  const services = createAppServices(new SqliteStore(options.db));
  try {
    return await run(services);
  } finally {
    await services.close();
  }
}

/** Opens the store and picks the tenant (resolveTenantId): the start of every command that works on one tenant. */
export async function withTenant<T>(options: GlobalOptions, run: (services: AppServices, tenantId: string) => Promise<T>): Promise<T> {
  return withServices(options, async (services) => run(services, await resolveTenantId(services, options)));
}

/** The tenant a command works on: --tenant, else the only tenant in the store, else the demo tenant. */
export async function resolveTenantId(services: AppServices, options: GlobalOptions): Promise<string> {
  if (options.tenant) return options.tenant;
  const tenants = await services.store.listTenants();
  if (tenants.length === 1) return tenants[0].tenantId;
  if (tenants.length === 0) throw new CliError(`The database ${options.db} holds no tenant yet: run \`vmp sync\` first.`, EXIT.failure);
  if (tenants.some((t) => t.tenantId === DEMO_TENANT_ID)) return DEMO_TENANT_ID;
  throw new CliError(
    `The database holds ${tenants.length} tenants; choose one with --tenant (${tenants.map((t) => t.tenantId).join(', ')}).`,
    EXIT.badInput,
  );
}

export function printResult(options: GlobalOptions, value: unknown, human: () => string): void {
  if (options.json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else process.stdout.write(`${human()}\n`);
}

export const DEFAULT_DB = DEFAULT_DB_FILE;
