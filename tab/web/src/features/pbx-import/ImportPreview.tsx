/**
 * What an import of the chosen files would store and replace, before anything is stored: counts, the
 * first lines as they will be stored (people and sites by name), the stored inventory it replaces and
 * how its lines change. The admin replaces the inventory or cancels from here.
 */
import type { Ref } from 'react';
import {
  Button,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title3,
  tokens,
} from '@fluentui/react-components';
import type { PbxImportPreviewView } from '../../api-types';
import { count, dateTime } from '../../format';
import { IssueTable } from './IssueTable';

const useStyles = makeStyles({
  preview: {
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
    padding: '16px',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  facts: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: '4px 16px', margin: 0 },
  fact: { display: 'flex', justifyContent: 'space-between', gap: '8px' },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, fontWeight: tokens.fontWeightSemibold },
  tableWrap: { overflowX: 'auto', maxHeight: '420px', overflowY: 'auto' },
  actions: { display: 'flex', gap: '8px' },
});

export function ImportPreview({
  preview,
  busy,
  onConfirm,
  onCancel,
  headingRef,
}: {
  preview: PbxImportPreviewView;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  headingRef: Ref<HTMLElement>;
}) {
  const styles = useStyles();
  const c = preview.counts;
  const r = preview.replaces;
  const facts: [string, number | undefined][] = [
    ['Lines', c.lines],
    ['With an extension', c.extensions],
    ['With a DID', c.dids],
    ['DID blocks', c.blocks],
    ['Numbers in blocks', c.numbersInBlocks],
    ['Migration groups', c.groups],
    ['Matched to users', c.matched],
    ['Unmatched', c.unmatched],
    ['Ambiguous', c.ambiguous],
    ['Non-person devices', c.nonPerson],
    ['Spare stations', c.unassigned ?? 0],
    ['Forwarding calls', c.forwarding],
    ['Showing another caller ID', c.callerIds],
    ['Warnings', c.warnings],
  ];
  return (
    <section className={styles.preview} aria-labelledby="pbx-preview-title" data-testid="pbx-preview" tabIndex={-1} ref={headingRef}>
      <Title3 as="h2" id="pbx-preview-title">
        Preview: nothing is stored until you replace the inventory
      </Title3>
      {preview.layout && <Text>Read as {preview.layout.name}{preview.layout.source ? ` (columns as in ${preview.layout.source})` : ''}.</Text>}
      <dl className={styles.facts} data-testid="pbx-preview-counts" aria-label="What the import would store">
        {facts.map(([label, value]) => (
          <div key={label} className={styles.fact}>
            <dt className={styles.term}>{label}</dt>
            <dd className={styles.value}>{count(value)}</dd>
          </div>
        ))}
      </dl>
      {preview.devicesByType.length > 0 && (
        <Text data-testid="pbx-preview-devices">Devices by type: {preview.devicesByType.map((d) => `${d.deviceType} ${count(d.devices)}`).join(' · ')}</Text>
      )}
      {preview.groupsByKind.length > 0 && <Text>Groups by kind: {preview.groupsByKind.map((g) => `${g.kind} ${count(g.groups)}`).join(' · ')}</Text>}

      <Title3 as="h3">First {count(preview.firstLines.length)} lines as they will be stored</Title3>
      <div className={styles.tableWrap}>
        <Table size="extra-small" aria-label="First lines as they will be stored" data-testid="pbx-preview-lines">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Row</TableHeaderCell>
              <TableHeaderCell>Extension</TableHeaderCell>
              <TableHeaderCell>Number</TableHeaderCell>
              <TableHeaderCell>Owner</TableHeaderCell>
              <TableHeaderCell>Match</TableHeaderCell>
              <TableHeaderCell>Site</TableHeaderCell>
              <TableHeaderCell>Device</TableHeaderCell>
              <TableHeaderCell>Groups</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {preview.firstLines.map((l, i) => (
              // A CUCM row can hold several lines (DIRECTORY NUMBER 1, 2...): the position keeps keys apart.
              <TableRow key={`${l.file}:${l.row}:${i}`}>
                <TableCell>{l.row}</TableCell>
                <TableCell>{l.extension ?? '–'}</TableCell>
                <TableCell>{l.did ?? (l.mainNumber ? `via ${l.mainNumber}` : '–')}</TableCell>
                <TableCell>{l.owner ?? (l.unassigned ? 'spare station' : '–')}</TableCell>
                <TableCell>{l.match}</TableCell>
                <TableCell>{l.site ?? '–'}</TableCell>
                <TableCell>{l.devices > 1 ? `${l.deviceType} ×${l.devices}` : l.deviceType}</TableCell>
                <TableCell>{l.groups.join('; ') || '–'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>

      <Title3 as="h3">What will be replaced</Title3>
      <Text data-testid="pbx-replaces">
        {r.imported
          ? `Inventory version ${r.version}: ${r.files.lines}${r.files.blocks ? ` and ${r.files.blocks}` : ''}, imported ${dateTime(r.importedAt)} by ${r.importedBy} ` +
            `(${count(r.counts.lines)} lines, ${count(r.counts.blocks)} blocks).` +
            (r.lines ? ` Lines: ${count(r.lines.added)} added, ${count(r.lines.removed)} removed, ${count(r.lines.changed)} changed, ${count(r.lines.unchanged)} unchanged.` : '')
          : 'Nothing: no inventory has been imported yet.'}
      </Text>

      {preview.warnings.length > 0 && (
        <>
          <Title3 as="h3">Warnings ({count(c.warnings)})</Title3>
          <IssueTable issues={preview.warnings} label="Preview warnings" />
        </>
      )}
      <div className={styles.actions}>
        <Button appearance="primary" onClick={onConfirm} disabled={busy} data-testid="pbx-confirm">
          {busy ? 'Importing…' : r.imported ? 'Replace the inventory' : 'Import'}
        </Button>
        <Button onClick={onCancel} disabled={busy} data-testid="pbx-cancel">
          Cancel
        </Button>
      </div>
    </section>
  );
}
