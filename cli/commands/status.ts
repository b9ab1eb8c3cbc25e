/**
 * `vmp status [--today yyyy-mm-dd]`: the tenant, its counts and the last sync, then how far the migration
 * is: the PBX import, the plan (stale when settings were saved since), plan versus tenant on `today` and
 * the next cutover. Reads small stored documents directly (status-service), not through the app
 * services, so that it loads SQLite and nothing of planning, export or Graph.
 */
import { counted } from '../../shared/domain/counted';
import { licenceNeedText } from '../../shared/domain/decisions/licence-seats';
import {
  MEMBER_STATE_LABELS,
  MEMBER_STATES,
  MEMBER_STATES_SHOWN,
  type MemberState,
  commonAreaPhoneProgressText,
  commonAreaPhoneTotals,
  mainNumberProgressText,
  mainNumberTotals,
  pilotProgressText,
  pilotTotals,
  SITE_PROGRESS_LABELS,
  SITE_PROGRESSES,
  sitesByProgress,
  type SiteProgress,
} from '../../shared/domain/planning/migration-status';
import {
  withPilotStates,
  loadMigrationStatusHeader,
  pageWaveCommonAreaPhones,
  pageWaveMainNumbers,
  MIGRATION_STATUS_DOCUMENT,
  pageFixUps,
  pageMigrationMembers,
  readSiteCounts,
  type MigrationStatusHeader,
} from '../../shared/services/migration-status-read-model';
import { loadSnapshotSites } from '../../shared/services/snapshot-repository';
import type { PlanningSettings } from '../../shared/domain/planning-settings';
import { isIsoDate } from '../../shared/domain/planning/plan-dates';
import { NUMBER_TYPE_LABELS } from '../../shared/domain/tenant-snapshot';
import { getTenantProgress, getTenantStatus, type TenantProgress } from '../../shared/services/status-service';
import { CliError, EXIT, forTerminal, GlobalOptions, printResult } from '../cli-context';
import { withTenantStore } from '../open-store';
import type { PlanHeader } from '../../shared/services/plan-read-model';
import type { WaveGroup } from '../../shared/domain/planning/plan-groups';

export interface StatusOptions {
  /** The day progress is counted on (overdue moves); default: the clock's UTC date. */
  today?: string;
  /** List the sites with their progress instead: all (`true`) or those of one progress. */
  sites?: boolean | string;
  /** Print every drift fix-up as one PowerShell script instead. */
  fixUps?: boolean;
  /** Print the script that turns Teams Phone on for the people blocked because it is turned off in their licence. */
  teamsPhoneOn?: boolean;
  /** List the people of one state instead, in `site` and `wave` when given. */
  people?: string;
  /** List the PBX groups (and main numbers) the waves move instead (of `wave` when given). */
  groups?: boolean;
  site?: string;
  wave?: string;
}

