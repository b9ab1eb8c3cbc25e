/**
 * Where a call queue sends a call nobody answered (queue-timeouts.ts): as its PBX group did, read from
 * the export's no-answer destination and maximum hunt time; a person is told where Teams cannot.
 */
import type { GroupHuntingRecord } from '../../../shared/domain/pbx-inventory';
import type { Plan, WaveMember } from '../../../shared/domain/plan';
import { ExtensionDirectory, queueOverflow, queueTimeout } from '../../../shared/export/queue-timeouts';
import { waveRunbook } from '../../../shared/export/runbooks';
import { exportGroupSetUps, waveGroupSetUps } from '../../../shared/export/group-set-ups';
import { waveMainNumberSetUps } from '../../../shared/export/main-number-set-ups';
import { queueVoicemailPrompt } from '../../../shared/export/auto-attendant-prompts';
import { parseNoAnswerDestination } from '../../../shared/pbx/hunt-method';
import { buildFixtureInput, buildFixturePlan, HOSTILE_GROUP } from './support/fixture-plan';

describe('the no-answer destination an export gives', () => {
  it.each([
    ['2000', { kind: 'extension', extension: '2000' }],
    ['+1 (206) 555-0100', { kind: 'number', number: '+12065550100' }],
    ['tel:+442079460000', { kind: 'number', number: '+442079460000' }],
    ['020 7946 0000', { kind: 'number', number: '+442079460000' }],
    ['Voicemail', { kind: 'voicemail' }],
    ['TransferToVoicemailUri sip:sales@contoso.com', { kind: 'voicemail' }],
    ['TransferToPstn tel:+12065550100', { kind: 'number', number: '+12065550100' }],
    ['Terminate', { kind: 'disconnect' }],
    ['Hangup', { kind: 'disconnect' }],
    // FreePBX destinations: context, extension, priority.
    ['ext-local,vmb2001,1', { kind: 'voicemail' }],
    ['app-blackhole,hangup,1', { kind: 'disconnect' }],
    ['from-did-direct,2001,1', { kind: 'extension', extension: '2001' }],
    ['ext-group,600,1', { kind: 'extension', extension: '600' }],
  ])('%s', (text, expected) => {
    expect(parseNoAnswerDestination(text, 'GB')).toEqual(expected);
  });

  it('is nothing for a SIP address, an IVR or a national number without a country', () => {
    expect(parseNoAnswerDestination('sip:reception@contoso.com', 'US')).toBeUndefined();
    expect(parseNoAnswerDestination('ivr-3,s,1', 'US')).toBeUndefined();
    expect(parseNoAnswerDestination('020 7946 0000', undefined)).toBeUndefined();
  });
});

/** A plan whose waves hold the given people (upn, extension, site, wave). */
function planOf(people: { upn: string; extension: string; siteId: string; wave: number; did?: string }[]): Plan {
  const plan = buildFixturePlan();
  const template = plan.waves[0].members[0];
  const waves = [...new Set(people.map((p) => p.wave))].sort();
  plan.waves = waves.map((n) => ({
    ...plan.waves[0],
    number: n,
    members: people.filter((p) => p.wave === n).map((p, i): WaveMember => ({ ...template, personId: `${n}-${i}`, userPrincipalName: p.upn, extension: p.extension, siteId: p.siteId, currentDid: p.did })),
  }));
  return plan;
}

