/**
 * Conversations with the bot as Teams sends them (botbuilder TestAdapter, Teams channel data, locale
 * and time zone) over the small two-site tenant in a real SQLite file, its plan built, on a fixed
 * clock (Tuesday 3 February 2026): every intent from three or more phrasings with typos, punctuation
 * and mentions; filters kept; "did you mean" buttons that answer in place (Action.Execute); dates in
 * the reader's locale; viewers in channels; and every card valid against the Adaptive Cards 1.5 schema.
 */
import type { Activity } from 'botbuilder';
import { PREPARING } from '../../../bot/plan-file-delivery';
import type { AppServices } from '../../../shared/services/app-services';
import { smallTenantSettingsFile } from '../../support/small-tenant-store';
import { expectValidAdaptiveCard } from '../../support/adaptive-card-schema';
import { loadSnapshot, saveSnapshot } from '../../../shared/services/snapshot-repository';
import { SMALL_MAIN, smallTenantWithMainNumber } from '../../unit/planning/support/small-tenant';
import { admin, ask, botFor, cardText, press, said, smallTenantWorld, TEAMS_APP_ID, viewer, type BotWorld, type Conversation } from './bot-kit';

let world: BotWorld;
let blocked: BotWorld;

beforeAll(async () => {
  world = await smallTenantWorld();
  // The same tenant with Seattle's emergency address missing: its five people are blocked.
  const settings = smallTenantSettingsFile();
  settings.sites[0].emergencyAddress = 'missing';
  blocked = await smallTenantWorld(undefined, settings);
}, 60_000);

afterAll(async () => {
  await world?.close();
  await blocked?.close();
});

/** Asks and checks every card of the answer against the 1.5 schema; returns the answer as text. */
async function conversation(text: string, options: Conversation & { in?: BotWorld } = {}): Promise<{ text: string; replies: Partial<Activity>[] }> {
  const replies = await ask((options.in ?? world).services, text, options);
  for (const r of replies) for (const a of r.attachments ?? []) if (a.contentType === 'application/vnd.microsoft.card.adaptive') expectValidAdaptiveCard(a.content);
  return { text: said(replies), replies };
}

async function answers(phrasings: string[], options: Conversation & { in?: BotWorld } = {}): Promise<string[]> {
  const out: string[] = [];
  for (const p of phrasings) out.push((await conversation(p, options)).text);
  return out;
}

const actionsOf = (r: Partial<Activity>) => (r.attachments?.[0]?.content?.actions ?? []) as { type: string; title: string; verb?: string; data?: { text: string }; url?: string }[];

