/**
 * Every card the assistant builds, from data a hostile or messy tenant could hold (markdown in names,
 * long lists), is a valid Adaptive Card 1.5 with at most five buttons, names escaped, buttons that ask
 * the bot (Action.Execute, verb vmp.ask) and a deep link only when the app id is known. The validator
 * itself rejects a broken card.
 */
import {
  assistantBlockersCard,
  assistantHelpCard,
  changesCard,
  historyCard,
  cutoverCard,
  cutoversCard,
  didYouMeanCard,
  ordersCard,
  overallStatusCard,
  personStatusCard,
  routeAnswerCard,
  pathsCard,
  numbersCard,
  licencesCard,
  peopleInStateCard,
  portingCard,
  sbcsCard,
  emergencyCard,
  siteStatusCard,
  sitesCard,
  waveCard,
  wavesCard,
} from '../../../bot/cards/assistant-cards';
import { BOT_COMMANDS } from '../../../bot/cards';
import { parseIntent } from '../../../bot/understanding/intents';
import { normalise } from '../../../bot/understanding/normalise';
import { ASK_VERB, card, cardView, md, MD_MAX_CHARS, mdMessage, type CardElement } from '../../../bot/cards/card-kit';
import type { StateCounts } from '../../../shared/domain/planning/migration-status';
import type { PlanWaveRow } from '../../../shared/services/plan-read-model';
import { adaptiveCardErrors, expectValidAdaptiveCard } from '../../support/adaptive-card-schema';

const view = cardView('en-GB', 'Europe/Berlin', '00000000-0000-0000-0000-00000000b001');
const bare = cardView('xx-invalid-LOCALE-!!', 'Not/AZone');
const evil = '*Main* [HQ](https://evil.test) _x_';
const counts: StateCounts = { 'not-started': 1, scheduled: 5, ready: 2, done: 3, drifted: 1, blocked: 4, total: 16, percentDone: 18.8 };
const wave = (n: number): PlanWaveRow => ({ number: n, name: `Wave ${n}`, date: `2026-03-0${n + 1}`, time: '19:00', siteIds: ['s1', 's2', 's3', 's4', 's5', 's6', 's7'], members: 120, prerequisites: [evil, 'Second'], portOrders: 2, uploadOrders: 1, portSubmitBy: '2026-02-10', uploadBy: '2026-02-20', groups: 1234 });
const person = { id: 'p1', displayName: evil, userPrincipalName: 'p1@contoso.test', kind: 'user' as const, accountEnabled: true, teamsPhone: 'enabled' as const, siteId: 's1', siteName: evil, path: 'DR' as const, blockers: ['no-teams-phone-licence'] };

const paths = {
  currency: 'EUR',
  byPath: [
    { path: 'OC' as const, decided: 1200, recommended: 34, monthly: 9876.5 },
    { path: 'DR' as const, decided: 0, recommended: 310, monthly: 1200 },
    { path: 'CP' as const, decided: 0, recommended: 0 },
  ],
  total: { monthly: 11076.5, yearly: 132918 },
  sbcsShort: [evil, 'sbc-2', 'sbc-3'].map((sbcId) => ({ sbcId, sessions: 46, licensedSessions: 30 })),
  undecidedPeople: 7,
};

const porting = {
  port: {
    orders: 12,
    numbers: 4321,
    byCarrier: [evil, 'B', 'C', 'D', 'E', 'F'].map((carrier, i) => ({ carrier, orders: 2, numbers: 700 - i })),
    pastSubmitBy: 2,
    byState: { submitted: 3, 'foc-confirmed': 2, rejected: 1 },
    next: { id: 'o', waveNumber: 3, blockCount: 1, carrier: evil, operatorId: 'oc', kind: 'partial' as const, numberCount: 40, firstNumbers: ['+1'], includesBtn: false, submitBy: '2026-02-10' },
  },
  upload: { orders: 3, numbers: 900, uploaded: 1, next: { id: 'u', waveNumber: 0, sbcId: evil, numberCount: 300, firstNumbers: ['+1'], uploadBy: '2026-02-20' } },
};

/** Sites 1-`total` (the first named as hostile data), a page of ten from `offset`. */
function sitesPage(offset: number, total: number) {
  const all = Array.from({ length: total }, (_, i) => ({ site: { id: `s${i}`, name: i ? `Site ${i}` : evil, people: 16 }, counts: i % 5 ? counts : undefined }));
  return { total, sites: 40, offset, items: all.slice(offset, offset + 10) };
}

