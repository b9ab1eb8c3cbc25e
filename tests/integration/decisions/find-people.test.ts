/** Settings name people by object id or UPN; validation finds just those people, by index, not by reading everyone. */
import { findPeople, saveSnapshot, SNAPSHOT_DOCUMENT } from '../../../shared/services/snapshot-repository';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { person, site, snapshot } from '../../unit/decisions/fixtures';

const people = Array.from({ length: 50 }, (_, i) => person(`p${i}`, { userPrincipalName: `User.${i}@Contoso.example`, siteId: 'sea' }));
const snap = snapshot(people, [site('sea', 'US')]);

describe('findPeople', () => {
  it('finds people by object id or UPN (any case) and leaves out unknown names', async () => {
    const store = new SqliteStore(':memory:');
    await saveSnapshot(store, snap, 'test');
    const found = await findPeople(store, snap.tenantId, ['p3', 'user.7@contoso.EXAMPLE', 'nobody@contoso.example', 'p3']);
    expect(found.map((p) => p.id).sort()).toEqual(['p3', 'p7']);
    await store.close();
  });

  it('still finds people in a snapshot stored before people were keyed by UPN', async () => {
    const store = new SqliteStore(':memory:');
    await store.upsertTenant(snap.tenantId, 'Contoso');
    await store.commit(snap.tenantId, 'old-version', [
      { type: 'replace-collection', collection: 'snapshot.people', items: people.map((p) => ({ id: p.id, data: p })) },
      { type: 'put-document', kind: SNAPSHOT_DOCUMENT, data: { takenAt: snap.takenAt } },
    ]);
    const found = await findPeople(store, snap.tenantId, ['USER.9@contoso.example', 'p1', 'ghost']);
    expect(found.map((p) => p.id).sort()).toEqual(['p1', 'p9']);
    await store.close();
  });
});