export async function runStatus(options: GlobalOptions, cmd: StatusOptions = {}): Promise<void> {
  const today = cmd.today ?? new Date().toISOString().slice(0, 10);
  if (!isIsoDate(today)) throw new CliError(`--today "${today}" is not a date: write it as yyyy-mm-dd.`, EXIT.badInput);
  if (cmd.sites !== undefined) {
    if (cmd.site !== undefined) throw new CliError('--site narrows --people: with --sites, write --wave <n> for one wave\'s sites.', EXIT.badInput);
    return runSitesStatus(options, cmd.sites, cmd.wave);
  }
  if (cmd.fixUps) return printFixUpsScript(options);
  if (cmd.teamsPhoneOn) return printTeamsPhoneOnScript(options);
  if (cmd.groups) {
    if (cmd.site !== undefined) throw new CliError('--site narrows --people: with --groups, write --wave <n> for one wave\'s groups.', EXIT.badInput);
    return printWaveGroups(options, cmd.wave, today);
  }
  if (cmd.people !== undefined) return printPeopleInState(options, today, cmd);
  if (cmd.site !== undefined || cmd.wave !== undefined) throw new CliError('--site and --wave narrow --people: write --people <state> with them.', EXIT.badInput);
  await withTenantStore(options, async (store, tenantId) => {
    const [status, progress] = await Promise.all([getTenantStatus(store, tenantId), getTenantProgress(store, tenantId, today)]);
    printResult(options, { ...status, ...progress }, () => {
      const c = status.counts;
      const lines = [`Tenant: ${status.tenant.name} (${status.tenant.id})`];
      lines.push(status.lastSync ? `Last sync: ${status.lastSync.at} (${status.lastSync.warnings} warnings)` : 'Last sync: never');
      for (const w of status.lastSync?.warningDetails ?? []) lines.push(`  ! ${w.message}`);
      if (c) {
        lines.push(`Users: ${n(c.users)}  resource accounts: ${n(c.resourceAccounts)}${c.sharedDevices ? `  shared devices: ${n(c.sharedDevices)}` : ''}  Teams Phone: ${n(c.teamsPhoneEnabled)}`);
        lines.push(`Sites: ${n(c.sites)}  numbers: ${n(c.numbers)}  unmapped people: ${n(c.unmappedPeople)}`);
        for (const t of status.numbers ?? []) lines.push(`  ${NUMBER_TYPE_LABELS[t.numberType]} numbers: ${n(t.total)}  free: ${n(t.free)}  to users: ${n(t.users)}  to services: ${n(t.services)}`);
      }
      lines.push(...progressLines(progress, today));
      return lines.join('\n');
    });
  });
}

/** Digits grouped the en-US way, as the rest of the CLI's and the bot's text. */
const n = (x: number) => x.toLocaleString('en-US');

/** The states after "done" (which the line before counts), in the Overview's order. */
const LEFT_STATES = MEMBER_STATES_SHOWN.filter((s) => s !== 'done');

function progressLines(p: TenantProgress, today: string): string[] {
  const out = [p.pbx ? `PBX: ${n(p.pbx.lines)} lines (${n(p.pbx.matched)} matched to users), ${n(p.pbx.blocks)} DID blocks, imported ${p.pbx.importedAt}` : 'PBX: not imported yet (`vmp import-pbx`)'];
  if (!p.plan) {
    out.push(p.planFromEarlierVersion ? 'Plan: stored by an earlier version; open it in the tab or run `vmp plan` to read it here' : 'Plan: none yet (`vmp plan`)');
    return out;
  }
  const t = p.plan.totals;
  const dates = p.plan.firstCutover ? `, ${p.plan.firstCutover} to ${p.plan.lastCutover}` : '';
  out.push(`Plan: ${n(p.plan.waves)} waves${dates}, made for ${p.plan.today} from settings version ${p.plan.settingsVersion}${p.plan.stale ? ' (settings changed since: run `vmp plan`)' : ''}`);
  out.push(`  in waves: ${n(t.inWaves)}  blocked: ${n(t.blocked)}  staying on the PBX: ${n(t.stayingOnPbx)}  constraints not met: ${n(t.unmet)}`);
  for (const need of p.plan.licences) out.push(`  licences: ${licenceNeedText(need)}`);
  if (p.migration) {
    const m = p.migration.tenant;
    out.push(`Progress on ${today}: ${n(m.done)} of ${n(m.total)} moved (${m.percentDone}%)`);
    out.push(`  ${LEFT_STATES.map((s) => `${MEMBER_STATE_LABELS[s].toLowerCase()}: ${n(m[s])}`).join('  ')}`);
    const pilots = pilotTotals(p.migration.waves);
    if (pilots) out.push(`  ${pilotProgressText(pilots)}`);
    // None for a status stored before main numbers were tracked: the lines read as they did.
    const mainNumbers = mainNumberTotals(p.migration.waves);
    if (mainNumbers) out.push(`  ${mainNumberProgressText(mainNumbers)}`);
    const phones = commonAreaPhoneTotals(p.migration.waves);
    if (phones) out.push(`  ${commonAreaPhoneProgressText(phones)}`);
  }
  out.push(
    p.nextWave
      ? `Next cutover: ${p.nextWave.name} on ${p.nextWave.date} ${p.nextWave.time}, ${counted(p.nextWave.people, 'person', 'people')} at ${counted(p.nextWave.sites, 'site')}`
      : 'Next cutover: none (every wave is past)',
  );
  return out;
}

