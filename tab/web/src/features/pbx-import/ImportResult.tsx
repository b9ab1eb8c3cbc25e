/** The report of an import that was stored: counts, how the export was read, and the lines that need a person. */
import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Title3 } from '@fluentui/react-components';
import type { Ref } from 'react';
import type { PbxImportResult } from '../../api-types';
import { count } from '../../format';
import { IssueTable } from './IssueTable';

const COUNT_LABELS: [keyof PbxImportResult['counts'], string][] = [
  ['lines', 'Lines'],
  ['blocks', 'DID blocks'],
  ['numbersInBlocks', 'Numbers in blocks'],
  ['groups', 'Migration groups'],
  ['matched', 'Matched to users'],
  ['unmatched', 'Unmatched'],
  ['ambiguous', 'Ambiguous'],
  ['nonPerson', 'Non-person devices'],
  ['unassigned', 'Spare stations'],
  ['warnings', 'Warnings'],
];

const useStyles = makeStyles({
  tableWrap: { overflowX: 'auto', maxHeight: '420px', overflowY: 'auto' },
});

export function ImportResult({ result, headingRef }: { result: PbxImportResult; headingRef?: Ref<HTMLElement> }) {
  const styles = useStyles();
  return (
    <section data-testid="pbx-result" aria-labelledby="pbx-result-title" tabIndex={-1} ref={headingRef}>
      <MessageBar intent="success">
        <MessageBarBody>
          <MessageBarTitle id="pbx-result-title">Imported: the stored inventory was replaced</MessageBarTitle>
          {COUNT_LABELS.map(([k, label]) => `${label}: ${count(result.counts[k])}`).join(' · ')}
        </MessageBarBody>
      </MessageBar>
      {result.layout && (
        <>
          <Title3 as="h2">How the export was read</Title3>
          <Text data-testid="pbx-result-layout">
            {result.layout.name}
            {result.layout.source ? ` (columns as in ${result.layout.source})` : ''}
          </Text>
          <div className={styles.tableWrap}>
            <Table size="extra-small" aria-label="How each column was used">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Column</TableHeaderCell>
                  <TableHeaderCell>Used as</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {result.layout.columns.map((c) => (
                  <TableRow key={c.header}>
                    <TableCell>{c.header}</TableCell>
                    <TableCell>{c.fields.length ? c.fields.join(', ') : c.note}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          {(result.mainNumbers ?? []).map((m) => (
            <Text key={m.number} block>
              Main number {m.number}: {count(m.lines)} lines ring through it (no DID of their own).
            </Text>
          ))}
          {(result.derivedDids ?? []).map((d) => (
            <Text key={d.rule} block>
              DIDs derived from extensions: {d.rule} ({count(d.lines)} lines).
            </Text>
          ))}
        </>
      )}
      {(result.unassigned ?? []).length > 0 && (
        <>
          <Title3 as="h2">Spare stations: numbers to port or release ({count(result.counts.unassigned)})</Title3>
          <div className={styles.tableWrap}>
            <Table size="extra-small" aria-label="Spare stations" data-testid="pbx-spare">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Row</TableHeaderCell>
                  <TableHeaderCell>Extension</TableHeaderCell>
                  <TableHeaderCell>Number</TableHeaderCell>
                  <TableHeaderCell>Site</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {(result.unassigned ?? []).slice(0, 500).map((l) => (
                  <TableRow key={l.lineId}>
                    <TableCell>{l.row}</TableCell>
                    <TableCell>{l.extension ?? '–'}</TableCell>
                    <TableCell>{l.did ?? '–'}</TableCell>
                    <TableCell>{l.siteName ?? '–'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </>
      )}
      {[...(result.unmatched ?? []), ...(result.ambiguous ?? [])].length > 0 && (
        <>
          <Title3 as="h2">Lines that need a person ({count(result.counts.unmatched + result.counts.ambiguous)})</Title3>
          <div className={styles.tableWrap}>
            <Table size="extra-small" aria-label="Unmatched and ambiguous lines">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Row</TableHeaderCell>
                  <TableHeaderCell>Extension</TableHeaderCell>
                  <TableHeaderCell>DID</TableHeaderCell>
                  <TableHeaderCell>Owner</TableHeaderCell>
                  <TableHeaderCell>Site</TableHeaderCell>
                  <TableHeaderCell>Why</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {[...result.unmatched, ...result.ambiguous].slice(0, 500).map((l) => (
                  <TableRow key={l.lineId}>
                    <TableCell>{l.row}</TableCell>
                    <TableCell>{l.extension ?? '–'}</TableCell>
                    <TableCell>{l.did ?? '–'}</TableCell>
                    <TableCell>{l.owner ?? '–'}</TableCell>
                    <TableCell>{l.siteName ?? '–'}</TableCell>
                    <TableCell>{l.explanation}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </>
      )}
      {result.warnings && result.warnings.length > 0 && (
        <>
          <Title3 as="h2">Warnings ({count(result.counts.warnings)})</Title3>
          <IssueTable issues={result.warnings} label="Import warnings" />
        </>
      )}
    </section>
  );
}
