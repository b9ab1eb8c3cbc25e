/** A CSV export, chosen as a file or pasted: the text the import sends. */
import { ChangeEvent, useState } from 'react';
import { Field, makeStyles, Textarea, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  csv: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, minHeight: '200px' },
});

function readFile(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}`));
    reader.readAsText(file, 'utf-8');
  });
}

export function CsvInput({ label, value, onChange, testId }: { label: string; value: string; onChange: (text: string, fileName?: string) => void; testId: string }) {
  const styles = useStyles();
  const [error, setError] = useState<string>();
  async function choose(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    setError(undefined);
    if (/\.xlsx$/i.test(file.name)) {
      setError('Excel files: export the sheet as CSV, or use the command vmp import-pbx, which reads .xlsx.');
      return;
    }
    try {
      onChange(await readFile(file), file.name);
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return (
    <Field label={label} validationMessage={error} validationState={error ? 'error' : 'none'}>
      <input type="file" accept=".csv,.txt,text/csv" onChange={choose} aria-label={`Choose a CSV file for ${label}`} data-testid={`${testId}-file`} />
      <Textarea
        className={styles.csv}
        textarea={{ className: styles.csv, spellCheck: false }}
        value={value}
        onChange={(_e, d) => onChange(d.value)}
        placeholder="…or paste the CSV here (first row: column names)"
        resize="vertical"
        data-testid={testId}
      />
    </Field>
  );
}
