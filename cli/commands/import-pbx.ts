import { readJsonFile } from '../input-files';
import { CliError, EXIT, GlobalOptions, printResult } from '../cli-context';
import { withTenantStore } from '../open-store';
import type { ColumnMapping } from '../../shared/pbx/column-mapping';
import { parseColumnMapping } from '../../shared/pbx/column-mapping';
import type { PbxImportReport } from '../../shared/pbx/import-report';
import { openTableFile } from '../../shared/pbx/open-table';
import { TableReadError } from '../../shared/pbx/table-source';
import { importPbxInventory } from '../../shared/services/pbx-import-service';

export interface ImportPbxOptions {
  lines: string;
  blocks?: string;
  mapping?: string;
  defaultCountry?: string;
}

function readMapping(file: string): ColumnMapping {
  const value = readJsonFile(file, 'column mapping');
  try {
    return parseColumnMapping(value, `column mapping ${file}`);
  } catch (err) {
    throw new CliError((err as Error).message, EXIT.badInput);
  }
}

function issueText(i: PbxImportReport['errors'][number]): string {
  return `  ${i.file}${i.row ? ` row ${i.row}` : ''}${i.column ? ` [${i.column}]` : ''}: ${i.reason}`;
}

function humanReport(r: PbxImportReport): string {
  const c = r.counts;
  const out = [
    r.accepted ? `Imported ${c.lines} lines and ${c.blocks} blocks (${c.numbersInBlocks} numbers).` : `Rejected: ${c.errors} error(s); nothing was stored.`,
  ];
  for (const l of r.layouts ?? (r.layout ? [r.layout] : [])) {
    out.push(`Read ${r.layouts ? `${l.file} ` : ''}as: ${l.name}${l.source ? ` (columns as in ${l.source})` : ''}.`);
  }
  out.push(
    `Lines: ${c.matched} matched, ${c.unmatched} unmatched, ${c.ambiguous} ambiguous, ${c.nonPerson} non-person${c.unassigned ? `, ${c.unassigned} spare (unassigned)` : ''}.`,
    `Migration groups: ${c.groups}. Warnings: ${c.warnings}.`,
  );
  for (const l of r.layouts ?? (r.layout ? [r.layout] : [])) {
    if (l.columns.length) out.push(`Columns${r.layouts ? ` of ${l.file}` : ''}:`, ...l.columns.map((u) => `  ${u.header}: ${u.fields.length ? u.fields.join(', ') : u.note}`));
  }
  for (const m of r.mainNumbers ?? []) out.push(`Main number ${m.number}: ${m.lines} line(s) ring through it (no DID of their own).`);
  for (const d of r.derivedDids ?? []) out.push(`DIDs derived: ${d.rule} (${d.lines} line(s)).`);
  if (r.errors.length) out.push('Errors:', ...r.errors.map(issueText));
  if (r.accepted && r.ambiguous.length) out.push('Ambiguous (pick the person):', ...r.ambiguous.slice(0, 20).map((l) => `  row ${l.row} ${l.lineId}: ${l.explanation}`));
  if (r.accepted && r.unmatched.length) out.push(`Unmatched: ${r.unmatched.length} (see --json for all).`);
  if (r.warnings.length) out.push('Warnings:', ...r.warnings.slice(0, 20).map(issueText));
  return out.join('\n');
}

export async function runImportPbx(options: GlobalOptions, cmd: ImportPbxOptions): Promise<void> {
  const mapping = cmd.mapping ? readMapping(cmd.mapping) : undefined;
  let lines;
  let moreLines;
  let blocks;
  try {
    // Several lines files of one PBX, comma-separated (a SfB users export with its common-area phones...).
    const [first, ...more] = cmd.lines.split(',').map((f) => f.trim()).filter(Boolean);
    lines = openTableFile(first ?? cmd.lines);
    moreLines = more.map((f) => openTableFile(f));
    blocks = cmd.blocks ? openTableFile(cmd.blocks) : undefined;
  } catch (err) {
    if (err instanceof TableReadError) throw new CliError(err.message, EXIT.badInput);
    throw err;
  }
  await withTenantStore(options, async (store, tenantId) => {
    const report = await importPbxInventory(
      store,
      tenantId,
      { lines, moreLines, blocks, mapping, defaultCountry: cmd.defaultCountry },
      { actor: 'cli', now: new Date() },
    );
    printResult(options, report, () => humanReport(report));
    if (!report.accepted) process.exitCode = EXIT.badInput;
  });
}
