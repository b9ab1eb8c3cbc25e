/** Runs the real import pipeline over CSV text (no store), as the tab API does. */
import { importPbxFiles, type PbxImportResult } from '../../../shared/pbx/import-pbx-files';
import { csvTextSource } from '../../../shared/pbx/csv-table-reader';
import type { ColumnMapping } from '../../../shared/pbx/column-mapping';
import type { TenantSnapshot } from '../../../shared/domain/tenant-snapshot';
import { contosoSnapshot } from './contoso-snapshot';

export const LINES_HEADER = 'extension,did,owner_upn,owner_name,site,device_type,device_name,hunt_groups,pickup_group,delegate_of,call_centre_agent';

export async function runImport(
  linesCsv: string,
  options: { blocksCsv?: string; mapping?: ColumnMapping; defaultCountry?: string; snapshot?: TenantSnapshot } = {},
): Promise<PbxImportResult> {
  return importPbxFiles({
    lines: csvTextSource(linesCsv, 'lines.csv'),
    blocks: options.blocksCsv === undefined ? undefined : csvTextSource(options.blocksCsv, 'blocks.csv'),
    mapping: options.mapping,
    defaultCountry: options.defaultCountry,
    snapshot: options.snapshot ?? contosoSnapshot(),
    importedAt: '2026-02-01T00:00:00.000Z',
  });
}
