/**
 * Invariants over generated Cisco CUCM phone exports (devices with up to three lines, shared directory
 * numbers, masks with and without X, owners or none): every DID lands on at most one line, every line
 * on at most one person, every directory number of every device is read, and each shared number is one
 * line that lists all its devices.
 */
import fc from 'fast-check';
import { runImport } from './run-import';

const HEADER = 'DEVICE NAME,DEVICE TYPE,DEVICE POOL,OWNER USER ID,DIRECTORY NUMBER 1,ROUTE PARTITION 1,EXTERNAL PHONE NUMBER MASK 1,DIRECTORY NUMBER 2,ROUTE PARTITION 2,EXTERNAL PHONE NUMBER MASK 2,DIRECTORY NUMBER 3,ROUTE PARTITION 3,EXTERNAL PHONE NUMBER MASK 3';

// A directory number has one mask wherever it appears (CUCM keeps the mask on the line, not the device).
const MASKS = ['42555501XX', '+1425555XXXX', '4255550100', '4255550199', ''];
const device = fc.record({
  type: fc.constantFrom('Cisco 8845', 'Cisco Unified Client Services Framework', 'Cisco ATA 191', 'Cisco Spark Remote Device'),
  pool: fc.constantFrom('DP_Seattle_Phones', 'DP_Seattle_Softphones', 'DP_Elsewhere'),
  owner: fc.option(fc.constantFrom('mbowen', 'adele.vance', 'alex.wilber', 'dsiciliani', 'nobody'), { nil: undefined }),
  dns: fc.uniqueArray(fc.integer({ min: 1000, max: 1015 }), { minLength: 1, maxLength: 3 }),
});
const maskOfDn = fc.array(fc.integer({ min: 0, max: MASKS.length - 1 }), { minLength: 16, maxLength: 16 });

const stats = { total: 0, accepted: 0 };

test('DIDs on at most one line, lines on at most one person, every directory number read', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(device, { minLength: 1, maxLength: 12 }), maskOfDn, async (generated, maskIndex) => {
      const devices = generated.map((d) => ({ ...d, lines: d.dns.map((n) => ({ dn: String(n), mask: MASKS[maskIndex[n - 1000]] })) }));
      const rows = devices.map((d, i) => {
        const cells = [`SEP${String(i).padStart(12, '0')}`, d.type, d.pool, d.owner ?? ''];
        for (let n = 0; n < 3; n++) {
          const l = d.lines[n];
          cells.push(l?.dn ?? '', l ? 'PT_Internal' : '', l?.mask ?? '');
        }
        return cells.join(',');
      });
      const result = await runImport([HEADER, ...rows].join('\n'), { defaultCountry: 'US' });
      const { inventory, report } = result;
      stats.total++;
      if (!report.accepted) {
        // Only structural errors reject: the same number twice on one device.
        for (const e of report.errors) expect(e.reason).toMatch(/duplicate line|shared extension|duplicate DID/);
        return;
      }
      stats.accepted++;
      const dids = inventory.lines.flatMap((l) => (l.did ? [l.did] : []));
      expect(new Set(dids).size).toBe(dids.length);
      for (const l of inventory.lines) expect(l.did === undefined || l.mainNumber === undefined).toBe(true);
      // One line per directory number (one partition), listing every device it is on.
      const wanted = new Map<string, Set<string>>();
      devices.forEach((d, i) => d.lines.forEach((l) => wanted.set(l.dn, (wanted.get(l.dn) ?? new Set()).add(`SEP${String(i).padStart(12, '0')}`))));
      expect(new Set(inventory.lines.map((l) => l.extension))).toEqual(new Set(wanted.keys()));
      expect(inventory.lines).toHaveLength(wanted.size);
      for (const l of inventory.lines) {
        const on = wanted.get(l.extension!)!;
        if (on.size > 1) expect(new Set(l.devices!.map((d) => d.name))).toEqual(on);
        else expect(l.devices).toBeUndefined();
        if (l.match.status === 'matched') expect(typeof l.match.personId).toBe('string');
        else expect(l.match.personId).toBeUndefined();
      }
      // Groups of appearances name only lines that exist.
      const ids = new Set(inventory.lines.map((l) => l.id));
      for (const g of inventory.groups) for (const id of g.lineIds) expect(ids.has(id)).toBe(true);
    }),
    { numRuns: 120 },
  );
  // The property is about accepted exports: most generated ones must be.
  expect(stats.accepted).toBeGreaterThan(stats.total / 2);
});
