/**
 * A tenant larger than one Azure Table entity or transaction could ever hold, for the Azure store's
 * large-tenant test and bench/azure-store.bench.ts: people-sized records (~600 bytes of JSON), keyed
 * by site (`site:<n>`, `sites` sites) and state, with search text, plus a plan-sized artefact.
 */
import type { CollectionItem } from '../../../shared/store/store';

export interface BigPerson {
  id: string;
  n: number;
  upn: string;
  displayName: string;
  department: string;
  jobTitle: string;
  siteId: string;
  phone: string | null;
  licences: string[];
  blocked: boolean;
  notes: string;
}

const FIRST = ['Anna', 'Björn', 'Chloé', 'Dmitri', 'Eva', 'François', 'Grace', 'Hiro', 'Ines', 'Jürgen', 'Kofi', 'Lena'];
const LAST = ['Müller', 'Smith', 'García', 'Nakamura', 'Okafor', 'Rossi', 'Nowak', 'Svensson', 'Dubois', 'Chen'];
const DEPARTMENTS = ['Sales', 'Finance', 'Engineering', 'Support', 'Operations', 'Legal', 'Marketing'];

/** The id of person n: ids sort like n, so tests can say which records a page holds. */
export const personId = (n: number) => `person-${String(n).padStart(7, '0')}`;

export function bigPerson(n: number, sites: number): BigPerson {
  const first = FIRST[n % FIRST.length];
  const last = LAST[(n * 7) % LAST.length];
  return {
    id: personId(n),
    n,
    upn: `${first.toLowerCase()}.${last.toLowerCase()}.${n}@contoso.example`,
    displayName: `${first} ${last}`,
    department: DEPARTMENTS[n % DEPARTMENTS.length],
    jobTitle: `Specialist ${n % 40}`,
    siteId: `site-${n % sites}`,
    phone: n % 10 === 0 ? null : `+4930${String(n).padStart(8, '0')}`,
    licences: ['c7df2760-2c81-4ef7-b578-5b5392b571df', 'e43b5b99-8dfb-405f-9987-dc307f34bcbd', ...(n % 3 === 0 ? ['440eaaa8-b3e0-484b-a8be-62870b9ba70a'] : [])],
    blocked: n % 33 === 0,
    // Pads the record to a realistic person (~600 bytes of JSON).
    notes: `Migrated from PBX extension ${1000 + (n % 9000)}; voicemail on; hunt group ${n % 50}; ${'x'.repeat(150)}`,
  };
}

/** The people of the tenant as collection items, ids in order, keyed by site and state, with search text. */
export function* bigPeople(count: number, sites: number): Generator<CollectionItem & { data: BigPerson }> {
  for (let n = 0; n < count; n++) {
    const p = bigPerson(n, sites);
    yield {
      id: p.id,
      data: p,
      keys: [`site:${n % sites}`, p.blocked ? 'state:blocked' : 'state:ready'],
      search: `${p.displayName} ${p.upn} ${p.phone ?? ''}`.toLowerCase(),
    };
  }
}

/** A plan-sized artefact: canonical JSON of waves with their members, `bytes` long or a little more. */
export function bigPlanJson(bytes: number): Buffer {
  const waves: unknown[] = [];
  let size = 0;
  for (let w = 0; size < bytes; w++) {
    const members = Array.from({ length: 500 }, (_, i) => ({ id: personId(w * 500 + i), site: `site-${(w * 500 + i) % 2000}`, date: '2026-03-03' }));
    const wave = { wave: w + 1, name: `Wave ${w + 1} – Zürich`, members };
    size += JSON.stringify(wave).length;
    waves.push(wave);
  }
  return Buffer.from(JSON.stringify({ version: 7, waves }), 'utf8');
}