/** `vmp status --sites [progress]`: every site (or those of one progress) with its people against the plan. */
/**
 * The sites with their people moved: all of the tenant's, or (`--wave`) the wave's sites, each counting
 * its people in that wave; either narrowed to one progress.
 */
async function runSitesStatus(options: GlobalOptions, sites: boolean | string, waveText?: string): Promise<void> {
  const progress = sites === true ? undefined : (sites as SiteProgress);
  if (progress !== undefined && !SITE_PROGRESSES.includes(progress)) {
    throw new CliError(`--sites "${sites}" is not a site progress: write one of ${SITE_PROGRESSES.join(', ')}, or nothing for every site.`, EXIT.badInput);
  }
  const wave = waveNumber(waveText);
  await withTenantStore(options, async (store, tenantId) => {
    const header = await loadMigrationStatusHeader(store, tenantId);
    if (!header) throw new CliError('There is no plan yet, so no progress per site: run `vmp plan` first.', EXIT.failure);
    if (wave !== undefined) assertWaveOfPlan(header, wave);
    const counts = await readSiteCounts(store, tenantId, wave);
    if (!counts) throw new CliError('There is no plan yet, so no progress per site: run `vmp plan` first.', EXIT.failure);
    if (wave !== undefined && counts.size === 0) {
      throw new CliError(`The stored progress does not count sites per wave yet: run \`vmp sync\` or \`vmp plan\` again.`, EXIT.failure);
    }
    const tenantSites = await loadSnapshotSites(store, tenantId);
    const all = wave === undefined ? tenantSites : tenantSites.filter((site) => counts.has(site.id));
    const rows = sitesByProgress(all, (id) => counts.get(id), progress);
    const result = {
      progress: progress ?? 'all',
      ...(wave !== undefined && { wave }),
      total: rows.length,
      sites: all.length,
      items: rows.map((r) => ({ siteId: r.site.id, name: r.site.name, counts: r.counts })),
    };
    printResult(options, result, () => {
      const what = wave === undefined ? 'Sites' : `Sites of wave ${wave}`;
      const heading = progress ? `${what} ${SITE_PROGRESS_LABELS[progress]}: ${n(rows.length)} of ${n(all.length)}` : `${what}: ${n(all.length)}`;
      const width = Math.min(40, Math.max(4, ...rows.map((r) => r.site.name.length)));
      const lines = rows.map(({ site, counts: c }) => {
        if (!c) return `  ${site.name.padEnd(width)}  in no wave of the plan`;
        const extra = [c.blocked ? `${n(c.blocked)} blocked` : '', c.drifted ? `${n(c.drifted)} drifted` : ''].filter(Boolean).join('  ');
        return `  ${site.name.padEnd(width)}  ${`${c.percentDone}%`.padStart(6)}  ${n(c.done)} of ${n(c.total)} moved${extra ? `  ${extra}` : ''}`;
      });
      return [heading, ...lines].join('\n');
    });
  });
}

function waveNumber(text: string | undefined): number | undefined {
  const wave = text === undefined ? undefined : Number(text);
  if (wave !== undefined && !(Number.isInteger(wave) && wave >= 0)) throw new CliError(`--wave "${text}" is not a wave number.`, EXIT.badInput);
  return wave;
}

function assertWaveOfPlan(header: MigrationStatusHeader, wave: number): void {
  if (!header.waves.some((w) => w.number === wave)) throw new CliError(`--wave ${wave} is no wave of the plan (it has ${header.waves.length}).`, EXIT.badInput);
}

/** Writes to stdout, waiting for it to drain when full: a long list streams without piling up in memory. */
async function writeOut(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
}

/** `vmp status --fix-ups > fix-ups.ps1`: the drift fix-ups as the tab's script download has them, a page at a time. */
async function printFixUpsScript(options: GlobalOptions): Promise<void> {
  await withTenantStore(options, async (store, tenantId) => {
    if (!(await store.getDocumentVersion(tenantId, MIGRATION_STATUS_DOCUMENT))) throw new CliError('There is no plan yet, so no drift to fix: run `vmp plan` first.', EXIT.failure);
    // Loaded here: plain `vmp status` stays clear of the script writers.
    const { fixUpsScript } = require('../../shared/services/fixups-script') as typeof import('../../shared/services/fixups-script');
    for await (const chunk of fixUpsScript((offset, limit) => pageFixUps(store, tenantId, offset, limit), new Date().toISOString())) {
      await writeOut(chunk);
    }
  });
}