describe('status', () => {
  it('overall, from any phrasing, with the next wave and a link into the tab', async () => {
    for (const text of await answers(['status', '<at>Voice Migration Planner</at>&nbsp;Status?', 'how is the migration going?', "What's the overall progress"])) {
      expect(text).toContain('Migration status: Contoso');
      expect(text).toContain('0 of 9 moved (0%)');
      expect(text).toContain('Next: Wave 1, Thu, 12 Feb 2026, 19:00 site time');
    }
    const { replies } = await conversation('status');
    const open = actionsOf(replies[0]).find((a) => a.type === 'Action.OpenUrl')!;
    expect(open.url).toContain(`https://teams.microsoft.com/l/entity/${TEAMS_APP_ID}/plan?context=`);
    expect(actionsOf(replies[0]).find((a) => a.type === 'Action.Execute')).toEqual({ type: 'Action.Execute', title: 'Show wave 1', verb: 'vmp.ask', data: { text: 'wave 1' } });
  });

  it('says when settings saved after the plan make it stale', async () => {
    const stale = await smallTenantWorld();
    try {
      expect((await conversation('status', { in: stale })).text).not.toContain('re-plan');
      await stale.services.decisions.saveSettings('contoso', 'admin@contoso.test', { ...smallTenantSettingsFile(), tenant: { smallSiteMaxUsers: 3 } }, 1);
      const { text } = await conversation('status', { in: stale });
      expect(text).toContain('The settings changed since the plan was made: re-plan on the Plan page.');
      expect(text).toContain('0 of 9 moved (0%)');
    } finally {
      await stale.close();
    }
  });

  it('of a site, with typos, and says what it took a typo for', async () => {
    for (const text of await answers(['status of Seattle', 'how is seattle doing?', 'Seattle', 'staus of seatle!'])) {
      expect(text).toContain('Seattle: status');
      expect(text).toContain('Wave 1: Thu, 12 Feb 2026, 19:00 site time');
      expect(text).toContain('Wave 2: Thu, 19 Feb 2026, 19:00 site time');
    }
    expect((await conversation('staus of berln')).text).toContain('I took "berln" as Berlin.');
    const { replies } = await conversation('status of berlin');
    const link = actionsOf(replies[0]).find((a) => a.type === 'Action.OpenUrl')!.url!;
    expect(JSON.parse(decodeURIComponent(link.split('context=')[1]))).toEqual({ subEntityId: 'sites/berlin' });
  });

  it('of a person, by name, UPN or number', async () => {
    for (const text of await answers(['status of alice', "what's the status of alice@contoso.test?", 'Alice', 'status of alise'])) {
      expect(text).toContain('alice@contoso.test');
      expect(text).toContain('Scheduled: wave 1 on 2026-02-12');
    }
    expect((await conversation('status of +1 (425) 555-0102')).text).toContain('bob@contoso.test');
  });

  it('of a person @mentioned in a channel: only the bot\'s own mention is dropped', async () => {
    // As Teams sends it: both mentions in the text and as entities; the person's by their full name.
    const { adapter } = botFor(world.services, { conversationType: 'channel' });
    const bot = { id: '28:bot', name: 'Voice Migration Planner' };
    await adapter
      .send({
        type: 'message',
        text: '<at>Voice Migration Planner</at> status of <at>Alice</at>?',
        recipient: bot,
        from: { id: 'u-1', name: 'User', aadObjectId: 'u-1' },
        entities: [
          { type: 'mention', text: '<at>Voice Migration Planner</at>', mentioned: bot },
          { type: 'mention', text: '<at>Alice</at>', mentioned: { id: '29:alice', name: 'Alice' } },
        ],
      } as Partial<Activity>)
      .startTest();
    const replies: Partial<Activity>[] = [];
    let next: Partial<Activity> | undefined;
    while ((next = adapter.activeQueue.shift())) replies.push(next);
    const text = said(replies.filter((r) => r.type !== 'typing'));
    expect(text).toContain('alice@contoso.test');
    expect(text).not.toContain('Migration status');
  });

  it('of a wave, and there is no wave 99', async () => {
    expect((await conversation('how is wave 2 doing?')).text).toContain('Wave 2: Thu, 19 Feb 2026');
    const none = await conversation('wave 99');
    expect(none.text).toBe('There is no wave 99: the plan has waves 1 to 3.');
    expect(none.replies[0].suggestedActions?.actions.map((a) => a.value)).toEqual(['wave 1', 'next wave', 'status']);
  });
});

describe('waves', () => {
  it('what happens in a wave: date, sites (each with its people in the wave moved), counts, orders due, next and previous', async () => {
    const seattle = (await world.services.plan.migrationSites('contoso', { offset: 0, limit: 10, wave: 2 })).items.find((x) => x.siteId === 'seattle')!.waves!.find((w) => w.number === 2)!.counts;
    expect(seattle.total).toBeGreaterThan(0);
    for (const text of await answers(['what happens in wave 2?', 'wave two', 'tell me about the second wave'])) {
      expect(text).toContain('Wave 2: Thu, 19 Feb 2026, 19:00 site time');
      expect(text).toContain(`at 1 site: Seattle ${seattle.done}/${seattle.total} moved`);
      expect(text).toMatch(/Port orders: 1, first due Mon, 9 Feb 2026/);
      expect(text).toContain('[◀ Previous wave]');
      expect(text).toContain('[Next wave ▶]');
    }
    expect((await conversation('next wave')).text).toContain('Wave 1: Thu, 12 Feb 2026');
  });

  it('the buttons answer in place: the card is replaced by the next wave', async () => {
    const next = await press(world.services, { text: 'wave 3' });
    expect(next.status).toBe(200);
    expectValidAdaptiveCard(next.body.value);
    expect(cardText(next.body.value)).toContain('Wave 3: Thu, 26 Feb 2026, 19:00 site time');
    expect(cardText(next.body.value)).toContain('Berlin');
    const bad = await press(world.services, { text: 'wave 1' }, 'something.else');
    expect(bad.body.statusCode).toBe(400);
  });
});

