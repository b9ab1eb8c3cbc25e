/**
 * The History page's words for entries without a settings diff: each payload the services write gives
 * a title and its facts; a payload of an older or odd shape gives what it can and never throws.
 */
import { describeAuditEntry } from '../../../shared/services/audit-entry-words';

const entry = (action: string, after: unknown, before: unknown = null, kind = 'x') => ({ action, kind, before, after });

describe('describeAuditEntry', () => {
  it('a sync: how the users were read, its counts in the title and each count as a fact', () => {
    const words = describeAuditEntry(entry('sync-full', { people: 100_079, users: 100_000, resourceAccounts: 79, teamsPhoneEnabled: 98_956, sites: 40, numbers: 15_239, unmappedPeople: 7_695, warnings: 0 }));
    expect(words.title).toBe('Tenant synced (every user read): 100,000 users, 40 sites');
    expect(words.facts).toEqual([
      'Users: 100,000',
      'Resource accounts: 79',
      'Teams Phone licensed: 98,956',
      'Sites: 40',
      'Teams numbers: 15,239',
      'Not mapped to a site: 7,695',
      'Warnings: 0',
    ]);
    expect(describeAuditEntry(entry('sync-delta', { users: 1, sites: 1 })).title).toBe('Tenant synced (changes since the last sync): 1 user, 1 site');
  });

  it('a plan build: waves, the settings version, the day planned for and what moved since the plan before', () => {
    const words = describeAuditEntry(entry('plan.build', { settingsVersion: 3, today: '2026-11-16', waves: 37, unmet: 2, moved: 120 }, { version: 4, settingsVersion: 2, waves: 36 }));
    expect(words.title).toBe('Rollout plan built: 37 waves from settings version 3');
    expect(words.facts).toEqual(['Planned on: 2026-11-16', 'Waves: 37 (the plan before had 36)', 'Constraints not met: 2', 'People in another wave than in the plan before: 120']);
  });

  it('a PBX import: its files, lines and blocks, and the size of the inventory it replaced', () => {
    const words = describeAuditEntry(
      entry(
        'import-pbx',
        { importedAt: '2026-12-01T10:00:00Z', files: { lines: 'cucm-phones.csv', blocks: 'did-blocks.csv' }, counts: { lines: 1_334, blocks: 10, numbersInBlocks: 1_000, groups: 49, matched: 1_300, unmatched: 0, ambiguous: 0, nonPerson: 34 } },
        { counts: { lines: 1_200 } },
      ),
    );
    expect(words.title).toBe('PBX inventory imported: 1,334 lines, 10 number blocks');
    expect(words.facts).toEqual([
      'Files: cucm-phones.csv (lines), did-blocks.csv (blocks)',
      'Lines: 1,334',
      'Lines matched to a user: 1,300',
      'Lines matched to no user: 0',
      'Lines matching several users: 0',
      'Devices and shared lines: 34',
      'Number blocks: 10',
      'Numbers in the blocks: 1,000',
      'Groups: 49',
      'Lines in the inventory it replaced: 1,200',
    ]);
  });

  it('site rules saved and applied', () => {
    expect(describeAuditEntry(entry('site-rules.save', { version: 2, rules: [{}, {}] }))).toEqual({ title: 'Site mapping rules saved as version 2', facts: ['Rules: 2'] });
    expect(describeAuditEntry(entry('site-rules.apply', { rulesVersion: 2, peopleMoving: 310, unmappedBefore: 400, unmappedAfter: 90, sites: 41 }))).toEqual({
      title: 'Site mapping rules version 2 applied to the stored tenant',
      facts: ['People whose site changed: 310', 'Sites: 41', 'People without a site: 400 before, 90 after'],
    });
  });

  it('a PBX column mapping: each field and the header it is read from', () => {
    const words = describeAuditEntry(entry('pbx-mapping.save', { mapping: { lines: { extension: 'DN', did: { column: 'External Phone Number Mask', stripBefore: '+' } }, blocks: { carrier: 'Provider' } } }));
    expect(words).toEqual({ title: 'PBX column mapping saved', facts: ['Lines: extension <- "DN", did <- "External Phone Number Mask"', 'Blocks: carrier <- "Provider"'] });
    expect(describeAuditEntry(entry('pbx-mapping.save', { mapping: {} })).facts).toEqual(["No columns mapped: the headers are read as the vendors' exports name them"]);
  });

  it('portfolio changes name the customer (its tenant id where an older entry recorded no name) and who was given what', () => {
    const tenantId = '6d656d6f-6375-4e61-816e-740000000001';
    expect(describeAuditEntry(entry('portfolio.link', { tenantId, displayName: 'Fabrikam' })).title).toBe('Customer Fabrikam added to the portfolio');
    expect(describeAuditEntry(entry('portfolio.unlink', null, { tenantId, displayName: 'Fabrikam', grants: 3 }))).toEqual({
      title: 'Customer Fabrikam removed from the portfolio',
      facts: [`Customer tenant: ${tenantId}`, 'Access grants removed with it: 3'],
    });
    expect(describeAuditEntry(entry('portfolio.grant', { tenantId, principal: { kind: 'upn', id: 'ops@msp.example' }, role: 'admin' }, { tenantId, role: 'viewer' }))).toEqual({
      title: `Access granted: ops@msp.example as admin for customer ${tenantId}`,
      facts: [`Customer tenant: ${tenantId}`, 'Role before: viewer'],
    });
    expect(describeAuditEntry(entry('portfolio.revoke', null, { tenantId, displayName: 'Fabrikam', principal: { kind: 'group', id: 'g-1' }, role: 'viewer' })).title).toBe(
      'Access removed: group g-1 (viewer) for customer Fabrikam',
    );
    expect(describeAuditEntry(entry('portfolio.graph-access', { tenantId, displayName: 'Fabrikam', graphAccess: 'delegated' }, { graphAccess: 'app-only' })).title).toBe(
      'Graph access for customer Fabrikam set to delegated (was app-only)',
    );
    expect(describeAuditEntry(entry('portfolio.sbcs', [{ fqdn: 'sbc1.msp.example' }, { fqdn: 'sbc2.msp.example' }], []))).toEqual({
      title: 'Shared SBCs saved: 2 SBCs (was 0)',
      facts: ['SBCs: sbc1.msp.example, sbc2.msp.example'],
    });
  });

  it("a customer's consent to an MSP names the MSP, and a revoke says a link stays", () => {
    const msp = 'aaaaaaaa-1111-4111-8111-111111111111';
    const other = 'dddddddd-4444-4444-8444-444444444444';
    expect(describeAuditEntry(entry('msp-consent.allow', { mspTenantId: msp, displayName: 'Northwind MSP' }, { mspTenantId: other, displayName: other }))).toEqual({
      title: `MSP Northwind MSP (${msp}) allowed to link this tenant`,
      facts: [`Replaces the consent given to ${other}`],
    });
    expect(describeAuditEntry(entry('msp-consent.revoke', null, { mspTenantId: msp }))).toEqual({
      title: `Consent withdrawn: MSP ${msp} may no longer link this tenant`,
      facts: ['A link made before stays until the MSP or the operator unlinks the tenant'],
    });
  });

  it('reminders stopped from the tab: which conversation, named as Teams gave it, and what it was sent', () => {
    const stopped = { kind: 'channel', teamName: 'Voice project', channelName: 'Cutovers', subscribedBy: 'Pat Lead', cutovers: { offsetsDays: [3, 1] }, drift: true };
    expect(describeAuditEntry(entry('reminders.stop', null, stopped))).toEqual({
      title: 'Reminders stopped in the channel "Cutovers" of team "Voice project"',
      facts: ['Was sent cutover reminders 3 days and 1 day before each wave, with the blockers still open', 'Was sent a summary when a sync finds drift'],
    });
    expect(describeAuditEntry(entry('reminders.stop', null, { kind: 'personal', subscribedBy: 'Pat Lead', orders: { offsetsDays: [0] }, drift: false })).title).toBe("Reminders stopped in Pat Lead's personal chat");
    expect(describeAuditEntry(entry('reminders.stop', null, { kind: 'groupChat' })).title).toBe('Reminders stopped in a group chat');
    // Asked in the conversation itself: set up, changed, stopped.
    expect(describeAuditEntry(entry('reminders.subscribe', { kind: 'groupChat', chatName: 'Cutover crew', subscribedBy: 'Pat Lead', cutovers: { offsetsDays: [1] }, drift: false }))).toEqual({
      title: 'Reminders set up in the group chat "Cutover crew"',
      facts: ['Sends cutover reminders 1 day before each wave, with the blockers still open'],
    });
    expect(describeAuditEntry(entry('reminders.change', { kind: 'personal', subscribedBy: 'Pat Lead', drift: true }, { kind: 'personal', subscribedBy: 'Pat Lead', drift: false })).title).toBe(
      "Reminders changed in Pat Lead's personal chat",
    );
    expect(describeAuditEntry(entry('reminders.unsubscribe', null, { kind: 'channel', drift: true }))).toEqual({ title: 'Reminders stopped in a channel, asked there', facts: ['Was sent a summary when a sync finds drift'] });
  });

  it('reminders paused when Teams refuses a conversation, and resumed: where, what Teams answered, how it came back', () => {
    const channel = { kind: 'channel', teamName: 'Voice project', channelName: 'Cutovers', subscribedBy: 'Pat Lead', drift: true };
    const paused = { ...channel, pausedSince: '2026-02-10T03:00:00.000Z', reason: 'Teams refused the message (403 BotDisabledByAdmin)' };
    expect(describeAuditEntry(entry('reminders.pause', paused))).toEqual({
      title: 'Reminders paused in the channel "Cutovers" of team "Voice project": Teams refused them',
      facts: ['Teams answered: Teams refused the message (403 BotDisabledByAdmin)', 'Sent again when someone writes to the bot there, or tried once a week by the next notification run with something due'],
    });
    expect(describeAuditEntry(entry('reminders.resume', { ...channel, resumedBy: 'retry' }, paused))).toEqual({
      title: 'Reminders resumed in the channel "Cutovers" of team "Voice project": a notification run tried again and Teams delivered',
      facts: ['Paused since 2026-02-10 03:00 UTC'],
    });
    expect(describeAuditEntry(entry('reminders.resume', { ...channel, resumedBy: 'message' }, null)).title).toBe('Reminders resumed in the channel "Cutovers" of team "Voice project": someone wrote to the bot there');
  });

  it("an order's state set, changed or cleared: the order, where it stands now and before", () => {
    const submitted = { orderId: 'PO-W2-A-100-1', kind: 'port', via: 'Lumen', waveNumber: 2, state: 'submitted', reference: 'LUMEN-881' };
    expect(describeAuditEntry(entry('orders.track', submitted))).toEqual({ title: 'Port order PO-W2-A-100-1 submitted (ref. LUMEN-881)', facts: ['Carrier: Lumen'] });
    expect(describeAuditEntry(entry('orders.track', { ...submitted, state: 'rejected', note: 'BTN mismatch' }, submitted))).toEqual({
      title: 'Port order PO-W2-A-100-1 rejected (ref. LUMEN-881)',
      facts: ['Carrier: Lumen', 'Note: BTN mismatch', 'Was submitted (ref. LUMEN-881)'],
    });
    expect(describeAuditEntry(entry('orders.track', null, { orderId: 'UO-W1-sbc-1', kind: 'upload', via: 'sbc-1', state: 'uploaded' })).title).toBe('Upload order UO-W1-sbc-1 open again (no longer uploaded)');
  });

  it('odd or unknown payloads give what they can and never throw', () => {
    for (const odd of [null, undefined, 'text', 42, [], { users: 'many' }, { counts: null, files: ['a'] }, { principal: 'x' }]) {
      for (const action of ['sync-full', 'plan.build', 'import-pbx', 'pbx-mapping.save', 'site-rules.save', 'site-rules.apply', 'portfolio.grant', 'portfolio.revoke', 'portfolio.sbcs', 'portfolio.link', 'msp-consent.allow', 'msp-consent.revoke', 'reminders.stop', 'reminders.subscribe', 'reminders.change', 'reminders.unsubscribe', 'reminders.pause', 'reminders.resume', 'orders.track']) {
        const words = describeAuditEntry(entry(action, odd, odd));
        expect(typeof words.title).toBe('string');
        expect(words.facts.every((f) => typeof f === 'string')).toBe(true);
      }
    }
    expect(describeAuditEntry(entry('sync-full', { users: 'many' })).title).toBe('Tenant synced (every user read)');
    expect(describeAuditEntry(entry('plan.build', null)).title).toBe('Rollout plan built');
    expect(describeAuditEntry(entry('something.new', {}, null, 'thing'))).toEqual({ title: 'something.new (thing)', facts: [] });
  });
});
