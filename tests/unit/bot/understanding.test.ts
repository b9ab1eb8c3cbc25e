/**
 * The bot's deterministic understanding: Teams text cleaned (mentions, entities, punctuation, case),
 * every intent from at least three phrasings, typos of command words, filters kept (never dropped),
 * wave words and numbers in any format; date words against a fixed today; fuzzy names; and text
 * from data escaped for cards and messages.
 */
import { parseOrderUpdate } from '../../../bot/understanding/order-update';
import { md, mdMessage, subEntityId, tabDeepLink } from '../../../bot/cards/card-kit';
import { editDistance, fuzzyFind } from '../../../bot/understanding/fuzzy-match';
import { parseIntent, type Intent } from '../../../bot/understanding/intents';
import { normalise, plainText } from '../../../bot/understanding/normalise';
import { numberShape, pickWave } from '../../../bot/understanding/resolve';
import { resolveDatePhrase, resolvePeriod } from '../../../shared/domain/date-phrases';
import { hashFromSubEntityId, parseRoute } from '../../../tab/web/src/route';
import { tabLink } from '../../../bot/proactive/tab-links';

const understand = (text: string): Intent => parseIntent(normalise(text));

describe('normalise: what a Teams message says', () => {
  it('drops the bot mention, entities, tags and smart quotes', () => {
    expect(plainText('<at>Voice Migration Planner</at>&nbsp;status of <b>Berlin</b>')).toBe('status of Berlin');
    expect(normalise('<at>VMP</at> Status?')).toBe('status');
    expect(normalise('Hey bot, what\u2019s the status of Paris?!')).toBe('what is the status of paris');
    expect(normalise('\u200bblockers\u00a0wave\u00a02 please')).toBe('blockers wave 2');
  });
});

