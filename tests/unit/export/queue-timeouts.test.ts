/**
 * Where a call queue sends a call nobody answered (queue-timeouts.ts): as its PBX group did, read from
 * the export's no-answer destination and maximum hunt time; a person is told where Teams cannot.
 */
import type { GroupHuntingRecord } from '../../../shared/domain/pbx-inventory';
import type { Plan, WaveMember } from '../../../shared/domain/plan';
import { ExtensionDirectory, queueTimeout } from '../../../shared/export/queue-timeouts';
import { waveRunbook } from '../../../shared/export/runbooks';
import { waveGroupSetUps } from '../../../shared/export/group-set-ups';
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
  });

  it('forwards to the number the PBX still answers for someone moving later, and says to change it after their wave', () => {
    const later = at({ huntNoAnswer: { kind: 'extension', extension: '2002' } });
    expect(later.timeout).toEqual({ seconds: 30, action: 'Forward', target: 'tel:+12065552002' });
    expect(later.step).toMatch(/extension 2002 \(later@contoso\.com\), who moves in wave 3: the queue forwards to \+12065552002 until then; make later@contoso\.com the timeout target after that wave$/);
  });

  it('leaves to a person what Teams cannot do alone: voicemail, and an extension of no one in the plan', () => {
    for (const h of [{ huntNoAnswer: { kind: 'voicemail' as const } }, { huntNoAnswer: { kind: 'extension' as const, extension: '2003' } }, { huntNoAnswer: { kind: 'extension' as const, extension: '9999' } }]) {
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

describe('the runbook', () => {
  it("creates the queue with the timeout, forwarding to a user by id or to a number, and lists a person's step as an ACTION", () => {
    const input = buildFixtureInput();
    const record = (i: typeof input) => waveRunbook(i, i.plan.waves[1]).text.split('\n').find((l) => l.includes("ResourceAccount = 'cq-"))!;
    expect(record(input)).toContain('TimeoutSeconds = $null; TimeoutAction = $null; TimeoutTarget = $null');
    const text = waveRunbook(input, input.plan.waves[1]).text;
    expect(text).toContain("if ($q.TimeoutAction) { $timeout.TimeoutThreshold = $q.TimeoutSeconds; $timeout.TimeoutAction = $q.TimeoutAction }");
    expect(text).toContain("elseif ($q.TimeoutAction -eq 'Forward') { $timeout.TimeoutActionTarget = [string](Get-CsOnlineUser -Identity $q.TimeoutTarget).Identity }");
    expect(text).toContain('@alert @timeout');
    const forwarded = { ...input, hunting: new Map([[HOSTILE_GROUP, { huntNoAnswer: { kind: 'number' as const, number: '+13035550100' }, huntMaxSeconds: 40 }]]) };
    expect(record(forwarded)).toContain("TimeoutSeconds = 40; TimeoutAction = 'Forward'; TimeoutTarget = 'tel:+13035550100'");
    const voicemail = { ...input, hunting: new Map([[HOSTILE_GROUP, { huntNoAnswer: { kind: 'voicemail' as const } }]]) };
    expect(record(voicemail)).toContain('TimeoutSeconds = $null; TimeoutAction = $null');
    expect(waveGroupSetUps(voicemail.plan, 1, new Map(), voicemail.hunting).notes).toContainEqual(
      expect.objectContaining({ result: 'ACTION', step: expect.stringMatching(/^the PBX sent unanswered calls to voicemail: give the queue a shared voicemail/) }),
    );
  });
});
