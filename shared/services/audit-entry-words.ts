/**
 * What an audit entry says in words, for the History page: a title for the list and, for an entry
 * without a settings diff, the facts it recorded (a sync's counts, a plan's waves, an import's lines,
 * who was given access to which customer). The payloads read are those the services write (sync,
 * plan, PBX import, site rules, portfolio, MSP consent, reminders). They are stored data, possibly of an older shape: every
 * field is checked before it is used, and an entry this build does not know falls back to its action
 * and kind rather than failing.
 */
import { counted } from '../domain/counted';
import { describePrincipal, type Principal } from '../domain/portfolio/portfolio-mapping';
import type { AuditEntry } from '../store/store';
import { describeConversation, describeTopics } from './reminder-words';
import { describeOrderState, type OrderState } from './order-tracking';

export interface AuditEntryWords {
  title: string;
  /** "Users: 100,000", "Files: lines.csv (lines)": the entry's own facts, for its panel. */
  facts: string[];
}

type Payload = Record<string, unknown>;

const asObject = (v: unknown): Payload | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Payload) : undefined);
const numberOf = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const textOf = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const n = (v: number) => v.toLocaleString('en-US');

/** "label: value" for each value present, in the order given. */
function factsOf(payload: Payload | undefined, labels: readonly (readonly [key: string, label: string])[]): string[] {
  const out: string[] = [];
  for (const [key, label] of labels) {
    const value = numberOf(payload?.[key]);
    if (value !== undefined) out.push(`${label}: ${n(value)}`);
  }
  return out;
}

const SNAPSHOT_COUNTS = [
  ['users', 'Users'],
  ['resourceAccounts', 'Resource accounts'],
  ['sharedDevices', 'Shared devices'],
  ['teamsPhoneEnabled', 'Teams Phone licensed'],
  ['sites', 'Sites'],
  ['numbers', 'Teams numbers'],
  ['unmappedPeople', 'Not mapped to a site'],
  ['warnings', 'Warnings'],
] as const;

const IMPORT_COUNTS = [
  ['lines', 'Lines'],
  ['matched', 'Lines matched to a user'],
  ['unmatched', 'Lines matched to no user'],
  ['ambiguous', 'Lines matching several users'],
  ['nonPerson', 'Devices and shared lines'],
  ['blocks', 'Number blocks'],
  ['numbersInBlocks', 'Numbers in the blocks'],
  ['groups', 'Groups'],
] as const;

function sync(e: Pick<AuditEntry, 'action' | 'after'>): AuditEntryWords {
  const after = asObject(e.after);
  const how = e.action === 'sync-delta' ? 'changes since the last sync' : 'every user read';
  const users = numberOf(after?.users);
  const sites = numberOf(after?.sites);
  const sizes = [users !== undefined && counted(users, 'user'), sites !== undefined && counted(sites, 'site')].filter(Boolean).join(', ');
  return { title: `Tenant synced (${how})${sizes ? `: ${sizes}` : ''}`, facts: factsOf(after, SNAPSHOT_COUNTS) };
}

function planBuild(e: Pick<AuditEntry, 'before' | 'after'>): AuditEntryWords {
  const before = asObject(e.before);
  const after = asObject(e.after);
  const waves = numberOf(after?.waves);
  const settingsVersion = numberOf(after?.settingsVersion);
  const title = ['Rollout plan built', waves !== undefined && `: ${counted(waves, 'wave')}`, settingsVersion !== undefined && ` from settings version ${settingsVersion}`].filter(Boolean).join('');
  const facts: string[] = [];
  const today = textOf(after?.today);
  if (today) facts.push(`Planned on: ${today}`);
  const wavesBefore = numberOf(before?.waves);
  if (waves !== undefined) facts.push(`Waves: ${n(waves)}${wavesBefore !== undefined ? ` (the plan before had ${n(wavesBefore)})` : ''}`);
  facts.push(...factsOf(after, [['unmet', 'Constraints not met'], ['moved', 'People in another wave than in the plan before']]));
  return { title, facts };
}

