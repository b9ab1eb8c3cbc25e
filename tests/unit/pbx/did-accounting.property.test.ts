/**
 * Invariant: whatever the export holds, every DID of the input ends up in exactly one bucket
 * (matched, unmatched, ambiguous, non-person, error): nothing is dropped, nothing counted twice.
 */
import fc from 'fast-check';
import { DEVICE_TYPES } from '../../../shared/domain/pbx-inventory';
import type { TenantSnapshot } from '../../../shared/domain/tenant-snapshot';
import { normaliseDid } from '../../../shared/pbx/phone-number';
import { person } from './contoso-snapshot';
import { runImport } from './run-import';
import { seattleAndLondon, snapshotOf } from '../../support/snapshots';

const snapshot: TenantSnapshot = snapshotOf({
  tenantId: 't',
  tenantName: 'T',
  takenAt: '2026-01-01T00:00:00Z',
  people: Array.from({ length: 8 }, (_, i) =>
    person({
      id: `p${i}`,
      userPrincipalName: `u${i}@t.example`,
      displayName: `Person ${['Alpha', 'Beta', 'Gamma', 'Alpha'][i % 4]}`,
      siteId: i % 2 ? 'seattle' : 'london',
      businessPhones: i === 5 ? [{ raw: '+14255550105', e164: '+14255550105', valid: true }] : [],
    }),
  ),
  sites: seattleAndLondon(),
});
const COUNTRY: Record<string, string> = { Seattle: 'US', London: 'GB' };
const DEFAULT_COUNTRY = 'US';

const row = fc.record({
  extension: fc.option(fc.integer({ min: 1000, max: 1030 }).map(String), { nil: undefined }),
  did: fc.option(
    fc.oneof(
      fc.integer({ min: 100, max: 130 }).map((n) => `+14255550${n}`),
      fc.integer({ min: 100, max: 110 }).map((n) => `020 7946 0${n}`),
      fc.constantFrom('12', 'not-a-number', '+1 425 555'),
    ),
    { nil: undefined },
  ),
  owner: fc.option(fc.oneof(fc.integer({ min: 0, max: 9 }).map((i) => `u${i}@t.example`), fc.constantFrom('Person Alpha', 'Person Beta', 'Nobody')), { nil: undefined }),
  site: fc.constantFrom('Seattle', 'London', 'Mars', ''),
  deviceType: fc.constantFrom(...DEVICE_TYPES, 'Cisco 8845', 'teapot', ''),
  device: fc.option(fc.constantFrom('SEP1', 'SEP2', 'SEP3'), { nil: undefined }),
  boss: fc.option(fc.integer({ min: 1000, max: 1030 }).map(String), { nil: undefined }),
});

const csvCell = (v: string | undefined) => (v === undefined ? '' : /[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

test('every DID of the input lands in exactly one of matched / unmatched / ambiguous / non-person / main-number / error', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), async (rows) => {
      const body = rows.map((r) => {
        const upn = r.owner?.includes('@') ? r.owner : undefined;
        const name = upn ? undefined : r.owner;
        return [r.extension, r.did, upn, name, r.site, r.deviceType, r.device, r.boss].map(csvCell).join(',');
      });
      const csv = ['extension,did,owner_upn,owner_name,site,device_type,device_name,delegate_of', ...body].join('\n');
      const result = await runImport(csv, { snapshot, defaultCountry: DEFAULT_COUNTRY });

      // The DIDs of the input, keyed independently of the import: E.164 in the row's country, else as written.
      const expected = new Map<string, number[]>();
      rows.forEach((r, i) => {
        if (!r.did) return;
        const parsed = normaliseDid(r.did, COUNTRY[r.site] ?? DEFAULT_COUNTRY);
        const key = parsed.ok ? parsed.e164 : r.did;
        expected.set(key, [...(expected.get(key) ?? []), i + 2]);
      });
      const buckets = result.didBuckets;
      expect(new Set(buckets.keys())).toEqual(new Set(expected.keys()));
      // One bucket each (a Map), and the report's counts add up to the same DIDs.
      expect(Object.values(result.report.dids).reduce((a, b) => a + b, 0)).toBe(expected.size);

      const errorRows = new Set(result.report.errors.map((e) => e.row));
      for (const [did, rowsWithDid] of expected) {
        const bucket = buckets.get(did)!;
        if (rowsWithDid.some((r) => errorRows.has(r))) {
          expect(bucket).toBe('error');
        } else {
          // The row may be one appearance of a line on several devices: the line is the one holding the row.
          const first = result.inventory.lines.find((l) => l.source.row === rowsWithDid[0] || l.devices?.some((d) => d.row === rowsWithDid[0]));
          expect(first).toBeDefined();
          expect(bucket).toBe(first!.match.status);
          if (first!.deviceType !== 'ip-phone' && first!.deviceType !== 'softphone' && first!.deviceType !== 'other') expect(bucket).toBe('non-person');
        }
      }
      expect(result.report.accepted).toBe(result.report.counts.errors === 0);
      // Every DID lands on at most one line, and every line on at most one person.
      const holders = new Map<string, number>();
      for (const l of result.inventory.lines) if (l.did) holders.set(l.did, (holders.get(l.did) ?? 0) + 1);
      if (result.report.accepted) expect([...holders.values()].every((n) => n === 1)).toBe(true);
      for (const l of result.inventory.lines) expect(l.match.personId === undefined || typeof l.match.personId === 'string').toBe(true);
    }),
    { numRuns: 150 },
  );
});
