/** Import errors or warnings, each with the file, row and column it was found in. */
import { makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { ImportIssue } from '../../api-types';

const useStyles = makeStyles({
  tableWrap: { overflowX: 'auto', maxHeight: '420px', overflowY: 'auto' },
});

export function IssueTable({ issues, label }: { issues: ImportIssue[]; label: string }) {
  const styles = useStyles();
  return (
    <div className={styles.tableWrap}>
      <Table size="extra-small" aria-label={label}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>File</TableHeaderCell>
            <TableHeaderCell>Row</TableHeaderCell>
            <TableHeaderCell>Column</TableHeaderCell>
            <TableHeaderCell>Reason</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {issues.map((i, n) => (
            <TableRow key={n}>
              <TableCell>{i.file}</TableCell>
              <TableCell>{i.row || 'file'}</TableCell>
              <TableCell>{i.column ?? '–'}</TableCell>
              <TableCell>{i.reason}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
