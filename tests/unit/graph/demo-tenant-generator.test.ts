import { createHash } from 'node:crypto';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { parseBusinessPhone } from '../../../shared/domain/phone-parsing';

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('generateDemoTenant', () => {
  it('is deterministic: same seed and size -> identical tenant; another seed -> another tenant', () => {
    const a = generateDemoTenant({ users: 600, seed: 42 });
    const b = generateDemoTenant({ users: 600, seed: 42 });
    const c = generateDemoTenant({ users: 600, seed: 43 });
    expect(digest(a)).toBe(digest(b));
    expect(digest(c)).not.toBe(digest(a));
    expect(c.users.map((u) => u.id)).not.toEqual(a.users.map((u) => u.id));
  });

  it.each([50, 5000])('has what a realistic %i-user tenant has', (size) => {
    const t = generateDemoTenant({ users: size, seed: 1 });
    const users = t.users.filter((u) => !u.userPrincipalName!.startsWith('ra-'));
    expect(users).toHaveLength(size);
    expect(t.sites.length).toBeGreaterThanOrEqual(10);
    expect(t.sites.length).toBeLessThanOrEqual(40);
    expect(new Set(t.sites.map((s) => s.countryCode)).size).toBeGreaterThanOrEqual(8);
    for (const s of t.sites) expect(s.address.street && s.address.postalCode && s.address.city).toBeTruthy();
    expect(new Set(t.users.map((u) => u.id)).size).toBe(t.users.length);
    expect(new Set(t.users.map((u) => u.userPrincipalName)).size).toBe(t.users.length);
    expect(t.users.some((u) => u.displayName!.startsWith('='))).toBe(true);
    expect(t.users.some((u) => /<[a-z]+[^>]*>/i.test(u.displayName!))).toBe(true);
    expect(t.users.some((u) => /[^\x00-\x7f]/.test(u.displayName!))).toBe(true);
    expect(t.people.some((p) => p.kind === 'resourceAccount')).toBe(true);
    const numberTypes = new Map(t.numberAssignments.map((n) => [n.numberType, n.isoCountryCode]));
    expect(numberTypes.get('operatorConnect')).toBe('GB');
    expect(numberTypes.get('directRouting')).toBe('DE');
    if (size >= 5000) {
      expect(t.people.some((p) => p.teamsPhone === 'none')).toBe(true);
      expect(t.users.some((u) => u.usageLocation === null)).toBe(true);
      expect(t.users.some((u) => u.accountEnabled === false && !u.userPrincipalName!.startsWith('ra-'))).toBe(true);
      expect(t.numberAssignments.some((n) => n.numberSource === 'onPremises')).toBe(true);
    }
    // The PBX side: every person line names its owner; non-person devices exist; blocks cover every DID.
    const deviceTypes = new Set(t.pbx.lines.map((l) => l.deviceType));
    for (const d of ['fax', 'elevator', 'door', 'paging', 'common-area']) expect(deviceTypes.has(d as never)).toBe(true);
    const inBlock = (did: string) => t.pbx.didBlocks.some((b) => b.firstNumber.length === did.length && did >= b.firstNumber && did <= b.lastNumber);
    for (const l of t.pbx.lines) if (l.did) expect(inBlock(l.did)).toBe(true);
    for (const b of t.pbx.didBlocks) expect(inBlock(b.btn)).toBe(true);
    const extensions = new Set(t.pbx.lines.map((l) => `${l.siteId}/${l.extension}`));
    expect(extensions.size).toBe(t.pbx.lines.length);
  });

  it('generates DIDs that are valid numbers in their country', () => {
    const t = generateDemoTenant({ users: 3000, seed: 2 });
    const bad = t.pbx.lines.filter((l) => l.did && !parseBusinessPhone(l.did).valid).map((l) => l.did);
    expect(bad).toEqual([]);
  });
});