function pbxImport(e: Pick<AuditEntry, 'before' | 'after'>): AuditEntryWords {
  const after = asObject(e.after);
  const counts = asObject(after?.counts);
  const lines = numberOf(counts?.lines);
  const blocks = numberOf(counts?.blocks);
  const sizes = [lines !== undefined && counted(lines, 'line'), blocks !== undefined && counted(blocks, 'number block')].filter(Boolean).join(', ');
  const facts: string[] = [];
  const files = asObject(after?.files);
  const named = Object.entries(files ?? {}).flatMap(([role, file]) => (textOf(file) ? [`${file} (${role})`] : []));
  if (named.length) facts.push(`Files: ${named.join(', ')}`);
  facts.push(...factsOf(counts, IMPORT_COUNTS));
  const linesBefore = numberOf(asObject(asObject(e.before)?.counts)?.lines);
  if (linesBefore !== undefined) facts.push(`Lines in the inventory it replaced: ${n(linesBefore)}`);
  return { title: `PBX inventory imported${sizes ? `: ${sizes}` : ''}`, facts };
}

function siteRules(e: Pick<AuditEntry, 'action' | 'before' | 'after'>): AuditEntryWords {
  const after = asObject(e.after);
  if (e.action === 'site-rules.save') {
    const version = numberOf(after?.version);
    const rules = Array.isArray(after?.rules) ? after.rules.length : undefined;
    return {
      title: `Site mapping rules saved${version !== undefined ? ` as version ${version}` : ''}`,
      facts: rules === undefined ? [] : [`Rules: ${n(rules)}`],
    };
  }
  const version = numberOf(after?.rulesVersion);
  const facts = factsOf(after, [['peopleMoving', 'People whose site changed'], ['sites', 'Sites']]);
  const unmappedBefore = numberOf(after?.unmappedBefore);
  const unmappedAfter = numberOf(after?.unmappedAfter);
  if (unmappedBefore !== undefined && unmappedAfter !== undefined) facts.push(`People without a site: ${n(unmappedBefore)} before, ${n(unmappedAfter)} after`);
  return { title: `Site mapping rules${version !== undefined ? ` version ${version}` : ''} applied to the stored tenant`, facts };
}

/** Who a portfolio grant names, as the portfolio's own messages name them. */
function principalOf(payload: Payload | undefined): string {
  const principal = asObject(payload?.principal);
  const kind = textOf(principal?.kind);
  const id = textOf(principal?.id);
  return kind && id ? describePrincipal({ kind, id } as Principal) : 'someone';
}

/** The customer a portfolio entry is about: its name where the entry recorded one, else its tenant id. */
function customerOf(payload: Payload | undefined): string {
  return textOf(payload?.displayName) ?? textOf(payload?.tenantId) ?? 'a customer';
}

function portfolio(e: Pick<AuditEntry, 'action' | 'before' | 'after'>): AuditEntryWords | undefined {
  const before = asObject(e.before);
  const after = asObject(e.after);
  const tenant = (p: Payload | undefined) => (textOf(p?.tenantId) ? [`Customer tenant: ${textOf(p?.tenantId)}`] : []);
  switch (e.action) {
    case 'portfolio.link':
      return { title: `Customer ${customerOf(after)} added to the portfolio`, facts: tenant(after) };
    case 'portfolio.unlink': {
      const grants = numberOf(before?.grants);
      return { title: `Customer ${customerOf(before)} removed from the portfolio`, facts: [...tenant(before), ...(grants !== undefined ? [`Access grants removed with it: ${n(grants)}`] : [])] };
    }
    case 'portfolio.grant': {
      const was = textOf(before?.role);
      return {
        title: `Access granted: ${principalOf(after)}${textOf(after?.role) ? ` as ${textOf(after?.role)}` : ''} for customer ${customerOf(after)}`,
        facts: [...tenant(after), ...(was ? [`Role before: ${was}`] : [])],
      };
    }
    case 'portfolio.revoke':
      return { title: `Access removed: ${principalOf(before)}${textOf(before?.role) ? ` (${textOf(before?.role)})` : ''} for customer ${customerOf(before)}`, facts: tenant(before) };
    case 'portfolio.graph-access':
      return {
        title: `Graph access for customer ${customerOf(after)} set to ${textOf(after?.graphAccess) ?? '?'}${textOf(before?.graphAccess) ? ` (was ${textOf(before?.graphAccess)})` : ''}`,
        facts: tenant(after),
      };
    case 'portfolio.sbcs': {
      const fqdns = (v: unknown) => (Array.isArray(v) ? v.map((s) => textOf(asObject(s)?.fqdn) ?? '?') : undefined);
      const now = fqdns(e.after);
      const was = fqdns(e.before);
      if (!now) return undefined;
      return {
        title: `Shared SBCs saved: ${counted(now.length, 'SBC')}${was ? ` (was ${n(was.length)})` : ''}`,
        facts: now.length ? [`SBCs: ${now.join(', ')}`] : [],
      };
    }
    default:
      return undefined;
  }
}