function cards(v = view): [string, CardElement][] {
  return [
    ['help', assistantHelpCard(BOT_COMMANDS, v)],
    [
      'status',
      overallStatusCard(
        { tenant: { id: 't', name: evil }, counts: { users: 10, resourceAccounts: 1, teamsPhoneEnabled: 5, sites: 2, numbers: 4 } as never, lastSync: { at: '2026-02-01T10:00:00.000Z', warnings: 3, warningDetails: [{ code: 'a', message: evil }, { code: 'b', message: 'two' }, { code: 'c', message: 'three' }] } },
        { today: '2026-02-03', snapshotTakenAt: '', planBuiltOn: '', tenant: counts, waves: [], sitesTotal: 2, fixUpsTotal: 0 },
        [wave(1), wave(2)],
        '2026-02-03',
        v,
      ),
    ],
    ['site', siteStatusCard({ site: { id: 's1', name: evil, countryCode: 'DE', people: 40 }, counts, waves: [wave(1), wave(2), wave(3), wave(4)] }, '2026-03-03', v, `I took "x" as ${evil}.`)],
    // The note ("I took ... as <name>") carries what was typed and a name from data.
    ['person', personStatusCard({ person, status: { personId: 'p1', state: 'scheduled', detail: evil, overdue: true }, wave: wave(2) }, v, `I took "${evil}" as ${evil}.`)],
    ['person-blocked', personStatusCard({ person }, v)],
    ['wave', waveCard({ wave: wave(2), sites: ['A', 'B', evil, 'D', 'E', 'F', 'G'].map((name, i) => ({ name, counts: i === 2 ? counts : undefined })), counts, blocked: 4, previous: 1, next: 3 }, v)],
    [
      'blockers',
      assistantBlockersCard(
        {
          total: 12,
          byCode: Array.from({ length: 6 }, (_, i) => ({ code: `code-${i}`, count: 6 - i, fix: evil })),
          top: Array.from({ length: 10 }, (_, i) => ({ personId: `p${i}`, userPrincipalName: `p${i}@contoso.test`, gates: [] })),
          unmet: [{ code: 'u', message: evil }],
          unmetTotal: 7,
        } as never,
        { label: evil, again: 'blockers', hideNames: false },
        v,
      ),
    ],
    ['orders', ordersCard({ from: '2026-02-03', to: '2026-02-28', port: [{ id: 'o', waveNumber: 1, blockCount: 1, carrier: evil, operatorId: 'oc', kind: 'partial', numberCount: 1, firstNumbers: ['+1'], includesBtn: false, submitBy: '2026-02-10' }], upload: [{ id: 'u', waveNumber: 2, sbcId: 'sbc', numberCount: 2, firstNumbers: ['+1', '+2'], uploadBy: '2026-02-20' }], freezeLifts: [{ id: 'f', waveNumber: 3, blockCount: 1, carrier: evil, accountNumber: evil, operatorId: 'oc', kind: 'full', numberCount: 4, firstNumbers: ['+1'], includesBtn: true, submitBy: '2026-03-10', liftFreezeBy: '2026-02-17' }], more: 3, done: 2 }, 'this month', v)],
    ['changes', changesCard({ lastSync: { at: '2026-02-01T10:00:00Z', warnings: [{ code: 'w', message: evil }] }, drifted: 2, fixUps: { total: 5, first: [{ who: evil, problem: evil }] }, blockedNow: 9, blockedAtPlan: 7, planBuiltAt: '2026-02-02T08:00:00Z' }, v)],
    ['changes-none', changesCard({}, v)],
    [
      'history',
      historyCard(
        {
          items: [
            { id: 9, at: '2026-02-01T10:00:00Z', actor: evil, action: 'settings.save', kind: 'planning-settings', title: `Planning settings saved as version 3`, changeCount: 2, preview: [evil] },
            { id: 8, at: '2026-02-01T09:00:00Z', actor: 'admin@contoso.test', action: 'portfolio.link', kind: 'portfolio', title: `Customer ${evil} added to the portfolio` },
          ],
          offset: 0,
          limit: 6,
          hasMore: true,
        },
        v,
      ),
    ],
    ['history-settings-none', historyCard({ items: [], offset: 0, limit: 6, hasMore: false }, v, 'settings')],
    ['route', routeAnswerCard({ number: '+14255550100', date: '2026-02-04', target: 'teams', hops: ['caller', evil], explanation: evil, laterThatDay: 'later', wave: { number: 1, date: '2026-02-04', time: '19:00', moved: false }, owner: { personId: 'p', userPrincipalName: 'p@contoso.test' } }, '+1 425 555 0100', v)],
    ['cutover', cutoverCard(evil, [wave(1), wave(2)], '2026-03-01', v, { site: 's1' })],
    ['cutover-none', cutoverCard(evil, [], '2026-03-01', v, { site: 's1' })],
    ['cutovers', cutoversCard([1, 2, 3, 4, 5, 6, 7, 8].map(wave), { from: '2026-03-01', to: '2026-03-31', label: evil }, v)],
    ['cutovers-none', cutoversCard([], { from: '2026-03-01', to: '2026-03-07', label: 'next week' }, v)],
    ['sites', sitesCard(sitesPage(10, 25), { progress: 'blocked' }, v)],
    ['site-path', siteStatusCard({ site: { id: 's1', name: evil, people: 40 }, counts, waves: [wave(1)], path: { path: 'DR', decided: false, via: evil, reason: evil, monthly: 880, currency: 'EUR' } }, '2026-03-03', v)],
    ['paths', pathsCard(paths, v)],
    ['porting', portingCard(porting, v)],
    ['porting-none', portingCard({ port: { orders: 0, numbers: 0, byCarrier: [], pastSubmitBy: 0 }, upload: { orders: 0, numbers: 0 } }, v)],
    ['waves', wavesCard(Array.from({ length: 23 }, (_, i) => wave(i)), 2, new Map([[11, counts]]), '2026-03-05', v)],
    ['waves-none', wavesCard([], 1, new Map(), '2026-03-05', v)],
    ['sites-path', sitesCard(sitesPage(0, 12), { path: 'PBX' }, v)],
    ['sites-none', sitesCard({ total: 0, sites: 4, offset: 0, items: [] }, { progress: 'done' }, v)],
    ['people', peopleInStateCard('drifted', { label: evil, asked: 'berlin', siteId: 'berlin' }, peoplePage(10, 25), v, false)],
    ['people-hidden', peopleInStateCard('done', { label: 'wave 2', asked: 'wave 2', wave: 2 }, peoplePage(0, 25), v, true)],
    ['people-none', peopleInStateCard('ready', {}, { total: 0, offset: 0, items: [] }, v, false)],
    ['numbers', numbersCard(numbersStatus, v)],
    ['licences', licencesCard([{ kind: 'teamsPhone', needed: 40, turnedOff: 2, free: 12, toBuy: 28, skus: [{ skuPartNumber: evil, free: 12, inGrace: true }] }, { kind: 'callingPlan', needed: 1, skus: [] }], v)],
    ['numbers-before-counts', numbersCard({ ...numbersStatus, numbers: undefined }, v)],
    ['sbcs', sbcsCard(sbcs, v)],
    ['sbcs-none', sbcsCard({ currency: 'USD', inSettings: 0, sbcs: [] }, v)],
    ['emergency', emergencyCard(emergency, v)],
    ['emergency-site', emergencyCard({ ...emergency, site: emergencySite }, v)],
    ['did-you-mean', didYouMeanCard(evil, Array.from({ length: 8 }, (_, i) => ({ label: `Option ${i}`, text: `status of ${i}` })), v)],
  ];
}