describe('intents: at least three phrasings each', () => {
  const cases: [Intent['kind'], string[]][] = [
    ['help', ['help', 'What can you do?', '<at>VMP</at> help!', '?']],
    ['status', ['status', 'Status?', 'how is the migration going?', 'how are we doing', "what's the overall progress?"]],
    ['status-of', ['status of Berlin', 'staus of berln', 'how is Paris doing?', "what's the status of anna@contoso.com", 'status of +1 (425) 555-0100']],
    ['blockers', ['blockers', 'blockers?', 'Blockers wave two', 'blockers berlin', 'who is blocked in the pilot?', 'what is blocking Seattle', 'blokers']],
    ['wave', ['what happens in wave 2?', 'wave 99', 'next wave', 'tell me about the second wave', 'wave']],
    ['cutover-when', ['when is Paris cutting over?', 'when does anna move?', 'When will Berlin go live', 'cutover date of Seattle']],
    ['orders-due', ['which port orders are due this month?', 'orders due next week', 'upload deadlines in the next 14 days', 'orders', 'what are the order deadlines?', 'tell me about order deadlines this month']],
    ['changes', ['what changed since the last sync?', 'any drift?', 'what is new since the sync', 'changes']],
    ['history', ['history', 'show me the history', 'recent changes', 'audit log', 'who changed the settings?', 'who built the plan?', 'what changed in the settings?']],
    ['route', ['where does +1 425 555 0100 ring today', 'Where will extension 5601 ring tomorrow?', 'where does 0101 ring on 3 March', 'route +14255550100 next friday']],
    ['plan', ['plan', 'send me the plan', 'can you share the rollout workbook please', 'get the excel plan']],
    ['subscription', ['remind me 3 days and 1 day before each cutover', 'tell me when a sync finds drift', 'unsubscribe', 'notify me about port deadlines', 'what am I subscribed to?', 'which chats and channels are subscribed?', 'which channels get reminders?', 'tell me about order deadlines', 'Tell me about port order deadlines!', 'tell me about order deadlines 3 days and 1 day before']],
  ];
  it.each(cases)('%s', (kind, phrasings) => {
    for (const p of phrasings) expect([p, understand(p).kind]).toEqual([p, kind]);
  });

  it('reads an order update with its reference as typed, and leaves other "mark" sentences alone', () => {
    expect(understand('mark PO-W1-Lumen-A-100-1 submitted ref TEL-4471')).toEqual({ kind: 'track-order', update: { orderId: 'po-w1-lumen-a-100-1', input: { state: 'submitted', reference: 'tel-4471' } } });
    expect(parseOrderUpdate('Mark port order PO-W1-Lumen-A-100-1 as FOC confirmed for 2027-01-20 reference TEL-9')).toEqual({
      orderId: 'PO-W1-Lumen-A-100-1',
      input: { state: 'foc-confirmed', reference: 'TEL-9', focDate: '2027-01-20' },
    });
    expect(parseOrderUpdate('mark PO-W1-x rejected: BTN does not match the account')?.input).toEqual({ state: 'rejected', note: 'BTN does not match the account' });
    expect(parseOrderUpdate('set UO-W3-sbc-eu-1 uploaded')?.input).toEqual({ state: 'uploaded' });
    expect(parseOrderUpdate('mark PO-W1-x not submitted')?.input).toEqual({ state: 'open' });
    for (const other of ['mark the plan', 'mark Berlin done', 'marketing site status']) expect(parseOrderUpdate(other)).toBeUndefined();
  });

  it('reads what a history question is about', () => {
    expect(understand('history')).toEqual({ kind: 'history' });
    expect(understand('who changed the settings?')).toEqual({ kind: 'history', about: 'settings' });
    expect(understand('who last changed the decisions')).toEqual({ kind: 'history', about: 'settings' });
    expect(understand('who built the plan?')).toEqual({ kind: 'history', about: 'plan' });
    expect(understand('who imported the PBX inventory?')).toEqual({ kind: 'history', about: 'pbx' });
    expect(understand('who changed the site rules')).toEqual({ kind: 'history', about: 'site-rules' });
    expect(understand('who synced the tenant?')).toEqual({ kind: 'history', about: 'sync' });
    // Drift, not the history; a person named like a command stays a person.
    expect(understand('what changed since the last sync?')).toEqual({ kind: 'changes' });
    expect(understand('who changed wave 2')).not.toMatchObject({ kind: 'history' });
  });

  it('keeps every filter it was given', () => {
    expect(understand('blockers wave two')).toEqual({ kind: 'blockers', subject: 'wave two' });
    expect(understand('blockers berlin')).toEqual({ kind: 'blockers', subject: 'berlin' });
    expect(understand('blockers?')).toEqual({ kind: 'blockers' });
    expect(understand('who is blocked by no-teams-phone-licence?')).toEqual({ kind: 'blockers', subject: 'no-teams-phone-licence' });
    expect(understand('staus of berln')).toEqual({ kind: 'status-of', subject: 'berln' });
    expect(understand('wave 99')).toEqual({ kind: 'wave', wave: { number: 99 } });
    expect(understand('wave two')).toEqual({ kind: 'wave', wave: { number: 2 } });
    expect(understand('the pilot')).toEqual({ kind: 'wave', wave: { number: 0 } });
    expect(understand('which port orders are due this month?')).toEqual({ kind: 'orders-due', which: 'port', period: 'this month' });
  });

  it('reads the number and the day of a routing question, "today" when none', () => {
    expect(understand('where does +1 (425) 555-0100 ring on 3 March?')).toEqual({ kind: 'route', number: '+1 (425) 555-0100', date: '3 march' });
    expect(understand('where does x5601 ring')).toEqual({ kind: 'route', number: 'x5601', date: 'today' });
    expect(understand('where does 425.555.0100 ring on 2026-03-03')).toEqual({ kind: 'route', number: '425.555.0100', date: '2026-03-03' });
    // A site's main number, and a day named by a wave (the plan reads it).
    expect(understand('Where does the main number of Amsterdam ring after wave 2?')).toEqual({ kind: 'route', number: 'the main number of amsterdam', date: 'after wave 2' });
    expect(understand("where will Berlin's main line go")).toEqual({ kind: 'route', number: "berlin's main line", date: 'today' });
    // Asked about in other words: where it rings today, which names the wave that moves it.
    expect(understand('What happens to the Amsterdam main number?')).toEqual({ kind: 'route', number: 'the amsterdam main number', date: 'today' });
    expect(understand("when does Seattle's auto attendant move?")).toEqual({ kind: 'route', number: "seattle's auto attendant", date: 'today' });
    expect(understand('status of the main number of Paris')).toEqual({ kind: 'route', number: 'the main number of paris', date: 'today' });
    expect(understand('amsterdam main line')).toEqual({ kind: 'route', number: 'amsterdam main line', date: 'today' });
    // The site itself is still the site.
    expect(understand('when does Seattle move?')).toEqual({ kind: 'cutover-when', subject: 'seattle' });
    expect(understand('status of Seattle')).toEqual({ kind: 'status-of', subject: 'seattle' });
  });

  it('does not take names for command words ("dave" is not "wave", "plano" is not "plan")', () => {
    expect(understand('dave')).toEqual({ kind: 'status-of', subject: 'dave' });
    expect(understand('plano')).toEqual({ kind: 'status-of', subject: 'plano' });
    expect(understand('status of new york')).toEqual({ kind: 'status-of', subject: 'new york' });
    // The leading words of a request are not the name.
    for (const asked of ['tell me about Seattle', 'show me Seattle', 'what about Seattle?', 'details for Seattle', 'info on Seattle']) expect([asked, understand(asked)]).toEqual([asked, { kind: 'status-of', subject: 'seattle' }]);
    // Questions admins ask in their own words.
    expect(understand('when is the next cutover?')).toEqual({ kind: 'wave', wave: { relative: 'next' } });
    expect(understand('next cutover')).toEqual({ kind: 'wave', wave: { relative: 'next' } });
    expect(understand('when was the last migration?')).toEqual({ kind: 'wave', wave: { relative: 'previous' } });
    expect(understand('when is the final cutover')).toEqual({ kind: 'wave', wave: { relative: 'last' } });
    expect(understand('how many people are blocked in Berlin?')).toEqual({ kind: 'blockers', subject: 'berlin' });
    expect(understand('how many users are still blocked?')).toEqual({ kind: 'blockers' });
    expect(understand('show me the plan')).toEqual({ kind: 'plan' });
    expect(understand("what's left to do?")).toEqual({ kind: 'status' });
    expect(understand('are we on track?')).toEqual({ kind: 'status' });
    expect(understand('how many people have moved so far?')).toEqual({ kind: 'status' });
    expect(understand('percent complete')).toEqual({ kind: 'status' });
    expect(understand('is Berlin ready?')).toEqual({ kind: 'status-of', subject: 'berlin' });
    expect(understand('people in Berlin')).toEqual({ kind: 'status-of', subject: 'berlin' });
    expect(understand('who is in wave 3?')).toEqual({ kind: 'wave', wave: { number: 3 } });
    expect(understand('what happens next week?')).toEqual({ kind: 'cutovers', period: 'next week' });
    expect(understand("what's happening tomorrow?")).toEqual({ kind: 'cutovers', period: 'tomorrow' });
    expect(understand('who moves this month')).toEqual({ kind: 'cutovers', period: 'this month' });
    expect(understand("what's due this week?")).toEqual({ kind: 'orders-due', which: 'all', period: 'this week' });
    expect(understand('what happens in wave 2?')).toEqual({ kind: 'wave', wave: { number: 2 } });
    expect(understand('What happens in Berlin?')).toEqual({ kind: 'status-of', subject: 'berlin' });
    expect(understand('when is the next cutover for Berlin?')).toEqual({ kind: 'cutover-when', subject: 'berlin' });
    // Cutovers in the plural are the portfolio's in an MSP tenant, this organisation's waves elsewhere (see respond).
    expect(understand('cutovers this week')).toEqual({ kind: 'portfolio', question: { about: 'cutovers', period: 'this week' } });
    expect(understand('which customers cut over this week?')).toEqual({ kind: 'portfolio', question: { about: 'cutovers', period: 'this week', customersNamed: true } });
    // "When is Paris cutting over" is still about Paris.
    expect(understand('when is paris cutting over?')).toEqual({ kind: 'cutover-when', subject: 'paris' });
    // A site named with a number keeps its name: "19" alone is asked about as an extension.
    expect(understand('status of Site 19')).toEqual({ kind: 'status-of', subject: 'site 19' });
    expect(understand('when is office 12 cutting over?')).toMatchObject({ subject: 'office 12' });
    expect(understand('status of site berlin')).toEqual({ kind: 'status-of', subject: 'berlin' });
    // Sites by progress: the progress word before or after "sites", a page; other words around "sites" are another question.
    expect(understand('list sites')).toEqual({ kind: 'sites', filter: {}, page: 1 });
    expect(understand('Which sites are done?')).toEqual({ kind: 'sites', filter: { progress: 'done' }, page: 1 });
    expect(understand('blocked sites')).toEqual({ kind: 'sites', filter: { progress: 'blocked' }, page: 1 });
    expect(understand("which offices haven't started yet?")).toEqual({ kind: 'sites', filter: { progress: 'not-started' }, page: 1 });
    expect(understand('how many locations are in progress')).toEqual({ kind: 'sites', filter: { progress: 'in-progress' }, page: 1 });
    expect(understand('sites drifted page 3')).toEqual({ kind: 'sites', filter: { progress: 'drifted' }, page: 3 });
    expect(understand('which sites are in wave 3?')).toEqual({ kind: 'wave', wave: { number: 3 } });
    expect(understand('which sites use Direct Routing?')).toEqual({ kind: 'sites', filter: { path: 'DR' }, page: 1 });
    expect(understand('operator connect sites')).toEqual({ kind: 'sites', filter: { path: 'OC' }, page: 1 });
    expect(understand('which offices are staying on the PBX?')).toEqual({ kind: 'sites', filter: { path: 'PBX' }, page: 1 });
    expect(understand('sites on calling plan page 2')).toEqual({ kind: 'sites', filter: { path: 'CP' }, page: 2 });
    expect(understand('how many people are blocked in Berlin?')).toEqual({ kind: 'blockers', subject: 'berlin' });
    expect(understand('sites in Berlin')).not.toMatchObject({ kind: 'sites' });
    // The waves, the cost, gates in words, a site's path.
    expect(understand('list waves')).toEqual({ kind: 'waves', page: 1 });
    expect(understand('how many waves are there?')).toEqual({ kind: 'waves', page: 1 });
    expect(understand('waves page 3')).toEqual({ kind: 'waves', page: 3 });
    expect(understand('waves')).toEqual({ kind: 'wave', wave: { relative: 'next' } });
    for (const q of ["what's the cost?", 'how much will it cost?', 'costs', 'paths and cost', 'what do we pay a month', 'how many users are on operator connect?']) expect(understand(q)).toEqual({ kind: 'cost' });
    expect(understand("who hasn't got a licence?")).toEqual({ kind: 'blockers', subject: 'licence' });
    expect(understand('who hasnt got a licence')).toEqual({ kind: 'blockers', subject: 'licence' });
    expect(understand('which users have no usage location')).toEqual({ kind: 'blockers', subject: 'usage location' });
    expect(understand('missing emergency addresses')).toEqual({ kind: 'blockers', subject: 'emergency addresses' });
    for (const q of ['cost of Berlin', "what's the recommendation for Berlin?", 'which path does Berlin use?']) expect(understand(q)).toEqual({ kind: 'status-of', subject: 'berlin' });
    expect(understand('how many people are left?')).toEqual({ kind: 'status' });
    for (const q of ['porting status', 'how many numbers are we porting?', 'which numbers are not ported yet?', 'how are the ports going?']) expect(understand(q)).toEqual({ kind: 'porting' });
    expect(understand('which port orders are due this month?')).toEqual({ kind: 'orders-due', which: 'port', period: 'this month' });
    // "The next port order" is no period: the porting card names the next deadlines.
    for (const q of ['when is the next port order due?', 'next deadline', "what's the next upload order"]) expect(understand(q)).toEqual({ kind: 'porting' });
  });

  it('people of one state, in a site or a wave, a page at a time', () => {
    expect(understand('who has drifted in Berlin?')).toEqual({ kind: 'people', state: 'drifted', subject: 'berlin', page: 1 });
    expect(understand('show me drifted people at Berlin')).toEqual({ kind: 'people', state: 'drifted', subject: 'berlin', page: 1 });
    expect(understand('who is ready to move in wave 2')).toEqual({ kind: 'people', state: 'ready', subject: 'wave 2', page: 1 });
    expect(understand('who is ready to move?')).toEqual({ kind: 'people', state: 'ready', page: 1 });
    expect(understand("who's done at the Berlin office")).toEqual({ kind: 'people', state: 'done', subject: 'berlin', page: 1 });
    expect(understand('who has moved?')).toEqual({ kind: 'people', state: 'done', page: 1 });
    expect(understand('which people are scheduled in the next wave')).toEqual({ kind: 'people', state: 'scheduled', subject: 'next wave', page: 1 });
    expect(understand('users who have not started at London City')).toEqual({ kind: 'people', state: 'not-started', subject: 'london city', page: 1 });
    expect(understand('who hasnt started')).toEqual({ kind: 'people', state: 'not-started', page: 1 });
    expect(understand('who is staying on the PBX?')).toEqual({ kind: 'people', state: 'not-started', page: 1 });
    expect(understand('not started users in wave 2 page 3')).toEqual({ kind: 'people', state: 'not-started', subject: 'wave 2', page: 3 });
    expect(understand('drifted people page 2')).toEqual({ kind: 'people', state: 'drifted', page: 2 });
    // Not these: blocked people are the blockers' question, a site's people its status, drift without people the changes.
    expect(understand('who is blocked in Berlin?')).toEqual({ kind: 'blockers', subject: 'berlin' });
    expect(understand('people in Berlin')).toEqual({ kind: 'status-of', subject: 'berlin' });
    expect(understand('what drifted?')).toEqual({ kind: 'changes' });
    expect(understand('which sites are staying on the pbx')).toEqual({ kind: 'sites', filter: { path: 'PBX' }, page: 1 });
    // Not done is five states: the status of the place counts them.
    expect(understand("who hasn't moved in Seattle?")).toEqual({ kind: 'status-of', subject: 'seattle' });
    expect(understand('who is left to move')).toEqual({ kind: 'status' });
  });

  it('the Teams numbers, free or held', () => {
    for (const q of ['how many numbers are in Teams?', 'free numbers', 'how many phone numbers do we have', 'do we have spare calling plan numbers?', 'number inventory', 'which numbers are free?']) expect(understand(q)).toEqual({ kind: 'numbers' });
    // Porting and one number stay their questions.
    expect(understand('how many numbers are we porting?')).toEqual({ kind: 'porting' });
    expect(understand('status of +1 425 555 0100')).toEqual({ kind: 'status-of', subject: '+1 425 555 0100' });
  });

  it('the licences to buy', () => {
    for (const q of ['licences', 'Licenses?', 'how many licences do we need?', 'how many licenses do we need to buy', 'Teams Phone licences to buy', 'do we have enough licences?', 'do we have enough Teams Phone licenses', 'which licences should we buy?', 'licence shortfall', 'free licence seats']) {
      expect({ q, intent: understand(q) }).toEqual({ q, intent: { kind: 'licences' } });
    }
    // An SBC's licence stays the SBCs' question; who lacks one, the blockers' by gate.
    expect(understand('SBC licences')).toEqual({ kind: 'sbcs' });
    expect(understand("who hasn't got a licence?")).toEqual({ kind: 'blockers', subject: 'licence' });
    expect(understand('missing licences')).toEqual({ kind: 'blockers', subject: 'licences' });
  });

  it('SBCs and their sessions', () => {
    for (const q of ['SBCs', 'which SBCs do we use?', 'SBC capacity', 'do we have enough sessions?', 'session border controllers']) expect(understand(q)).toEqual({ kind: 'sbcs' });
  });

  it('emergency calling, across the tenant or at a site; who lacks an emergency address stays a gate question', () => {
    for (const q of ['emergency', 'emergency readiness', 'is emergency calling ready?', 'E911', "Kari's Law", 'security desks', 'how are emergency calls set up?', 'emergency routing status']) {
      expect({ q, intent: understand(q) }).toEqual({ q, intent: { kind: 'emergency' } });
    }
    expect(understand('How are emergency calls set up in Seattle?')).toEqual({ kind: 'emergency', subject: 'seattle' });
    expect(understand('emergency calling at New York')).toEqual({ kind: 'emergency', subject: 'new york' });
    expect(understand('security desk for the Boston office')).toEqual({ kind: 'emergency', subject: 'boston' });
    expect(understand('who is missing an emergency address?')).toEqual({ kind: 'blockers', subject: 'emergency address' });
  });
});

