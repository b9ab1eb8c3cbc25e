/**
 * The column-mapping form of the PBX import page: the lines export's header as the server reads it
 * (the vendor layout it recognised and the field each column feeds), a choice per column (as detected,
 * a field, or ignored), and the mapping saved for the tenant's next imports (versioned: a save over
 * someone else's newer mapping is a conflict, not an overwrite). The mapping itself stays the JSON the
 * import sends, so the form and the text box never disagree.
 */
import { useEffect, useState } from 'react';
import { Button, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import type { PbxColumnPreviewView } from '../../api-types';
import { ErrorBar } from '../../components/Feedback';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: '8px' },
  row: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  tableWrap: { overflowX: 'auto', maxHeight: '420px', overflowY: 'auto' },
});

/** The start of the export is enough to read its header. */
const HEAD_CHARS = 64 * 1024;
const AS_DETECTED = '';
const IGNORE = '__ignore';

type LineRules = Record<string, unknown> & { ignore?: string[] };
interface MappingShape {
  lines?: LineRules;
  blocks?: Record<string, unknown>;
}

function parseMapping(text: string): MappingShape | undefined {
  if (!text.trim()) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as MappingShape) : undefined;
  } catch {
    return undefined;
  }
}

/** The choice the mapping makes for a column: the field naming it, ignored, or as detected. */
function choiceOf(mapping: MappingShape, header: string): string {
  const lines = mapping.lines ?? {};
  if ((lines.ignore ?? []).some((h) => h.toLowerCase() === header.toLowerCase())) return IGNORE;
  for (const [field, rule] of Object.entries(lines)) {
    if (field !== 'ignore' && typeof rule === 'string' && rule.toLowerCase() === header.toLowerCase()) return field;
  }
  return AS_DETECTED;
}

/** The mapping with the column's choice changed (other rules kept as they are). */
function withChoice(mapping: MappingShape, header: string, choice: string): MappingShape {
  const lines: LineRules = { ...(mapping.lines ?? {}) };
  for (const [field, rule] of Object.entries(lines)) {
    if (field !== 'ignore' && typeof rule === 'string' && rule.toLowerCase() === header.toLowerCase()) delete lines[field];
  }
  const ignore = (lines.ignore ?? []).filter((h) => h.toLowerCase() !== header.toLowerCase());
  if (choice === IGNORE) ignore.push(header);
  else if (choice !== AS_DETECTED) lines[choice] = header;
  if (ignore.length > 0) lines.ignore = ignore;
  else delete lines.ignore;
  const next: MappingShape = { ...mapping, lines };
  if (Object.keys(lines).length === 0) delete next.lines;
  return next;
}

export function ColumnMappingForm({ api, linesCsv, mapping, onMappingChange }: { api: ApiClient; linesCsv: string; mapping: string; onMappingChange: (text: string) => void }) {
  const styles = useStyles();
  const [preview, setPreview] = useState<PbxColumnPreviewView>();
  const [version, setVersion] = useState<number | null>(null);
  const [savedNote, setSavedNote] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  // The tenant's saved mapping fills an empty mapping box, once, when the page opens.
  useEffect(() => {
    let live = true;
    api
      .pbxMapping()
      .then((saved) => {
        if (!live) return;
        setVersion(saved.version);
        if (saved.version !== null) {
          setSavedNote(`Saved mapping v${saved.version}${saved.savedBy ? ` by ${saved.savedBy}` : ''}`);
          if (Object.keys(saved.mapping).length > 0) onMappingChange(JSON.stringify(saved.mapping, null, 2));
        }
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
    // Only when the page opens: later edits are the admin's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);

  const parsed = parseMapping(mapping);

  async function readHeader() {
    setBusy(true);
    setError(undefined);
    try {
      if (!parsed) throw new Error('The column mapping is not valid JSON.');
      setPreview(await api.pbxColumns(linesCsv.slice(0, HEAD_CHARS), Object.keys(parsed).length ? parsed : undefined));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    setBusy(true);
    setError(undefined);
    try {
      if (!parsed) throw new Error('The column mapping is not valid JSON.');
      const saved = await api.savePbxMapping(parsed, version);
      setVersion(saved.version);
      setSavedNote(`Saved mapping v${saved.version} for the next imports`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function choose(header: string, choice: string) {
    if (!parsed) return;
    onMappingChange(JSON.stringify(withChoice(parsed, header, choice), null, 2));
  }

  return (
    <section className={styles.form} data-testid="pbx-mapping-form">
      <div className={styles.row}>
        <Button onClick={readHeader} disabled={busy || !linesCsv.trim()} data-testid="pbx-read-header">
          Read the header
        </Button>
        <Button onClick={save} disabled={busy || !parsed} data-testid="pbx-save-mapping">
          Save mapping for next imports
        </Button>
        {savedNote && (
          <Text className={styles.muted} data-testid="pbx-mapping-saved">
            {savedNote}
          </Text>
        )}
      </div>
      {error !== undefined && <ErrorBar title="Column mapping" error={error} />}
      {preview && (
        <>
          <Text data-testid="pbx-layout">
            {preview.layout ? `Recognised: ${preview.layout.name}` : 'Canonical columns (no vendor layout recognised)'} · header on row {preview.headerRow}
          </Text>
          <div className={styles.tableWrap}>
            <Table size="extra-small" aria-label="Columns of the lines export">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Column</TableHeaderCell>
                  <TableHeaderCell>Read as</TableHeaderCell>
                  <TableHeaderCell>Map to</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {preview.columns.map((c) => (
                  <TableRow key={c.header} data-testid="pbx-column">
                    <TableCell>{c.header}</TableCell>
                    <TableCell>{c.fields.length ? c.fields.join(', ') : c.note}</TableCell>
                    <TableCell>
                      <Select
                        aria-label={`Map column ${c.header}`}
                        value={parsed ? choiceOf(parsed, c.header) : AS_DETECTED}
                        onChange={(_e, d) => choose(c.header, d.value)}
                        disabled={!parsed}
                      >
                        <option value={AS_DETECTED}>As detected</option>
                        {preview.fields.map((f) => (
                          <option key={f} value={f}>
                            {f}
                          </option>
                        ))}
                        <option value={IGNORE}>Ignore</option>
                      </Select>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </>
      )}
    </section>
  );
}