/** A page of drifted people: the `offset`th to the tenth after it of `total`, names and details hostile. */
function peoplePage(offset: number, total: number) {
  const items = Array.from({ length: Math.min(10, total - offset) }, (_, i) => ({
    personId: `p${offset + i + 1}`,
    userPrincipalName: i === 0 ? evil : `p${offset + i + 1}@contoso.test`,
    siteId: 'berlin',
    waveNumber: 2,
    state: 'drifted' as const,
    detail: i === 0 ? evil : `holds +4930${offset + i} instead of +4931${offset + i} as directRouting`,
  }));
  return { total, offset, items };
}

const numbersStatus = {
  tenant: { id: 't', name: evil },
  counts: { people: 10, users: 9, resourceAccounts: 1, teamsPhoneEnabled: 9, sites: 1, numbers: 12_345, unmappedPeople: 0, warnings: 0 },
  numbers: [
    { numberType: 'callingPlan' as const, total: 10_000, free: 1_200, users: 8_700, services: 100 },
    { numberType: 'directRouting' as const, total: 2_345, free: 45, users: 2_300, services: 0 },
  ],
  lastSync: { at: '2026-02-01T10:00:00Z', warnings: 0, warningDetails: [] },
};

const emergency = {
  gates: [
    { code: 'site-no-emergency-routing', severity: 'blocker' as const, count: 3 },
    { code: 'site-no-security-desk', severity: 'warning' as const, count: 2 },
  ],
  settings: { sites: 40, addressesValidated: 31, emergencyLocations: 1, securityDesks: 8, networkSites: 2, locationBasedRouting: 1, trustedIps: 0 },
};
const emergencySite = {
  site: { id: 's1', name: evil, countryCode: 'US' },
  emergencyAddress: 'validated' as const,
  emergencyLocationId: '5f3c2a1e-8b7d-4c6a-9e21-0d4b6f8a2c13',
  emergencyRouting: false,
  securityDesk: { notify: [evil, 'desk@contoso.test'], mode: 'ConferenceMuted' as const },
  subnets: ['10.20.0.0/16', '2001:db8:20::/48'],
  locationBasedRouting: false,
  survivableBranchAppliances: ['sba1.contoso.test'],
  emergencyCallbackNumbers: ['+14255550190', '+14255550191'],
  emergencyNumbers: ['911', '933'],
  blockers: ['site-no-emergency-routing'],
};

const sbcs = {
  currency: 'EUR',
  inSettings: 11,
  sbcs: Array.from({ length: 10 }, (_, i) => ({ sbcId: `sbc-${i}`, fqdn: i === 0 ? evil : `sbc-${i}.contoso.test`, people: 1000 - i, sessions: 70, licensedSessions: i < 2 ? 40 : 100, shortfall: i < 2 ? 30 : 0, monthly: 900 })),
};

/** Every string a card renders as markdown: TextBlock texts and FactSet titles and values. */
function rendered(c: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (o.type === 'TextBlock') out.push(String(o.text));
    if (o.type === 'FactSet') for (const f of o.facts as { title: string; value: string }[]) out.push(f.title, f.value);
    for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
  };
  walk(c);
  return out;
}