describe('numbers and waves in any format', () => {
  it('tells numbers from extensions', () => {
    expect(numberShape('+1 (425) 555-0100')).toBe('number');
    expect(numberShape('0049 30 12345601')).toBe('number');
    expect(numberShape('425.555.0100')).toBe('number');
    expect(numberShape('ext. 5601')).toBe('extension');
    expect(numberShape('x5601')).toBe('extension');
    expect(numberShape('5601')).toBe('extension');
    expect(numberShape('berlin')).toBeUndefined();
  });

  it('picks next, previous and last waves against today', () => {
    const waves = [1, 2, 3].map((n) => ({ number: n, name: `Wave ${n}`, date: `2026-03-0${n}`, time: '19:00', siteIds: [], members: 0, prerequisites: [], portOrders: 0, uploadOrders: 0 }));
    expect(pickWave({ relative: 'next' }, waves, '2026-03-02')?.number).toBe(2);
    expect(pickWave({ relative: 'previous' }, waves, '2026-03-02')?.number).toBe(1);
    expect(pickWave({ relative: 'last' }, waves, '2026-03-02')?.number).toBe(3);
    expect(pickWave({ number: 99 }, waves, '2026-03-02')).toBeUndefined();
  });
});

describe('date words against a fixed today (Tuesday 3 February 2026)', () => {
  const today = '2026-02-03';
  it.each([
    ['today', '2026-02-03'],
    ['Tomorrow', '2026-02-04'],
    ['on tomorrow', '2026-02-04'],
    ['next Friday', '2026-02-06'],
    ['friday', '2026-02-06'],
    ['next tuesday', '2026-02-10'],
    ['3 March', '2026-03-03'],
    ['March 3rd 2027', '2027-03-03'],
    ['1 January', '2027-01-01'],
    ['2026-03-03', '2026-03-03'],
    ['3/3/2026', '2026-03-03'],
    ['in 10 days', '2026-02-13'],
  ])('%s -> %s', (text, date) => expect(resolveDatePhrase(text, today)).toBe(date));

  it('refuses what is not a date', () => {
    expect(resolveDatePhrase('soonish', today)).toBeUndefined();
    expect(resolveDatePhrase('2026-02-30', today)).toBeUndefined();
  });

  it('reads periods', () => {
    expect(resolvePeriod('this month', today)).toEqual({ from: '2026-02-03', to: '2026-02-28', label: 'this month' });
    expect(resolvePeriod('next week', today)).toEqual({ from: '2026-02-09', to: '2026-02-15', label: 'next week' });
    expect(resolvePeriod('next month', today)).toEqual({ from: '2026-03-01', to: '2026-03-31', label: 'next month' });
    expect(resolvePeriod('in the next 14 days', today)).toMatchObject({ from: '2026-02-03', to: '2026-02-17' });
    expect(resolvePeriod('by 3 March', today)).toMatchObject({ from: '2026-02-03', to: '2026-03-03' });
    expect(resolvePeriod('whenever', today)).toBeUndefined();
  });
});

