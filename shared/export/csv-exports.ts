/**
 * The CSVs Microsoft tools and carriers take: DR number upload lists (one file per upload order, at
 * most 10,000 numbers each, the limit of New-CsOnlineDirectRoutingTelephoneNumberUploadOrder), port
 * order number lists with a `PhoneNumber` column (at most 999 numbers per file, the Teams admin center
 * limit), and the complete SBC routing table in force after each wave.
 */
import { ExportInput, FILE_NAMES } from './export-input';
import { buildLookups } from './export-model';
import { csvDocument } from './csv';
import { routingTables } from './sbc-routing-table';
import { E164 } from './powershell';

export const DR_UPLOAD_MAX_NUMBERS = 10000;
export const PORT_ORDER_MAX_NUMBERS = 999;

export interface GeneratedCsv {
  file: string;
  kind: 'dr-upload' | 'port-order' | 'sbc-routing';
  wave?: number;
  text: string;
}

function chunks<T>(items: T[], size: number): T[][] {
  if (items.length === 0) return [[]];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface CsvOptions {
  /** Restrict to one wave (the routing table after that wave, its orders). */
  wave?: number;
}

/** A CSV the export will write, its text made only when it is written. */
export interface PlannedCsv extends Omit<GeneratedCsv, 'text'> {
  text(): string;
}

/** Every CSV with its text. */
export function csvExports(input: ExportInput, options: CsvOptions = {}): GeneratedCsv[] {
  return plannedCsvs(input, options).map(({ text, ...csv }) => ({ ...csv, text: text() }));
}

/**
 * Every CSV, each text made when asked: a 100,000-user plan has over a thousand order files (~16 MB of
 * text) that the export writes a few at a time, so they are never all in memory together.
 */
export function plannedCsvs(input: ExportInput, options: CsvOptions = {}): PlannedCsv[] {
  const { plan } = input;
  const lookups = buildLookups(input);
  const inScope = (waveNumber: number) => options.wave === undefined || options.wave === waveNumber;
  const files: PlannedCsv[] = [];
  const used = new Set<string>();
  const unique = (name: string) => {
    let candidate = name;
    for (let i = 2; used.has(candidate); i++) candidate = name.replace(/\.csv$/, `-${i}.csv`);
    used.add(candidate);
    return candidate;
  };

  for (const order of plan.uploadOrders) {
    if (!inScope(order.waveNumber)) continue;
    chunks(order.numbers, DR_UPLOAD_MAX_NUMBERS).forEach((part, i) => {
      files.push({
        file: unique(FILE_NAMES.drUpload(order.id, i + 1)),
        kind: 'dr-upload',
        wave: order.waveNumber,
        text: () => csvDocument([{ header: 'TelephoneNumber', kind: 'e164' }], part.map((n) => [n])),
      });
    });
  }
  for (const order of plan.portOrders) {
    if (!inScope(order.waveNumber)) continue;
    chunks(order.numbers, PORT_ORDER_MAX_NUMBERS).forEach((part, i) => {
      files.push({
        file: unique(FILE_NAMES.portOrder(order.id, i + 1)),
        kind: 'port-order',
        wave: order.waveNumber,
        text: () => csvDocument([{ header: 'PhoneNumber', kind: 'e164' }], part.map((n) => [n])),
      });
    });
  }
  const columns = [
    { header: 'Order' },
    { header: 'NumberOrPattern', kind: 'e164' as const },
    { header: 'Kind' },
    { header: 'Target' },
    { header: 'Via' },
    { header: 'SbcFqdn' },
    { header: 'Operator' },
    { header: 'BlockId' },
    { header: 'EffectiveFrom' },
    { header: 'Description' },
  ];
  for (const table of routingTables(plan)) {
    if (options.wave !== undefined && table.afterWave !== options.wave) continue;
    files.push({
      file: unique(FILE_NAMES.sbcRouting(table.afterWave)),
      kind: 'sbc-routing',
      wave: table.afterWave < 0 ? undefined : table.afterWave,
      text: () => csvDocument(
        columns,
        table.rules.map((r, i) => [
          i + 1,
          r.pattern,
          r.kind,
          r.target,
          r.via,
          r.sbcId ? lookups.sbcFqdn(r.sbcId) : '',
          r.operatorId ? lookups.operatorName(r.operatorId) : '',
          r.blockId ?? '',
          table.effectiveFrom,
          r.description,
        ]),
      ),
    });
  }
  return files;
}

/** Numbers in an order that are not strict E.164: reported by the export instead of silently mangled. */
export function invalidOrderNumbers(input: ExportInput): { orderId: string; number: string }[] {
  const bad: { orderId: string; number: string }[] = [];
  for (const o of [...input.plan.uploadOrders, ...input.plan.portOrders]) {
    for (const n of o.numbers) if (!E164.test(n)) bad.push({ orderId: o.id, number: n });
  }
  return bad;
}
