import { readJsonFile } from '../input-files';
import { CliError, EXIT, GlobalOptions, printResult, resolveTenantIdOrUnsynced } from '../cli-context';
import { withStore, withTenantStore } from '../open-store';
import type { ColumnMapping } from '../../shared/pbx/column-mapping';
import { parseColumnMapping } from '../../shared/pbx/column-mapping';
import type { PbxImportReport } from '../../shared/pbx/import-report';
import { openTableFile } from '../../shared/pbx/open-table';
import { TableReadError } from '../../shared/pbx/table-source';
import { importPbxInventory } from '../../shared/services/pbx-import-service';
import { previewPbxImport, type PbxImportPreview } from '../../shared/services/pbx-import-preview';
import { counted } from '../../shared/domain/counted';

export interface ImportPbxOptions {
  lines: string;
  blocks?: string;
  mapping?: string;
  defaultCountry?: string;
  /** Read, check and compare with the stored inventory; store nothing. */
  dryRun?: boolean;
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
  const where = `${i.file}${i.row ? ` row ${i.row}` : ''}`;
  // A whole-file problem's reason already starts with the file (and row): say it once.
  if (!i.column && i.reason.startsWith(`${i.file}`)) return `  ${i.reason}`;
  return `  ${where}${i.column ? ` [${i.column}]` : ''}: ${i.reason}`;
}

/** The one line on stderr that says a refused import stored nothing (the report itself is on stdout). */
function refusedLine(errors: number, dryRun: boolean): void {
  process.stderr.write(`vmp: ${dryRun ? 'dry run: these files cannot be imported' : 'the PBX import was rejected'}: ${counted(errors, 'error')}, each with its file and row in the report; nothing was stored.\n`);
}