describe('fuzzy names', () => {
  const sites = [
    { id: 'berlin', name: 'Berlin' },
    { id: 'bern', name: 'Bern' },
    { id: 'san-francisco', name: 'San Francisco' },
    { id: 'seattle', name: 'Seattle' },
    { id: 'zurich', name: 'Zürich' },
  ];
  it('takes a clear match, exact or with a typo, accents and case ignored', () => {
    expect(fuzzyFind('berlin', sites).match?.id).toBe('berlin');
    expect(fuzzyFind('BERLIN', sites).match?.id).toBe('berlin');
    expect(fuzzyFind('berln', sites.filter((s) => s.id !== 'bern')).match?.id).toBe('berlin');
    expect(fuzzyFind('seatle', sites).match?.id).toBe('seattle');
    expect(fuzzyFind('zurich', sites).match?.id).toBe('zurich');
    expect(fuzzyFind('san fran', sites).match?.id).toBe('san-francisco');
  });
  it('suggests instead of guessing between close names, and finds nothing for nonsense', () => {
    const r = fuzzyFind('berln', sites);
    expect(r.match).toBeUndefined();
    expect(r.suggestions.map((s) => s.id)).toEqual(['berlin', 'bern']);
    expect(fuzzyFind('xyzzy', sites)).toEqual({ suggestions: [] });
  });
  it('counts transpositions as one typo', () => {
    expect(editDistance('staus', 'status')).toBe(1);
    expect(editDistance('blokcers', 'blockers')).toBe(1);
  });
});

