/**
 * Per-item changes to the settings: each item is read and written under its own key, so a change to
 * one never touches another; a value is stored under its target's key whatever key it names.
 */
import { applySettingsChanges, readSettingsItem, writeSettingsItem } from '../../../shared/services/settings-patch';
import { namedQueueAccount } from '../../../shared/domain/migration-group-labels';

const desk = { groupId: 'hunt-group:Service Desk', account: 'ra-cq-desk@contoso.example' };
const care = { groupId: 'call-centre:Customer Care', account: 'ra-cq-care@contoso.example' };

describe("a call queue's resource account as one settings item", () => {
  it('is read by group id, added last, replaced in place and removed; the last one removed drops the list', () => {
    const target = { kind: 'call-queue-account' as const, groupId: desk.groupId };
    expect(readSettingsItem({}, target)).toBeNull();
    const one = writeSettingsItem({}, target, desk);
    expect(one.callQueueAccounts).toEqual([desk]);
    const two = writeSettingsItem(one, { kind: 'call-queue-account', groupId: care.groupId }, care);
    expect(two.callQueueAccounts).toEqual([desk, care]);
    const changed = { ...desk, account: 'ra-cq-helpdesk@contoso.example' };
    expect(writeSettingsItem(two, target, changed).callQueueAccounts).toEqual([changed, care]);
    expect(readSettingsItem(two, target)).toEqual(desk);
    const removed = writeSettingsItem(one, target, null);
    expect('callQueueAccounts' in removed).toBe(false);
    // The input is never changed.
    expect(one.callQueueAccounts).toEqual([desk]);
  });

  it("conflicts only when that queue's account changed since it was read", () => {
    const stored = { callQueueAccounts: [desk] };
    const target = { kind: 'call-queue-account' as const, groupId: desk.groupId };
    const stale = applySettingsChanges(stored, [{ target, expected: null, value: { ...desk, account: 'mine@contoso.example' } }]);
    expect(stale.conflicts).toEqual([{ target, current: desk, expected: null, submitted: { ...desk, account: 'mine@contoso.example' } }]);
    expect(stale.settings).toBe(stored);
    // Another queue's account, from the same old read: no conflict.
    const other = applySettingsChanges(stored, [{ target: { kind: 'call-queue-account', groupId: care.groupId }, expected: null, value: care }]);
    expect(other.conflicts).toEqual([]);
    expect(other.settings.callQueueAccounts).toEqual([desk, care]);
  });
});

describe("a value is stored under its target's key", () => {
  it('whatever site, group or person the value names', () => {
    const site = writeSettingsItem({}, { kind: 'site-attributes', siteId: 'paris' }, { siteId: 'berlin', pbxStays: true });
    expect(site.sites).toEqual([{ siteId: 'paris', pbxStays: true }]);
    const decision = writeSettingsItem({}, { kind: 'site-decision', siteId: 'paris' }, { siteId: 'berlin', path: 'PBX' });
    expect(decision.decisions?.sites).toEqual([{ siteId: 'paris', path: 'PBX' }]);
    const queue = writeSettingsItem({}, { kind: 'call-queue-account', groupId: desk.groupId }, { ...care });
    expect(queue.callQueueAccounts).toEqual([{ groupId: desk.groupId, account: care.account }]);
    // A person's key compares without case: the value's spelling is kept when it names the same person.
    const same = writeSettingsItem({}, { kind: 'user-override', user: 'Ann@contoso.example' }, { user: 'ann@contoso.example', path: 'CP', reason: 'x' });
    expect(same.decisions?.users).toEqual([{ user: 'ann@contoso.example', path: 'CP', reason: 'x' }]);
    const other = writeSettingsItem({}, { kind: 'user-override', user: 'ann@contoso.example' }, { user: 'bob@contoso.example', path: 'CP', reason: 'x' });
    expect(other.decisions?.users).toEqual([{ user: 'ann@contoso.example', path: 'CP', reason: 'x' }]);
  });
});

describe('namedQueueAccount', () => {
  it("finds a queue's entry by its group, else by the other queue kind of the same name (one queue), never for other kinds", () => {
    const twin = { groupId: 'call-centre:service desk', account: 'ra-cq-desk@contoso.example' };
    expect(namedQueueAccount([desk, care], desk.groupId)).toBe(desk);
    expect(namedQueueAccount([twin], 'hunt-group:Service Desk')).toBe(twin);
    expect(namedQueueAccount([desk, twin], 'call-centre:service desk')).toBe(twin);
    expect(namedQueueAccount([desk], 'hunt-group:Help Desk')).toBeUndefined();
    expect(namedQueueAccount([{ groupId: 'pickup-group:Service Desk', account: 'x@contoso.example' }], 'pickup-group:Service Desk')).toBeUndefined();
  });
});
