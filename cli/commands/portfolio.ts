/**
 * `vmp portfolio list|link|unlink|grant|revoke`: the customer tenants of the MSP tenant (--tenant) and
 * who may act for each; `vmp portfolio sbc list|set|remove`: the MSP's shared SBCs (see portfolio-sbc.ts). Each change is written against the version just read and audited, exactly as
 * the API does (shared/services/portfolio-service); the CLI runs as the deployment's operator, so any
 * tenant in the database may hold a portfolio here.
 */
import { GRAPH_ACCESS_MODES, PORTFOLIO_ROLES, describePrincipal, graphAccessOf, parsePrincipal, type GraphAccessMode, type PortfolioRole, type Principal } from '../../shared/domain/portfolio/portfolio-mapping';
import { createPortfolioService, type PortfolioView, type PortfolioWriteResult } from '../../shared/services/portfolio-service';
import { CliError, EXIT, GlobalOptions, printResult } from '../cli-context';
import { withTenantStore } from '../open-store';
import { runSharedSbc, type SharedSbcOptions } from './portfolio-sbc';

export type PortfolioAction = 'list' | 'link' | 'unlink' | 'grant' | 'revoke' | 'access' | 'sbc';
export const PORTFOLIO_ACTIONS: readonly PortfolioAction[] = ['list', 'link', 'unlink', 'grant', 'revoke', 'access', 'sbc'];

export interface PortfolioOptions extends SharedSbcOptions {
  name?: string;
  user?: string;
  group?: string;
  role?: string;
  /** access: how Graph reaches the customer (app-only or delegated). */
  graphAccess?: string;
}

const ACTOR = 'cli';

function formatList(view: PortfolioView): string {
  if (view.customers.length === 0) return `Tenant ${view.mspTenantId} has no customer tenants yet: \`vmp portfolio link <tenant id> --name <name>\`.`;
  const out = [`Customers of ${view.mspTenantId} (portfolio version ${view.version}):`];
  for (const c of view.customers) {
    out.push(`  ${c.displayName} (${c.tenantId}), linked ${c.linkedAt.slice(0, 10)} by ${c.linkedBy}${graphAccessOf(c) === 'delegated' ? ', reached on behalf of guest admins' : ''}`);
    if (c.grants.length === 0) out.push('    no grants: nobody may act for it yet');
    for (const g of c.grants) out.push(`    ${g.role.padEnd(6)} ${describePrincipal(g.principal)}`);
  }
  return out.join('\n');
}

function principalOf(cmd: PortfolioOptions): Principal {
  if ((cmd.user === undefined) === (cmd.group === undefined)) throw new CliError('Name either --user <object id or UPN> or --group <object id>.', EXIT.badInput);
  const p = cmd.group !== undefined ? parsePrincipal('group', cmd.group) : parsePrincipal('user', cmd.user!);
  if (!p) {
    throw new CliError(cmd.group !== undefined ? `--group must be an Entra object id (a GUID); got "${cmd.group}".` : `--user must be an Entra object id (a GUID) or a UPN; got "${cmd.user}".`, EXIT.badInput);
  }
  return p;
}

function graphAccessModeOf(cmd: PortfolioOptions): GraphAccessMode {
  const mode = cmd.graphAccess;
  if (!mode || !(GRAPH_ACCESS_MODES as readonly string[]).includes(mode)) throw new CliError(`--graph-access must be ${GRAPH_ACCESS_MODES.join(' or ')}; got ${mode ? `"${mode}"` : 'nothing'}.`, EXIT.badInput);
  return mode as GraphAccessMode;
}

function roleOf(cmd: PortfolioOptions): PortfolioRole {
  const role = cmd.role ?? 'admin';
  if (!(PORTFOLIO_ROLES as readonly string[]).includes(role)) throw new CliError(`--role must be ${PORTFOLIO_ROLES.join(' or ')}; got "${role}".`, EXIT.badInput);
  return role as PortfolioRole;
}

/** The options of `vmp portfolio` that only some actions read (--role, which has a default, aside). */
const ACTION_OPTIONS = ['name', 'user', 'group', 'graphAccess', 'fqdn', 'sessions', 'licences', 'price', 'teamsAddOn', 'trunkGroupLimit', 'trunkGroupsPerCustomer', 'erlangPerUser', 'gradeOfService'] as const;
const SBC_SET_OPTIONS: readonly string[] = ACTION_OPTIONS.slice(4);
const OPTIONS_READ_BY: Record<string, readonly string[]> = { link: ['name'], grant: ['user', 'group'], revoke: ['user', 'group'], access: ['graphAccess'], 'sbc set': SBC_SET_OPTIONS };

