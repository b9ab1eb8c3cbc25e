/** The decision service over a real SQLite store: validation, optimistic concurrency, audit, decisions. */
import { computeDecisions } from '../../../shared/domain/decisions/compute-decisions';
import { createDecisionService, SettingsValidationError } from '../../../shared/services/decision-service';
import { createDecisionsRefresher, inlineExecutor } from '../../../shared/services/decisions-refresher';
import { loadSnapshot, saveSnapshot } from '../../../shared/services/snapshot-repository';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { ConcurrencyConflictError } from '../../../shared/store/store';
import { BASE, person, settings, site, snapshot } from '../../unit/decisions/fixtures';

const people = Array.from({ length: 30 }, (_, i) =>
  person(`p${i}`, { siteId: i % 2 ? 'sea' : 'lon', usageLocation: i % 2 ? 'US' : 'GB', businessPhones: i % 5 ? [{ raw: 'x', e164: `+1425555${1000 + i}`, valid: true }] : [] }),
);
const snap = snapshot(people, [site('sea', 'US'), site('lon', 'GB')]);

async function setup() {
  const store = new SqliteStore(':memory:', { now: () => new Date('2026-01-10T09:00:00Z') });
  await saveSnapshot(store, snap, 'test');
  return { store, service: createDecisionService(store, { refresher: createDecisionsRefresher(store, inlineExecutor(store)) }) };
}

