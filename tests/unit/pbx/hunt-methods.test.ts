/**
 * How a PBX group hunted, as vendors write it, and the call queue routing method that does the same;
 * read from the lines export's column and kept on the group.
 */
import { HUNT_METHODS, queueHuntingNotes, queueHuntingSummary, TEAMS_ROUTING_METHOD, teamsAgentAlertSeconds, teamsOverflowThreshold } from '../../../shared/domain/hunt-methods';
import { parseQueueLimit, parseSeconds } from '../../../shared/pbx/cell-values';
import { parseHuntMethod } from '../../../shared/pbx/hunt-method';
import { runImport } from './run-import';

describe('hunting methods', () => {
  it.each([
    // Cisco UCM line groups' distribution algorithm
    ['Top Down', 'top-down'],
    ['Circular', 'circular'],
    ['Longest Idle Time', 'longest-idle'],
    ['Broadcast', 'simultaneous'],
    // Avaya hunt group types
    ['ucd-mia', 'longest-idle'],
    ['ead-loa', 'longest-idle'],
    ['circ', 'circular'],
    ['ddc', 'top-down'],
    // Mitel hunt modes and ring groups, Unify hunt types
    ['Terminal', 'top-down'],
    ['Ring All', 'simultaneous'],
    ['Cascade', 'top-down'],
    ['Linear', 'top-down'],
    ['UCD', 'longest-idle'],
    ['Parallel', 'simultaneous'],
    // 3CX, FreePBX, Skype for Business Server
    ['Prioritized Hunt', 'top-down'],
    ['Hunt Random Start', 'circular'],
    ['Longest Waiting', 'longest-idle'],
    ['ringall-prim', 'simultaneous'],
    ['memoryhunt', 'circular'],
    ['firstnotonphone', 'top-down'],
    ['Round Robin', 'circular'],
    ['Serial', 'top-down'],
  ])('%s -> %s', (text, method) => {
    expect(parseHuntMethod(text)).toBe(method);
  });

  it('knows no method in an empty cell or words no vendor uses', () => {
    expect(parseHuntMethod('')).toBeUndefined();
    expect(parseHuntMethod('Skills Based')).toBeUndefined();
  });

  it('gives each a Teams routing method', () => {
    expect(HUNT_METHODS.map((m) => TEAMS_ROUTING_METHOD[m])).toEqual(['Attendant', 'Serial', 'RoundRobin', 'LongestIdle']);
  });

  it("is read from the lines export onto its groups; a word no vendor uses is one warning with the row and column", async () => {
    const header = 'extension,did,owner_upn,site,device_type,hunt_groups,distribution_algorithm';
    const rows = [
      '1001,+1 425 555 0101,megan.bowen@contoso.example,Seattle,ip-phone,Sales;Front desk,Top Down',
      '1002,+1 425 555 0102,adele.vance@contoso.example,Seattle,ip-phone,Sales,Top Down',
      '1003,+1 425 555 0103,,Seattle,ip-phone,Support,Skills Based',
      '1004,+1 425 555 0104,,Seattle,ip-phone,Support,Skills Based',
    ];
    const { inventory, report } = await runImport([header, ...rows].join('\n'));
    const method = (id: string) => inventory.groups.find((g) => g.id === id)?.huntMethod;
    expect([method('hunt-group:Sales'), method('hunt-group:Front desk'), method('hunt-group:Support')]).toEqual(['top-down', 'top-down', undefined]);
    expect(report.accepted).toBe(true);
    const warning = inventory.warnings.find((w) => /hunting method/.test(w.reason))!;
    expect(warning).toMatchObject({ file: 'lines.csv', row: 4, column: 'distribution_algorithm' });
    expect(warning.reason).toMatch(/unknown hunting method "Skills Based" on 2 lines: their groups' call queues ring every agent at once/);
  });

  it("reads each line's place in its groups' hunt onto the groups, one per group where the line is in several", async () => {
    const header = 'extension,did,owner_upn,site,device_type,hunt_groups,line_selection_order';
    const rows = [
      '1001,+1 425 555 0101,megan.bowen@contoso.example,Seattle,ip-phone,Sales;Front desk,2;1',
      '1002,+1 425 555 0102,adele.vance@contoso.example,Seattle,ip-phone,Sales,1',
      '1003,+1 425 555 0103,alex.wilber@contoso.example,Seattle,ip-phone,Sales,',
      '1004,+1 425 555 0104,,Seattle,ip-phone,Front desk,2',
      '1005,+1 425 555 0105,,Seattle,ip-phone,Support,first',
      '1006,+1 425 555 0106,,Seattle,ip-phone,Support,1;2',
      '1007,+1 425 555 0107,,Seattle,ip-phone,Pickup only,',
    ];
    const { inventory, report } = await runImport([header, ...rows].join('\n'));
    expect(report.accepted).toBe(true);
    const idOf = new Map(inventory.lines.map((l) => [l.extension, l.id]));
    const order = (id: string) => inventory.groups.find((g) => g.id === id)?.huntOrder;
    // 1002 is first, 1001 second, and 1003 (no place) follows.
    expect(order('hunt-group:Sales')).toEqual(['1002', '1001', '1003'].map((e) => idOf.get(e)));
    expect(order('hunt-group:Front desk')).toEqual(['1001', '1004'].map((e) => idOf.get(e)));
    // Nothing readable: no order at all (the queue lists its agents by name, and a person checks a Serial one).
    expect(order('hunt-group:Support')).toBeUndefined();
    expect(inventory.lines.find((l) => l.extension === '1001')?.huntOrder).toEqual([2, 1]);
    const warnings = inventory.warnings.filter((w) => /hunt order/.test(w.reason));
    expect(warnings.map((w) => [w.row, w.column, w.reason.slice(0, w.reason.indexOf(':'))])).toEqual([
      [6, 'line_selection_order', 'hunt order "first" on 1 line is not a place in the hunt'],
      [7, 'line_selection_order', 'hunt order "1;2" on 1 line is not a place in the hunt'],
    ]);
  });

  it('reads how long a group rang each member (the first line that says), as whole seconds; other text is one warning at row and column', async () => {
    const header = 'extension,did,owner_upn,site,device_type,hunt_groups,RNA Reversion Timeout';
    const rows = [
      '1001,+1 425 555 0101,megan.bowen@contoso.example,Seattle,ip-phone,Sales,',
      '1002,+1 425 555 0102,adele.vance@contoso.example,Seattle,ip-phone,Sales,12 s',
      '1003,+1 425 555 0103,,Seattle,ip-phone,Sales,20',
      '1004,+1 425 555 0104,,Seattle,ip-phone,Support,ten',
      '1005,+1 425 555 0105,,Seattle,ip-phone,Support,0',
    ];
    const { inventory, report } = await runImport([header, ...rows].join('\n'));
    expect(report.accepted).toBe(true);
    const ring = (id: string) => inventory.groups.find((g) => g.id === id)?.huntRingSeconds;
    expect([ring('hunt-group:Sales'), ring('hunt-group:Support')]).toEqual([12, undefined]);
    const warnings = inventory.warnings.filter((w) => /ring time/.test(w.reason));
    expect(warnings.map((w) => [w.row, w.column])).toEqual([
      [5, 'RNA Reversion Timeout'],
      [6, 'RNA Reversion Timeout'],
    ]);
    expect(warnings[0].reason).toMatch(/^ring time "ten" on 1 line is not a number of seconds .*Teams' default 30 s$/);
  });

  it.each([
    ['20', 20],
    ['20s', 20],
    ['15 sec', 15],
    ['180 seconds', 180],
    ['3600', 3600],
    ['0', undefined],
    ['3601', undefined],
    ['1:30', undefined],
    ['ten', undefined],
  ])('ring time "%s" is %s seconds', (text, seconds) => {
    expect(parseSeconds(text)).toBe(seconds);
  });

  it("rings a Teams agent for the PBX's time, within the 15-180 s Teams takes", () => {
    expect([5, 15, 20, 180, 300].map(teamsAgentAlertSeconds)).toEqual([15, 15, 20, 180, 180]);
  });

  it("says what a queue takes from the PBX's hunting in sentences (the Groups sheet) and in a few words (the Plan page)", () => {
    const hunting = { method: 'top-down' as const, inHuntOrder: true, ringSeconds: 10 };
    expect(queueHuntingNotes(hunting)).toEqual([
      'Routing method Serial: the PBX hunted top-down.',
      "Agents in the PBX's hunt order.",
      'Each agent rings 15 s (the PBX rang 10 s; Teams takes 15-180 s).',
    ]);
    expect(queueHuntingSummary(hunting)).toBe('Serial · PBX order · 15 s per agent');
    expect(queueHuntingSummary({ ringSeconds: 20 })).toBe('20 s per agent');
    const sentOn = { noAnswer: { kind: 'extension' as const, extension: '2001' }, maxSeconds: 60 };
    expect(queueHuntingNotes(sentOn)).toEqual(["The PBX sent unanswered calls to extension 2001 after 60 s: the runbook sets the queue's timeout to match, or says what to do."]);
    expect(queueHuntingSummary(sentOn)).toBe('no answer: x2001');
    expect(queueHuntingSummary({ noAnswer: { kind: 'disconnect' } })).toBe('no answer: dropped');
    expect(queueHuntingNotes({})).toEqual([]);
  });

  it('reads where a group sent unanswered calls and after how long (the first line that says); other text is one warning at row and column', async () => {
    const header = 'extension,did,owner_upn,site,device_type,hunt_groups,Forward Hunt No Answer,Maximum Hunt Timer';
    const rows = [
      '1001,+1 425 555 0101,megan.bowen@contoso.example,Seattle,ip-phone,Sales,1002,60',
      '1002,+1 425 555 0102,adele.vance@contoso.example,Seattle,ip-phone,Sales,Voicemail,',
      '1003,+1 425 555 0103,,Seattle,ip-phone,Support,(425) 555-0199,2 minutes',
      '1004,+1 425 555 0104,,Seattle,ip-phone,Front desk,sip:reception@contoso.example,',
    ];
    const { inventory, report } = await runImport([header, ...rows].join('\n'));
    expect(report.accepted).toBe(true);
    const group = (id: string) => inventory.groups.find((g) => g.id === id)!;
    expect(group('hunt-group:Sales')).toMatchObject({ huntNoAnswer: { kind: 'extension', extension: '1002' }, huntMaxSeconds: 60 });
    // A national number is read in the line's country.
    expect(group('hunt-group:Support')).toMatchObject({ huntNoAnswer: { kind: 'number', number: '+14255550199' } });
    expect(group('hunt-group:Support').huntMaxSeconds).toBeUndefined();
    expect(group('hunt-group:Front desk').huntNoAnswer).toBeUndefined();
    const warnings = inventory.warnings.filter((w) => /no-answer destination|maximum hunt time/.test(w.reason));
    expect(warnings.map((w) => [w.row, w.column])).toEqual([
      [4, 'Maximum Hunt Timer'],
      [5, 'Forward Hunt No Answer'],
    ]);
    expect(warnings[0].reason).toMatch(/^maximum hunt time "2 minutes" on 1 line is not a number of seconds \(1-3600, as "60" or "60 s"\): their groups' call queues time out after one round of their agents$/);
    expect(warnings[1].reason).toMatch(/^no-answer destination "sip:reception@contoso\.example" on 1 line is not an extension, a phone number, voicemail or hang-up: .*until a person sets it$/);
  });

  it.each([
    ['25', 25],
    ['32 callers', 32],
    ['100', 100],
    ['999', 999],
    // Asterisk's and FreePBX's maxlen: 0 is no limit.
    ['0', 'unlimited'],
    ['Unlimited', 'unlimited'],
    ['no limit', 'unlimited'],
    ['1000', undefined],
    ['-5', undefined],
    ['many', undefined],
  ])('queue limit "%s" is %s', (text, limit) => {
    expect(parseQueueLimit(text)).toBe(limit);
  });

  it("holds as many waiting calls as the PBX let wait, within the 200 Teams holds, and Teams' 50 where the export did not say", () => {
    expect([0, 25, 200, 500].map(teamsOverflowThreshold)).toEqual([0, 25, 200, 200]);
    expect(teamsOverflowThreshold('unlimited')).toBe(200);
    expect(teamsOverflowThreshold(undefined)).toBe(50);
  });

  it("says where a full queue's calls go, in sentences and in a few words", () => {
    const full = { queueLimit: 25, queueFull: { kind: 'extension' as const, extension: '1000' } };
    expect(queueHuntingNotes(full)).toEqual(['The queue is full at 25 waiting calls, as on the PBX, then calls go to extension 1000 as on the PBX (or the runbook says what to do).']);
    expect(queueHuntingSummary(full)).toBe('full at 25: x1000');
    expect(queueHuntingNotes({ queueLimit: 'unlimited' })).toEqual(['The queue is full at 200 waiting calls (the PBX let any number wait; Teams holds 200 at most), then callers hear busy.']);
    expect(queueHuntingSummary({ queueFull: { kind: 'voicemail' } })).toBe('full at 50: voicemail');
  });

  it("reads how many callers a group let wait and where it sent a call while its queue was full (the first line that says); other text is one warning at row and column", async () => {
    const header = 'extension,did,owner_upn,site,device_type,hunt_groups,Maximum Number of Callers Allowed in Queue,Destination When Queue is Full';
    const rows = [
      '1001,+1 425 555 0101,megan.bowen@contoso.example,Seattle,ip-phone,Sales,25,1002',
      '1002,+1 425 555 0102,adele.vance@contoso.example,Seattle,ip-phone,Sales,40,Voicemail',
      '1003,+1 425 555 0103,,Seattle,ip-phone,Support,0,Busy',
      '1004,+1 425 555 0104,,Seattle,ip-phone,Front desk,lots,sip:reception@contoso.example',
    ];
    const { inventory, report } = await runImport([header, ...rows].join('\n'));
    expect(report.accepted).toBe(true);
    const group = (id: string) => inventory.groups.find((g) => g.id === id)!;
    expect(group('hunt-group:Sales')).toMatchObject({ huntQueueLimit: 25, huntQueueFull: { kind: 'extension', extension: '1002' } });
    expect(group('hunt-group:Support')).toMatchObject({ huntQueueLimit: 'unlimited', huntQueueFull: { kind: 'disconnect' } });
    expect(group('hunt-group:Front desk').huntQueueLimit).toBeUndefined();
    expect(group('hunt-group:Front desk').huntQueueFull).toBeUndefined();
    const warnings = inventory.warnings.filter((w) => /queue limit|queue-full destination/.test(w.reason));
    expect(warnings.map((w) => [w.row, w.column])).toEqual([
      [5, 'Destination When Queue is Full'],
      [5, 'Maximum Number of Callers Allowed in Queue'],
    ]);
    expect(warnings[0].reason).toMatch(/^queue-full destination "sip:reception@contoso\.example" on 1 line is not an extension, .*until a person sets it$/);
    expect(warnings[1].reason).toMatch(/^queue limit "lots" on 1 line is not a number of callers .*Teams' default of 50 waiting calls$/);
  });
});