describe("a plan moving Seattle's main number to an auto attendant", () => {
  it('the status card counts it apart from the pilots, and the card of its wave says how many are on auto attendants', async () => {
    const main = await smallTenantWorld(undefined, undefined, smallTenantWithMainNumber());
    try {
      const status = await conversation('status', { in: main });
      expect(status.text).toContain('0 of 1 main number on auto attendants');
      expect(status.text).not.toContain('pilot number');
      // Seattle's last people move in wave 2: the number with them.
      const wave = await conversation('wave 2', { in: main });
      expect(wave.text).toContain('Main numbers: 0 of 1 on auto attendants');
      expect(wave.text).not.toContain('Pilot numbers');
      expect((await conversation('wave 1', { in: main })).text).not.toContain('Main numbers');
      // Asked by the site's name and a wave: the card names the number and the auto attendant it moves to.
      const after = await conversation('where does the main number of Seattle ring after wave 2?', { in: main });
      expect(after.text).toContain(`the main number of Seattle (${SMALL_MAIN})`);
      expect(after.text).toContain('(the main number of Seattle, on its auto attendant since wave 2)');
      // And how that auto attendant answers, from Seattle's settings (none given: a new account, open at all hours).
      expect(after.text).toMatch(/Its auto attendant answers on a new resource account · en-US, [A-Za-z .]+ · open at all hours · \d+ public holidays of US(-[A-Z]+)? to \d{4}-12-31/);
      expect((await conversation('what happens to the Seattle main number?', { in: main })).text).toContain('moving to its auto attendant in wave 2');
      expect((await conversation('where does the main number of Berlin ring?', { in: main })).text).toContain('The plan moves no main number of Berlin');
    } finally {
      await main.close();
    }
  });

  it('says nothing of main numbers where the plan moves none', async () => {
    expect((await conversation('status')).text).not.toContain('main number');
    expect((await conversation('wave 2')).text).not.toContain('Main numbers');
  });
});

describe('blockers', () => {
  it('for the plan, a wave, a site or a gate - never dropping the filter', async () => {
    for (const text of await answers(['blockers', 'blockers?', 'who is blocked?', 'blokers'], { in: blocked })) {
      expect(text).toContain('Blocked: 5 people');
      expect(text).toContain('site-no-emergency-address');
    }
    for (const text of await answers(['blockers seattle', 'what is blocking Seattle?', 'blockers in seatle'], { in: blocked })) {
      expect(text).toContain('Blocked in Seattle: 5 people');
      expect(text).toContain('alice@contoso.test');
    }
    expect((await conversation('blockers berlin', { in: blocked })).text).toContain('Nobody is blocked in Berlin.');
    expect((await conversation('who is blocked by site-no-emergency-address?', { in: blocked })).text).toContain('Blocked by "Site without an emergency address": 5 people');
    expect((await conversation('blockers no-teams-phone-licence', { in: blocked })).text).toContain('Nobody in the plan is blocked by "no-teams-phone-licence"');
    expect((await conversation('blockers wave two')).text).toContain('Nobody is blocked in wave 2.');
    expect((await conversation('blockers wave 99')).text).toBe('There is no wave 99: the plan has waves 1 to 3.');
  });
});

