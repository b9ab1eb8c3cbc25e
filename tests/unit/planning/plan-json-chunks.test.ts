/**
 * The plan's canonical JSON written piece by piece (planJsonChunks) is the very text serializePlan(plan, 0)
 * builds whole: the stored plan artefact keeps its bytes while no 60 MB string is made.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Plan } from '../../../shared/domain/plan';
import { buildPlan } from '../../../shared/domain/planning/build-plan';
import { planJsonChunks, serializePlan } from '../../../shared/domain/planning/serialize-plan';
import { DirectoryArtefactStore, MemoryArtefactStore } from '../../../shared/store/artefact-stores';
import { smallTenantInputs } from './support/small-tenant';
import { syntheticInputs } from './support/synthetic-tenant';

const joined = (plan: unknown) => [...planJsonChunks(plan as Plan)].join('');

describe('planJsonChunks', () => {
  it('gives the bytes of serializePlan(plan, 0) for the small tenant', () => {
    const plan = buildPlan(smallTenantInputs());
    expect(joined(plan)).toBe(serializePlan(plan, 0));
  });

  it('hands a large plan out in several pieces of bounded size with the same bytes', () => {
    const plan = buildPlan(syntheticInputs({ seed: 7, sites: 12, usersPerSite: 400, blocksPerSite: 3, blockedShare: 0.1, groupShare: 0.2 }));
    const pieces = [...planJsonChunks(plan)];
    expect(pieces.length).toBeGreaterThan(10);
    // A piece closes once it holds ~48 K characters; one record more may follow.
    for (const p of pieces) expect(p.length).toBeLessThan(64 * 1024);
    expect(pieces.join('')).toBe(serializePlan(plan, 0));
  });

  it('writes what JSON.stringify writes for the odd values: undefined, functions, NaN, nested and sparse arrays', () => {
    const long = Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? undefined : i % 5 === 1 ? { b: 1, a: [3, undefined, { z: 1, y: undefined }] } : i % 5 === 2 ? null : i % 5 === 3 ? 'x"\u2028' : Number.NaN));
    const odd = {
      zeta: 1,
      alpha: { y: undefined, x: () => 1, w: [1, undefined, () => 2, [[]], {}], v: -0, u: 'é\n"\\' },
      list: long,
      // eslint-disable-next-line no-sparse-arrays
      sparse: [1, , 3],
      date: new Date(0),
      empty: [],
      bool: false,
    };
    expect(joined(odd)).toBe(serializePlan(odd as unknown as Plan, 0));
  });

  it('is stored whole by the in-memory artefact store', async () => {
    const plan = buildPlan(smallTenantInputs());
    const chunked = new MemoryArtefactStore();
    await chunked.putChunks('t', 'plan/1.json', planJsonChunks(plan));
    expect((await chunked.get('t', 'plan/1.json'))!.toString('utf8')).toBe(serializePlan(plan, 0));
  });

  it('is written to a folder aside and renamed, leaving no temporary file', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-artefacts-'));
    try {
      const plan = buildPlan(syntheticInputs({ seed: 3, sites: 6, usersPerSite: 300, blocksPerSite: 2 }));
      const store = new DirectoryArtefactStore(root);
      await store.putChunks('tenant-1', 'plan/000001-ab.json', planJsonChunks(plan));
      expect((await store.get('tenant-1', 'plan/000001-ab.json'))!.toString('utf8')).toBe(serializePlan(plan, 0));
      expect(await store.list('tenant-1', 'plan/')).toEqual(['plan/000001-ab.json']);
      expect(fs.readdirSync(path.join(root, 'tenant-1', 'plan'))).toEqual(['000001-ab.json']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