describe('assistant cards', () => {
  it('help shows six topics at once and every other one under "More questions"', () => {
    const c = assistantHelpCard(BOT_COMMANDS, view);
    const shown = ((c.body as { type: string; facts?: { title: string }[] }[]).find((x) => x.type === 'FactSet')!.facts ?? []).map((f) => f.title);
    const more = (c.actions as { type: string; card?: { body: { facts: { title: string }[] }[] } }[]).find((a) => a.type === 'Action.ShowCard')!;
    expect(shown).toEqual(BOT_COMMANDS.slice(0, 6).map((t) => t.name));
    expect([...shown, ...more.card!.body[0].facts.map((f) => f.title)]).toEqual(BOT_COMMANDS.map((t) => t.name));
  });


  it.each(cards())('%s is a valid Adaptive Card 1.5 with at most five buttons that ask the bot', (name, c) => {
    expectValidAdaptiveCard(c);
    const actions = (c.actions ?? []) as { type: string; verb?: string; data?: { text?: string }; url?: string }[];
    expect(actions.length).toBeLessThanOrEqual(5);
    for (const a of actions) {
      if (a.type === 'Action.Execute') expect(a).toMatchObject({ verb: ASK_VERB, data: { text: expect.any(String) } });
      // The help card's "More questions" opens the rest of its topics in place.
      else if (a.type === 'Action.ShowCard') expect(name).toBe('help');
      else expect(a.url).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/entity\/00000000-0000-0000-0000-00000000b001\/plan\?context=/);
    }
    // Markdown from data never survives as markdown where cards render it (text, facts); button
    // titles and the question a button asks are plain text and keep the name as typed.
    for (const t of rendered(c)) {
      expect(t).not.toContain('[HQ](');
      if (t.includes('Main')) expect(t).toContain('\\*Main\\*');
    }
  });

  it.each(cards(bare))('%s without an app id and with a bad locale: valid, no deep link', (_name, c) => {
    expectValidAdaptiveCard(c);
    expect(JSON.stringify(c)).not.toContain('teams.microsoft.com');
  });

  it("a wave's card counts the PBX groups and pilot numbers it moves, and says nothing of them where it moves none", () => {
    const details = { sites: [{ name: 'A' }], blocked: 0 };
    const facts = (c: ReturnType<typeof waveCard>) =>
      Object.fromEntries(((c.body as { type: string; facts?: { title: string; value: string }[] }[]).find((x) => x.type === 'FactSet')?.facts ?? []).map((f) => [f.title, f.value]));
    expect(facts(waveCard({ ...details, wave: wave(2) }, view))['PBX groups']).toBe('1,234 to rebuild in Teams');
    expect(facts(waveCard({ ...details, wave: { ...wave(2), groups: 0 } }, view))).not.toHaveProperty('PBX groups');
    expect(facts(waveCard({ ...details, wave: { ...wave(2), groups: undefined } }, view))).not.toHaveProperty('PBX groups');
    // Its hunt groups' pilot numbers on their call queues, when it moves any.
    expect(facts(waveCard({ ...details, wave: wave(2), pilots: { total: 3, done: 1 } }, view))['Pilot numbers']).toBe('1 of 3 on call queues');
    expect(facts(waveCard({ ...details, wave: wave(2) }, view))).not.toHaveProperty('Pilot numbers');
  });

  it("a wave's card counts the main numbers it moves to auto attendants apart from the pilots, and says nothing of them where it moves none", () => {
    const details = { sites: [{ name: 'A' }], blocked: 0 };
    const facts = (c: ReturnType<typeof waveCard>) =>
      Object.fromEntries(((c.body as { type: string; facts?: { title: string; value: string }[] }[]).find((x) => x.type === 'FactSet')?.facts ?? []).map((f) => [f.title, f.value]));
    const both = facts(waveCard({ ...details, wave: wave(2), pilots: { total: 3, done: 1 }, mainNumbers: { total: 1234, done: 2 } }, view));
    expect(both['Main numbers']).toBe('2 of 1,234 on auto attendants');
    expect(both['Pilot numbers']).toBe('1 of 3 on call queues');
    // None moved, or a status stored before main numbers were tracked: the card reads as it did.
    expect(facts(waveCard({ ...details, wave: wave(2), pilots: { total: 3, done: 1 } }, view))).toEqual(Object.fromEntries(Object.entries(both).filter(([k]) => k !== 'Main numbers')));
  });

  it("a wave's card and the status card count the common-area phones on their own accounts, and say nothing of them where none moves", () => {
    const details = { sites: [{ name: 'A' }], blocked: 0 };
    const facts = (c: ReturnType<typeof waveCard>) =>
      Object.fromEntries(((c.body as { type: string; facts?: { title: string; value: string }[] }[]).find((x) => x.type === 'FactSet')?.facts ?? []).map((f) => [f.title, f.value]));
    const withPhones = facts(waveCard({ ...details, wave: wave(2), mainNumbers: { total: 1, done: 0 }, commonAreaPhones: { total: 3, done: 1 } }, view));
    expect(withPhones['Common-area phones']).toBe('1 of 3 on their own accounts');
    expect(facts(waveCard({ ...details, wave: wave(2), mainNumbers: { total: 1, done: 0 } }, view))).not.toHaveProperty('Common-area phones');
    const status = { tenant: { id: 't', name: 'Contoso' }, counts: null, lastSync: null };
    const waves = [1, 2].map((number) => ({ number, name: `Wave ${number}`, date: `2026-03-0${number}`, counts }));
    const progress = { today: '2026-02-03', snapshotTakenAt: '', planBuiltOn: '', tenant: counts, sitesTotal: 2, fixUpsTotal: 0 };
    const lines = rendered(overallStatusCard(status, { ...progress, waves: [{ ...waves[0], commonAreaPhones: { total: 4, done: 2 } }, waves[1]] }, [wave(1)], '2026-02-03', view));
    expect(lines).toContain('2 of 4 common-area phones on their own accounts');
    expect(rendered(overallStatusCard(status, { ...progress, waves }, [wave(1)], '2026-02-03', view))).toEqual(lines.filter((l) => l !== '2 of 4 common-area phones on their own accounts'));
  });

  it('data and echoed text are cut to a card-sized length before escaping, and every line break is flattened', () => {
    const long = `[Sign in again](https://evil.example/login) ${'x'.repeat(10_000)}`;
    expect(md(long)).toHaveLength(MD_MAX_CHARS + 2); // two escaped brackets
    expect(md(long)).toMatch(/^\\\[Sign in again\\\]\(https:\/\/evil\.example\/login\) x+…$/);
    expect(mdMessage(`${'<'.repeat(1000)}`)).toBe(`${'&lt;'.repeat(MD_MAX_CHARS - 1)}…`);
    // A cut never leaves half an escape or half a surrogate pair.
    expect(md(`${'a'.repeat(MD_MAX_CHARS - 2)}*b${'c'.repeat(50)}`)).toBe(`${'a'.repeat(MD_MAX_CHARS - 2)}\\*…`);
    expect(md(`${'a'.repeat(MD_MAX_CHARS - 2)}😀${'c'.repeat(50)}`)).toBe(`${'a'.repeat(MD_MAX_CHARS - 2)}…`);
    expect(md('a\rb\r\nc\nd\u2028e')).toBe('a b c d e');
  });

  it('a blockers card names each gate by its label and keeps the code to ask by', () => {
    const c = assistantBlockersCard(
      { total: 7, byCode: [{ code: 'no-usage-location', count: 5, fix: 'Set usageLocation' }, { code: 'gate-from-a-newer-build', count: 2, fix: 'See the tab' }], top: [], unmet: [] },
      { again: 'blockers' },
      view,
    );
    const text = rendered(c).join('\n');
    expect(text).toContain('**5** No usage location (no-usage-location): fix - Set usageLocation');
    // A code this build does not know is shown as it is.
    expect(text).toContain('**2** gate-from-a-newer-build: fix - See the tab');
  });

  it('a cutovers card lists the waves of the period, six at most, each a button up to three', () => {
    const c = cutoversCard([1, 2, 3, 4, 5, 6, 7, 8].map(wave), { from: '2026-03-01', to: '2026-03-31', label: 'this month' }, view);
    const text = rendered(c).join('\n');
    expect(text).toContain('Cutovers this month: 8 waves');
    expect(text).toContain('Wave 1, ');
    expect(text).toContain(': 120 people at 7 sites');
    expect(text).not.toContain('Wave 7, ');
    expect(text).toContain('…and 2 more waves in the tab.');
    const asks = ((c.actions ?? []) as { data?: { text?: string } }[]).map((a) => a.data?.text).filter(Boolean);
    expect(asks).toEqual(['wave 1', 'wave 2', 'wave 3', 'orders due this month']);
    expect(rendered(cutoversCard([], { from: '2026-03-02', to: '2026-03-08', label: 'next week' }, view))[0]).toBe('No cutovers next week.');
  });

  it('a sites card shows a page of ten with how far each site is, and pages either side', () => {
    const middle = sitesCard(sitesPage(10, 25), { progress: 'blocked' }, view);
    const text = rendered(middle).join('\n');
    expect(text).toContain('Sites with blocked people: 25 of 40');
    expect(text).toContain('11–20 of 25, most first');
    expect(text).toContain('**Site 11**: 3 of 16 moved (18.8%) · 4 blocked · 1 drifted');
    expect(text).toContain('**Site 15**: in no wave of the plan');
    expect(text).not.toContain('Site 21');
    const asks = ((middle.actions ?? []) as { data?: { text?: string } }[]).map((a) => a.data?.text).filter(Boolean);
    expect(asks).toEqual(['sites blocked', 'sites blocked page 3', 'sites not started']);
    const first = sitesCard(sitesPage(0, 25), {}, view);
    expect(rendered(first).join('\n')).toContain(`**${md(evil)}**: in no wave of the plan`);
    expect(((first.actions ?? []) as { data?: { text?: string } }[]).map((a) => a.data?.text).filter(Boolean)).toEqual(['sites page 2', 'sites blocked', 'sites done']);
    const onPbx = sitesCard(sitesPage(0, 12), { path: 'PBX' }, view);
    expect(rendered(onPbx)[0]).toBe('Sites staying on the PBX: 12 of 40');
    const more = ((onPbx.actions ?? []) as { title: string; data?: { text?: string } }[]).find((a) => a.title === 'More ▶')!.data!.text!;
    // The button's question reads back as the same list, next page.
    expect(parseIntent(normalise(more))).toEqual({ kind: 'sites', filter: { path: 'PBX' }, page: 2 });
    expect(rendered(sitesCard({ total: 0, sites: 3, offset: 0, items: [] }, { path: 'CP' }, view))[0]).toBe('No site is on Calling Plan.');
    const last = sitesCard(sitesPage(20, 25), { progress: 'in-progress' }, view);
    expect(rendered(last).join('\n')).toContain('21–25 of 25, by name');
    expect(((last.actions ?? []) as { data?: { text?: string } }[]).map((a) => a.data?.text).filter(Boolean)).toEqual(['sites in progress page 2', 'sites blocked']);
  });

  it('a paths card gives people and monthly cost per path in the reader\'s currency format, and what is short', () => {
    const text = rendered(pathsCard(paths, view)).join('\n');
    expect(text).toContain('Paths and cost: €11,077 a month');
    expect(text).toContain('**Operator Connect**: 1,234 people (1,200 decided) · €9,877 a month');
    expect(text).toContain('**Direct Routing**: 310 people (recommended) · €1,200 a month');
    expect(text).not.toContain('Calling Plan');
    expect(text).toContain('7 people on no path yet');
    expect(text).toContain('…and 1 more SBC short of sessions.');
    expect(rendered(pathsCard(paths, cardView('de-DE', 'Europe/Berlin'))).join('\n')).toMatch(/11\.077\s€ a month/);
  });

  it('a porting card totals the port orders by carrier and names the next deadlines', () => {
    const text = rendered(portingCard(porting, view)).join('\n');
    expect(text).toContain('Porting: 4,321 numbers in 12 port orders');
    expect(text).toContain('From **B**: 699 in 2 orders');
    expect(text).toContain('…and 2 more carriers.');
    expect(text).toContain('2 port orders not marked submitted passed their submit-by day for a wave still to come: submit them, or mark them submitted on the Coexistence page.');
    // Where the tracked orders stand (order-tracking.ts).
    expect(text).toContain('With the carriers: 3 submitted, 2 confirmed.');
    expect(text).toContain('1 port order rejected by the carrier: send it again.');
    expect(text).toContain('Next: submit by Tue, 10 Feb 2026, 40 numbers from');
    expect(text).toContain('Direct Routing numbers to upload: 900 in 3 orders (1 uploaded)');
    expect(text).toContain('(the pilot)');
    expect(rendered(portingCard({ port: { orders: 0, numbers: 0, byCarrier: [], pastSubmitBy: 0 }, upload: { orders: 0, numbers: 0 } }, view))[0]).toBe('The plan ports no numbers.');
  });

  it('a waves card pages the plan ten waves at a time and names the next wave', () => {
    const waves = Array.from({ length: 23 }, (_, i) => ({ ...wave(1), number: i, date: `2026-03-${String(i + 1).padStart(2, '0')}` }));
    const c = wavesCard(waves, 2, new Map([[11, counts]]), '2026-03-12', view);
    const text = rendered(c).join('\n');
    expect(text).toContain('The plan: 23 waves, Sun, 1 Mar 2026 – Mon, 23 Mar 2026');
    expect(text).toContain('11–20 of 23');
    expect(text).toContain('**Wave 11** (next), Thu, 12 Mar 2026: 120 people at 7 sites · 18.8% moved');
    expect(text).not.toContain('the pilot');
    const asks = ((c.actions ?? []) as { data?: { text?: string } }[]).map((a) => a.data?.text).filter(Boolean);
    expect(asks).toEqual(['waves page 1', 'waves page 3', 'wave 11']);
    // A page past the end shows the last one.
    expect(rendered(wavesCard(waves, 9, new Map(), '2026-03-12', view)).join('\n')).toContain('21–23 of 23');
  });

  it('a site card says the path in force, who provides it, whether it is decided, and its cost', () => {
    const text = rendered(siteStatusCard({ site: { id: 's1', name: 'Berlin', people: 40 }, waves: [], path: { path: 'DR', decided: true, recommended: 'OC', via: 'sbc-fra.contoso.com', monthly: 96, currency: 'USD' } }, '2026-03-03', view)).join('\n');
    expect(text).toContain('Path: **Direct Routing** via sbc-fra.contoso.com (decided; recommended: Operator Connect) · US$96 a month');
  });

  it('a status card says when settings saved since make the plan stale', () => {
    const status = { tenant: { id: 't', name: 'Contoso' }, counts: null, lastSync: null };
    const progress = { today: '2026-02-03', snapshotTakenAt: '', planBuiltOn: '', tenant: counts, waves: [], sitesTotal: 2, fixUpsTotal: 0 };
    const stale = rendered(overallStatusCard(status, progress, [wave(1)], '2026-02-03', view, true)).join('\n');
    expect(stale).toContain('The settings changed since the plan was made: re-plan on the Plan page.');
    expect(rendered(overallStatusCard(status, progress, [wave(1)], '2026-02-03', view)).join('\n')).not.toContain('re-plan');
  });

  it("a status card counts the PBX groups' pilot numbers on call queues, when the plan moves any", () => {
    const status = { tenant: { id: 't', name: 'Contoso' }, counts: null, lastSync: null };
    const waves = [1, 2, 3].map((number) => ({ number, name: `Wave ${number}`, date: `2026-03-0${number}`, counts }));
    const progress = { today: '2026-02-03', snapshotTakenAt: '', planBuiltOn: '', tenant: counts, sitesTotal: 2, fixUpsTotal: 0 };
    const withPilots = [{ ...waves[0], pilots: { total: 2, done: 2 } }, waves[1], { ...waves[2], pilots: { total: 3, done: 0 } }];
    expect(rendered(overallStatusCard(status, { ...progress, waves: withPilots }, [wave(1)], '2026-02-03', view)).join('\n')).toContain('2 of 5 group pilot numbers on call queues');
    expect(rendered(overallStatusCard(status, { ...progress, waves }, [wave(1)], '2026-02-03', view)).join('\n')).not.toContain('pilot');
  });

  it('a status card counts the main numbers on auto attendants on a line of their own, when the plan moves any', () => {
    const status = { tenant: { id: 't', name: 'Contoso' }, counts: null, lastSync: null };
    const waves = [1, 2, 3].map((number) => ({ number, name: `Wave ${number}`, date: `2026-03-0${number}`, counts }));
    const progress = { today: '2026-02-03', snapshotTakenAt: '', planBuiltOn: '', tenant: counts, sitesTotal: 2, fixUpsTotal: 0 };
    type Counted = { total: number; done: number };
    const withBoth: ((typeof waves)[number] & { pilots?: Counted; mainNumbers?: Counted })[] = [
      { ...waves[0], pilots: { total: 2, done: 2 }, mainNumbers: { total: 1, done: 1 } },
      { ...waves[1], mainNumbers: { total: 6, done: 1 } },
      waves[2],
    ];
    const lines = rendered(overallStatusCard(status, { ...progress, waves: withBoth }, [wave(1)], '2026-02-03', view));
    expect(lines).toContain('2 of 7 main numbers on auto attendants');
    expect(lines).toContain('2 of 2 group pilot numbers on call queues');
    // A status stored before main numbers were tracked: the card as it was.
    const before = withBoth.map(({ mainNumbers: _, ...w }) => w);
    expect(rendered(overallStatusCard(status, { ...progress, waves: before }, [wave(1)], '2026-02-03', view))).toEqual(lines.filter((l) => l !== '2 of 7 main numbers on auto attendants'));
  });

  it('a blockers card says which licences the blocked people need and how many to buy', () => {
    const v = {
      total: 47,
      byCode: [{ code: 'no-teams-phone-licence', count: 40, fix: 'Assign one' }],
      top: [],
      unmet: [],
      licences: [{ kind: 'teamsPhone' as const, needed: 40, turnedOff: 7, free: 12, toBuy: 28, skus: [{ skuPartNumber: 'SPE_E5', free: 12, inGrace: false }] }],
    };
    const text = rendered(assistantBlockersCard(v, { label: 'the plan', again: 'blockers', hideNames: false }, view)).join('\n');
    expect(text).toContain('Teams Phone: 40 people need a licence; 12 seats free (SPE\\_E5 12): buy 28. 7 more people hold it turned off in a licence: turn it on.');
  });

  it('a licences card says each licence needed and how many to buy, or that none is', () => {
    const need = { kind: 'teamsPhone' as const, needed: 3, free: 1, toBuy: 2, skus: [{ skuPartNumber: 'MCOEV', free: 1, inGrace: true }] };
    const text = rendered(licencesCard([need], view)).join('\n');
    expect(text).toContain('Licences the blocked people need');
    expect(text).toContain('Teams Phone: 3 people need a licence; 1 seat free (MCOEV 1 in grace): buy 2.');
    expect(text).toContain('renew it');
    expect(rendered(licencesCard([], view)).join('\n')).toContain('Nobody is blocked for want of a licence.');
  });

  it('a blockers card names each unmet constraint shown by its kind', () => {
    const c = assistantBlockersCard(
      { total: 0, byCode: [], top: [], unmet: [{ code: 'group-partly-stays-on-pbx', message: 'migration group hunt-group:Sales has 1 member staying on the PBX while 3 move' }], unmetTotal: 4 },
      { again: 'blockers' },
      view,
    );
    const text = rendered(c).join('\n');
    expect(text).toContain('Constraints not met: 4');
    expect(text).toContain('• **A migration group split between the PBX and Teams**: migration group hunt-group:Sales has 1 member staying on the PBX while 3 move');
  });

  it('a blockers card counts the unmet constraints by kind where the plan keeps those counts', () => {
    const c = assistantBlockersCard(
      {
        total: 0,
        byCode: [],
        top: [],
        unmet: [{ code: 'group-partly-stays-on-pbx', message: 'one group' }],
        unmetTotal: 1_474,
        unmetByCode: [
          { code: 'group-partly-stays-on-pbx', count: 1_451 },
          { code: 'btn-in-partial-port', count: 21 },
          { code: 'dial-plan-rule-limit', count: 1 },
          { code: 'decommission-with-people-left', count: 1 },
        ],
      },
      { again: 'blockers' },
      view,
    );
    const text = rendered(c).join('\n');
    expect(text).toContain('Constraints not met: 1,474');
    expect(text).toContain('• **1,451** A migration group split between the PBX and Teams');
    expect(text).toContain('• **21** A billing number (BTN) in a partial port');
    expect(text).toContain('…and 1 more kind.');
    expect(text).not.toContain('one group');
  });

  it('a people card lists ten of one state with why, pages either side, and opens the Progress page with the same filters', () => {
    const middle = peopleInStateCard('drifted', { label: 'Berlin', asked: 'berlin', siteId: 'berlin' }, peoplePage(10, 25), view, false);
    const text = rendered(middle).join('\n');
    expect(text).toContain('Drifted from the plan in Berlin: 25 people');
    expect(text).toContain('11–20 of 25');
    expect(text).toContain(`**${md(evil)}** · Wave 2 · ${md(evil)}`);
    expect(text).toContain('**p12@contoso.test** · Wave 2 · holds +493011 instead of +493111 as directRouting');
    const actions = (middle.actions ?? []) as { type: string; title: string; data?: { text?: string }; url?: string }[];
    expect(actions.map((a) => a.data?.text).filter(Boolean)).toEqual(['who has drifted in berlin', 'who has drifted in berlin page 3', 'who has moved in berlin']);
    // Each button's question reads back as the same list.
    expect(parseIntent(normalise(actions[1].data!.text!))).toEqual({ kind: 'people', state: 'drifted', subject: 'berlin', page: 3 });
    const open = actions.find((a) => a.type === 'Action.OpenUrl')!;
    expect(JSON.parse(decodeURIComponent(open.url!.split('context=')[1]))).toEqual({ subEntityId: 'progress?site=berlin&state=drifted' });
    // Viewers outside a personal chat get the count, not the names, and no paging.
    const hidden = peopleInStateCard('done', { label: 'wave 2', asked: 'wave 2', wave: 2 }, peoplePage(0, 25), view, true);
    expect(rendered(hidden).join('\n')).not.toContain('contoso.test');
    expect(rendered(hidden)[0]).toBe('Done in wave 2: 25 people');
    expect(((hidden.actions ?? []) as { title: string }[]).map((a) => a.title)).toEqual(['Who has drifted', 'Open in the tab']);
    expect(rendered(peopleInStateCard('not-started', { label: 'Paris', asked: 'paris', siteId: 'paris' }, { total: 0, offset: 0, items: [] }, view, false))[0]).toBe('Nobody in Paris is staying on the PBX.');
  });

  it('a numbers card says each type\'s numbers, free or held; before they were counted, the total alone', () => {
    const text = rendered(numbersCard(numbersStatus, view));
    expect(text[0]).toBe('Numbers in Teams: 12,345');
    expect(text).toContain('**Calling Plan**: 10,000 · 1,200 free · 8,700 to users · 100 to services');
    expect(text).toContain('**Direct Routing**: 2,345 · 45 free · 2,300 to users · 0 to services');
    expect(rendered(numbersCard({ ...numbersStatus, numbers: undefined }, view))).toContain('Free and held numbers are counted from the next sync on.');
  });

  it('an SBCs card lists each SBC with its people and sessions, the short ones first and marked', () => {
    const c = sbcsCard(sbcs, view);
    const text = rendered(c).join('\n');
    expect(rendered(c)[0]).toBe('SBCs: 10, 2 short of sessions');
    expect(text).toContain(`**${md(evil)}**: 1,000 people · 70 sessions needed, 40 licensed · **30 short** · €900 a month`);
    expect(text).toContain('…and 2 more SBCs in the settings.');
    const open = ((c.actions ?? []) as { type: string; url?: string }[]).find((a) => a.type === 'Action.OpenUrl')!;
    expect(JSON.parse(decodeURIComponent(open.url!.split('context=')[1]))).toEqual({ subEntityId: 'settings/sbcs' });
    expect(rendered(sbcsCard({ currency: 'USD', inSettings: 2, sbcs: [] }, view))[0]).toBe('No SBC carries anyone yet.');
  });

  it('an emergency card counts the gates holding sites and what the settings set up; of a site, its set-up and blockers', () => {
    const text = rendered(emergencyCard(emergency, view)).join('\n');
    expect(rendered(emergencyCard(emergency, view))[0]).toBe('Emergency calls: 3 site gates hold sites back');
    expect(text).toContain('⛔ Direct Routing site without emergency call routing: 3');
    expect(text).toContain('⚠ US site without a security desk for emergency calls: 2');
    expect(text).toContain('31 of 40 sites in the settings');
    expect(text).toContain('2 (1 with Location-Based Routing)');
    expect(text).toContain('none: no network site can be found');
    const site = emergencyCard({ ...emergency, site: emergencySite }, view);
    const siteText = rendered(site).join('\n');
    expect(rendered(site)[0]).toBe(`Emergency calls at ${md(evil)}`);
    expect(siteText).toContain(`${md(`${evil}, desk@contoso.test`)} (notified, joins the call muted)`);
    expect(siteText).toContain('911, 933');
    expect(siteText).toContain(md('sba1.contoso.test'));
    expect(siteText).toContain(md('+14255550190, +14255550191'));
    expect(siteText).toContain('Held back by: Direct Routing site without emergency call routing.');
    const open = ((site.actions ?? []) as { type: string; url?: string }[]).find((a) => a.type === 'Action.OpenUrl')!;
    expect(JSON.parse(decodeURIComponent(open.url!.split('context=')[1]))).toEqual({ subEntityId: 'sites/s1' });
    expect(rendered(emergencyCard({ gates: [], settings: emergency.settings }, view))[0]).toBe('Emergency calls: no site is held back');
  });

  it('the validator rejects what Teams would not render', () => {
    expect(adaptiveCardErrors(card([{ type: 'TextBlock', text: 'x', colour: 'Red' }]))).not.toEqual([]);
    expect(adaptiveCardErrors(card([{ type: 'TextBlock', text: 'x', size: 'Huge' }]))).not.toEqual([]);
    expect(adaptiveCardErrors(card([{ type: 'FactSet', facts: [{ title: 'a' }] }]))).not.toEqual([]);
    expect(adaptiveCardErrors(card([], [{ type: 'Action.Execute', title: 'x' }]))).toEqual(['/actions/0 Action.Execute without a verb']);
    expect(adaptiveCardErrors({ type: 'AdaptiveCard', body: [] })).not.toEqual([]);
    expect(adaptiveCardErrors(card([{ type: 'TextBlock', text: 'ok', wrap: true }]))).toEqual([]);
  });
});