describe('sites by progress', () => {
  it('lists every site, or those done, in progress, not started, blocked or drifted, from several phrasings', async () => {
    for (const text of await answers(['list sites', 'which sites are there?', 'show me all sites'])) {
      expect(text).toContain('Sites: 2');
      expect(text).toMatch(/\*\*Berlin\*\*: 0 of \d+ moved \(0%\)[\s\S]*\*\*Seattle\*\*: 0 of 5 moved \(0%\)/);
    }
    for (const text of await answers(['which sites are blocked?', 'blocked sites', 'sites with blockers', 'which sites have blockers'], { in: blocked })) {
      expect(text).toContain('Sites with blocked people: 1 of 2');
      expect(text).toContain('**Seattle**: 0 of 5 moved (0%) · 5 blocked');
      expect(text).not.toContain('Berlin');
    }
    expect((await conversation('which sites are blocked?')).text).toContain('Nobody is blocked at any site.');
    for (const text of await answers(['which sites are done?', 'how many sites are finished', 'done sites'])) expect(text).toContain('No site is done yet.');
    for (const text of await answers(["which sites haven't started?", 'sites not started yet', 'which offices are left'])) expect(text).toContain('Sites not started: 2 of 2');
    expect((await conversation('sites in progress')).text).toContain('No site is in progress.');
    // An empty list has no pages to go back to, whatever page was asked.
    expect((await conversation('sites in progress page 3')).text).toBe('No site is in progress.\n[Sites blocked]\n[Open in the tab]');
    expect((await conversation('sites that have drift')).text).toContain('No site has drifted from the plan.');
  });

  it('a page past the end shows the last page; the buttons ask the other lists and open the Sites page', async () => {
    const { text, replies } = await conversation('sites page 40');
    expect(text).toContain('Sites: 2');
    expect(text).not.toContain('More ▶');
    const buttons = actionsOf(replies[0]);
    expect(buttons.filter((a) => a.type === 'Action.Execute').map((a) => a.data!.text)).toEqual(['sites blocked', 'sites done']);
    const open = buttons.find((a) => a.type === 'Action.OpenUrl')!;
    expect(JSON.parse(decodeURIComponent(open.url!.split('context=')[1]))).toEqual({ subEntityId: 'sites' });
    const pressed = await press(blocked.services, { text: 'sites blocked' });
    expect(cardText(pressed.body.value)).toContain('Sites with blocked people: 1 of 2');
    const list = await conversation('which sites are blocked', { in: blocked });
    const filtered = actionsOf(list.replies[0]).find((a) => a.type === 'Action.OpenUrl')!;
    // The Sites page with its Migration filter set, as the tab parses a deep link.
    expect(JSON.parse(decodeURIComponent(filtered.url!.split('context=')[1]))).toEqual({ subEntityId: 'sites?progress=blocked' });
  });

  it('lists the sites of a path in force; every site is on exactly one path', async () => {
    let listed = 0;
    for (const [asked, label] of [['which sites use direct routing?', 'on Direct Routing'], ['operator connect sites', 'on Operator Connect'], ['sites on calling plan', 'on Calling Plan'], ['which sites stay on the pbx', 'staying on the PBX']]) {
      const { text, replies } = await conversation(asked);
      const m = new RegExp(`^(?:Sites ${label}: (\\d) of 2|No site is ${label}\\.)`).exec(text);
      expect(m).not.toBeNull();
      listed += Number(m![1] ?? 0);
      const open = actionsOf(replies[0]).find((a) => a.type === 'Action.OpenUrl')!;
      expect(JSON.parse(decodeURIComponent(open.url!.split('context=')[1])).subEntityId).toMatch(/^sites\?path=(?:OC|DR|CP|PBX)$/);
    }
    expect(listed).toBe(2);
  });

  it('a wave or a site named with "sites" is still that question', async () => {
    expect((await conversation('which sites are in wave 2?')).text).toContain('at 1 site: Seattle');
  });
});