describe('text from data is literal on a card and in a message', () => {
  it('escapes the markdown cards render and the HTML messages render', () => {
    expect(md('*Main* [HQ](https://x.test) _b_')).toBe('\\*Main\\* \\[HQ\\](https://x.test) \\_b\\_');
    expect(md('- not a list\nsecond line')).toBe('\\- not a list second line');
    expect(mdMessage('<b>x</b> & y')).toBe('&lt;b&gt;x&lt;/b&gt; &amp; y');
  });
  it('deep-links into the tab with the subEntityId the page needs', () => {
    const link = tabDeepLink('app-1', { site: 'berlin' });
    expect(link.startsWith('https://teams.microsoft.com/l/entity/app-1/plan?context=')).toBe(true);
    expect(JSON.parse(decodeURIComponent(link.split('context=')[1]))).toEqual({ subEntityId: 'sites/berlin' });
    expect(JSON.parse(decodeURIComponent(tabDeepLink('a', { wave: 2 }).split('context=')[1]))).toEqual({ subEntityId: 'plan?wave=2' });
    // The tab reads it back as its own route.
    expect(parseRoute(hashFromSubEntityId('people/anna%40contoso.com')!)).toEqual({ page: 'people', item: 'anna@contoso.com', params: {} });
    expect(parseRoute(hashFromSubEntityId('plan?wave=2')!)).toEqual({ page: 'plan', params: { wave: '2' } });
    expect(parseRoute(hashFromSubEntityId(subEntityId({ page: 'sites', params: { progress: 'not-started' } }))!)).toEqual({ page: 'sites', params: { progress: 'not-started' } });
    expect(parseRoute(hashFromSubEntityId(subEntityId({ page: 'progress', params: { show: 'fixups' } }))!)).toEqual({ page: 'progress', params: { show: 'fixups' } });
    expect(JSON.parse(decodeURIComponent(tabDeepLink('a', { person: 'anna@contoso.com' }).split('context=')[1]))).toEqual({ subEntityId: 'people/anna%40contoso.com' });
  });
  it("a reminder's link opens the page it names, not the tab's default page", () => {
    // Inside Teams the tab loads its contentUrl; webUrl is only the fallback outside it.
    const link = new URL(tabLink({ teamsAppId: 'app-1', publicUrl: 'https://vmp.example.test' }, 'plan')!);
    expect(link.pathname).toBe('/l/entity/app-1/plan');
    expect(JSON.parse(link.searchParams.get('context')!)).toEqual({ subEntityId: 'plan' });
    expect(parseRoute(hashFromSubEntityId(JSON.parse(link.searchParams.get('context')!).subEntityId)!)).toEqual({ page: 'plan', params: {} });
    const people = new URL(tabLink({ teamsAppId: 'app-1' }, 'people', { state: 'drifted' })!);
    expect(parseRoute(hashFromSubEntityId(JSON.parse(people.searchParams.get('context')!).subEntityId)!)).toEqual({ page: 'people', params: { state: 'drifted' } });
  });
});