function humanReport(r: PbxImportReport): string {
  const c = r.counts;
  const out = [
    r.accepted ? `Imported ${c.lines} lines and ${c.blocks} blocks (${c.numbersInBlocks} numbers).` : `Rejected: ${counted(c.errors, 'error')}; nothing was stored.`,
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
  for (const m of r.mainNumbers ?? []) out.push(`Main number ${m.number}: ${counted(m.lines, 'line')} ring${m.lines === 1 ? 's' : ''} through it (no DID of ${m.lines === 1 ? 'its' : 'their'} own).`);
  for (const d of r.derivedDids ?? []) out.push(`DIDs derived: ${d.rule} (${counted(d.lines, 'line')}).`);
  if (r.errors.length) out.push('Errors:', ...r.errors.map(issueText));
  if (r.accepted && r.ambiguous.length) out.push('Ambiguous (pick the person):', ...r.ambiguous.slice(0, 20).map((l) => `  row ${l.row} ${l.lineId}: ${l.explanation}`));
  if (r.accepted && r.unmatched.length) out.push(`Unmatched: ${r.unmatched.length} (see --json for all).`);
  if (r.warnings.length) out.push('Warnings:', ...r.warnings.slice(0, 20).map(issueText));
  return out.join('\n');
}

/** Why a dry run for a tenant not synced yet matches nobody, and what to do before the import itself. */
function notSyncedNote(tenantId: string, db: string): string {
  return `tenant ${tenantId} is not synced yet in ${db}, so nobody is matched: sync it (\`vmp sync\`) before the import itself, which refuses a tenant the database does not hold.`;
}

/** The preview as text: what would be stored, the first lines, and what it would replace. */
function humanPreview(p: PbxImportPreview): string {
  const c = p.counts;
  const out = [
    p.accepted ? 'Dry run: nothing was stored. Importing these files would store:' : `Dry run: these files cannot be imported (${counted(c.errors, 'error')}); nothing was stored.`,
    `  ${c.lines} lines (${c.extensions} with an extension, ${c.dids} with a DID), ${c.blocks} blocks (${c.numbersInBlocks} numbers), ${c.groups} migration groups.`,
    `  Lines: ${c.matched} matched, ${c.unmatched} unmatched, ${c.ambiguous} ambiguous, ${c.nonPerson} non-person${c.unassigned ? `, ${c.unassigned} spare` : ''}. Warnings: ${c.warnings}.`,
  ];
  if (p.layout) out.push(`  Read as: ${p.layout.name}${p.layout.source ? ` (columns as in ${p.layout.source})` : ''}.`);
  if (p.devicesByType.length) out.push(`  Devices: ${p.devicesByType.map((d) => `${d.devices} ${d.deviceType}`).join(', ')}.`);
  if (p.groupsByKind.length) out.push(`  Groups: ${p.groupsByKind.map((g) => `${g.groups} ${g.kind}`).join(', ')}.`);
  if (c.forwarding) out.push(`  Forwarding: ${counted(c.forwarding, 'line')} forward their calls; each cutover runbook sets them in Teams.`);
  if (c.callerIds) out.push(`  Caller ID: ${counted(c.callerIds, 'line')} show another number than their own, or none; each cutover runbook grants a caller ID policy to match.`);
  if (p.firstLines.length) {
    out.push(`First ${p.firstLines.length} lines as they would be stored:`);
    for (const l of p.firstLines) {
      const number = l.did ?? (l.mainNumber ? `via ${l.mainNumber}` : '-');
      out.push(`  row ${l.row}  ${l.extension ?? '-'}  ${number}  ${l.owner ?? '(no owner)'} [${l.match}]  ${l.site ?? '-'}  ${l.deviceType}${l.devices > 1 ? ` x${l.devices}` : ''}${l.groups.length ? `  groups: ${l.groups.join('; ')}` : ''}`);
    }
  }
  const r = p.replaces;
  if (!r.imported) out.push('Replaces: nothing (no inventory imported yet).');
  else {
    out.push(`Replaces: inventory version ${r.version}, ${r.files.lines}${r.files.blocks ? ` + ${r.files.blocks}` : ''}, imported ${r.importedAt} by ${r.importedBy} (${r.counts.lines} lines, ${r.counts.blocks} blocks).`);
    if (r.lines) out.push(`  Lines: ${r.lines.added} added, ${r.lines.removed} removed, ${r.lines.changed} changed, ${r.lines.unchanged} unchanged.`);
  }
  if (p.errors.length) out.push('Errors:', ...p.errors.slice(0, 50).map(issueText));
  if (p.warnings.length) out.push('Warnings:', ...p.warnings.slice(0, 20).map(issueText));
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
  const request = { lines, moreLines, blocks, mapping, defaultCountry: cmd.defaultCountry };
  if (cmd.dryRun) {
    // A dry run stores nothing, so it may check a customer's PBX files before the tenant's first sync:
    // an unknown --tenant is then previewed as a tenant without users, whose lines match nobody.
    await withStore(options, async (store) => {
      const { tenantId, synced } = await resolveTenantIdOrUnsynced(store, options);
      // The same preview the tab shows before it replaces the inventory.
      const preview = await previewPbxImport(store, tenantId, request, { now: new Date() });
      const note = synced ? undefined : notSyncedNote(tenantId, options.db);
      printResult(options, note ? { ...preview, tenantSynced: false, note } : preview, () => (note ? `${humanPreview(preview)}\nNote: ${note}` : humanPreview(preview)));
      if (!preview.accepted) {
        refusedLine(preview.counts.errors, true);
        process.exitCode = EXIT.badInput;
      }
    });
    return;
  }
  await withTenantStore(options, async (store, tenantId) => {
    const report = await importPbxInventory(
      store,
      tenantId,
      request,
      { actor: 'cli', now: new Date() },
    );
    printResult(options, report, () => humanReport(report));
    if (!report.accepted) {
      refusedLine(report.counts.errors, false);
      process.exitCode = EXIT.badInput;
    }
  });
}