describe('waves, paths and cost, gates in words', () => {
  it('lists the plan\'s waves with their dates, sizes and progress, the next one named', async () => {
    for (const text of await answers(['list waves', 'how many waves are there?', 'show me all the waves'])) {
      expect(text).toContain('The plan: 3 waves, Thu, 12 Feb 2026 – Thu, 26 Feb 2026');
      expect(text).toContain('**Wave 1** (next), Thu, 12 Feb 2026:');
      expect(text).toMatch(/\*\*Wave 3\*\*, Thu, 26 Feb 2026: \d+ people at 1 site · 0% moved/);
      expect(text).toContain('[Show wave 1]');
    }
    // "waves" alone is the menu's command: the next wave.
    expect((await conversation('waves')).text).toContain('Wave 1: Thu, 12 Feb 2026');
  });

  it('says what it costs per path and who is on which, from several phrasings', async () => {
    for (const text of await answers(["what's the cost?", 'how much will it cost', 'paths', 'how many people are on Direct Routing?'])) {
      expect(text).toMatch(/^Paths and cost: .+ a month/);
      expect(text).toMatch(/a year on the paths in force/);
      expect(text).toMatch(/\*\*(?:Operator Connect|Direct Routing)\*\*: \d+ people/);
    }
  });

  it('sums up the porting: numbers and orders per carrier, the next deadlines, from several phrasings', async () => {
    const orders = (await world.services.plan.portOrders('contoso', { offset: 0, limit: 1000 })).items;
    const numbers = orders.reduce((sum, o) => sum + o.numberCount, 0);
    for (const text of await answers(['porting status', 'how many numbers are we porting?', 'how are the ports going?'])) {
      expect(text).toContain(`Porting: ${numbers} number${numbers === 1 ? '' : 's'} in ${orders.length} port order${orders.length === 1 ? '' : 's'}`);
      expect(text).toMatch(/From \*\*.+\*\*: \d+ in \d+ orders?/);
      expect(text).toContain('Next: submit by Mon, 9 Feb 2026');
    }
    // Orders due in a period stay their own question.
    expect((await conversation('port orders due this month')).text).toMatch(/^(?:Orders due|No orders due)/);
  });

  it('a site\'s status says its path, who provides it and its cost; "recommendation for X" asks it', async () => {
    for (const text of await answers(["what's the recommendation for Seattle?", 'cost of seattle', 'which path does Seattle use?'])) {
      expect(text).toContain('Seattle: status');
      expect(text).toMatch(/Path: \*\*(?:Operator Connect|Direct Routing|Calling Plan)\*\*.* \((?:decided|recommended, not decided yet)/);
    }
  });

  it('lists the people of one state, in a site or a wave, from several phrasings, and opens Progress with the same filters', async () => {
    const everyone = (await world.services.plan.migrationStatus('contoso', '2026-02-03', { limit: 1000 })).members;
    const seattleScheduled = everyone.filter((m) => m.state === 'scheduled' && m.siteId === 'seattle');
    expect(seattleScheduled.length).toBeGreaterThan(0);
    for (const text of await answers(['who is scheduled in Seattle?', 'which people are scheduled at seattle', 'scheduled users in Seatle'])) {
      expect(text).toContain(`Scheduled in Seattle: ${seattleScheduled.length} ${seattleScheduled.length === 1 ? 'person' : 'people'}`);
      for (const m of seattleScheduled) expect(text).toContain(`**${m.userPrincipalName}**`);
      expect(text).not.toContain('berlin');
    }
    const wave2 = everyone.filter((m) => m.state === 'scheduled' && m.waveNumber === 2);
    const { text, replies } = await conversation('who is scheduled in wave 2?');
    expect(text).toContain(`Scheduled in wave 2: ${wave2.length} ${wave2.length === 1 ? 'person' : 'people'}`);
    const open = actionsOf(replies[0]).find((a) => a.type === 'Action.OpenUrl')!;
    expect(JSON.parse(decodeURIComponent(open.url!.split('context=')[1]))).toEqual({ subEntityId: 'progress?state=scheduled&wave=2' });
    for (const q of ['who has moved?', 'who has drifted in Berlin', 'who is ready to move']) expect((await conversation(q)).text).toMatch(/^Nobody (?:in Berlin )?(?:has moved yet|has drifted from the plan|is ready)\./);
    expect((await conversation('who has drifted in wave 99')).text).toContain('There is no wave 99');
    // In a channel, a viewer gets the count and not the names.
    const channel = await conversation('who is scheduled in Seattle?', { caller: viewer, conversationType: 'channel' });
    expect(channel.text).toContain(`Scheduled in Seattle: ${seattleScheduled.length}`);
    expect(channel.text).not.toContain('@contoso.test');
  });

  it('counts the Teams numbers per type, free or held, from several phrasings', async () => {
    // The small tenant has no Teams numbers: a sync stores three, one free and two held.
    const numbered = await smallTenantWorld();
    const snapshot = (await loadSnapshot(numbered.services.store, 'contoso'))!;
    const number = (telephoneNumber: string, numberType: 'callingPlan' | 'directRouting', assignmentStatus: 'unassigned' | 'userAssigned' | 'voiceApplicationAssigned') => ({ telephoneNumber, numberType, assignmentStatus, numberSource: 'online' as const });
    snapshot.numbers = [number('+14255550190', 'callingPlan', 'unassigned'), number('+14255550191', 'callingPlan', 'userAssigned'), number('+4930555010', 'directRouting', 'voiceApplicationAssigned')];
    await saveSnapshot(numbered.services.store, { ...snapshot, takenAt: '2026-02-03T08:00:00Z' }, 'test');
    const status = await numbered.services.status('contoso');
    expect(status.numbers).toEqual([
      { numberType: 'callingPlan', total: 2, free: 1, users: 1, services: 0 },
      { numberType: 'directRouting', total: 1, free: 0, users: 0, services: 1 },
    ]);
    for (const text of await answers(['how many numbers are in Teams?', 'free numbers', 'how many phone numbers do we have'], { in: numbered })) {
      expect(text).toContain('Numbers in Teams: 3');
      expect(text).toContain('**Calling Plan**: 2 · 1 free · 1 to users · 0 to services');
      expect(text).toContain('**Direct Routing**: 1 · 0 free · 0 to users · 1 to services');
    }
    await numbered.close();
  });

  it('says 0 numbers for a tenant without any', async () => {
    expect((await world.services.status('contoso')).numbers).toEqual([]);
    const { text } = await conversation('how many numbers are in Teams?');
    expect(text.split('\n')[0]).toBe('Numbers in Teams: 0');
    expect(text).not.toContain(' free');
  });

  it('lists the SBCs with their people and sessions against the licence', async () => {
    const settings = smallTenantSettingsFile() as { sbcs: { fqdn: string }[] };
    expect(settings.sbcs.length).toBeGreaterThan(0);
    for (const text of await answers(['which SBCs do we use?', 'sbc capacity', 'do we have enough sessions?'])) {
      expect(text).toMatch(/^SBCs: \d+/);
      expect(text).toMatch(new RegExp(`\\*\\*${settings.sbcs[0].fqdn.replace(/\./g, '\\.')}\\*\\*: \\d+ (?:person|people) · \\d+ sessions needed, \\d+ licensed`));
    }
  });

  it('answers how emergency calls are set up, across the tenant and at a site', async () => {
    // Seattle (US) has no security desk in the settings: Kari's Law's warning, which holds nobody back.
    for (const text of await answers(['emergency readiness', 'is emergency calling ready?', "Kari's Law"])) {
      expect(text.split('\n')[0]).toBe('Emergency calls: no site is held back');
      expect(text).toContain('⚠ US site without a security desk for emergency calls: 1');
      expect(text).toContain('2 of 2 sites in the settings');
    }
    const { text, replies } = await conversation('how are emergency calls set up in Berlin?');
    expect(text.split('\n')[0]).toBe('Emergency calls at Berlin');
    expect(text).toContain('112, 110');
    expect(text).toContain('No emergency blocker holds the site.');
    expect(actionsOf(replies[0]).map((a) => a.title)).toEqual(['Blockers', 'Emergency calls everywhere', 'Open in the tab']);
    expect((await conversation('emergency calling at Atlantis')).text).toMatch(/^I don't know "atlantis"/);
  });

  it('says which licences the blocked people need, from several phrasings (none here: everyone holds Teams Phone)', async () => {
    for (const text of await answers(['how many licences do we need?', 'licenses to buy', 'do we have enough Teams Phone licences?'])) {
      expect(text.split('\n')[0]).toBe('Nobody is blocked for want of a licence.');
    }
    const { replies } = await conversation('licences');
    expect(actionsOf(replies[0]).map((a) => a.title)).toEqual(['Show blockers', 'Open in the tab']);
  });

  it('names a gate by its words ("who hasn\'t got an emergency address?"), or says nobody is held by it', async () => {
    for (const text of await answers(['who is missing an emergency address?', 'blockers emergency address', "which sites haven't got an emergency address"], { in: blocked })) {
      expect(text).toContain('Blocked by "Site without an emergency address": 5 people');
    }
    expect((await conversation('who is missing an emergency address?')).text).toBe(
      'Nobody in the plan is blocked by "Site without an emergency address" or "Site emergency address not validated yet".',
    );
  });
});

describe('cutover dates, orders and changes', () => {
  it('when a site or person cuts over', async () => {
    for (const text of await answers(['when is Berlin cutting over?', 'When does frank move', 'cutover date of berlin'])) {
      expect(text).toMatch(/^(Berlin|Frank) cuts over Thu, 26 Feb 2026, 19:00 site time/);
    }
  });

  it('orders due in a period, resolved against today', async () => {
    for (const text of await answers(['which port orders are due this month?', 'port deadlines this month', 'what port orders are due this month'])) {
      expect(text).toContain('Orders due this month: 1');
      expect(text).toContain('Port by Mon, 9 Feb 2026: 10 numbers from Lumen (wave 2)');
    }
    const all = (await conversation('orders due this month')).text;
    expect(all).toContain('Orders due this month: 2');
    expect(all).toContain('Upload by Mon, 23 Feb 2026: 3 numbers to sbc-eu (wave 3)');
    expect((await conversation('upload orders due next week')).text).toContain('No orders due next week.');
    expect((await conversation('orders due whenever')).text).toContain('I can\'t read "whenever" as a period.');
  });

  it("this organisation's cutovers in a period, from any phrasing", async () => {
    for (const text of await answers(['cutovers this month', 'What happens this month?', '@Planner who moves this month'])) {
      expect(text).toContain('Cutovers this month: 3 waves');
      expect(text).toContain('Wave 1, Thu, 12 Feb 2026, 19:00 site time: 3 people at 1 site');
      expect(text).toContain('Wave 3, Thu, 26 Feb 2026, 19:00 site time: 3 people at 1 site');
      expect(text).toContain('[Orders due this month]');
    }
    expect((await conversation("what's happening tomorrow?")).text).toContain('No cutovers tomorrow.');
    // Not an MSP tenant: "cutovers" are this organisation's; naming customers is still refused.
    expect((await conversation('which customers cut over this week?')).text).toContain('I answer questions about customers only in an MSP tenant');
    expect((await conversation('when is the next cutover?')).text).toMatch(/^Wave 1: Thu, 12 Feb 2026, 19:00 site time/);
  });

  it('what changed since the last sync', async () => {
    for (const text of await answers(['what changed since the last sync?', 'any drift?', 'changes'])) {
      expect(text).toContain('Since the last sync');
      expect(text).toContain('Last sync 1 Feb 2026, 10:00 GMT');
      expect(text).toContain('Nobody drifted from the plan.');
    }
  });
});

describe('the history', () => {
  it('who changed what: the newest entries in the History page\'s words, of one topic if named', async () => {
    const history = await world.services.store.listAudit('contoso', 50);
    const newestSettings = history.find((e) => e.kind === 'planning-settings')!;
    const newestPlan = history.find((e) => e.action === 'plan.build')!;
    for (const text of await answers(['who changed the settings?', 'what changed in the settings', 'Who last changed the decisions?'])) {
      expect(text).toMatch(/^Recent settings changes\n/);
      expect(text).toContain(`**Planning settings saved as version ${(newestSettings.after as { version: number }).version}**`);
      expect(text).not.toContain('Rollout plan built');
    }
    const plans = (await conversation('who built the plan?')).text;
    expect(plans).toContain(`**Rollout plan built: ${(newestPlan.after as { waves: number }).waves} waves from settings version`);
    const { text, replies } = await conversation('history');
    expect(text).toMatch(/^Recent changes\n/);
    expect(text).toContain('Rollout plan built');
    const open = actionsOf(replies[0]).find((a) => a.type === 'Action.OpenUrl')!;
    expect(JSON.parse(decodeURIComponent(open.url!.split('context=')[1]))).toEqual({ subEntityId: 'audit' });
    const settingsOpen = actionsOf((await conversation('who changed the settings?')).replies[0]).find((a) => a.type === 'Action.OpenUrl')!;
    expect(JSON.parse(decodeURIComponent(settingsOpen.url!.split('context=')[1]))).toEqual({ subEntityId: 'audit?kind=planning-settings' });
    // Entries name who made them: not to a viewer in a channel.
    expect((await conversation('history', { caller: viewer, conversationType: 'channel' })).text).toContain('I answer about named people only to admins');
  });
});

describe('where a number rings on a day', () => {
  it('reads numbers and extensions in any format and date words against today', async () => {
    expect((await conversation('where does +1 425 555 0100 ring tomorrow?')).text).toContain('on Wed, 4 Feb 2026: the PBX');
    expect((await conversation('Where will extension 5601 ring on 3 March')).text).toContain('extension 5601 (+493012345601) on Tue, 3 Mar 2026: Teams');
    expect((await conversation('where does x5601 ring next Friday?')).text).toContain('on Fri, 6 Feb 2026: the PBX');
    // "on today" is today, not the day the plan was built on.
    expect((await conversation('where does 0049 30 12345602 ring on today')).text).toContain('on Tue, 3 Feb 2026: the PBX');
    expect((await conversation('where does (425) 555-0101 ring on 2026-02-20')).text).toContain('on Fri, 20 Feb 2026: Teams');
  });

  it('says what it cannot read', async () => {
    expect((await conversation('where does 5601 ring on someday')).text).toContain('I can\'t read "someday" as a date.');
    expect((await conversation('where does extension 9999 ring today')).text).toContain('I found no number or extension');
  });
});

describe('the plan and reminders, answered by their own modules', () => {
  it('"send me the plan" in any words starts the workbook (file consent once it is stored)', async () => {
    for (const text of await answers(['send me the plan', 'can you share the rollout workbook please?', 'Plan'])) {
      expect(text).toBe(PREPARING);
    }
  });

  it('subscription requests go to the proactive module, not the question parser', async () => {
    for (const text of await answers(['remind me 3 days before each cutover', 'tell me when a sync finds drift', 'unsubscribe'])) {
      expect(text).not.toMatch(/I did not understand|I can't set up reminders/);
      expect(text.length).toBeGreaterThan(0);
    }
  });

  it('"what am I subscribed to?" and "which channels get reminders?" are answered about reminders', async () => {
    const [mine, everyone] = await answers(['what am I subscribed to?', 'which channels get reminders?']);
    expect(mine).toMatch(/no reminders yet|will hear from me about/);
    expect(everyone).toMatch(/Reminders go to|No chat or channel gets reminders yet/);
  });
});

describe('did you mean', () => {
  it('offers buttons for close names, and a button answers in place', async () => {
    // "da" is in Dave's and Ida's names: which one?
    const { replies, text } = await conversation('status of da');
    expect(text).toContain('I don\'t know "da".');
    const buttons = actionsOf(replies[0]);
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    expect(buttons.every((b) => b.type === 'Action.Execute' && b.data!.text.startsWith('status of '))).toBe(true);
    const answer = await press(world.services, buttons[0].data!);
    expect(answer.status).toBe(200);
    expectValidAdaptiveCard(answer.body.value);
    expect(cardText(answer.body.value)).toContain('@contoso.test');
  });

  it('answers what it does not know with suggested actions', async () => {
    const { replies, text } = await conversation('please tell me something long and unrelated to anything at all');
    expect(text).toContain('I did not understand');
    expect(replies[0].suggestedActions?.actions.map((a) => a.value)).toEqual(['help', 'status', 'blockers']);
    expect((await conversation('status of xyzzy')).text).toContain('I don\'t know "xyzzy".');
  });
});

describe('help, locale, typing', () => {
  it('help lists every command, from any phrasing, without asking who you are', async () => {
    for (const text of await answers(['help', 'What can you do?', '<at>VMP</at> help!'], { caller: { refused: 'no' } })) {
      for (const c of ['status', 'blockers', 'wave', 'when', 'orders', 'changes', 'where', 'plan', 'remind', 'help']) expect(text).toContain(`${c}: `);
    }
  });

  it("dates in the reader's locale and time zone", async () => {
    const de = await conversation('status', { locale: 'de-DE', timeZone: 'America/Los_Angeles' });
    expect(de.text).toContain('Do., 12. Feb. 2026');
    expect(de.text).toMatch(/Last sync 1\. Feb\. 2026, 02:00 GMT-8/);
    const us = await conversation('when is berlin cutting over', { locale: 'en-US' });
    expect(us.text).toContain('Thu, Feb 26, 2026, 7:00 PM site time');
  });

  it('shows "typing…" when an answer takes longer than the threshold', async () => {
    // The same services with a status that takes 40 ms to read.
    const slow: AppServices = {
      ...world.services,
      status: async (tenantId) => {
        await new Promise((r) => setTimeout(r, 40));
        return world.services.status(tenantId);
      },
    };
    const replies = await ask(slow, 'status', { typingAfterMs: 5 });
    expect(replies[0].type).toBe('typing');
    expect(replies[1].attachments?.[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
  });
});

describe('who may ask', () => {
  it('a refusal is said and nothing else', async () => {
    const { text } = await conversation('status', { caller: { refused: 'This organisation is not enabled for Voice Migration Planner.' } });
    expect(text).toBe('This organisation is not enabled for Voice Migration Planner.');
  });

  it('a viewer reads in a personal chat; in a channel, not about named people', async () => {
    expect((await conversation('status of alice', { caller: viewer })).text).toContain('alice@contoso.test');
    const channel = { caller: viewer, conversationType: 'channel' as const };
    for (const q of ['status of alice', 'when does frank move?', 'status of +1 (425) 555-0102']) {
      expect((await conversation(q, channel)).text).toBe('In a channel or group chat I answer about named people only to admins. Ask me in a personal chat.');
    }
    const blockers = await conversation('blockers seattle', { ...channel, in: blocked });
    expect(blockers.text).toContain('Blocked in Seattle: 5 people');
    expect(blockers.text).not.toContain('alice');
    expect((await conversation('blockers seattle', { caller: admin, conversationType: 'channel', in: blocked })).text).toContain('alice@contoso.test');
    expect((await conversation('status of seattle', channel)).text).toContain('Seattle: status');
    // A routing answer names no owner to a viewer in a channel.
    const route = (await conversation('where does +1 425 555 0101 ring tomorrow', channel)).text;
    expect(route).toContain('(its owner)');
    expect(route).not.toContain('alice');
  });

  it('the same check runs for a button', async () => {
    const refused = await press(world.services, { text: 'status' }, 'vmp.ask', { caller: { refused: 'Only Teams or Global administrators can use the planner.' } });
    expect(cardText(refused.body.value)).toBe('Only Teams or Global administrators can use the planner.');
  });
});

it('the bot adapter is created per conversation type (sanity)', () => {
  expect(botFor(world.services, { conversationType: 'groupChat' }).adapter).toBeDefined();
});