/**
 * `vmp status --teams-phone-on > turn-teams-phone-on.ps1`: for the people the plan blocks because Teams Phone
 * is turned off in a licence they hold, the script the Blockers page downloads, a page at a time.
 */
async function printTeamsPhoneOnScript(options: GlobalOptions): Promise<void> {
  // Loaded here: plain `vmp status` stays clear of the plan's read models and the script writers.
  const { PLAN_DOCUMENT, PLAN_BLOCKED } = require('../../shared/services/plan-read-model') as typeof import('../../shared/services/plan-read-model');
  const { teamsPhoneOnScript } = require('../../shared/services/teams-phone-on-script') as typeof import('../../shared/services/teams-phone-on-script');
  const { TURNED_OFF_GATE } = require('../../shared/domain/decisions/licence-seats') as typeof import('../../shared/domain/decisions/licence-seats');
  await withTenantStore(options, async (store, tenantId) => {
    if (!(await store.getDocumentVersion(tenantId, PLAN_DOCUMENT))) throw new CliError('There is no plan yet, so nobody is blocked: run `vmp plan` first.', EXIT.failure);
    const page = (offset: number, limit: number) => store.pageCollection<{ userPrincipalName: string }>(tenantId, PLAN_BLOCKED, { key: `gate:${TURNED_OFF_GATE}`, offset, limit });
    for await (const chunk of teamsPhoneOnScript(page, new Date().toISOString())) await writeOut(chunk);
  });
}

/** People or groups read and printed at a time: a list streams, whatever its size. */
const LIST_PAGE = 1000;

/** The pages of a listing of `total` items, LIST_PAGE at a time; none when it has none. */
async function* pagesOf<T>(total: number | undefined, load: (offset: number) => Promise<{ items: T[]; total: number }>): AsyncGenerator<T[]> {
  if (!total) return;
  for (let offset = 0; ; offset += LIST_PAGE) {
    const page = await load(offset);
    yield page.items;
    if (!page.items.length || offset + LIST_PAGE >= page.total) return;
  }
}

/**
 * `vmp status --groups [--wave <n>]`: the PBX groups each wave moves (or one wave's) and what each
 * becomes in Teams, as the tab's wave panel and the workbooks' Groups sheets list them (the `plan.groups`
 * read model), then the wave's main numbers moving to auto attendants and its common-area phones as the
 * wave panel lists them (the `status.main-numbers` and `status.common-area-phones` read models), printed a
 * page at a time. A status that tracks neither (none move, or it was stored before they were tracked)
 * prints, and writes as JSON, the groups alone as before.
 */
