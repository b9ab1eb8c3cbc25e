/**
 * The assistant's answers as cards: pure functions of already-read data and the reader's view
 * (locale, time zone, app id). Short on purpose - a phone shows a card about 20 lines high - with
 * buttons for the next question rather than more text.
 */
import {
  commonAreaPhoneFact,
  commonAreaPhoneProgressText,
  commonAreaPhoneTotals,
  mainNumberProgressText,
  mainNumberTotals,
  MEMBER_STATE_LABELS,
  pilotProgressText,
  pilotTotals,
  SITE_PROGRESS_LABELS,
  voiceAppFact,
  type MemberState,
  type PilotCounts,
  type SiteProgress,
  type SitesFilter,
  type StateCounts,
} from '../../shared/domain/planning/migration-status';
import type { PstnPath } from '../../shared/domain/planning-settings';
import type { EmergencyReadiness } from '../../shared/services/emergency-readiness';
import { EMERGENCY_ADDRESS_STATES, SECURITY_DESK_HEARS } from '../../shared/domain/emergency-labels';
import type { BlockersView } from '../../shared/domain/planning/plan-summary';
import { gateLabel, gateLabelWithCode } from '../../shared/domain/decisions/gate-catalogue';
import { constraintLabel } from '../../shared/domain/planning/constraint-catalogue';
import type { RouteAnswer } from '../../shared/domain/planning/routing-simulator';
import { answeringText } from '../../shared/domain/migration-group-labels';
import type { OrdersDue, PathsAndCost, PersonStatus, PortingSummary, SbcsSummary, SitesPage, SiteStatus, SyncChanges } from '../../shared/services/assistant-queries';
import type { HistoryPage } from '../../shared/services/history-service';
import { describeOrderStanding } from '../../shared/services/order-state-words';
import type { Tracked } from '../../shared/services/order-tracking';
import type { PortOrderRow, UploadOrderRow } from '../../shared/services/order-read-model';
import { HISTORY_TOPICS, type HistoryTopic } from '../../shared/services/history-topics';
import type { MemberStatus } from '../../shared/domain/planning/migration-status';
import type { CollectionPage } from '../../shared/store/store';
import type { PeopleState } from '../understanding/intents';
import { PATH_LABELS } from '../../shared/domain/path-labels';
import type { MigrationStatusSummary } from '../../shared/services/migration-status-read-model';
import { nextWave, type PlanWaveRow } from '../../shared/services/plan-read-model';
import type { TenantStatus } from '../../shared/services/status-service';
import { NUMBER_TYPE_LABELS } from '../../shared/domain/tenant-snapshot';
import { licenceNeedText, type LicenceNeed } from '../../shared/domain/decisions/licence-seats';
import { ask, card, facts, formatCutover, formatDay, formatMoment, formatMoney, line, md, openInTab, plural, title, type CardElement, type CardView } from './card-kit';

/** The states a card lists, in this order (what is done first, what is left last). */
const STATE_ORDER: MemberState[] = ['done', 'ready', 'scheduled', 'blocked', 'drifted', 'not-started'];

/** Non-zero state counts as short facts ("Done 12 of 40"). */
function stateFacts(c: StateCounts): CardElement {
  return facts(STATE_ORDER.filter((s) => c[s] > 0).map((s) => [MEMBER_STATE_LABELS[s], c[s].toLocaleString('en-US')]));
}

function progressLine(c: StateCounts): string {
  return `${c.done.toLocaleString('en-US')} of ${c.total.toLocaleString('en-US')} moved (${c.percentDone}%)`;
}