describe('decision service', () => {
  it('shows defaults at version null before anything is saved', async () => {
    const { store, service } = await setup();
    expect(await service.getSettings('t1')).toMatchObject({ version: null, settings: { operators: [], decisions: { sites: [], users: [] } } });
    await store.close();
  });

  it('refuses invalid settings with every issue by JSON path and saves nothing', async () => {
    const { store, service } = await setup();
    const bad = { ...BASE, decisions: { sites: [{ siteId: 'sea', path: 'OC', operatorId: 'nope' }, { siteId: 'mars', path: 'CP' }] } };
    const err = await service.saveSettings('t1', 'alice', bad, null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SettingsValidationError);
    expect((err as SettingsValidationError).code).toBe('bad-input');
    expect((err as SettingsValidationError).issues.map((i) => i.path)).toEqual(['$.decisions.sites[0].operatorId', '$.decisions.sites[1].siteId']);
    expect((await service.getSettings('t1')).version).toBeNull();
    expect(await store.listAudit('t1')).toEqual([]);
    await store.close();
  });

  it('two saves from the same version: one wins, the other gets a conflict naming what changed; the audit has one entry', async () => {
    const { store, service } = await setup();
    const mine = { ...BASE, decisions: { sites: [{ siteId: 'sea', path: 'DR' as const, sbcId: 'sbc-1' }] } };
    const theirs = { ...BASE, traffic: { erlangPerUser: 0.08 } };
    const results = await Promise.allSettled([service.saveSettings('t1', 'alice', mine, null), service.saveSettings('t1', 'bob', theirs, null)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(ConcurrencyConflictError);
    const winnerIsAlice = results[0].status === 'fulfilled';
    expect(lost[0].reason.message).toMatch(winnerIsAlice ? /changed by alice/ : /changed by bob/);
    expect(lost[0].reason.message).toMatch(/Sections that differ between the saved version and yours: decisions\.sites, traffic\./);
    const stored = await service.getSettings('t1');
    expect(stored.version).toBe(1);
    expect(stored.settings).toEqual(settings(winnerIsAlice ? mine : theirs));
    const audit = await store.listAudit('t1');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: winnerIsAlice ? 'alice' : 'bob', action: 'settings.save', kind: 'planning-settings', at: '2026-01-10T09:00:00.000Z', before: null });
    // The saved settings, and what changed in words for the history (listed without the settings).
    expect(audit[0].after).toEqual({ version: 1, settings: stored.settings, changes: { count: expect.any(Number), preview: expect.any(Array) } });

    // The loser reloads, re-applies and saves: nothing of the winner's change is lost.
    const merged = { ...stored.settings, traffic: { erlangPerUser: 0.08, gradeOfService: 0.01 }, decisions: { sites: [{ siteId: 'sea', path: 'DR' as const, sbcId: 'sbc-1' }], users: [] } };
    expect(await service.saveSettings('t1', 'carol', merged, 1)).toEqual({ version: 2, issues: [] });
    const audit2 = await store.listAudit('t1');
    expect(audit2).toHaveLength(2);
    expect(audit2[0]).toMatchObject({ actor: 'carol', before: { version: 1 }, after: { version: 2 } });
    await store.close();
  });

  it('a save with a stale version is refused even when the content is the same', async () => {
    const { store, service } = await setup();
    await service.saveSettings('t1', 'alice', BASE, null);
    await service.saveSettings('t1', 'alice', { ...BASE, tenant: { mspDelivered: true } }, 1);
    const err = await service.saveSettings('t1', 'bob', BASE, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrencyConflictError);
    expect((err as Error).message).toMatch(/now version 2; you edited version 1.*Sections that differ.*: tenant\./);
    expect((await service.getSettings('t1')).settings.tenant.mspDelivered).toBe(true);
    await store.close();
  });

  it('computes decisions from the stored snapshot and settings, equal to the pure function, and pages readiness', async () => {
    const { store, service } = await setup();
    await service.saveSettings('t1', 'alice', { ...BASE, decisions: { sites: [{ siteId: 'lon', path: 'DR', sbcId: 'sbc-1' }] } }, null);
    const view = await service.getDecisions('t1');
    // The store returns people by id, so compare with the pure function over what was stored.
    const pure = computeDecisions((await loadSnapshot(store, 't1'))!, undefined, (await service.getSettings('t1')).settings);
    expect(view.recommendations).toEqual(pure.recommendations);
    expect(view.readiness).toEqual(pure.readiness);
    expect(view.settingsVersion).toBe(1);
    const noNumber = await service.listReadiness('t1', { code: 'no-number', limit: 2 });
    expect(noNumber.total).toBe(6);
    expect(noNumber.items).toHaveLength(2);
    const rest = await service.listReadiness('t1', { code: 'no-number', offset: 2, limit: 100 });
    expect([...noNumber.items, ...rest.items].map((g) => g.personId).sort()).toEqual(['p0', 'p10', 'p15', 'p20', 'p25', 'p5']);
    expect((await service.listReadiness('t1', { siteId: 'sea', code: 'no-number' })).items.every((g) => g.siteId === 'sea')).toBe(true);
    await store.close();
  });

  it('refuses settings for a tenant it does not know', async () => {
    const { store, service } = await setup();
    await expect(service.saveSettings('other', 'alice', BASE, null)).rejects.toMatchObject({ code: 'not-found' });
    await expect(service.getDecisions('other')).rejects.toMatchObject({ code: 'not-found' });
    await store.close();
  });

  it('keeps references the tenant lost since they were saved as warnings, so other saves go through; a new one is refused', async () => {
    const { store, service } = await setup();
    const lonDecision = { siteId: 'lon', path: 'DR' as const, sbcId: 'sbc-1' };
    const override = { user: 'p3', path: 'PBX' as const, reason: 'stays on the desk phone' };
    await service.saveSettings('t1', 'alice', { ...BASE, decisions: { sites: [lonDecision], users: [override] } }, null);
    // A sync later finds no London site and no p3.
    await saveSnapshot(store, snapshot(people.filter((p) => p.id !== 'p3').map((p) => (p.siteId === 'lon' ? { ...p, siteId: undefined } : p)), [site('sea', 'US')]), 'sync');

    const seattle = await service.changeSettingsItems('t1', 'bob', [{ target: { kind: 'site-decision', siteId: 'sea' }, expected: null, value: { siteId: 'sea', path: 'OC', operatorId: 'op-a' } }]);
    expect(seattle.version).toBe(2);
    expect(seattle.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(seattle.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'warning', code: 'unknown-site', path: '$.decisions.sites[0].siteId', message: expect.stringMatching(/"lon".*saved before the tenant changed/) }),
        expect.objectContaining({ severity: 'warning', code: 'unknown-user', path: '$.decisions.users[0].user' }),
      ]),
    );
    // The decisions still compute (the lost references are ignored) ...
    expect((await service.getDecisions('t1')).pathCounts).toBeDefined();
    // ... and a reference the save adds is still refused.
    const mars = await service
      .changeSettingsItems('t1', 'carol', [{ target: { kind: 'site-decision', siteId: 'mars' }, expected: null, value: { siteId: 'mars', path: 'CP' } }])
      .catch((e: unknown) => e);
    expect(mars).toBeInstanceOf(SettingsValidationError);
    expect((mars as SettingsValidationError).issues.filter((i) => i.severity === 'error')).toEqual([expect.objectContaining({ code: 'unknown-site', message: expect.stringMatching(/"mars"/) })]);
    expect((await service.getSettings('t1')).version).toBe(2);
    await store.close();
  });
});
