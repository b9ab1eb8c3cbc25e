/**
 * What the tab's column-mapping form shows before an import: the lines export's header as detected, the
 * vendor layout it is, and the field each column would feed under a mapping. Reads the header rows only.
 */
import { LINE_FIELDS } from './column-aliases';
import type { ColumnMapping, ColumnUse } from './column-mapping';
import { resolveLineColumns } from './column-mapping';
import { findHeader } from './header-row';
import type { TableSource } from './table-source';

export interface ColumnPreview {
  headerRow: number;
  layout?: { id: string; name: string; source: string };
  columns: ColumnUse[];
  /** The fields a mapping may name (in the order the form lists them). */
  fields: readonly string[];
}

export async function previewLineColumns(source: TableSource, mapping?: ColumnMapping): Promise<ColumnPreview> {
  const found = await findHeader(source, resolveLineColumns, (c) => c.index.extension !== undefined || c.index.did !== undefined || c.uses.length > 0, mapping, 'PBX lines');
  await found.rest.return?.();
  const { layout, uses } = found.columns;
  return {
    headerRow: found.headerRow,
    ...(layout && { layout: { id: layout.id, name: layout.name, source: layout.source } }),
    columns: uses,
    fields: LINE_FIELDS,
  };
}
