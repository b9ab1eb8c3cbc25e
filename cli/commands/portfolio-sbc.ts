/**
 * `vmp portfolio sbc list|set <id>|remove <id>`: the MSP's shared SBCs (declared once, used by the
 * customers whose own gateway FQDN sits under the SBC's). `set` adds an SBC or changes the options
 * given on an existing one; both go through PortfolioService (validated as a whole list, written
 * against the version just read, audited) - the same use case as the tab's form and PUT /api/portfolio/sbcs.
 */
import type { SharedSbcDeclaration } from '../../shared/domain/portfolio/portfolio-mapping';
import { createPortfolioService, type PortfolioView } from '../../shared/services/portfolio-service';
import { CliError, EXIT, type GlobalOptions, printResult } from '../cli-context';
import { withTenantStore } from '../open-store';

export interface SharedSbcOptions {
  fqdn?: string;
  sessions?: string;
  licences?: string;
  price?: string;
  teamsAddOn?: string;
  trunkGroupLimit?: string;
  trunkGroupsPerCustomer?: string;
  erlangPerUser?: string;
  gradeOfService?: string;
}

const ACTOR = 'cli';
const SBC_ACTIONS = ['list', 'set', 'remove'] as const;

/** Each declaration field and the option that sets it: errors from the service's schema name the option. */
const NUMBER_OPTIONS: [keyof SharedSbcOptions, keyof SharedSbcDeclaration, string][] = [
  ['sessions', 'sessionCapacity', '--sessions'],
  ['licences', 'licensedSessions', '--licences'],
  ['price', 'pricePerSessionPerYear', '--price'],
  ['teamsAddOn', 'teamsAddOnPerSessionPerYear', '--teams-add-on'],
  ['trunkGroupLimit', 'trunkGroupLimit', '--trunk-group-limit'],
  ['trunkGroupsPerCustomer', 'trunkGroupsPerCustomer', '--trunk-groups-per-customer'],
  ['erlangPerUser', 'erlangPerUser', '--erlang-per-user'],
  ['gradeOfService', 'gradeOfService', '--grade-of-service'],
];
const OPTION_OF = new Map<string, string>([['id', '<id>'], ['fqdn', '--fqdn'], ...NUMBER_OPTIONS.map(([, field, flag]) => [field, flag] as [string, string])]);

function formatList(view: PortfolioView): string {
  if (view.sharedSbcs.length === 0) return `Tenant ${view.mspTenantId} declares no shared SBC yet: \`vmp portfolio sbc set <id> --fqdn <fqdn> --sessions <n> --licences <n> --price <per session a year>\`.`;
  const out = [`Shared SBCs of ${view.mspTenantId} (portfolio version ${view.version}):`];
  for (const s of view.sharedSbcs) {
    out.push(`  ${s.id}  ${s.fqdn}`);
    out.push(
      `    sessions ${s.sessionCapacity}, licensed ${s.licensedSessions} at ${s.pricePerSessionPerYear} a session a year` +
        `${s.teamsAddOnPerSessionPerYear !== undefined ? ` (+${s.teamsAddOnPerSessionPerYear} Teams add-on)` : ''}, trunk groups up to ${s.trunkGroupLimit ?? 1024}` +
        `${s.trunkGroupsPerCustomer !== undefined ? ` (${s.trunkGroupsPerCustomer} a customer)` : ''}`,
    );
  }
  out.push('Customers use an SBC when their own settings name a gateway under its FQDN (e.g. contoso.<fqdn>).');
  return out.join('\n');
}

/** The declaration `set` writes: the existing one (if any) with the options given. */
function declarationOf(id: string, existing: SharedSbcDeclaration | undefined, cmd: SharedSbcOptions): SharedSbcDeclaration {
  const next: Record<string, unknown> = { ...(existing ?? {}), id };
  if (cmd.fqdn !== undefined) next.fqdn = cmd.fqdn.trim().toLowerCase();
  for (const [option, field, flag] of NUMBER_OPTIONS) {
    const raw = cmd[option];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new CliError(`${flag} must be a number; got "${raw}".`, EXIT.badInput);
    next[field] = n;
  }
  if (!existing) {
    const missing = (['fqdn', 'sessions', 'licences', 'price'] as const).filter((o) => cmd[o] === undefined);
    if (missing.length) throw new CliError(`A new shared SBC needs ${missing.map((o) => `--${o}`).join(', ')}.`, EXIT.badInput);
  }
  return next as unknown as SharedSbcDeclaration;
}

/** "$.sbcs[2].sessionCapacity: ..." -> "--sessions: ...": the user fixes an option, not a JSON path. */
function optionMessage(err: { message: string; issues?: { path: string; message: string }[] }): string {
  const issue = err.issues?.[0];
  if (!issue) return err.message;
  const field = /\.([A-Za-z]+)$/.exec(issue.path)?.[1];
  const option = field ? OPTION_OF.get(field) : undefined;
  return option ? `${option}: ${issue.message}.` : err.message;
}

export async function runSharedSbc(options: GlobalOptions, action: string | undefined, sbcId: string | undefined, cmd: SharedSbcOptions): Promise<void> {
  if (!action || !(SBC_ACTIONS as readonly string[]).includes(action)) throw new CliError(`Use \`vmp portfolio sbc ${SBC_ACTIONS.join('|')}\`.`, EXIT.badInput);
  if (action !== 'list' && !sbcId) throw new CliError(`\`vmp portfolio sbc ${action}\` needs the SBC id.`, EXIT.badInput);
  await withTenantStore(options, async (store, mspTenantId) => {
    const portfolio = createPortfolioService(store, () => new Date());
    const view = await portfolio.get(mspTenantId);
    if (action === 'list') {
      printResult(options, { mspTenantId, version: view.version, sbcs: view.sharedSbcs }, () => formatList(view));
      return;
    }
    const id = sbcId!;
    const existing = view.sharedSbcs.find((s) => s.id === id);
    try {
      const result =
        action === 'set'
          ? await portfolio.setSharedSbc(mspTenantId, ACTOR, declarationOf(id, existing, cmd), view.version)
          : await portfolio.removeSharedSbc(mspTenantId, ACTOR, id, view.version);
      const what = action === 'remove' ? `Removed shared SBC ${id}` : `${existing ? 'Changed' : 'Added'} shared SBC ${id}`;
      printResult(options, { mspTenantId, action: `sbc ${action}`, id, ...result }, () => `${what}; portfolio version ${result.version}.`);
    } catch (err) {
      const e = err as { code?: string; message: string; issues?: { path: string; message: string }[] };
      if (e.code === 'bad-input' || e.code === 'not-found') throw new CliError(optionMessage(e), EXIT.badInput);
      throw err;
    }
  });
}