async function printWaveGroups(options: GlobalOptions, waveText: string | undefined, today: string): Promise<void> {
  const wave = waveNumber(waveText);
  // Loaded here: plain `vmp status` stays clear of the plan's read models.
  const { PLAN_DOCUMENT, PLAN_GROUPS } = require('../../shared/services/plan-read-model') as typeof import('../../shared/services/plan-read-model');
  const words = require('../../shared/domain/migration-group-labels') as typeof import('../../shared/domain/migration-group-labels');
  const { queueHuntingSummary } = require('../../shared/domain/hunt-methods') as typeof import('../../shared/domain/hunt-methods');
  const { withHunting } = require('../../shared/services/pbx-record-reader') as typeof import('../../shared/services/pbx-record-reader');
  // The attendants' call handling reads holiday calendars: loaded only for this listing too.
  const { withAnswering } = require('../../shared/services/main-number-answering') as typeof import('../../shared/services/main-number-answering');
  const { SETTINGS_DOCUMENT } = require('../../shared/services/settings-document') as typeof import('../../shared/services/settings-document');
  await withTenantStore(options, async (store, tenantId) => {
    const header = (await store.getDocument<PlanHeader>(tenantId, PLAN_DOCUMENT))?.data;
    if (!header) throw new CliError('There is no plan yet, so no groups moving: run `vmp plan` first.', EXIT.failure);
    const waves = wave === undefined ? header.waves : header.waves.filter((w) => w.number === wave);
    if (wave !== undefined && !waves.length) throw new CliError(`--wave ${wave} is no wave of the plan (it has ${header.waves.length}).`, EXIT.badInput);
    if (waves.some((w) => w.groups === undefined)) throw new CliError('The stored plan was made before it kept its PBX groups: run `vmp plan` again.', EXIT.failure);
    const siteName = new Map((await loadSnapshotSites(store, tenantId)).map((site) => [site.id, site.name]));
    const total = waves.reduce((sum, w) => sum + (w.groups ?? 0), 0);
    const status = await loadMigrationStatusHeader(store, tenantId);
    const mainNumbersIn = new Map(status?.waves.map((x) => [x.number, x.mainNumbers?.total ?? 0]));
    const phonesIn = new Map(status?.waves.map((x) => [x.number, x.commonAreaPhones?.total ?? 0]));
    const phonePages = (w: PlanHeader['waves'][number]) =>
      pagesOf(phonesIn.get(w.number), (offset) => pageWaveCommonAreaPhones(store, tenantId, { number: w.number, date: w.date, today }, { offset, limit: LIST_PAGE }));
    const settings = (await store.getDocument<PlanningSettings>(tenantId, SETTINGS_DOCUMENT))?.data;
    // How each attendant will answer, from the site's settings now (as the wave panel shows it).
    const mainNumberPages = (w: PlanHeader['waves'][number]) =>
      pagesOf(mainNumbersIn.get(w.number), async (offset) => {
        const page = await pageWaveMainNumbers(store, tenantId, { number: w.number, date: w.date, today }, { offset, limit: LIST_PAGE });
        return { ...page, items: await withAnswering(store, tenantId, page.items, w.date, settings) };
      });
    if (options.json) await writeOut(`{"wave":${wave ?? null},"total":${total},"items":[`);
    let written = 0;
    for (const w of waves) {
      if (!options.json) await writeOut(forTerminal(`PBX groups of ${w.name} (${w.date}): ${n(w.groups ?? 0)}\n`));
      for (let offset = 0; ; offset += LIST_PAGE) {
        const page = await store.pageCollection<WaveGroup>(tenantId, PLAN_GROUPS, { key: `wave:${w.number}`, offset, limit: LIST_PAGE });
        const rows = await withHunting(store, tenantId, await withPilotStates(store, tenantId, page.items, { date: w.date, today }));
        const text = rows.map((g) => {
          if (options.json) return `${written++ ? ',' : ''}\n${JSON.stringify(g)}`;
          const split = g.elsewhere.length ? `  (split: ${g.elsewhere.map((e) => `${n(e.members)} in wave ${e.wave}`).join(', ')})` : '';
          const sites = g.siteIds.map((id) => siteName.get(id) ?? id).join(', ') || 'no site';
          const pilot = g.pilotNumbers?.length ? `  pilot ${words.pilotNumbersText(g.pilotNumbers, g.pilots)}` : '';
          // What the queue takes from how the PBX hunted, as the Plan page's wave panel says it.
          const hunting = g.hunting ? ` (${queueHuntingSummary(g.hunting)})` : '';
          return `  ${words.groupKindLabel(g.kind).padEnd(17)}  ${g.name}  ${counted(g.members, 'member')}  ${sites}  -> ${words.byGroupKind(words.GROUP_BECOMES, g.kind) || '?'}${hunting}${pilot}${split}\n`;
        });
        await writeOut(options.json ? text.join('') : forTerminal(text.join('')));
        if (!page.items.length || offset + LIST_PAGE >= page.total) break;
      }
      if (options.json) continue;
      if (mainNumbersIn.get(w.number)) {
        await writeOut(forTerminal(`Main numbers of ${w.name} moving to auto attendants: ${n(mainNumbersIn.get(w.number)!)}\n`));
        for await (const items of mainNumberPages(w)) {
          await writeOut(forTerminal(items.map((m) => `  ${words.mainNumberText(siteName.get(m.siteId) ?? m.siteId, m)}\n    ${words.answeringText(m.answering)}\n`).join('')));
        }
      }
      if (phonesIn.get(w.number)) {
        await writeOut(forTerminal(`Common-area phones of ${w.name} moving to Teams: ${n(phonesIn.get(w.number)!)}\n`));
        for await (const items of phonePages(w)) await writeOut(forTerminal(items.map((p) => `  ${words.commonAreaPhoneText(p)}\n`).join('')));
      }
    }
    if (!options.json) return;
    await writeOut('\n]');
    // Each list only where some wave of the listing has it: a status that tracks neither writes the groups alone.
    for (const [name, counts, pages] of [
      ['mainNumbers', mainNumbersIn, mainNumberPages],
      ['commonAreaPhones', phonesIn, phonePages],
    ] as const) {
      if (!waves.some((w) => counts.get(w.number))) continue;
      await writeOut(`,"${name}":[`);
      written = 0;
      for (const w of waves) for await (const items of pages(w)) await writeOut(items.map((x: unknown) => `${written++ ? ',' : ''}\n${JSON.stringify(x)}`).join(''));
      await writeOut('\n]');
    }
    await writeOut('}\n');
  });
}

