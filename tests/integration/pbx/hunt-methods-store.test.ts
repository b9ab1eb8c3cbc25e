/**
 * The hunting method and order read from the lines export reach the stored inventory's groups, and the
 * export reads them back in one pass over them (the call queues' routing and agent order).
 */
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { importPbxInventory } from '../../../shared/services/pbx-import-service';
import { readGroupHunting } from '../../../shared/services/pbx-record-reader';
import { csvTextSource } from '../../../shared/pbx/csv-table-reader';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { contosoSnapshot } from '../../unit/pbx/contoso-snapshot';

it('stores each hunt group with how it hunted and its hunt order, and reads back only those that say', async () => {
  const store = new SqliteStore(':memory:');
  try {
    const snapshot = contosoSnapshot();
    await saveSnapshot(store, snapshot, 'test');
    const lines = [
      'extension,did,owner_upn,site,device_type,hunt_groups,line_group_distribution_algorithm',
      '1001,+1 425 555 0101,megan.bowen@contoso.example,Seattle,ip-phone,Sales,Longest Idle Time',
      '1002,+1 425 555 0102,adele.vance@contoso.example,Seattle,ip-phone,Sales,Longest Idle Time',
      '1003,+1 425 555 0103,alex.wilber@contoso.example,Seattle,ip-phone,Support,',
    ].join('\n');
    const ordered = [
      'extension,did,owner_upn,site,device_type,hunt_groups,line_group_distribution_algorithm,line_selection_order,rna_reversion_timeout',
      '1001,+1 425 555 0101,megan.bowen@contoso.example,Seattle,ip-phone,Sales,Top Down,2,12',
      '1002,+1 425 555 0102,adele.vance@contoso.example,Seattle,ip-phone,Sales,Top Down,1,12',
      '1003,+1 425 555 0103,alex.wilber@contoso.example,Seattle,ip-phone,Support,,,',
    ].join('\n');
    const report = await importPbxInventory(store, snapshot.tenantId, { lines: csvTextSource(lines, 'lines.csv') }, { actor: 'test', now: new Date('2026-02-01T00:00:00Z') });
    expect(report.accepted).toBe(true);
    const hunting = await readGroupHunting(store, snapshot.tenantId);
    expect([...hunting]).toEqual([['hunt-group:Sales', { huntMethod: 'longest-idle' }]]);

    // A new import with each line's place in the hunt: the group's lines come back in that order.
    const again = await importPbxInventory(store, snapshot.tenantId, { lines: csvTextSource(ordered, 'lines.csv') }, { actor: 'test', now: new Date('2026-02-02T00:00:00Z') });
    expect(again.accepted).toBe(true);
    const reread = await readGroupHunting(store, snapshot.tenantId);
    expect([...reread.keys()]).toEqual(['hunt-group:Sales']);
    const sales = reread.get('hunt-group:Sales')!;
    expect(sales).toMatchObject({ huntMethod: 'top-down', huntRingSeconds: 12 });
    expect(sales.huntOrder!.map((id) => id.split('/').pop())).toEqual(['1002', '1001']);
  } finally {
    await store.close();
  }
});
