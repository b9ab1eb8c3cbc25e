/**
 * `vmp status` as a script reads it: the real binary on a real SQLite file holding the small two-site
 * tenant, before and after a plan, on several days, and once settings saved since make the plan stale.
 */
import fs from 'node:fs';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import {
  loadMigrationStatusHeader,
  MIGRATION_STATUS_DOCUMENT,
  readSiteCounts,
  STATUS_MAIN_NUMBERS,
  type MigrationStatusHeader,
} from '../../../shared/services/migration-status-read-model';
import { addDays } from '../../../shared/domain/planning/plan-dates';
import { counted } from '../../../shared/domain/counted';
import { PLAN_DOCUMENT, PLAN_GROUPS, type PlanHeader } from '../../../shared/services/plan-read-model';
import type { WaveGroup } from '../../../shared/domain/planning/plan-groups';
import { byGroupKind, GROUP_BECOMES, groupKindLabel } from '../../../shared/domain/migration-group-labels';
import { makeTempDb, vmp, writeInputFile } from '../../support/cli';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';
import { SMALL_MAIN, SMALL_PILOT, smallTenantWithMainNumber, smallTenantWithPilot } from '../../unit/planning/support/small-tenant';

let dir: string;
let db: string;
const settings = smallTenantSettingsFile();