/**
 * `vmp status --people <state> [--site <id or name>] [--wave <n>]`: the people of one state against the
 * plan, as the tab's Progress page and the bot's "who has drifted in Berlin?" list them (the status read
 * model's members by their keys together), printed a page at a time.
 */
async function printPeopleInState(options: GlobalOptions, today: string, cmd: StatusOptions): Promise<void> {
  const state = cmd.people as MemberState;
  if (!MEMBER_STATES.includes(state)) throw new CliError(`--people "${cmd.people}" is not a state: write one of ${MEMBER_STATES.join(', ')}.`, EXIT.badInput);
  const wave = waveNumber(cmd.wave);
  await withTenantStore(options, async (store, tenantId) => {
    const header = await loadMigrationStatusHeader(store, tenantId);
    if (!header) throw new CliError('There is no plan yet, so no progress: run `vmp plan` first.', EXIT.failure);
    let site: { id: string; name: string } | undefined;
    if (cmd.site !== undefined) {
      const sites = await loadSnapshotSites(store, tenantId);
      const asked = cmd.site.toLowerCase();
      site = sites.find((x) => x.id === cmd.site) ?? sites.find((x) => x.name.toLowerCase() === asked);
      if (!site) throw new CliError(`--site "${cmd.site}" is no site of the tenant: write its id or its name (\`vmp status --sites\` lists them).`, EXIT.badInput);
    }
    if (wave !== undefined) assertWaveOfPlan(header, wave);
    const page = (offset: number) => pageMigrationMembers(store, tenantId, header, today, { state, wave, siteId: site?.id, offset, limit: LIST_PAGE });
    const first = await page(0);
    const where = [site ? `at ${site.name}` : '', wave !== undefined ? `in wave ${wave}` : ''].filter(Boolean).join(' ');
    if (options.json) await writeOut(`{"state":${JSON.stringify(state)},"site":${JSON.stringify(site?.id ?? null)},"wave":${wave ?? null},"total":${first.total},"items":[`);
    else await writeOut(forTerminal(`${MEMBER_STATE_LABELS[state]}${where ? ` ${where}` : ''}: ${counted(first.total, 'person', 'people')}\n`));
    for (let offset = 0, current = first; ; ) {
      const text = current.items.map((m, i) =>
        options.json
          ? `${offset + i ? ',' : ''}\n${JSON.stringify(m)}`
          : `  ${m.userPrincipalName ?? m.personId}  ${m.siteId ?? 'no site'}  ${m.waveNumber !== undefined ? `wave ${m.waveNumber}` : 'no wave'}  ${m.detail}${m.overdue ? ' (overdue)' : ''}\n`,
      );
      await writeOut(options.json ? text.join('') : forTerminal(text.join('')));
      offset += LIST_PAGE;
      if (!current.items.length || offset >= current.total) break;
      current = await page(offset);
    }
    if (options.json) await writeOut('\n]}\n');
  });
}
