/** Display formatting shared by the pages. */
export { PATH_LABELS } from '../../../shared/domain/path-labels';

export function money(value: number | undefined, currency = 'USD'): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);
  } catch {
    return `${Math.round(value)} ${currency}`;
  }
}

/** One formatter for every count: making one costs far more than formatting (the grid formats many). */
const COUNT_FORMAT = new Intl.NumberFormat();

export function count(value: number | undefined): string {
  return value === undefined ? '–' : COUNT_FORMAT.format(value);
}

/** A count with its noun in the reader's digit grouping: "1 warning", "2,500 people". */
export function counted(value: number, one: string, many = `${one}s`): string {
  return `${count(value)} ${value === 1 ? one : many}`;
}

/** "1 person", "2,500 people". */
export function people(value: number): string {
  return counted(value, 'person', 'people');
}

/** "Wave 3", "Wave 0 (Pilot)", "Wave 4 (Retail stores)": the number always, the name where it says more. */
export function waveTitle(wave: { number: number; name: string }): string {
  return wave.name === `Wave ${wave.number}` ? wave.name : `Wave ${wave.number} (${wave.name})`;
}

export function dateTime(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '–';
}

/** yyyy-mm-dd of today in local time (the route simulator's default date). */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