beforeAll(async () => {
  ({ dir, db } = makeTempDb('vmp-status-'));
  const store = new SqliteStore(db);
  await storeSmallTenant(store);
  await store.close();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const statusJson = (...args: string[]) => {
  const r = vmp('status', '--json', '--db', db, ...args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

describe('vmp status', () => {
  it('says which steps are still to take before there is a plan', () => {
    const r = vmp('status', '--db', db);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Tenant: Contoso (contoso)');
    expect(r.stdout).toMatch(/^PBX: \d+ lines \(\d+ matched to users\), \d+ DID blocks, imported 2026-02-01T09:00:00.000Z$/m);
    expect(r.stdout).toContain('Plan: none yet (`vmp plan`)');
    expect(statusJson()).toMatchObject({ tenant: { id: 'contoso' }, plan: null, migration: null, nextWave: null });
    expect(vmp('status', '--fix-ups', '--db', db).stderr).toContain('There is no plan yet, so no drift to fix');
    const sites = vmp('status', '--sites', '--db', db);
    expect(sites.code).toBe(1);
    expect(sites.stderr).toContain('There is no plan yet, so no progress per site: run `vmp plan` first.');
    const groups = vmp('status', '--groups', '--db', db);
    expect(groups.code).toBe(1);
    expect(groups.stderr).toContain('There is no plan yet, so no groups moving: run `vmp plan` first.');
  });

  it('shows the plan, plan versus tenant and the next cutover on the day asked', async () => {
    const built = vmp('plan', '--settings', writeInputFile(dir, 'settings.json', settings), '--today', '2026-02-02', '--json', '--summary', '--db', db);
    expect(built.code).toBe(0);
    const summary = JSON.parse(built.stdout) as { waves: { number: number; name: string; date: string; time: string; users: number; sites: number }[]; totals: Record<string, number> };
    expect(summary.waves.length).toBeGreaterThan(1);
    const store = new SqliteStore(db);
    const migration = (await loadMigrationStatusHeader(store, 'contoso'))!;
    await store.close();

    const first = summary.waves[0];
    const last = summary.waves[summary.waves.length - 1];
    const json = statusJson('--today', '2026-02-02');
    expect(json.plan).toMatchObject({ today: '2026-02-02', settingsVersion: 1, stale: false, waves: summary.waves.length, firstCutover: first.date, lastCutover: last.date, totals: summary.totals });
    expect(json.migration).toMatchObject({ today: '2026-02-02', tenant: migration.tenant });
    expect(json.nextWave).toEqual({ number: first.number, name: first.name, date: first.date, time: first.time, people: first.users, sites: first.sites });

    const text = vmp('status', '--today', '2026-02-02', '--db', db).stdout;
    expect(text).toContain(`Plan: ${summary.waves.length} waves, ${first.date} to ${last.date}, made for 2026-02-02 from settings version 1\n`);
    expect(text).toContain(`  in waves: ${summary.totals.inWaves}  blocked: ${summary.totals.blocked}  staying on the PBX: ${summary.totals.stayingOnPbx}  constraints not met: ${summary.totals.unmet}`);
    const t = migration.tenant;
    expect(text).toContain(`Progress on 2026-02-02: ${t.done} of ${t.total} moved (${t.percentDone}%)`);
    expect(text).toContain(`  ready: ${t.ready}  scheduled: ${t.scheduled}  not started: ${t['not-started']}  blocked: ${t.blocked}  drifted from the plan: ${t.drifted}`);
    expect(text).toContain(`Next cutover: ${first.name} on ${first.date} ${first.time}, ${counted(first.users, 'person', 'people')} at ${counted(first.sites, 'site')}`);
    // Nobody is blocked for a licence here.
    expect(json.plan.licences).toEqual([]);
    expect(text).not.toContain('licences:');

    // The day after the first cutover, the next is the second wave; after the last, there is none.
    const dayAfter = new Date(Date.parse(`${first.date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(statusJson('--today', dayAfter).nextWave.number).toBe(summary.waves[1].number);
    expect(vmp('status', '--today', '2099-01-01', '--db', db).stdout).toContain('Next cutover: none (every wave is past)');
  });

  it('says the plan is stale once settings are saved after it', () => {
    const saved = vmp('decide', '--settings', writeInputFile(dir, 'changed.json', { ...settings, tenant: { smallSiteMaxUsers: 3 } }), '--json', '--db', db);
    expect(saved.code).toBe(0);
    expect(statusJson('--today', '2026-02-02').plan).toMatchObject({ settingsVersion: 1, stale: true });
    expect(vmp('status', '--today', '2026-02-02', '--db', db).stdout).toContain('from settings version 1 (settings changed since: run `vmp plan`)');
  });

  it('lists the sites with their people moved, all or those of one progress; a progress it does not know is exit 2', async () => {
    const store = new SqliteStore(db);
    const counts = (await readSiteCounts(store, 'contoso'))!;
    await store.close();
    const all = statusJson('--sites');
    expect(all).toMatchObject({ progress: 'all', total: 2, sites: 2 });
    // By name, each with the status read model's counts.
    expect(all.items.map((i: { name: string }) => i.name)).toEqual(['Berlin', 'Seattle']);
    for (const i of all.items) expect(i.counts).toEqual(counts.get(i.siteId));
    const text = vmp('status', '--sites', '--db', db).stdout;
    expect(text).toMatch(/^Sites: 2\n  Berlin \s+0% {2}0 of \d+ moved\n  Seattle\s+0% {2}0 of 5 moved\n$/);
    expect(statusJson('--sites', 'not-started')).toMatchObject({ progress: 'not-started', total: 2 });
    expect(vmp('status', '--sites', 'done', '--db', db).stdout).toBe('Sites done: 0 of 2\n');
    const bad = vmp('status', '--sites', 'finished', '--db', db);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--sites "finished" is not a site progress: write one of done, in-progress, not-started, blocked, drifted, or nothing for every site.');
  });

  it("lists a wave's sites, each counting its people in that wave, as the people list of the wave has them", async () => {
    const scheduled = statusJson('--people', 'scheduled').items as { siteId?: string; waveNumber?: number }[];
    const wave = scheduled.find((m) => m.siteId && m.waveNumber !== undefined)!.waveNumber!;
    const inWave = (await Promise.all(
      ['done', 'ready', 'scheduled', 'drifted'].map((state) => statusJson('--people', state, '--wave', String(wave)).items as { siteId?: string }[]),
    )).flat();
    const sites = statusJson('--sites', '--wave', String(wave));
    expect(sites).toMatchObject({ progress: 'all', wave });
    const expectedSites = [...new Set(inWave.map((m) => m.siteId).filter((id): id is string => !!id))].sort();
    expect(sites.items.map((i: { siteId: string }) => i.siteId).sort()).toEqual(expectedSites);
    for (const i of sites.items) expect(i.counts.total).toBe(inWave.filter((m) => m.siteId === i.siteId).length);
    expect(vmp('status', '--sites', '--wave', String(wave), '--db', db).stdout).toMatch(new RegExp(`^Sites of wave ${wave}: ${sites.items.length}\n`));
    for (const [args, message] of [
      [['--sites', '--wave', '99'], '--wave 99 is no wave of the plan'],
      [['--sites', '--wave', 'two'], '--wave "two" is not a wave number'],
      [['--sites', '--site', 'seattle'], '--site narrows --people'],
    ] as [string[], string][]) {
      const r = vmp('status', ...args, '--db', db);
      expect([args, r.code]).toEqual([args, 2]);
      expect(r.stderr).toContain(message);
    }
  });

  it('lists the people of one state, in a site and a wave, by id or name; what it does not know is exit 2', async () => {
    const store = new SqliteStore(db);
    const header = (await loadMigrationStatusHeader(store, 'contoso'))!;
    await store.close();
    const all = statusJson('--people', 'scheduled');
    expect(all.total).toBe(header.tenant.scheduled);
    expect(all.items).toHaveLength(all.total);
    expect(all.items.every((m: { state: string }) => m.state === 'scheduled')).toBe(true);
    // Site and wave together: the same people as the whole list filtered here.
    const sample = all.items.find((m: { siteId?: string; waveNumber?: number }) => m.siteId && m.waveNumber !== undefined);
    const expected = all.items.filter((m: { siteId?: string; waveNumber?: number }) => m.siteId === sample.siteId && m.waveNumber === sample.waveNumber);
    const narrowed = statusJson('--people', 'scheduled', '--site', sample.siteId, '--wave', String(sample.waveNumber));
    expect(narrowed).toMatchObject({ state: 'scheduled', site: sample.siteId, wave: sample.waveNumber, total: expected.length });
    expect(narrowed.items).toEqual(expected);
    const text = vmp('status', '--people', 'scheduled', '--site', 'SEATTLE', '--db', db).stdout.split('\n');
    const seattle = all.items.filter((m: { siteId?: string }) => m.siteId === 'seattle');
    expect(text[0]).toBe(`Scheduled at Seattle: ${counted(seattle.length, 'person', 'people')}`);
    expect(text.filter((l) => l.startsWith('  '))).toHaveLength(seattle.length);
    expect(vmp('status', '--people', 'done', '--db', db).stdout).toBe('Done: 0 people\n');
    for (const [args, message] of [
      [['--people', 'finished'], '--people "finished" is not a state'],
      [['--people', 'done', '--site', 'Atlantis'], '--site "Atlantis" is no site of the tenant'],
      [['--people', 'done', '--wave', 'two'], '--wave "two" is not a wave number'],
      [['--people', 'done', '--wave', '99'], '--wave 99 is no wave of the plan'],
      [['--site', 'seattle'], '--site and --wave narrow --people'],
    ] as [string[], string][]) {
      const r = vmp('status', ...args, '--db', db);
      expect([args, r.code]).toEqual([args, 2]);
      expect(r.stderr).toContain(message);
    }
  });

  it('lists the PBX groups each wave moves and what each becomes in Teams, as the plan stored them; a wave it does not know is exit 2', async () => {
    const store = new SqliteStore(db);
    const header = (await store.getDocument<PlanHeader>('contoso', PLAN_DOCUMENT))!.data;
    const stored = (await store.pageCollection<WaveGroup>('contoso', PLAN_GROUPS, { limit: 1000 })).items;
    await store.close();
    expect(stored.length).toBeGreaterThan(0);
    const all = statusJson('--groups');
    expect(all).toEqual({ wave: null, total: stored.length, items: stored });
    const wave = stored[0].wave;
    const one = statusJson('--groups', '--wave', String(wave));
    expect(one.items).toEqual(stored.filter((g) => g.wave === wave));
    expect(one.total).toBe(header.waves.find((w) => w.number === wave)!.groups);

    const text = vmp('status', '--groups', '--wave', String(wave), '--db', db);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^PBX groups of .+ \\(\\d{4}-\\d{2}-\\d{2}\\): ${one.total}$`));
    expect(lines.slice(1)).toHaveLength(one.total);
    const g = one.items[0] as WaveGroup;
    expect(lines[1]).toContain(`${groupKindLabel(g.kind)}`);
    expect(lines[1]).toContain(`${g.name}  ${counted(g.members, 'member')}`);
    expect(lines[1]).toContain(`-> ${byGroupKind(GROUP_BECOMES, g.kind)}`);

    for (const args of [['--wave', '99'], ['--wave', 'two'], ['--site', 'seattle']]) {
      const r = vmp('status', '--groups', ...args, '--db', db);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
    }
  });

  it('prints every drift fix-up as one PowerShell script (none drifted here: the header alone)', () => {
    const r = vmp('status', '--fix-ups', '--db', db);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\r\n');
    expect(lines[0]).toBe('#Requires -Modules MicrosoftTeams');
    expect(lines).toContain("$ErrorActionPreference = 'Stop'");
    expect(lines.filter((l) => /^(?:Set|Remove)-Cs/.test(l))).toEqual([]);
  });

  it('refuses a day that is not a date with exit 2', () => {
    const r = vmp('status', '--today', '2026-02-30', '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--today "2026-02-30" is not a date: write it as yyyy-mm-dd.');
    expect(r.stdout).toBe('');
  });
});

describe('vmp status with a hunt group pilot number moving, and people blocked for licences', () => {
  let pilotDb: string;

  beforeAll(async () => {
    pilotDb = `${dir}/pilot.sqlite`;
    const input = smallTenantWithPilot();
    // The pilot is in Teams already, on the call queue's resource account, as the cutover runbook leaves it.
    input.snapshot.numbers = [{ telephoneNumber: SMALL_PILOT, numberType: 'directRouting', assignmentStatus: 'voiceApplicationAssigned', assignmentTargetId: 'ra-sales', numberSource: 'online' }];
    // carol has no Teams Phone, dave holds it turned off; the sync read the tenant's seats.
    const person = (id: string) => input.snapshot.people.find((p) => p.id === id)!;
    Object.assign(person('carol'), { teamsPhone: 'none' });
    Object.assign(person('dave'), { teamsPhone: 'none', teamsPhoneTurnedOff: true });
    input.snapshot.licenceSeats = [{ skuId: 'e5', skuPartNumber: 'SPE_E5', kinds: ['teamsPhone'], capabilityStatus: 'Enabled', enabled: 25, warning: 0, consumed: 25 }];
    // The export said how Berlin's sales desk hunted: top down, CUCM's 10 s per member, unanswered calls to voicemail.
    Object.assign(input.inventory!.groups.find((g) => g.id === 'hunt-group:berlin-sales')!, { huntMethod: 'top-down', huntRingSeconds: 10, huntNoAnswer: { kind: 'voicemail' } });
    const store = new SqliteStore(pilotDb);
    await storeSmallTenant(store, input);
    await store.close();
    const built = vmp('plan', '--settings', writeInputFile(dir, 'pilot-settings.json', settings), '--today', '2026-02-02', '--db', pilotDb);
    expect(built.code).toBe(0);
  });

  it('says which licences the blocked people need against the seats free, and before which wave to buy them', async () => {
    // Carol needs a seat before the first wave at her site (Seattle).
    const store = new SqliteStore(pilotDb);
    const header = (await store.getDocument<PlanHeader>('contoso', PLAN_DOCUMENT))!.data;
    await store.close();
    const first = header.waves.find((w) => w.siteIds.includes('seattle'))!;
    const buyBy = { wave: first.number, date: first.date };
    expect(JSON.parse(vmp('status', '--json', '--today', '2026-02-02', '--db', pilotDb).stdout).plan.licences).toEqual([{ kind: 'teamsPhone', needed: 1, turnedOff: 1, free: 0, toBuy: 1, skus: [], buyBy }]);
    expect(vmp('status', '--today', '2026-02-02', '--db', pilotDb).stdout).toContain(
      `\n  licences: Teams Phone: 1 person needs a licence; 0 seats free: buy 1 before ${buyBy.date} (wave ${buyBy.wave}). 1 more person holds it turned off in a licence: turn it on.\n`,
    );
    // The script that turns it on names dave alone.
    const script = vmp('status', '--teams-phone-on', '--db', pilotDb);
    expect(script.code).toBe(0);
    expect(script.stdout.split('\r\n').filter((l) => /^ {4}'.+'$/.test(l))).toEqual(["    'dave@contoso.test'"]);
  });

  it("counts the pilots on call queues, and lists each with where it stands in Teams beside its group", () => {
    expect(vmp('status', '--today', '2026-02-02', '--db', pilotDb).stdout).toContain('\n  1 of 1 group pilot number on call queues\n');
    const groups = vmp('status', '--groups', '--json', '--db', pilotDb);
    expect(groups.code).toBe(0);
    const hunt = (JSON.parse(groups.stdout) as { items: (WaveGroup & { pilots?: unknown })[] }).items.find((g) => g.pilotNumbers?.length)!;
    expect(hunt).toMatchObject({ id: 'hunt-group:berlin-sales', pilotNumbers: [SMALL_PILOT], pilots: [{ number: SMALL_PILOT, state: 'done', detail: 'on a resource account' }] });
    // With what its queue takes from how the PBX hunted, as the Plan page's wave panel says it.
    expect(hunt).toMatchObject({ hunting: { method: 'top-down', ringSeconds: 10, noAnswer: { kind: 'voicemail' } } });
    const text = vmp('status', '--groups', '--wave', String(hunt.wave), '--db', pilotDb).stdout;
    expect(text).toMatch(new RegExp(`berlin-sales .* -> a call queue \\(Serial · 15 s per agent · no answer: voicemail\\)  pilot \\${SMALL_PILOT} \\(on a resource account\\)\\n`));
  });
});

describe("vmp status with Seattle's main number moving to an auto attendant", () => {
  let mainDb: string;
  let wave: { number: number; name: string; date: string };

  beforeAll(async () => {
    mainDb = `${dir}/main-number.sqlite`;
    const input = smallTenantWithMainNumber();
    // In Teams already, not yet on the auto attendant's resource account.
    input.snapshot.numbers = [{ telephoneNumber: SMALL_MAIN, numberType: 'operatorConnect', assignmentStatus: 'unassigned', numberSource: 'online' }];
    const store = new SqliteStore(mainDb);
    await storeSmallTenant(store, input);
    await store.close();
    expect(vmp('plan', '--settings', writeInputFile(dir, 'main-settings.json', settings), '--today', '2026-02-02', '--db', mainDb).code).toBe(0);
    const json = JSON.parse(vmp('status', '--json', '--today', '2026-02-02', '--db', mainDb).stdout) as { migration: { waves: { number: number; name: string; date: string; mainNumbers?: unknown }[] } };
    wave = json.migration.waves.find((w) => w.mainNumbers)!;
    expect(json.migration.waves.filter((w) => w.mainNumbers)).toEqual([expect.objectContaining({ number: wave.number, mainNumbers: { total: 1, done: 0 } })]);
  });

  it('counts the main numbers on auto attendants apart from the pilots, and lists each with its site and where it stands after the wave groups', () => {
    const text = vmp('status', '--today', '2026-02-02', '--db', mainDb).stdout;
    expect(text).toContain('\n  0 of 1 main number on auto attendants\n');
    expect(text).not.toContain('pilot number');
    const groups = vmp('status', '--groups', '--wave', String(wave.number), '--today', wave.date, '--db', mainDb);
    expect(groups.code).toBe(0);
    expect(groups.stdout).toContain(
      `\nMain numbers of ${wave.name} moving to auto attendants: 1\n  Seattle main number ${SMALL_MAIN} (in Teams, not yet on the auto attendant's resource account)\n    on a new resource account · en-US, `,
    );
    // How its auto attendant will answer: the site's settings give no business hours; the US calendar's holidays.
    expect(groups.stdout).toMatch(/ · open at all hours · \d+ public holidays of US(-[A-Z]+)? to \d{4}-12-31\n/);
    // The day after its wave, still not on the auto attendant: overdue, as the day asked says.
    const late = vmp('status', '--groups', '--json', '--today', addDays(wave.date, 1), '--db', mainDb);
    expect(late.code).toBe(0);
    expect((JSON.parse(late.stdout) as { mainNumbers: unknown[] }).mainNumbers).toEqual([
      {
        number: SMALL_MAIN,
        siteId: 'seattle',
        wave: wave.number,
        state: 'ready',
        overdue: true,
        detail: `in Teams, not yet on the auto attendant's resource account: overdue, wave date ${wave.date} has passed`,
        answering: expect.objectContaining({ languageId: 'en-US', holidays: expect.objectContaining({ calendar: expect.stringMatching(/^US/) }) }),
      },
    ]);
  });

  it('shows what it showed before for a status stored before main numbers were tracked', async () => {
    const before = { text: vmp('status', '--today', '2026-02-02', '--db', mainDb).stdout, groups: JSON.parse(vmp('status', '--groups', '--json', '--db', mainDb).stdout) };
    const store = new SqliteStore(mainDb);
    const stored = (await store.getDocument<MigrationStatusHeader>('contoso', MIGRATION_STATUS_DOCUMENT))!;
    const older = { ...stored.data, waves: stored.data.waves.map(({ mainNumbers: _, ...w }) => w) };
    await store.commit('contoso', 'test', [
      { type: 'put-document', kind: MIGRATION_STATUS_DOCUMENT, data: older, expectedVersion: stored.version },
      { type: 'replace-collection', collection: STATUS_MAIN_NUMBERS, items: [] },
    ]);
    await store.close();
    expect(vmp('status', '--today', '2026-02-02', '--db', mainDb).stdout).toBe(before.text.replace('  0 of 1 main number on auto attendants\n', ''));
    const { mainNumbers: _, ...groupsAlone } = before.groups;
    expect(JSON.parse(vmp('status', '--groups', '--json', '--db', mainDb).stdout)).toEqual(groupsAlone);
    expect(vmp('status', '--groups', '--db', mainDb).stdout).not.toContain('Main numbers');
  });
});

describe("vmp status with Seattle's lobby phone moving to a Teams common area phone", () => {
  const LOBBY = '+14255550160';
  let phoneDb: string;
  let wave: { number: number; name: string; date: string };

  beforeAll(async () => {
    phoneDb = `${dir}/common-area-phone.sqlite`;
    const input = smallTenantWithMainNumber();
    input.inventory!.lines.push({ ...input.inventory!.lines.find((l) => l.deviceType === 'auto-attendant')!, id: 'seattle/0160', extension: '0160', did: LOBBY, deviceType: 'common-area', notes: 'Lobby phone' });
    const store = new SqliteStore(phoneDb);
    await storeSmallTenant(store, input);
    await store.close();
    expect(vmp('plan', '--settings', writeInputFile(dir, 'phone-settings.json', settings), '--today', '2026-02-02', '--db', phoneDb).code).toBe(0);
    const json = JSON.parse(vmp('status', '--json', '--today', '2026-02-02', '--db', phoneDb).stdout) as { migration: { waves: { number: number; name: string; date: string; commonAreaPhones?: unknown }[] } };
    wave = json.migration.waves.find((w) => w.commonAreaPhones)!;
    expect(json.migration.waves.filter((w) => w.commonAreaPhones)).toEqual([expect.objectContaining({ number: wave.number, commonAreaPhones: { total: 1, done: 0 } })]);
  });

  it('counts the phones on their own accounts, and lists each with its account and where it stands after the main numbers', () => {
    expect(vmp('status', '--today', '2026-02-02', '--db', phoneDb).stdout).toContain('\n  0 of 1 common-area phone on its own account\n');
    const groups = vmp('status', '--groups', '--wave', String(wave.number), '--today', wave.date, '--db', phoneDb);
    expect(groups.code).toBe(0);
    expect(groups.stdout).toMatch(new RegExp(`\\nCommon-area phones of ${wave.name} moving to Teams: 1\\n  Seattle Lobby phone \\${LOBBY} on cap-seattle-lobby-phone@[a-z.]+ \\(not in Teams yet\\)\\n`));
    expect(groups.stdout.indexOf('Main numbers of')).toBeLessThan(groups.stdout.indexOf('Common-area phones of'));
    const late = JSON.parse(vmp('status', '--groups', '--json', '--today', addDays(wave.date, 1), '--db', phoneDb).stdout) as { commonAreaPhones: unknown[] };
    expect(late.commonAreaPhones).toEqual([
      expect.objectContaining({ lineId: 'seattle/0160', siteId: 'seattle', wave: wave.number, name: 'Seattle Lobby phone', number: LOBBY, state: 'scheduled', overdue: true }),
    ]);
  });
});