describe('queueTimeout', () => {
  const plan = planOf([
    { upn: 'lead@contoso.com', extension: '2001', siteId: 'seattle', wave: 1, did: '+12065552001' },
    { upn: 'other-lead@contoso.com', extension: '2001', siteId: 'london', wave: 1 },
    { upn: 'later@contoso.com', extension: '2002', siteId: 'seattle', wave: 3, did: '+12065552002' },
    { upn: 'nodid@contoso.com', extension: '2003', siteId: 'seattle', wave: 3 },
  ]);
  const directory = () => new ExtensionDirectory(plan);
  const at = (hunting: GroupHuntingRecord, agents = 4) => queueTimeout({ hunting, agents, siteIds: new Set(['seattle']), wave: 2 }, directory);

  it('forwards to the person with the extension at the queue\'s sites once they are in Teams, after one round of the hunt', () => {
    // Top down over 4 agents at CUCM's 10 s: Teams rings each 15 s, so 60 s in all.
    expect(at({ huntNoAnswer: { kind: 'extension', extension: '2001' }, huntMethod: 'top-down', huntRingSeconds: 10 })).toEqual({
      timeout: { seconds: 60, action: 'Forward', target: 'lead@contoso.com' },
    });
    // Everyone at once: one agent alert time (Teams' 30 s where the export gave none); a maximum hunt timer wins.
    expect(at({ huntNoAnswer: { kind: 'extension', extension: '2001' }, huntMethod: 'simultaneous' }).timeout?.seconds).toBe(30);
    expect(at({ huntNoAnswer: { kind: 'extension', extension: '2001' }, huntMaxSeconds: 90 }).timeout?.seconds).toBe(90);
    expect(at({ huntNoAnswer: { kind: 'extension', extension: '2001' }, huntMaxSeconds: 3600 }).timeout?.seconds).toBe(2700);
    // Teams keeps the threshold in 15 s steps (nearest), never 0: a 5 s PBX timer would time out every call before an agent rang.
    expect([5, 20, 23, 40, 100].map((huntMaxSeconds) => at({ huntNoAnswer: { kind: 'disconnect' }, huntMaxSeconds }).timeout?.seconds)).toEqual([15, 15, 30, 45, 105]);
  });

  it('forwards to the number the PBX still answers for someone moving later, and says to change it after their wave', () => {
    const later = at({ huntNoAnswer: { kind: 'extension', extension: '2002' } });
    expect(later.timeout).toEqual({ seconds: 30, action: 'Forward', target: 'tel:+12065552002' });
    expect(later.step).toMatch(/extension 2002 \(later@contoso\.com\), who moves in wave 3: the queue forwards to \+12065552002 until then; make later@contoso\.com the timeout target after that wave$/);
  });

  it("sends a call to the queue's shared voicemail where the PBX sent it to voicemail", () => {
    expect(at({ huntNoAnswer: { kind: 'voicemail' }, huntMaxSeconds: 90 })).toEqual({ timeout: { seconds: 90, action: 'SharedVoicemail' } });
  });

  it('leaves to a person what Teams cannot do alone: an extension of no one in the plan, or of someone moving later without a number', () => {
    for (const h of [{ huntNoAnswer: { kind: 'extension' as const, extension: '2003' } }, { huntNoAnswer: { kind: 'extension' as const, extension: '9999' } }]) {
      const result = at(h);
      expect(result.timeout).toBeUndefined();
      expect(result.step).toMatch(/^the PBX sent unanswered calls to /);
    }
  });

  it('drops or forwards to a number as the PBX did, and does nothing where the export named no destination', () => {
    expect(at({ huntNoAnswer: { kind: 'disconnect' }, huntMaxSeconds: 45 })).toEqual({ timeout: { seconds: 45, action: 'Disconnect' } });
    expect(at({ huntNoAnswer: { kind: 'number', number: '+12065550100' } }).timeout).toMatchObject({ action: 'Forward', target: 'tel:+12065550100' });
    expect(at({ huntMethod: 'top-down' })).toEqual({});
  });
});

