/** "Wave": all waves or one, by name and date - the filter the Blockers and Progress grids share. */
import { Field, Select } from '@fluentui/react-components';

export function WaveFilter(props: { waves: readonly { number: number; name: string; date: string }[]; value?: string; onChange: (wave: string | undefined) => void; disabled?: boolean; testId: string }) {
  return (
    <Field label="Wave">
      <Select value={props.value ?? ''} onChange={(_e, d) => props.onChange(d.value || undefined)} disabled={props.disabled} data-testid={props.testId}>
        <option value="">All waves</option>
        {props.waves.map((w) => (
          <option key={w.number} value={String(w.number)}>
            {w.name} ({w.date})
          </option>
        ))}
      </Select>
    </Field>
  );
}