/** The customer's own consent to an MSP (msp-consent-service.ts): which MSP tenant, by name where the entry recorded one. */
function mspConsent(e: Pick<AuditEntry, 'action' | 'before' | 'after'>): AuditEntryWords | undefined {
  const mspOf = (p: Payload | undefined) => {
    const id = textOf(p?.mspTenantId);
    const name = textOf(p?.displayName);
    return id ? (name && name !== id ? `${name} (${id})` : id) : undefined;
  };
  const now = mspOf(asObject(e.after));
  const was = mspOf(asObject(e.before));
  if (e.action === 'msp-consent.allow') {
    return { title: `MSP ${now ?? '?'} allowed to link this tenant`, facts: was ? [`Replaces the consent given to ${was}`] : [] };
  }
  if (e.action === 'msp-consent.revoke') {
    return { title: `Consent withdrawn: MSP ${was ?? '?'} may no longer link this tenant`, facts: ['A link made before stays until the MSP or the operator unlinks the tenant'] };
  }
  return undefined;
}

/**
 * Reminders set up, changed or stopped in a conversation (subscription-service.ts: asked in the chat;
 * reminders-admin.ts: stopped from the tab), or paused and resumed (Teams refused the conversation; a
 * retry was delivered or someone wrote there): which conversation, and what it is (or was) sent.
 */
function reminders(e: Pick<AuditEntry, 'action' | 'before' | 'after'>): AuditEntryWords | undefined {
  const subscription = (v: unknown) => {
    const p = asObject(v);
    const kind = p?.kind;
    if (kind !== 'channel' && kind !== 'groupChat' && kind !== 'personal') return undefined;
    const offsets = (x: unknown) => {
      const list = asObject(x)?.offsetsDays;
      return Array.isArray(list) && list.every((d) => typeof d === 'number') ? { offsetsDays: list as number[] } : undefined;
    };
    return {
      where: describeConversation({ kind, teamName: textOf(p?.teamName), channelName: textOf(p?.channelName), chatName: textOf(p?.chatName), subscribedBy: textOf(p?.subscribedBy) }),
      topics: describeTopics({ cutovers: offsets(p?.cutovers), orders: offsets(p?.orders), drift: p?.drift === true }),
    };
  };
  const was = subscription(e.before);
  const now = subscription(e.after);
  const where = (now ?? was)?.where ?? 'a conversation';
  switch (e.action) {
    case 'reminders.subscribe':
      return { title: `Reminders set up in ${where}`, facts: (now?.topics ?? []).map((t) => `Sends ${t}`) };
    case 'reminders.change':
      return { title: `Reminders changed in ${where}`, facts: (now?.topics ?? []).map((t) => `Sends ${t}`) };
    case 'reminders.unsubscribe':
      return { title: `Reminders stopped in ${where}, asked there`, facts: (was?.topics ?? []).map((t) => `Was sent ${t}`) };
    case 'reminders.stop':
      return { title: `Reminders stopped in ${where}`, facts: (was?.topics ?? []).map((t) => `Was sent ${t}`) };
    case 'reminders.pause': {
      const reason = textOf(asObject(e.after)?.reason);
      return {
        title: `Reminders paused in ${where}: Teams refused them`,
        facts: [
          ...(reason ? [`Teams answered: ${reason}`] : []),
          'Sent again when someone writes to the bot there, or tried once a week by the next notification run with something due',
        ],
      };
    }
    case 'reminders.resume': {
      const pausedSince = textOf(asObject(e.before)?.pausedSince);
      const how = asObject(e.after)?.resumedBy === 'retry' ? 'a notification run tried again and Teams delivered' : 'someone wrote to the bot there';
      return { title: `Reminders resumed in ${where}: ${how}`, facts: pausedSince ? [`Paused since ${pausedSince.slice(0, 16).replace('T', ' ')} UTC`] : [] };
    }
    default:
      return undefined;
  }
}