/** A wave's name as people say it. */
export function waveName(w: { number: number; name?: string }): string {
  return w.number === 0 ? 'the pilot' : `wave ${w.number}`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "status": the tenant, the last sync and the next waves in one card. */
export function overallStatusCard(
  status: TenantStatus,
  progress: MigrationStatusSummary | undefined,
  waves: PlanWaveRow[] | undefined,
  today: string,
  view: CardView,
  /** Settings were saved after the plan was made (the Plan page's "re-plan" badge). */
  planStale = false,
): CardElement {
  const body: CardElement[] = [title(`Migration status: ${md(status.tenant.name)}`)];
  body.push(line(status.lastSync ? `Last sync ${formatMoment(status.lastSync.at, view)}${status.lastSync.warnings ? ` (${plural(status.lastSync.warnings, 'warning')})` : ''}` : 'No sync yet.', { subtle: true }));
  for (const w of (status.lastSync?.warningDetails ?? []).slice(0, 2)) body.push(line(`⚠ ${md(w.message)}`, { small: true, color: 'Warning' }));
  const actions: CardElement[] = [];
  if (progress) {
    if (planStale) body.push(line('The settings changed since the plan was made: re-plan on the Plan page.', { small: true, color: 'Warning' }));
    body.push(line(progressLine(progress.tenant), { color: 'Accent' }));
    body.push(stateFacts(progress.tenant));
    const pilots = pilotTotals(progress.waves);
    if (pilots) body.push(line(pilotProgressText(pilots), { subtle: true, small: true }));
    // Absent for a status stored before main numbers were tracked: the card reads as it did.
    const mainNumbers = mainNumberTotals(progress.waves);
    if (mainNumbers) body.push(line(mainNumberProgressText(mainNumbers), { subtle: true, small: true }));
    const phones = commonAreaPhoneTotals(progress.waves);
    if (phones) body.push(line(commonAreaPhoneProgressText(phones), { subtle: true, small: true }));
    const next = nextWave(waves ?? [], today);
    if (next) {
      body.push(line(`Next: ${capital(waveName(next))}, ${formatCutover(next.date, next.time, view)}, ${plural(next.members, 'person', 'people')} at ${plural(next.siteIds.length, 'site')}`, { subtle: true }));
      actions.push(ask(`Show ${waveName(next)}`, `wave ${next.number}`));
    }
    if (progress.tenant.blocked) actions.push(ask('Show blockers', 'blockers'));
    if (progress.tenant.drifted) actions.push(ask('What changed?', 'what changed since the last sync'));
  } else if (status.counts) {
    body.push(facts([
      ['Users', String(status.counts.users)],
      ['Sites', status.counts.sites.toLocaleString('en-US')],
      ['Numbers in Teams', status.counts.numbers.toLocaleString('en-US')],
    ]));
    body.push(line('No plan yet: build one on the Plan page.', { subtle: true }));
  }
  return card(body, [...actions, ...openInTab(view, { page: 'overview' })]);
}

export function siteStatusCard(s: SiteStatus, today: string, view: CardView, note?: string): CardElement {
  const body: CardElement[] = [title(`${md(s.site.name)}: status`)];
  // The note repeats what was typed and the name it was taken as: both are data.
  if (note) body.push(line(md(note), { subtle: true, small: true }));
  body.push(line(`${plural(s.site.people, 'person', 'people')}${s.site.countryCode ? ` · ${md(s.site.countryCode)}` : ''}`, { subtle: true }));
  if (s.path) body.push(line(sitePathLine(s.path, view)));
  if (s.path?.reason && !s.path.decided) body.push(line(`Why: ${md(s.path.reason)}`, { subtle: true, small: true }));
  if (s.counts) {
    body.push(line(progressLine(s.counts), { color: 'Accent' }));
    body.push(stateFacts(s.counts));
  }
  const actions: CardElement[] = [];
  if (!s.waves.length) body.push(line('No wave moves this site yet.', { subtle: true }));
  for (const w of s.waves.slice(0, 3)) {
    body.push(line(`${capital(waveName(w))}: ${formatCutover(w.date, w.time, view)}${w.date < today ? ' (past)' : ''}`));
  }
  if (s.waves.length > 3) body.push(line(`…and ${s.waves.length - 3} more waves.`, { subtle: true }));
  const next = s.waves.find((w) => w.date >= today) ?? s.waves[s.waves.length - 1];
  if (next) actions.push(ask(`Show ${waveName(next)}`, `wave ${next.number}`));
  if (s.counts?.blocked) actions.push(ask('Show blockers', `blockers ${s.site.name}`));
  return card(body, [...actions, ...openInTab(view, { site: s.site.id })]);
}

/** "Direct Routing via sbc-fra.contoso.com (decided; recommended: Operator Connect) · $880 a month". */
function sitePathLine(p: NonNullable<SiteStatus['path']>, view: CardView): string {
  const how = p.decided ? `decided${p.recommended ? `; recommended: ${PATH_LABELS[p.recommended]}` : ''}` : 'recommended, not decided yet';
  const cost = p.monthly !== undefined ? ` · ${formatMoney(p.monthly, p.currency, view)} a month` : '';
  return `Path: **${PATH_LABELS[p.path]}**${p.via ? ` via ${md(p.via)}` : ''} (${how})${cost}`;
}

export function personStatusCard(p: PersonStatus, view: CardView, note?: string): CardElement {
  const who = p.person;
  const body: CardElement[] = [title(md(who.displayName)), line(md(who.userPrincipalName), { subtle: true, small: true })];
  // The note repeats what was typed and the name it was taken as: both are data.
  if (note) body.push(line(md(note), { subtle: true, small: true }));
  body.push(line(`${who.siteName ? `Site: ${md(who.siteName)}` : 'No site'}${who.path ? ` · path ${md(who.path)}` : ''}`));
  if (p.status) {
    body.push(line(`${capital(p.status.state.replace('-', ' '))}${p.status.overdue ? ' (overdue)' : ''}: ${md(p.status.detail)}`, { color: p.status.state === 'done' ? 'Good' : p.status.state === 'blocked' || p.status.state === 'drifted' || p.status.overdue ? 'Attention' : undefined }));
  } else if (who.blockers.length) {
    body.push(line(`Blocked by: ${who.blockers.map(md).join(', ')}`, { color: 'Attention' }));
  } else {
    body.push(line('In no wave of the plan.', { subtle: true }));
  }
  if (p.wave) body.push(line(`${capital(waveName(p.wave))}: ${formatCutover(p.wave.date, p.wave.time, view)}`));
  const actions: CardElement[] = [];
  if (p.wave) actions.push(ask(`Show ${waveName(p.wave)}`, `wave ${p.wave.number}`));
  if (who.siteName) actions.push(ask(`${who.siteName.slice(0, 20)} status`, `status of ${who.siteName}`));
  return card(body, [...actions, ...openInTab(view, { person: who.userPrincipalName })]);
}

/** "What will it cost?": people and monthly cost per path, the total, SBCs short of sessions. */
export function pathsCard(p: PathsAndCost, view: CardView): CardElement {
  const money = (x: number) => formatMoney(x, p.currency, view);
  const body: CardElement[] = [title(`Paths and cost: ${money(p.total.monthly)} a month`), line(`${money(p.total.yearly)} a year on the paths in force (decided, else recommended).`, { subtle: true, small: true })];
  for (const c of p.byPath) {
    const people = c.decided + c.recommended;
    if (!people) continue;
    const split = c.recommended && c.decided ? ` (${c.decided.toLocaleString('en-US')} decided)` : c.recommended ? ' (recommended)' : '';
    body.push(line(`**${PATH_LABELS[c.path]}**: ${plural(people, 'person', 'people')}${split}${c.monthly !== undefined ? ` · ${money(c.monthly)} a month` : ''}`));
  }
  if (p.undecidedPeople) body.push(line(`${plural(p.undecidedPeople, 'person', 'people')} on no path yet: decide their sites in the tab.`, { color: 'Warning', small: true }));
  for (const x of p.sbcsShort.slice(0, 2)) body.push(line(`⚠ ${md(x.sbcId)} needs ${x.sessions.toLocaleString('en-US')} sessions; ${x.licensedSessions.toLocaleString('en-US')} are licensed.`, { color: 'Warning', small: true }));
  if (p.sbcsShort.length > 2) body.push(line(`…and ${plural(p.sbcsShort.length - 2, 'more SBC')} short of sessions.`, { subtle: true, small: true }));
  return card(body, [ask('Sites on Direct Routing', sitesQuestionText({ path: 'DR' })), ask('Sites on Operator Connect', sitesQuestionText({ path: 'OC' })), ask('SBCs', 'sbcs'), ...openInTab(view, { page: 'sites' })]);
}

/** "How many numbers are in Teams?": the tenant's Teams numbers per type as the last sync found them, free or held. */
export function numbersCard(status: TenantStatus, view: CardView): CardElement {
  const total = status.counts?.numbers ?? 0;
  const body: CardElement[] = [title(status.counts ? `Numbers in Teams: ${num(total)}` : 'No sync yet: no numbers to count.')];
  if (status.lastSync) body.push(line(`As the last sync found them, ${formatMoment(status.lastSync.at, view)}.`, { subtle: true, small: true }));
  if (status.numbers) {
    for (const t of status.numbers) {
      body.push(line(`**${NUMBER_TYPE_LABELS[t.numberType]}**: ${num(t.total)} · ${num(t.free)} free · ${num(t.users)} to users · ${num(t.services)} to services`, { small: true }));
    }
  } else if (total) {
    body.push(line('Free and held numbers are counted from the next sync on.', { subtle: true, small: true }));
  }
  return card(body, [ask('Porting status', 'porting status'), ask('Who has drifted', 'who has drifted'), ...openInTab(view, { page: 'overview' })]);
}

/** SBCs listed on one card: a tenant has a handful; an MSP's shared SBCs a few more. */
const SBCS_PER_CARD = 8;

/** "Which SBCs do we use?": each SBC's Direct Routing people, the sessions they need (Erlang B) and what is licensed. */
export function sbcsCard(s: SbcsSummary, view: CardView): CardElement {
  const n = (x: number) => x.toLocaleString('en-US');
  const short = s.sbcs.filter((x) => x.shortfall > 0).length;
  const heading = s.sbcs.length ? `SBCs: ${n(s.sbcs.length)}${short ? `, ${n(short)} short of sessions` : ''}` : s.inSettings ? 'No SBC carries anyone yet.' : 'There are no SBCs in the settings.';
  const body: CardElement[] = [title(heading)];
  if (s.sbcs.length) body.push(line('Sessions needed for the Direct Routing people each carries (Erlang B, at the settings\' traffic and grade of service).', { subtle: true, small: true }));
  for (const x of s.sbcs.slice(0, SBCS_PER_CARD)) {
    const need = `${plural(x.people, 'person', 'people')} · ${n(x.sessions)} sessions needed, ${n(x.licensedSessions)} licensed`;
    const cost = x.monthly !== undefined ? ` · ${formatMoney(x.monthly, s.currency, view)} a month` : '';
    body.push(line(`**${md(x.fqdn ?? x.sbcId)}**: ${need}${x.shortfall ? ` · **${n(x.shortfall)} short**` : ''}${cost}`, { small: true, ...(x.shortfall ? { color: 'Warning' as const } : {}) }));
  }
  if (s.sbcs.length > SBCS_PER_CARD) body.push(line(`…and ${plural(s.sbcs.length - SBCS_PER_CARD, 'more SBC')} in the settings.`, { subtle: true, small: true }));
  return card(body, [ask('What will it cost?', 'cost'), ask('Sites on Direct Routing', sitesQuestionText({ path: 'DR' })), ...openInTab(view, { page: 'settings', item: 'sbcs' })]);
}

/** People listed on one card ("who has drifted in Berlin?"). */
export const PEOPLE_PER_CARD = 10;

/** How each state is asked, so a button can ask the next page ("who has drifted in berlin page 2"). */
const STATE_QUESTION: Record<PeopleState, string> = {
  done: 'who has moved',
  ready: 'who is ready',
  scheduled: 'who is scheduled',
  'not-started': 'who is not started',
  drifted: 'who has drifted',
};
/** What each state means, under the card's title. */
const STATE_MEANING: Record<PeopleState, string> = {
  done: 'Their planned number is assigned in Teams, as the planned type (by Shared Calling: their site\'s main number answers there).',
  ready: 'Their planned number is in the tenant, not yet assigned to them.',
  scheduled: 'In a wave; their number is not in the tenant yet.',
  'not-started': 'In no wave of the plan: staying on the PBX for now.',
  drifted: 'A number or type in Teams differs from the plan: the Progress page has the fix-ups.',
};
const NOBODY: Record<PeopleState, string> = {
  done: 'has moved yet',
  ready: 'is ready',
  scheduled: 'is scheduled',
  'not-started': 'is staying on the PBX',
  drifted: 'has drifted from the plan',
};

/** Where a people list is: the words for the title and the question, and the tab's filter. */
export interface PeopleScope {
  /** "Berlin", "wave 2"; none = the whole plan. */
  label?: string;
  /** How the question names it ("berlin", "wave 2"). */
  asked?: string;
  wave?: number;
  siteId?: string;
}

export function peopleStateQuestion(state: PeopleState, scope: PeopleScope, page = 1): string {
  return `${STATE_QUESTION[state]}${scope.asked ? ` in ${scope.asked}` : ''}${page > 1 ? ` page ${page}` : ''}`;
}

/** "Who has drifted in Berlin?": ten people of one state at a time, with why, and the Progress page with the same filters. */
export function peopleInStateCard(state: PeopleState, scope: PeopleScope, list: CollectionPage<MemberStatus>, view: CardView, hideNames: boolean): CardElement {
  const where = scope.label ? ` in ${md(scope.label)}` : '';
  const heading = list.total ? `${MEMBER_STATE_LABELS[state]}${where}: ${plural(list.total, 'person', 'people')}` : `Nobody${where} ${NOBODY[state]}.`;
  const body: CardElement[] = [title(heading), line(STATE_MEANING[state], { subtle: true, small: true })];
  if (hideNames) {
    if (list.total) body.push(line('Names are shown to admins, or in a personal chat.', { subtle: true, small: true }));
  } else {
    if (list.total > PEOPLE_PER_CARD) body.push(line(`${num(list.offset + 1)}–${num(list.offset + list.items.length)} of ${num(list.total)}`, { subtle: true, small: true }));
    for (const m of list.items) {
      // A scheduled person's detail is their wave and its date already.
      const wave = m.waveNumber !== undefined && !m.detail.startsWith(`wave ${m.waveNumber} `) ? ` · ${capital(waveName({ number: m.waveNumber }))}` : '';
      body.push(line(`**${md(m.userPrincipalName ?? m.personId)}**${wave} · ${md(m.detail)}${m.overdue ? ' · overdue' : ''}`, { small: true }));
    }
  }
  const page = Math.floor(list.offset / PEOPLE_PER_CARD) + 1;
  const actions: CardElement[] = [];
  if (!hideNames && page > 1) actions.push(ask('◀ Previous', peopleStateQuestion(state, scope, page - 1)));
  if (!hideNames && list.offset + list.items.length < list.total) actions.push(ask('More ▶', peopleStateQuestion(state, scope, page + 1)));
  if (state !== 'drifted') actions.push(ask('Who has drifted', peopleStateQuestion('drifted', scope)));
  if (state !== 'done') actions.push(ask('Who has moved', peopleStateQuestion('done', scope)));
  // The Progress page with the same state, wave and site.
  const params = { state, wave: scope.wave !== undefined ? String(scope.wave) : undefined, site: scope.siteId };
  return card(body, [...actions.slice(0, 3), ...openInTab(view, { page: 'progress', params })]);
}

function num(x: number): string {
  return x.toLocaleString('en-US');
}

/** "How many numbers are we porting?": the plan's port and upload orders in totals, carriers, the next deadlines. */
export function portingCard(p: PortingSummary, view: CardView): CardElement {
  const n = (x: number) => x.toLocaleString('en-US');
  const body: CardElement[] = [title(p.port.orders ? `Porting: ${plural(p.port.numbers, 'number')} in ${plural(p.port.orders, 'port order')}` : 'The plan ports no numbers.')];
  for (const c of p.port.byCarrier.slice(0, 4)) body.push(line(`From **${md(c.carrier)}**: ${n(c.numbers)} in ${plural(c.orders, 'order')}`, { small: true }));
  if (p.port.byCarrier.length > 4) body.push(line(`…and ${plural(p.port.byCarrier.length - 4, 'more carrier')}.`, { subtle: true, small: true }));
  const states = p.port.byState ?? {};
  const tracked = (['submitted', 'foc-confirmed', 'ported'] as const).filter((k) => states[k]).map((k) => `${n(states[k]!)} ${k === 'foc-confirmed' ? 'confirmed' : k}`);
  if (tracked.length) body.push(line(`With the carriers: ${tracked.join(', ')}.`, { small: true }));
  if (states.rejected) body.push(line(`${plural(states.rejected, 'port order')} rejected by the carrier: send ${states.rejected === 1 ? 'it' : 'them'} again.`, { color: 'Warning', small: true }));
  if (p.port.pastSubmitBy) {
    const one = p.port.pastSubmitBy === 1;
    body.push(line(`${plural(p.port.pastSubmitBy, 'port order')} not marked submitted passed ${one ? 'its' : 'their'} submit-by day for a wave still to come: submit ${one ? 'it' : 'them'}, or mark ${one ? 'it' : 'them'} submitted on the Coexistence page.`, { color: 'Warning', small: true }));
  }
  if (p.port.next) body.push(line(`Next: submit by ${formatDay(p.port.next.submitBy, view)}, ${plural(p.port.next.numberCount, 'number')} from ${md(p.port.next.carrier)} (${waveName({ number: p.port.next.waveNumber })})`));
  if (p.upload.orders) {
    body.push(line(`Direct Routing numbers to upload: ${n(p.upload.numbers)} in ${plural(p.upload.orders, 'order')}${p.upload.uploaded ? ` (${n(p.upload.uploaded)} uploaded)` : ''}`));
    if (p.upload.next) body.push(line(`Next: upload by ${formatDay(p.upload.next.uploadBy, view)}, ${plural(p.upload.next.numberCount, 'number')} to ${md(p.upload.next.sbcId)} (${waveName({ number: p.upload.next.waveNumber })})`, { small: true }));
  }
  return card(body, [ask('Orders due this month', 'orders due this month'), ask('Orders due next month', 'orders due next month'), ...openInTab(view, { page: 'coexistence' })]);
}

/** Waves listed on one card ("list waves"). */
export const WAVES_PER_CARD = 10;

/** "List waves": the plan's waves ten at a time, each with its date, size and progress; the next one named. */
export function wavesCard(
  waves: readonly PlanWaveRow[],
  page: number,
  progress: ReadonlyMap<number, StateCounts>,
  today: string,
  view: CardView,
): CardElement {
  if (!waves.length) return card([title('The plan has no waves.')], openInTab(view, { page: 'plan' }));
  const pages = Math.ceil(waves.length / WAVES_PER_CARD);
  const shownPage = Math.min(Math.max(1, page), pages);
  const offset = (shownPage - 1) * WAVES_PER_CARD;
  const shown = waves.slice(offset, offset + WAVES_PER_CARD);
  const next = nextWave([...waves], today);
  const body: CardElement[] = [title(`The plan: ${plural(waves.length, 'wave')}, ${formatDay(waves[0].date, view)} – ${formatDay(waves[waves.length - 1].date, view)}`)];
  if (pages > 1) body.push(line(`${offset + 1}–${offset + shown.length} of ${waves.length}`, { subtle: true, small: true }));
  for (const w of shown) {
    const c = progress.get(w.number);
    const moved = c ? ` · ${c.percentDone}% moved` : '';
    body.push(line(`**${capital(waveName(w))}**${w === next ? ' (next)' : ''}, ${formatDay(w.date, view)}: ${plural(w.members, 'person', 'people')} at ${plural(w.siteIds.length, 'site')}${moved}`, { small: true }));
  }
  const actions: CardElement[] = [];
  if (shownPage > 1) actions.push(ask('◀ Previous', `waves page ${shownPage - 1}`));
  if (shownPage < pages) actions.push(ask('More ▶', `waves page ${shownPage + 1}`));
  if (next) actions.push(ask(`Show ${waveName(next)}`, `wave ${next.number}`));
  return card(body, [...actions, ...openInTab(view, { page: 'plan' })]);
}

/** Sites listed on one card ("which sites are done?"); the buttons page through the rest. */
export const SITES_PER_CARD = 10;

/** The question that lists these sites again, as the intent parser reads it ("sites in progress page 2", "sites on dr"). */
export function sitesQuestionText(filter: SitesFilter, page = 1): string {
  const progress: Record<SiteProgress, string> = { done: 'done', 'in-progress': 'in progress', 'not-started': 'not started', blocked: 'blocked', drifted: 'drifted' };
  const path: Record<PstnPath, string> = { OC: 'on operator connect', DR: 'on direct routing', CP: 'on calling plan', PBX: 'staying on the pbx' };
  const words = filter.progress ? ` ${progress[filter.progress]}` : filter.path ? ` ${path[filter.path]}` : '';
  return `sites${words}${page > 1 ? ` page ${page}` : ''}`;
}

const NO_SITES: Record<SiteProgress, string> = {
  done: 'No site is done yet.',
  'in-progress': 'No site is in progress.',
  'not-started': 'Every site has started.',
  blocked: 'Nobody is blocked at any site.',
  drifted: 'No site has drifted from the plan.',
};

/** What "sites" are after the word, for a path in force. */
const SITES_ON_PATH: Record<PstnPath, string> = { OC: 'on Operator Connect', DR: 'on Direct Routing', CP: 'on Calling Plan', PBX: 'staying on the PBX' };

/** "Which sites are blocked?", "sites on Direct Routing": a page of sites, each with how far it is, and buttons for the pages either side. */
export function sitesCard(list: SitesPage, filter: SitesFilter, view: CardView): CardElement {
  const { progress, path } = filter;
  const n = list.total.toLocaleString('en-US');
  const of = `${n} of ${list.sites.toLocaleString('en-US')}`;
  const heading = progress
    ? list.total ? `Sites ${SITE_PROGRESS_LABELS[progress]}: ${of}` : NO_SITES[progress]
    : path
      ? list.total ? `Sites ${SITES_ON_PATH[path]}: ${of}` : `No site is ${SITES_ON_PATH[path]}.`
      : `Sites: ${n}`;
  const body: CardElement[] = [title(heading)];
  if (path) body.push(line('The path in force: the decision, else the recommendation.', { subtle: true, small: true }));
  const page = Math.floor(list.offset / SITES_PER_CARD) + 1;
  if (list.total > SITES_PER_CARD) body.push(line(`${list.offset + 1}–${list.offset + list.items.length} of ${n}${progress === 'blocked' || progress === 'drifted' ? ', most first' : ', by name'}`, { subtle: true, small: true }));
  for (const { site, counts } of list.items) {
    const extra = counts ? [counts.blocked ? `${counts.blocked.toLocaleString('en-US')} blocked` : '', counts.drifted ? `${counts.drifted.toLocaleString('en-US')} drifted` : ''].filter(Boolean) : [];
    const progressText = counts ? progressLine(counts) : 'in no wave of the plan';
    body.push(line(`**${md(site.name)}**: ${progressText}${extra.length ? ` · ${extra.join(' · ')}` : ''}`, { small: true }));
  }
  const actions: CardElement[] = [];
  if (page > 1) actions.push(ask('◀ Previous', sitesQuestionText(filter, page - 1)));
  if (list.offset + list.items.length < list.total) actions.push(ask('More ▶', sitesQuestionText(filter, page + 1)));
  const others: SiteProgress[] = progress === 'blocked' ? ['not-started'] : progress ? ['blocked'] : ['blocked', 'done'];
  for (const o of others) actions.push(ask(`Sites ${SITE_PROGRESS_LABELS[o].replace('with blocked people', 'blocked')}`, sitesQuestionText({ progress: o })));
  // The Sites page with the same filter (its Migration or Path in force filter).
  return card(body, [...actions.slice(0, 4), ...openInTab(view, { page: 'sites', params: { progress, path } })]);
}

export interface WaveDetails {
  wave: PlanWaveRow;
  /** The wave's sites in plan order, each with its people in the wave by state when the status has them. */
  sites: { name: string; counts?: StateCounts }[];
  counts?: StateCounts;
  /** The wave's moving pilot numbers and those on call queues, when the status counts them. */
  pilots?: PilotCounts;
  /** The wave's moving main numbers and those on auto attendants, when the status counts them. */
  mainNumbers?: PilotCounts;
  /** The wave's moving common-area phones and those on their own accounts, when the status counts them. */
  commonAreaPhones?: PilotCounts;
  blocked: number;
  previous?: number;
  next?: number;
}

/** "what happens in wave N": date, sites, counts, orders due, and buttons to the waves either side. */
export function waveCard(d: WaveDetails, view: CardView): CardElement {
  const w = d.wave;
  const body: CardElement[] = [title(`${capital(waveName(w))}: ${formatCutover(w.date, w.time, view)}`)];
  // Each site with how many of its people in this wave have moved: on a cutover night, which are through.
  const sites = d.sites
    .slice(0, 5)
    .map((x) => `${md(x.name)}${x.counts ? ` ${x.counts.done.toLocaleString('en-US')}/${x.counts.total.toLocaleString('en-US')} moved` : ''}`)
    .join(', ');
  body.push(line(`${plural(w.members, 'person', 'people')} at ${plural(w.siteIds.length, 'site')}: ${sites}${d.sites.length > 5 ? ` and ${d.sites.length - 5} more` : ''}`));
  if (d.counts) body.push(line(progressLine(d.counts), { color: 'Accent' }));
  const orders: [string, string][] = [];
  if (w.portOrders) orders.push(['Port orders', `${w.portOrders}${w.portSubmitBy ? `, first due ${formatDay(w.portSubmitBy, view)}` : ''}`]);
  if (w.uploadOrders) orders.push(['Number uploads', `${w.uploadOrders}${w.uploadBy ? `, first due ${formatDay(w.uploadBy, view)}` : ''}`]);
  // The PBX groups the wave moves (hunt groups, pickup groups, delegates...), listed in the tab's wave panel.
  if (w.groups) orders.push(['PBX groups', `${w.groups.toLocaleString('en-US')} to rebuild in Teams`]);
  if (d.pilots) orders.push(voiceAppFact(d.pilots, 'call-queue'));
  if (d.mainNumbers) orders.push(voiceAppFact(d.mainNumbers, 'auto-attendant'));
  if (d.commonAreaPhones) orders.push(commonAreaPhoneFact(d.commonAreaPhones));
  if (d.blocked) orders.push(['Blocked', plural(d.blocked, 'person', 'people')]);
  if (orders.length) body.push(facts(orders));
  for (const p of w.prerequisites.slice(0, 2)) body.push(line(`• ${md(p)}`, { small: true, subtle: true }));
  const actions: CardElement[] = [];
  if (d.previous !== undefined) actions.push(ask('◀ Previous wave', `wave ${d.previous}`));
  if (d.next !== undefined) actions.push(ask('Next wave ▶', `wave ${d.next}`));
  if (d.blocked) actions.push(ask('Show blockers', `blockers wave ${w.number}`));
  return card(body, [...actions, ...openInTab(view, { wave: w.number })]);
}

export interface BlockersScope {
  /** Where the list is, in words ("wave 2", "Berlin"); none = the whole plan. */
  label?: string;
  /** The gate whose people the list is (a code): the title names its label. */
  gate?: string;
  siteNames?: Map<string, string>;
  /** In a channel, a viewer sees counts, not the names of blocked people. */
  hideNames?: boolean;
  /** The text that shows this list again (the refresh button). */
  again: string;
}

export function assistantBlockersCard(v: BlockersView, scope: BlockersScope, view: CardView): CardElement {
  const about = scope.gate ? ` by "${md(gateLabel(scope.gate))}"` : scope.label ? ` in ${md(scope.label)}` : '';
  const body: CardElement[] = [title(v.total ? `Blocked${about}: ${plural(v.total, 'person', 'people')}` : `Nobody is blocked${about}.`)];
  for (const c of v.byCode.slice(0, 4)) body.push(line(`**${c.count.toLocaleString('en-US')}** ${md(gateLabelWithCode(c.code))}: fix - ${md(c.fix)}`, { small: true }));
  if (v.byCode.length > 4) body.push(line(`…and ${v.byCode.length - 4} more reasons.`, { subtle: true, small: true }));
  for (const need of v.licences ?? []) body.push(line(md(licenceNeedText(need)), { small: true }));
  if (v.top.length && !scope.hideNames) {
    const names = v.top.slice(0, 5).map((b) => md(b.userPrincipalName)).join(', ');
    body.push(line(`First: ${names}${v.total > 5 ? ' …' : ''}`, { subtle: true, small: true }));
  }
  const unmet = v.unmetTotal ?? v.unmet.length;
  if (unmet) {
    body.push(line(`Constraints not met: ${unmet.toLocaleString('en-US')}`, { bold: true }));
    if (v.unmetByCode?.length) {
      // By kind, as the Plan page groups them; the tab lists each one.
      for (const k of v.unmetByCode.slice(0, 3)) body.push(line(`• **${k.count.toLocaleString('en-US')}** ${md(constraintLabel(k.code))}`, { small: true }));
      if (v.unmetByCode.length > 3) body.push(line(`…and ${plural(v.unmetByCode.length - 3, 'more kind')}.`, { subtle: true, small: true }));
    } else {
      for (const u of v.unmet.slice(0, 2)) body.push(line(`• **${md(constraintLabel(u.code))}**: ${md(u.message)}`, { small: true, subtle: true }));
    }
  }
  const actions: CardElement[] = [ask('Refresh', scope.again)];
  return card(body, [...actions, ...openInTab(view, v.waveNumber !== undefined ? { wave: v.waveNumber } : { page: 'plan' })]);
}

/** "How many licences do we need?": each licence the blocked people need against the seats free, and how many to buy. */
export function licencesCard(needs: readonly LicenceNeed[], view: CardView): CardElement {
  const body: CardElement[] = [title(needs.length ? 'Licences the blocked people need' : 'Nobody is blocked for want of a licence.')];
  for (const need of needs) body.push(line(md(licenceNeedText(need))));
  if (needs.some((n) => n.skus.some((s) => s.inGrace))) body.push(line('Seats "in grace" are in a subscription past its end date: renew it, or they stop working.', { subtle: true, small: true }));
  return card(body, [ask('Show blockers', 'blockers'), ...openInTab(view, { page: 'blockers' })]);
}

/** Orders a card offers to mark done with a button (an admin's card): the first few listed. */
const MARK_BUTTONS = 3;

export function ordersCard(o: OrdersDue, label: string, view: CardView, mayChange = false): CardElement {
  const n = o.port.length + o.upload.length + o.freezeLifts.length + o.more;
  const body: CardElement[] = [title(n ? `Orders due ${md(label)}: ${n}` : `No orders due ${md(label)}.`), line(`${formatDay(o.from, view)} – ${formatDay(o.to, view)}`, { subtle: true, small: true })];
  // First: a frozen account's port orders are rejected until its carrier lifts the freeze.
  for (const f of o.freezeLifts) body.push(line(`Ask ${md(f.carrier)} to lift the port freeze${f.accountNumber !== undefined ? ` on account ${md(f.accountNumber)}` : ''} by ${formatDay(f.liftFreezeBy!, view)} (wave ${f.waveNumber})`, { color: 'Warning' }));
  for (const p of o.port) body.push(line(`Port by ${formatDay(p.submitBy, view)}: ${plural(p.numberCount, 'number')} from ${md(p.carrier)} (wave ${p.waveNumber})`));
  for (const u of o.upload) body.push(line(`Upload by ${formatDay(u.uploadBy, view)}: ${plural(u.numberCount, 'number')} to ${md(u.sbcId)} (wave ${u.waveNumber})`));
  if (o.more) body.push(line(`…and ${o.more.toLocaleString('en-US')} more.`, { subtle: true }));
  if (o.done) body.push(line(`${plural(o.done, 'more order')} due then ${o.done === 1 ? 'is' : 'are'} submitted or uploaded already.`, { subtle: true, small: true }));
  // Sent to the carrier (or uploaded)? One press records it, as "mark <id> submitted" typed would.
  const marks = mayChange
    ? [...o.port.map((p) => ask(`Mark ${p.id} submitted`, `mark ${p.id} submitted`)), ...o.upload.map((u) => ask(`Mark ${u.id} uploaded`, `mark ${u.id} uploaded`))].slice(0, MARK_BUTTONS)
    : [];
  return card(body, [...marks, ...openInTab(view, { page: 'plan' })]);
}

/** An order's state as an admin just recorded it from the chat (or found it already so), with what needs doing about it. */
export function orderTrackedCard(row: Tracked<PortOrderRow> | Tracked<UploadOrderRow>, unchanged: boolean, view: CardView): CardElement {
  const port = 'carrier' in row;
  const state = describeOrderStanding(port ? 'port' : 'upload', row.tracking);
  const body: CardElement[] = [title(`${port ? 'Port' : 'Upload'} order ${md(row.id)} ${unchanged ? 'was already' : 'is now'} ${md(state)}`)];
  const what = port
    ? `${plural(row.numberCount, 'number')} from ${md(row.carrier)}, wave ${row.waveNumber}, submit by ${formatDay(row.submitBy, view)}`
    : `${plural(row.numberCount, 'number')} to ${md(row.sbcId)}, wave ${row.waveNumber}, upload by ${formatDay(row.uploadBy, view)}`;
  body.push(line(what, { subtle: true, small: true }));
  for (const w of row.trackingWarnings ?? []) body.push(line(md(w), { color: 'Warning' }));
  return card(body, [ask('Porting status', 'porting status'), ...openInTab(view, { page: 'coexistence' })]);
}

/** The waves a period holds (at most CUTOVERS_SHOWN named), each a button to its card. */
export function cutoversCard(waves: readonly PlanWaveRow[], period: { from: string; to: string; label: string }, view: CardView): CardElement {
  const body: CardElement[] = [
    title(waves.length ? `Cutovers ${md(period.label)}: ${plural(waves.length, 'wave')}` : `No cutovers ${md(period.label)}.`),
    line(`${formatDay(period.from, view)} – ${formatDay(period.to, view)}`, { subtle: true, small: true }),
  ];
  const shown = waves.slice(0, CUTOVERS_SHOWN);
  for (const w of shown) body.push(line(`${capital(waveName(w))}, ${formatCutover(w.date, w.time, view)}: ${plural(w.members, 'person', 'people')} at ${plural(w.siteIds.length, 'site')}`));
  if (waves.length > shown.length) body.push(line(`…and ${plural(waves.length - shown.length, 'more wave')} in the tab.`, { subtle: true, small: true }));
  const actions = shown.slice(0, 3).map((w) => ask(`Show ${waveName(w)}`, `wave ${w.number}`));
  return card(body, [...actions, ask(`Orders due ${period.label}`, `orders due ${period.label}`), ...openInTab(view, { page: 'plan' })]);
}

const CUTOVERS_SHOWN = 6;

export function changesCard(c: SyncChanges, view: CardView, hideNames = false): CardElement {
  const body: CardElement[] = [title('Since the last sync')];
  if (!c.lastSync) return card([...body, line('No sync yet: run one from the tab (Sync) or with `vmp sync`.')]);
  body.push(line(`Last sync ${formatMoment(c.lastSync.at, view)}${c.lastSync.upserted !== undefined ? `: ${c.lastSync.upserted} people changed, ${c.lastSync.removed ?? 0} removed` : ''}`, { subtle: true }));
  for (const w of c.lastSync.warnings.slice(0, 2)) body.push(line(`⚠ ${md(w.message)}`, { small: true, color: 'Warning' }));
  if (c.drifted !== undefined) {
    body.push(line(c.drifted ? `${plural(c.drifted, 'person', 'people')} drifted from the plan (a number or type in Teams differs from the plan).` : 'Nobody drifted from the plan.', { color: c.drifted ? 'Attention' : 'Good' }));
    // Fix-ups name people: listed only where the reader may see names.
    const listed = hideNames ? [] : (c.fixUps?.first ?? []);
    for (const f of listed) body.push(line(`• ${md(f.who)}: ${md(f.problem)}`, { small: true, subtle: true }));
    if ((c.fixUps?.total ?? 0) > listed.length) body.push(line(`…${plural(c.fixUps!.total - listed.length, listed.length ? 'more fix-up' : 'fix-up')} on the Progress page.`, { small: true, subtle: true }));
  }
  if (c.blockedNow !== undefined && c.blockedAtPlan !== undefined) {
    const delta = c.blockedNow - c.blockedAtPlan;
    body.push(line(`Blocked now: ${c.blockedNow.toLocaleString('en-US')} (${delta === 0 ? 'as many as' : delta > 0 ? `${delta.toLocaleString('en-US')} more than` : `${(-delta).toLocaleString('en-US')} fewer than`} when the plan was built${c.planBuiltAt ? ` on ${formatMoment(c.planBuiltAt, view)}` : ''}).`));
  }
  // The fix-ups, with their PowerShell, are on the Progress page.
  return card(body, [ask('Show blockers', 'blockers'), ...openInTab(view, c.fixUps?.total ? { page: 'progress', params: { show: 'fixups' } } : { page: 'overview' }, c.fixUps?.total ? 'Open the fix-ups' : undefined)]);
}

/** "Who changed the settings?", "history": the newest entries of the audit trail, as the History page words them. */
export function historyCard(page: HistoryPage, view: CardView, about?: HistoryTopic): CardElement {
  const what = about ? HISTORY_TOPICS[about].label : 'changes';
  const tab = openInTab(view, { page: 'audit', ...(about && { params: { kind: HISTORY_TOPICS[about].kind } }) }, 'Open the history');
  if (!page.items.length) return card([title(`No ${what} recorded yet.`)], [...(about ? [ask('Every change', 'history')] : []), ...tab]);
  const body: CardElement[] = [title(`Recent ${what}`)];
  for (const e of page.items) {
    const count = e.changeCount === undefined ? '' : ` (${plural(e.changeCount, 'change')})`;
    body.push(line(`**${md(e.title)}**${count} · ${md(e.actor)}, ${formatMoment(e.at, view)}`, { small: true }));
    if (e.preview?.[0]) body.push(line(md(e.preview[0]), { small: true, subtle: true }));
  }
  if (page.hasMore) body.push(line('Older entries are on the History page.', { subtle: true, small: true }));
  return card(body, [about ? ask('Every change', 'history') : ask('Settings changes', 'who changed the settings?'), ...tab]);
}

export function routeAnswerCard(answer: RouteAnswer, asked: string, view: CardView, hideNames = false): CardElement {
  // Where the reader may not see names (a viewer in a channel), the number's owner is "its owner".
  const owner = answer.owner?.userPrincipalName;
  const a: RouteAnswer = hideNames && owner ? JSON.parse(JSON.stringify(answer).split(owner).join('its owner')) : answer;
  const where = a.target === 'teams' ? 'Teams' : a.target === 'pbx' ? 'the PBX' : a.target === 'ata' ? 'an ATA' : a.target === 'not-in-service' ? 'nowhere (not in service)' : 'unchanged by the plan';
  const body: CardElement[] = [
    title(`${md(asked)} on ${formatDay(a.date, view)}: ${where}`),
    line(a.hops.map(md).join(' → '), { small: true }),
    line(md(a.explanation), { subtle: true, small: true }),
  ];
  if (a.laterThatDay) body.push(line(`Later that day: ${md(a.laterThatDay)}`, { small: true }));
  if (a.answering) body.push(line(`Its auto attendant answers ${md(answeringText(a.answering))}`, { small: true }));
  const actions: CardElement[] = [];
  if (a.wave) actions.push(ask(`Show ${waveName(a.wave)}`, `wave ${a.wave.number}`));
  if (a.owner && !hideNames) actions.push(...openInTab(view, { person: a.owner.userPrincipalName }));
  return card(body, actions);
}

export function cutoverCard(subject: string, waves: PlanWaveRow[], today: string, view: CardView, tabTarget: Parameters<typeof openInTab>[1]): CardElement {
  if (!waves.length) return card([title(`${md(subject)} is in no wave of the plan yet.`)], openInTab(view, tabTarget));
  const next = waves.find((w) => w.date >= today);
  const head = next ? `${md(subject)} cuts over ${formatCutover(next.date, next.time, view)}` : `${md(subject)} cut over ${formatCutover(waves[waves.length - 1].date, waves[waves.length - 1].time, view)}`;
  const body: CardElement[] = [title(head)];
  if (waves.length > 1) body.push(line(`In ${waves.map((w) => `${waveName(w)} (${formatDay(w.date, view)})`).join(', ')}.`, { subtle: true, small: true }));
  const w = next ?? waves[waves.length - 1];
  return card(body, [ask(`Show ${waveName(w)}`, `wave ${w.number}`), ...openInTab(view, tabTarget)]);
}

/** "Did you mean ...?" with one button per candidate, each asking the question again with its name. */
export function didYouMeanCard(typed: string, options: { label: string; text: string }[], view: CardView): CardElement {
  return card(
    [title(`I don't know "${md(typed)}".`), line(options.length ? 'Did you mean:' : 'Try **help** for what I understand.', { subtle: true })],
    options.slice(0, 5).map((o) => ask(o.label, o.text)),
  );
}

export interface HelpTopic {
  /** The command word (the manifest's command list). */
  name: string;
  description: string;
  example: string;
}

/** Every command with an example, as short facts (a command word and a sentence read well on a phone). */
/** Topics the help card shows at once; the others open under "More questions" (a phone shows about 20 lines). */
const HELP_TOPICS_SHOWN = 6;

export function assistantHelpCard(topics: readonly HelpTopic[], view: CardView): CardElement {
  const asFacts = (list: readonly HelpTopic[]) => facts(list.map((t) => [t.name, `${t.description} "${md(t.example)}"`]));
  const rest = topics.slice(HELP_TOPICS_SHOWN);
  const more: CardElement[] = rest.length ? [{ type: 'Action.ShowCard', title: 'More questions', card: { type: 'AdaptiveCard', body: [asFacts(rest)] } }] : [];
  return card(
    [
      title('Voice Migration Planner'),
      line('Ask me about the move from the PBX to Teams Phone, in your own words. For example:', { subtle: true }),
      asFacts(topics.slice(0, HELP_TOPICS_SHOWN)),
    ],
    [...more, ask('Status', 'status'), ask('Blockers', 'blockers'), ask('Next wave', 'next wave'), ...openInTab(view, { page: 'overview' })],
  );
}

/** Emergency calling: the gates holding sites, what the settings set up, and the named site's set-up. */
export function emergencyCard(e: EmergencyReadiness, view: CardView): CardElement {
  const n = (x: number) => x.toLocaleString('en-US');
  const body: CardElement[] = [];
  const s = e.site;
  if (s) {
    body.push(title(`Emergency calls at ${md(s.site.name)}`));
    body.push(
      facts([
        ['Emergency address', EMERGENCY_ADDRESS_STATES[s.emergencyAddress]],
        ['Emergency location', s.emergencyLocationId ? md(s.emergencyLocationId) : 'none in the settings'],
        ['Direct Routing routing', s.emergencyRouting ? 'in place' : 'not marked in place'],
        ['Security desk', s.securityDesk ? `${md(s.securityDesk.notify.join(', '))} (${SECURITY_DESK_HEARS[s.securityDesk.mode]})` : 'none'],
        ['Subnets', s.subnets.length ? md(s.subnets.join(', ')) : 'none: no network site'],
        ['Location-Based Routing', s.locationBasedRouting ? 'on' : 'off'],
        ['Branch appliances', s.survivableBranchAppliances.length ? md(s.survivableBranchAppliances.join(', ')) : 'none'],
        ['Shared Calling callback numbers', s.emergencyCallbackNumbers.length ? md(s.emergencyCallbackNumbers.join(', ')) : 'none: no Shared Calling'],
        ['Emergency numbers', s.emergencyNumbers.join(', ')],
      ]),
    );
    if (s.blockers.length) body.push(line(`Held back by: ${s.blockers.map((c) => gateLabel(c)).join('; ')}.`, { color: 'Warning', small: true }));
    else body.push(line('No emergency blocker holds the site.', { color: 'Good', small: true }));
  } else {
    const held = e.gates.filter((g) => g.severity === 'blocker').reduce((x, g) => x + g.count, 0);
    body.push(title(held ? `Emergency calls: ${plural(held, 'site gate')} hold${held === 1 ? 's' : ''} sites back` : 'Emergency calls: no site is held back'));
    for (const g of e.gates) body.push(line(`${g.severity === 'blocker' ? '⛔' : '⚠'} ${gateLabel(g.code)}: ${n(g.count)}`, { small: true, ...(g.severity === 'blocker' ? { color: 'Warning' as const } : {}) }));
    const c = e.settings;
    body.push(
      facts([
        ['Addresses validated', `${n(c.addressesValidated)} of ${n(c.sites)} sites in the settings`],
        ['Emergency locations', n(c.emergencyLocations)],
        ['Security desks', n(c.securityDesks)],
        ['Network sites', `${n(c.networkSites)} (${n(c.locationBasedRouting)} with Location-Based Routing)`],
        ['Trusted IP ranges', c.trustedIps ? n(c.trustedIps) : c.networkSites ? 'none: no network site can be found' : 'none'],
      ]),
    );
  }
  return card(body, [ask('Blockers', 'blockers'), ...(s ? [ask('Emergency calls everywhere', 'emergency readiness')] : []), ...openInTab(view, s ? { site: s.site.id } : { page: 'sites' })]);
}
