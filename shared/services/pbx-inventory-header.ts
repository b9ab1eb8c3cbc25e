/**
 * The stored PBX inventory's small document: when and how the last import ran and what it counted. Its
 * own module, apart from the import (pbx-import-service.ts), so that a reader of the counts (`vmp status`)
 * loads no parser.
 */
import type { ImportIssue } from '../domain/pbx-inventory';
import type { PbxImportReport } from '../pbx/import-report';
import type { Store } from '../store/store';

export const PBX_INVENTORY_DOCUMENT = 'pbx-inventory';

export interface PbxInventoryHeader {
  importedAt: string;
  importedBy: string;
  files: PbxImportReport['files'];
  counts: PbxImportReport['counts'];
  dids: PbxImportReport['dids'];
  warnings: ImportIssue[];
  /** The vendor layout the lines file was read as (absent for imports before layouts were recognised). */
  layout?: { id?: string; name: string };
}

export async function loadInventoryHeader(store: Store, tenantId: string): Promise<PbxInventoryHeader | undefined> {
  return (await store.getDocument<PbxInventoryHeader>(tenantId, PBX_INVENTORY_DOCUMENT))?.data;
}