/** An order's state set or cleared (order-tracking.ts): which order, what it is now, what it was. */
function orderTracking(e: Pick<AuditEntry, 'before' | 'after'>): AuditEntryWords {
  const read = (v: unknown) => {
    const p = asObject(v);
    const state = textOf(p?.state);
    return p && state ? { orderId: textOf(p.orderId) ?? '?', kind: p.kind === 'upload' ? 'Upload' : 'Port', via: textOf(p.via), state, reference: textOf(p.reference), focDate: textOf(p.focDate), note: textOf(p.note) } : undefined;
  };
  const was = read(e.before);
  const now = read(e.after);
  const order = now ?? was;
  if (!order) return { title: 'Order tracking changed', facts: [] };
  const words = (t: NonNullable<typeof now>) => describeOrderState({ state: t.state as OrderState, reference: t.reference, focDate: t.focDate });
  const title = now ? `${order.kind} order ${order.orderId} ${words(now)}` : `${order.kind} order ${order.orderId} open again (no longer ${words(was!)})`;
  const facts = [...(order.via ? [`${order.kind === 'Port' ? 'Carrier' : 'SBC'}: ${order.via}`] : []), ...(now?.note ? [`Note: ${now.note}`] : []), ...(now && was ? [`Was ${words(was)}`] : [])];
  return { title, facts };
}

/** `Lines: extension <- "DN", did <- "External Phone Number Mask"`: each file's fields and the header each is read from. */
function mappingFacts(mapping: Payload | undefined): string[] {
  const facts: string[] = [];
  for (const [file, label] of [
    ['lines', 'Lines'],
    ['blocks', 'Blocks'],
  ] as const) {
    const rules = Object.entries(asObject(mapping?.[file]) ?? {}).flatMap(([field, rule]) => {
      const column = textOf(rule) ?? textOf(asObject(rule)?.column);
      return column ? [`${field} <- "${column}"`] : [];
    });
    if (rules.length) facts.push(`${label}: ${rules.join(', ')}`);
  }
  return facts.length ? facts : ['No columns mapped: the headers are read as the vendors\' exports name them'];
}

/** The words for any entry but a settings save (whose diff the history service reads itself). */
export function describeAuditEntry(e: Pick<AuditEntry, 'action' | 'kind' | 'before' | 'after'>): AuditEntryWords {
  switch (e.action) {
    case 'sync-full':
    case 'sync-delta':
      return sync(e);
    case 'plan.build':
      return planBuild(e);
    case 'import-pbx':
      return pbxImport(e);
    case 'pbx-mapping.save':
      return { title: 'PBX column mapping saved', facts: mappingFacts(asObject(asObject(e.after)?.mapping)) };
    case 'site-rules.save':
    case 'site-rules.apply':
      return siteRules(e);
    case 'orders.track':
      return orderTracking(e);
    default:
      return (e.action.startsWith('portfolio.') && portfolio(e)) || (e.action.startsWith('msp-consent.') && mspConsent(e)) || (e.action.startsWith('reminders.') && reminders(e)) || { title: `${e.action} (${e.kind})`, facts: [] };
  }
}
