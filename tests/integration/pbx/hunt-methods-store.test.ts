/**
 * The hunting method read from the lines export reaches the stored inventory's groups, and the export
 * reads it back in one pass over them (the call queues' routing).
 */
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { importPbxInventory } from '../../../shared/services/pbx-import-service';
import { readGroupHuntMethods } from '../../../shared/services/pbx-record-reader';
import { csvTextSource } from '../../../shared/pbx/csv-table-reader';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { contosoSnapshot } from '../../unit/pbx/contoso-snapshot';

it('stores each hunt group with how it hunted, and reads back only those that say', async () => {
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
    const report = await importPbxInventory(store, snapshot.tenantId, { lines: csvTextSource(lines, 'lines.csv') }, { actor: 'test', now: new Date('2026-02-01T00:00:00Z') });
    expect(report.accepted).toBe(true);
    expect([...(await readGroupHuntMethods(store, snapshot.tenantId))]).toEqual([['hunt-group:Sales', 'longest-idle']]);
  } finally {
    await store.close();
  }
});