describe('queueOverflow', () => {
  const plan = planOf([
    { upn: 'lead@contoso.com', extension: '2001', siteId: 'seattle', wave: 1, did: '+12065552001' },
    { upn: 'later@contoso.com', extension: '2002', siteId: 'seattle', wave: 3, did: '+12065552002' },
  ]);
  const pilot = { extension: '3000', target: { kind: 'call queue' as const, upn: 'cq-sales@contoso.com', siteId: 'seattle', wave: 2, did: '+12065553000' } };
  const at = (hunting: GroupHuntingRecord) => queueOverflow({ hunting, agents: 4, siteIds: new Set(['seattle']), wave: 2, account: 'cq-sales@contoso.com' }, () => new ExtensionDirectory(plan, [pilot]));

  it("holds as many callers as the PBX let wait, and drops the next with busy where the export named no destination", () => {
    expect(at({ huntQueueLimit: 25 })).toEqual({ overflow: { threshold: 25, action: 'DisconnectWithBusy' } });
    expect(at({ huntQueueLimit: 'unlimited' })).toEqual({ overflow: { threshold: 200, action: 'DisconnectWithBusy' } });
    expect(at({ huntQueueFull: { kind: 'disconnect' } })).toEqual({ overflow: { threshold: 50, action: 'DisconnectWithBusy' } });
    expect(at({ huntNoAnswer: { kind: 'voicemail' } })).toEqual({});
  });

  it('sends the calls over the limit where the PBX did: a person, a number, the shared voicemail', () => {
    expect(at({ huntQueueLimit: 10, huntQueueFull: { kind: 'extension', extension: '2001' } })).toEqual({ overflow: { threshold: 10, action: 'Forward', target: 'lead@contoso.com' } });
    expect(at({ huntQueueLimit: 10, huntQueueFull: { kind: 'number', number: '+12065550100' } })).toEqual({ overflow: { threshold: 10, action: 'Forward', target: 'tel:+12065550100' } });
    expect(at({ huntQueueLimit: 10, huntQueueFull: { kind: 'voicemail' } })).toEqual({ overflow: { threshold: 10, action: 'SharedVoicemail' } });
  });

  it('forwards to the number the PBX still answers for someone moving later, and leaves its own pilot or an unknown extension to a person', () => {
    const later = at({ huntQueueLimit: 10, huntQueueFull: { kind: 'extension', extension: '2002' } });
    expect(later.overflow).toEqual({ threshold: 10, action: 'Forward', target: 'tel:+12065552002' });
    expect(later.step).toBe(
      'the PBX sent calls while its queue was full to extension 2002 (later@contoso.com), who moves in wave 3: the queue forwards to +12065552002 until then; make later@contoso.com the overflow target after that wave',
    );
    const own = at({ huntQueueLimit: 10, huntQueueFull: { kind: 'extension', extension: '3000' } });
    expect(own.overflow).toBeUndefined();
    expect(own.step).toMatch(/^the PBX sent calls while its queue was full to extension 3000: the group's own pilot, so callers waited for a place in the queue/);
    expect(at({ huntQueueFull: { kind: 'extension', extension: '9999' } }).step).toMatch(/: set the queue's overflow action by hand$/);
  });

  it('is set with the timeout when the queue is made; a target made later in the run gets it at the end, and one shared voicemail group serves both', () => {
    const input = buildFixtureInput();
    const hostile = (hunting: GroupHuntingRecord) => {
      const i = { ...input, hunting: new Map([[HOSTILE_GROUP, hunting]]) };
      return { queue: exportGroupSetUps(i, 1).callQueues.find((q) => q.groupIds.includes(HOSTILE_GROUP))!, text: waveRunbook(i, i.plan.waves[1]).text };
    };
    const toAttendant = hostile({ huntQueueLimit: 5, huntQueueFull: { kind: 'extension', extension: '1000' } });
    expect(toAttendant.queue.overflow).toMatchObject({ threshold: 5, action: 'Forward', target: expect.stringMatching(/^aa-/) });
    expect(toAttendant.text).toMatch(/TimeoutThreshold = \$null; TimeoutAction = \$null; TimeoutTarget = \$null; OverflowThreshold = 5; OverflowAction = 'Forward'; OverflowTarget = 'aa-[^']+@contoso\.com'/);
    expect(toAttendant.text).toContain('# --- Queue timeouts and overflows to the queues and auto attendants made in this run');

    const voicemail = hostile({ huntNoAnswer: { kind: 'voicemail' }, huntQueueLimit: 5, huntQueueFull: { kind: 'voicemail' } });
    expect(voicemail.queue).toMatchObject({ timeout: { action: 'SharedVoicemail' }, overflow: { threshold: 5, action: 'SharedVoicemail' }, voicemail: { mailNickname: 'vm-cq-sum-1-2-sales-desk' } });
    expect(voicemail.text).toContain("OverflowThreshold = 5; OverflowAction = 'SharedVoicemail'; OverflowTarget = $null; VoicemailGroup");
    const overflowOnly = hostile({ huntQueueFull: { kind: 'voicemail' } });
    expect(overflowOnly.queue.timeout).toBeUndefined();
    expect(overflowOnly.queue.voicemail).toBeDefined();
    // Without a destination, the limit alone: busy over it.
    expect(hostile({ huntQueueLimit: 8 }).text).toContain("OverflowThreshold = 8; OverflowAction = 'DisconnectWithBusy'; OverflowTarget = $null");
  });
});

describe("a queue's language", () => {
  it("is its pilot's site's, else most of its agents', and its shared voicemail greets in it", () => {
    const input = buildFixtureInput();
    const plan = buildFixturePlan();
    plan.waves[1].members = plan.waves[1].members.map((m) => (m.siteId === 'london' ? { ...m, groupIds: [...m.groupIds, 'hunt-group:Reception'] } : m));
    const london = { ...input, plan, hunting: new Map([['hunt-group:Reception', { huntNoAnswer: { kind: 'voicemail' as const } }]]) };
    const reception = exportGroupSetUps(london, 1).callQueues.find((q) => q.name === 'Reception')!;
    expect(reception.languageId).toBe('en-GB');
    expect(reception.voicemail).toEqual({ group: 'Reception voicemail', mailNickname: 'vm-cq-reception', prompt: 'Sorry, no one can take your call right now. Please leave a message after the tone.' });
    // The hostile group's pilot is at Denver, though most of its agents are at Seattle.
    expect(exportGroupSetUps(input, 1).callQueues.find((q) => q.groupIds.includes(HOSTILE_GROUP))!.languageId).toBe('en-US');
    expect(queueVoicemailPrompt('fr-FR')).toBe('Nous ne pouvons pas prendre votre appel pour le moment. Veuillez laisser un message après le bip.');
    expect(queueVoicemailPrompt('xx-XX')).toBe(queueVoicemailPrompt('en-US'));
  });
});

describe('a timeout to another group or a main number', () => {
  const input = buildFixtureInput();
  const sendTo = (extension: string) => ({ huntNoAnswer: { kind: 'extension' as const, extension } });
  const hostileQueue = (i: typeof input) => exportGroupSetUps(i, 1).callQueues.find((q) => q.groupIds.includes(HOSTILE_GROUP))!;

  it("forwards to the auto attendant that answers the site's main number, by the main number's extension", () => {
    const toReception = { ...input, hunting: new Map([[HOSTILE_GROUP, sendTo('1000')]]) };
    const attendant = waveMainNumberSetUps(toReception, 0).autoAttendants[0];
    expect(attendant.main.extension).toBe('1000');
    expect(hostileQueue(toReception).timeout).toEqual({ seconds: 30, action: 'Forward', target: attendant.resourceAccount });
  });

  it("forwards to another group's call queue by its pilot's extension, each way, and leaves a group sending calls to its own pilot to a person", () => {
    const plan = buildFixturePlan();
    // London's two people also answer a reception hunt group, whose pilot has extension 0100.
    plan.waves[1].members = plan.waves[1].members.map((m) => (m.siteId === 'london' ? { ...m, groupIds: [...m.groupIds, 'hunt-group:Reception'] } : m));
    plan.waves[1].groupNumbers = [
      { ...plan.waves[1].groupNumbers![0], extension: '0199' },
      { groupId: 'hunt-group:Reception', lineId: 'london/pilot', number: '+442071234000', extension: '0100', path: 'OC', numberType: 'operatorConnect', operatorId: 'op-uk', siteId: 'london' },
    ];
    const chained = { ...input, plan, hunting: new Map([[HOSTILE_GROUP, sendTo('0100')], ['hunt-group:Reception', sendTo('0199')]]) };
    const reception = exportGroupSetUps(chained, 1).callQueues.find((q) => q.name === 'Reception')!;
    expect(reception.resourceAccount).toMatch(/^cq-reception@contoso\.com$/);
    expect(hostileQueue(chained).timeout).toEqual({ seconds: 30, action: 'Forward', target: reception.resourceAccount });
    expect(reception.timeout).toEqual({ seconds: 30, action: 'Forward', target: hostileQueue(chained).resourceAccount });

    const loop = { ...chained, hunting: new Map([[HOSTILE_GROUP, sendTo('0199')]]) };
    expect(hostileQueue(loop).timeout).toBeUndefined();
    expect(exportGroupSetUps(loop, 1).notes).toContainEqual(
      expect.objectContaining({ result: 'ACTION', step: expect.stringMatching(/^the PBX sent unanswered calls to extension 0199: the group's own pilot, so the PBX hunted its members again/) }),
    );
  });

  it('forwards to the pilot number the PBX still answers for a queue set up by a later wave, and says to change it after that wave', () => {
    const plan = planOf([{ upn: 'lead@contoso.com', extension: '2001', siteId: 'seattle', wave: 1 }]);
    const later = { extension: '3000', target: { kind: 'call queue' as const, upn: 'cq-support@contoso.com', siteId: 'seattle', wave: 3, did: '+12065553000' } };
    const result = queueTimeout({ hunting: sendTo('3000'), agents: 2, siteIds: new Set(['seattle']), wave: 2, account: 'cq-sales@contoso.com' }, () => new ExtensionDirectory(plan, [later]));
    expect(result.timeout).toEqual({ seconds: 30, action: 'Forward', target: 'tel:+12065553000' });
    expect(result.step).toBe(
      'the PBX sent unanswered calls to extension 3000 (the call queue cq-support@contoso.com), set up in wave 3: the queue forwards to +12065553000 until then; make cq-support@contoso.com the timeout target after that wave',
    );
  });
});

describe('the runbook', () => {
  it('leaves a queue that exists as it is, and says where it differs from the plan: routing, ring time, timeout, agents', () => {
    const input = buildFixtureInput();
    const text = waveRunbook(input, input.plan.waves[1]).text;
    expect(text).toContain("if ([string]$queue.RoutingMethod -ne $q.RoutingMethod) { $differs += ('routing {0}, the plan {1}' -f $queue.RoutingMethod, $q.RoutingMethod) }");
    expect(text).toContain("if ($null -ne $q.AgentAlertTime -and [int]$queue.AgentAlertTime -ne $q.AgentAlertTime)");
    expect(text).toContain("if ($q.TimeoutAction -and [string]$queue.TimeoutAction -ne $q.TimeoutAction)");
    expect(text).toContain("if ($q.OverflowAction -and [string]$queue.OverflowAction -ne $q.OverflowAction)");
    expect(text).toContain("if ($null -ne $q.OverflowThreshold -and [int]$queue.OverflowThreshold -ne $q.OverflowThreshold)");
    expect(text).toContain("$missing = @($q.Agents -split ';' | Where-Object { $members -notcontains [string](Get-CsOnlineUser -Identity $_).Identity })");
    expect(text).toMatch(/Write-Action -Target \$q\.Name -Step 'call queue' -Result 'ACTION' -Before '' -After \('exists already, unlike the plan \(\{0\}\)/);
    expect(text).toContain("Write-Action -Target $q.Name -Step 'call queue' -Result 'OK' -Before '' -After 'exists already, as the plan says'");
  });

  it('gives a queue whose target is made later in the run its timeout after the queues and auto attendants', () => {
    const input = buildFixtureInput();
    const toAttendant = { ...input, hunting: new Map([[HOSTILE_GROUP, { huntNoAnswer: { kind: 'extension' as const, extension: '1000' } }]]) };
    const text = waveRunbook(toAttendant, toAttendant.plan.waves[1]).text;
    expect(text).toMatch(/TimeoutThreshold = 30; TimeoutAction = 'Forward'; TimeoutTarget = 'aa-[^']+@contoso\.com'/);
    // Not found when the queue is made: registered, and made to forward once every queue and attendant of the run exists.
    expect(text).toContain('if (-not $found) { return $null }');
    expect(text).toContain('if ($null -eq $parameters) { $later += $exit } else { $exits += $parameters }');
    expect(text).toContain(
      "foreach ($exit in $later) { $script:VmpQueueForwards += [pscustomobject]@{ Name = $q.Name; QueueId = [string]$queue.Identity; Exit = $exit; Target = $q.($exit + 'Target'); Threshold = $q.($exit + 'Threshold') } }",
    );
    const pass = text.indexOf('# --- Queue timeouts and overflows to the queues and auto attendants made in this run');
    expect(pass).toBeGreaterThan(text.indexOf('foreach ($q in $CallQueues)'));
    expect(pass).toBeGreaterThan(text.indexOf('foreach ($aa in $AutoAttendants)'));
    expect(text).toContain("$change[$t.Exit + 'ActionTarget'] = $target.Id");
    expect(text).toContain('Set-CsCallQueue -Identity $t.QueueId @change | Out-Null');
    expect(text).toMatch(/Write-Action -Target \$t\.Name -Step \$step -Result 'ACTION' .*is not in Teams: once it is/);
  });

  it("creates the queue with the timeout, forwarding to a user by id or to a number, and lists a person's step as an ACTION", () => {
    const input = buildFixtureInput();
    const record = (i: typeof input) => waveRunbook(i, i.plan.waves[1]).text.split('\n').find((l) => l.includes("ResourceAccount = 'cq-"))!;
    expect(record(input)).toContain('TimeoutThreshold = $null; TimeoutAction = $null; TimeoutTarget = $null; OverflowThreshold = $null; OverflowAction = $null; OverflowTarget = $null');
    const text = waveRunbook(input, input.plan.waves[1]).text;
    // Each exit's parameters are named after it: -TimeoutThreshold, -TimeoutAction, -TimeoutActionTarget, and the same for Overflow.
    expect(text).toContain("$parameters[$Exit + 'Threshold'] = $Queue.($Exit + 'Threshold')");
    expect(text).toContain("$parameters[$Exit + 'Action'] = $action");
    // A UPN is a person or another queue's or an attendant's resource account, by object id.
    expect(text).toContain('$found = Find-VmpCallTarget -Upn $target');
    expect(text).toContain("$parameters[$Exit + 'ActionTarget'] = $found.Id");
    // No queue of this wave forwards to an account: no pass over the queues at the end of the run.
    expect(text).not.toContain('# --- Queue timeouts and overflows to the queues and auto attendants made in this run');
    expect(text).toContain('@alert @exits');
    const forwarded = { ...input, hunting: new Map([[HOSTILE_GROUP, { huntNoAnswer: { kind: 'number' as const, number: '+13035550100' }, huntMaxSeconds: 40 }]]) };
    expect(record(forwarded)).toContain("TimeoutThreshold = 45; TimeoutAction = 'Forward'; TimeoutTarget = 'tel:+13035550100'");
    // Voicemail: a Microsoft 365 group of the agents, named after the queue and found again by its nickname, with a greeting in the queue's language.
    const voicemail = { ...input, hunting: new Map([[HOSTILE_GROUP, { huntNoAnswer: { kind: 'voicemail' as const } }]]) };
    expect(record(voicemail)).toContain(
      "TimeoutThreshold = 30; TimeoutAction = 'SharedVoicemail'; TimeoutTarget = $null; OverflowThreshold = $null; OverflowAction = $null; OverflowTarget = $null; VoicemailGroup = '=SUM(1,2) Sales: desk voicemail'; VoicemailNickname = 'vm-cq-sum-1-2-sales-desk'; VoicemailPrompt = 'Sorry, no one can take your call right now. Please leave a message after the tone.'; LanguageId = 'en-US'",
    );
    expect(waveGroupSetUps(voicemail.plan, 1, new Map(), voicemail.hunting).notes.filter((n) => n.result === 'ACTION')).toEqual([]);
    const script = waveRunbook(voicemail, voicemail.plan.waves[1]).text;
    expect(script).toContain("if ($q.TimeoutAction -eq 'SharedVoicemail' -or $q.OverflowAction -eq 'SharedVoicemail') { $voicemail = Resolve-VmpVoicemailGroup -Queue $q }");
    expect(script).toContain("New-MgGroup -DisplayName $Queue.VoicemailGroup -MailNickname $Queue.VoicemailNickname -MailEnabled:$true -SecurityEnabled:$false -GroupTypes @('Unified')");
    expect(script).toContain("$parameters[$Exit + 'SharedVoicemailTextToSpeechPrompt'] = $Queue.VoicemailPrompt");
    expect(script).toContain("$parameters['Enable' + $Exit + 'SharedVoicemailTranscription'] = $true");
    expect(script).toContain('-RoutingMethod $q.RoutingMethod -LanguageId $q.LanguageId');
    // Without Microsoft Graph (or when it refuses), the queue keeps Teams' default and a person is told how.
    expect(script).toMatch(/Write-Action -Target \$Queue\.Name -Step 'shared voicemail' -Result 'ACTION' -Before '' -After \('Microsoft Graph is not connected: \{0\}' -f \$byHand\)/);
  });
});