/**
 * An option or an argument the action does not read is bad input, not silently dropped: `vmp portfolio
 * unlink A B` or `vmp portfolio list --name X` is a mistake the user should hear about.
 */
function refuseWhatTheActionIgnores(action: string, customerTenantId: string | undefined, sbcId: string | undefined, cmd: PortfolioOptions): void {
  const what = action === 'sbc' ? `sbc ${customerTenantId ?? ''}`.trim() : action;
  const extra = action === 'sbc' ? (customerTenantId === 'list' ? sbcId : undefined) : action === 'list' ? customerTenantId ?? sbcId : sbcId;
  if (extra !== undefined) throw new CliError(`\`vmp portfolio ${what}\` takes no further argument; got "${extra}".`, EXIT.badInput);
  const read = OPTIONS_READ_BY[what] ?? [];
  const ignored = ACTION_OPTIONS.filter((key) => cmd[key] !== undefined && !read.includes(key)).map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  if (ignored.length) throw new CliError(`${ignored.join(', ')} ${ignored.length === 1 ? 'does' : 'do'} not apply to \`vmp portfolio ${what}\`.`, EXIT.badInput);
}

/** `customerTenantId` is the customer for link..revoke; for `sbc` it is list|set|remove and `sbcId` the SBC. */
export async function runPortfolio(options: GlobalOptions, action: string, customerTenantId: string | undefined, cmd: PortfolioOptions, sbcId?: string): Promise<void> {
  if (!PORTFOLIO_ACTIONS.includes(action as PortfolioAction)) throw new CliError(`Unknown action "${action}": use ${PORTFOLIO_ACTIONS.join(', ')}.`, EXIT.badInput);
  refuseWhatTheActionIgnores(action, customerTenantId, sbcId, cmd);
  if (action === 'sbc') return runSharedSbc(options, customerTenantId, sbcId, cmd);
  if (action !== 'list' && !customerTenantId) throw new CliError(`\`vmp portfolio ${action}\` needs the customer tenant id.`, EXIT.badInput);
  if (action === 'link' && !cmd.name) throw new CliError('`vmp portfolio link` needs --name <display name>.', EXIT.badInput);
  const principal = action === 'grant' || action === 'revoke' ? principalOf(cmd) : undefined;
  const role = action === 'grant' ? roleOf(cmd) : undefined;
  const mode = action === 'access' ? graphAccessModeOf(cmd) : undefined;
  await withTenantStore(options, async (store, mspTenantId) => {
    const portfolio = createPortfolioService(store, () => new Date());
    const view = await portfolio.get(mspTenantId);
    if (action === 'list') {
      printResult(options, view, () => formatList(view));
      return;
    }
    const id = customerTenantId!;
    let result: PortfolioWriteResult;
    try {
      if (action === 'link') result = await portfolio.link(mspTenantId, ACTOR, { tenantId: id, displayName: cmd.name! }, view.version);
      else if (action === 'unlink') result = await portfolio.unlink(mspTenantId, ACTOR, id, view.version);
      else if (action === 'grant') result = await portfolio.grant(mspTenantId, ACTOR, id, principal!, role!, view.version);
      else if (action === 'access') result = await portfolio.setGraphAccess(mspTenantId, ACTOR, id, mode!, view.version);
      else result = await portfolio.revoke(mspTenantId, ACTOR, id, principal!, view.version);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'bad-input' || code === 'not-found') throw new CliError((err as Error).message, EXIT.badInput);
      throw err;
    }
    const what =
      action === 'link'
        ? `Linked ${cmd.name} (${id.toLowerCase()})`
        : action === 'unlink'
          ? `Unlinked ${id.toLowerCase()}`
          : action === 'grant'
            ? `Granted ${role} on ${id.toLowerCase()} to ${describePrincipal(principal!)}`
            : action === 'access'
              ? `${id.toLowerCase()} is reached ${mode === 'delegated' ? 'on behalf of guest admins (delegated)' : 'app-only'}`
              : `Revoked ${describePrincipal(principal!)} on ${id.toLowerCase()}`;
    printResult(options, { mspTenantId, action, ...result }, () => `${what}; portfolio version ${result.version}.`);
  });
}
