/**
 * What every CLI command shares: global options (--db, --json), picking the tenant, printing results
 * and the exit-code convention scripts rely on: 0 ok, 2 bad input, 3 plan has blockers (opt-in), 1 anything else.
 * Kept light on purpose: `vmp --help` loads this file, so it imports no service and no store
 * (opening them is in open-store.ts and services.ts, loaded by the commands that need them).
 */
import { DEFAULT_DB_FILE, DEMO_TENANT_ID } from '../shared/config/app-config';
import type { Store } from '../shared/store/store';
import { isIsoDate } from '../shared/domain/planning/plan-dates';

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

/**
 * The tenant a command works on: --tenant, else the only tenant in the store, else the demo tenant.
 * A --tenant the database does not hold is bad input (exit 2) naming the tenants it does hold, also
 * when it holds none: a typo must not import, save or link anything under a tenant nobody synced.
 * Tenant ids match without case. No --tenant and no tenant at all is exit 1: sync first.
 */
export async function resolveTenantId(store: Pick<Store, 'listTenants'>, options: GlobalOptions): Promise<string> {
  const tenants = await store.listTenants();
  if (options.tenant !== undefined) return knownTenant(tenants, options);
  if (tenants.length === 0) throw new CliError(`The database ${options.db} holds no tenant yet: run \`vmp sync\` first.`, EXIT.failure);
  if (tenants.length === 1) return tenants[0].tenantId;
  if (tenants.some((t) => t.tenantId === DEMO_TENANT_ID)) return DEMO_TENANT_ID;
  throw new CliError(
    `The database holds ${tenants.length} tenants; choose one with --tenant (${tenants.map((t) => t.tenantId).join(', ')}).`,
    EXIT.badInput,
  );
}

/**
 * For a command that may look at a tenant before its first sync and store nothing (`vmp import-pbx
 * --dry-run`): a --tenant the database does not hold is taken as typed (trimmed), with `synced: false`;
 * anything else is resolveTenantId's answer.
 */
export async function resolveTenantIdOrUnsynced(store: Pick<Store, 'listTenants'>, options: GlobalOptions): Promise<{ tenantId: string; synced: boolean }> {
  if (options.tenant !== undefined && options.tenant.trim() !== '') {
    const stored = storedTenantId(await store.listTenants(), options.tenant);
    return stored === undefined ? { tenantId: options.tenant.trim(), synced: false } : { tenantId: stored, synced: true };
  }
  return { tenantId: await resolveTenantId(store, options), synced: true };
}

/** The stored id of the tenant `tenant` names (matched without case), if the database holds it. */
function storedTenantId(tenants: readonly { tenantId: string }[], tenant: string): string | undefined {
  const wanted = tenant.trim().toLowerCase();
  return tenants.find((t) => t.tenantId.toLowerCase() === wanted)?.tenantId;
}

/** Tenants named in a "no such tenant" message; more are counted, not listed. */
const TENANTS_NAMED = 10;

/** The stored id of the --tenant tenant (matched without case), or exit 2 naming the tenants there are (or saying there are none). */
export function knownTenant(tenants: readonly { tenantId: string; displayName?: string }[], options: GlobalOptions): string {
  const found = storedTenantId(tenants, options.tenant ?? '');
  if (found) return found;
  if (tenants.length === 0) {
    throw new CliError(`--tenant "${options.tenant}" is no tenant of the database ${options.db}: it holds none yet. Sync the tenant first (\`vmp sync\`) to work on it.`, EXIT.badInput);
  }
  const named = tenants.slice(0, TENANTS_NAMED).map((t) => (t.displayName && t.displayName !== t.tenantId ? `${t.tenantId} (${t.displayName})` : t.tenantId));
  const more = tenants.length > TENANTS_NAMED ? ` and ${tenants.length - TENANTS_NAMED} more` : '';
  throw new CliError(
    `--tenant "${options.tenant}" is no tenant of the database ${options.db}: it holds ${named.join(', ')}${more}. Sync a tenant first (\`vmp sync\`) to work on it.`,
    EXIT.badInput,
  );
}

/**
 * Control characters but newline and tab, and the bidirectional overrides: what a terminal would act on
 * (move the cursor, rewrite a line with a carriage return, retitle the window, reorder what is shown)
 * rather than print.
 */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text for a person at a terminal: names from Graph and cells of a PBX export reach the output, and a
 * crafted one must print as what it is. Each control is shown as a visible escape (`\u{1b}`).
 */
export function forTerminal(text: string): string {
  return text.replace(TERMINAL_CONTROLS, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/**
 * A whole-number option as typed (`--limit 20`), from `min` to `max` when given: anything else (a sign,
 * a fraction, an exponent, digits past 2^53) is bad input naming the option.
 */
export function wholeNumberOption(text: string, option: string, min: number, max?: number): number {
  const value = Number(text);
  if (!/^\d{1,15}$/.test(text) || value < min || (max !== undefined && value > max)) {
    throw new CliError(`${option} "${text}" is not a whole number ${max === undefined ? `>= ${min}` : `from ${min} to ${max}`}.`, EXIT.badInput);
  }
  return value;
}

/** `--today yyyy-mm-dd` as given (a real calendar day), or bad input naming the option; absent is fine. */
export function assertTodayOption(today: string | undefined): void {
  if (today !== undefined && !isIsoDate(today)) throw new CliError(`--today "${today}" is not a date: write it as yyyy-mm-dd.`, EXIT.badInput);
}

export function printResult(options: GlobalOptions, value: unknown, human: () => string): void {
  if (options.json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else process.stdout.write(`${forTerminal(human())}\n`);
}

export const DEFAULT_DB = DEFAULT_DB_FILE;
