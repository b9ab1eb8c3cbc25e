/**
 * What "hostile text stayed text" means for each output, as checks the hostile-data suite runs on what
 * the real server produced: card text (Teams markdown), CSV cells (formula triggers), PowerShell (a
 * tokenizer: every value inside a single-quoted literal) and workbooks (exceljs cells, then LibreOffice's
 * own reading of them as CSV).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { E164 } from '../../shared/export/powershell';
import { scanPowerShell } from '../unit/export/ps-scan';
import { EVIL_HOST } from './hostile-tenant';
import { convertToCsv, readCsv } from './libreoffice';

// --- Adaptive Card text ---------------------------------------------------------------------------

/** Every TextBlock text, FactSet title/value and action title of a card, with where it is. */
export function cardStrings(card: unknown): { at: string; text: string }[] {
  const out: { at: string; text: string }[] = [];
  const walk = (x: unknown, at: string): void => {
    if (Array.isArray(x)) return x.forEach((v, i) => walk(v, `${at}/${i}`));
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push({ at, text: o.text });
    if (o.type === 'FactSet' && Array.isArray(o.facts)) for (const f of o.facts as { title: string; value: string }[]) out.push({ at: `${at}/fact`, text: `${f.title}\u0000${f.value}` });
    for (const [k, v] of Object.entries(o)) walk(v, `${at}/${k}`);
  };
  walk(card, '');
  return out;
}

/**
 * What is wrong with one piece of Teams markdown: a link or image that would render (`[..](..)`,
 * `![..](..)` with the brackets unescaped) or an autolink; in a plain message (which renders some HTML,
 * unlike a card's TextBlock) also a raw HTML tag. Backslash-escaped characters are literal and skipped.
 */
export function cardMarkdownProblems(text: string, kind: 'card' | 'message' = 'card'): string[] {
  const problems: string[] = [];
  const unescaped = text.replace(/\\[\s\S]/g, '__');
  if (/\[[^\]]*\]\s*\(/.test(unescaped)) problems.push('a markdown link or image');
  if (/<https?:/i.test(unescaped)) problems.push('an autolink');
  if (kind === 'message' && /<\s*(img|script|a)\b/i.test(unescaped)) problems.push('an HTML tag');
  return problems;
}

/** Card problems: markdown that renders as a link, and text longer than a card should carry. */
export function cardProblems(card: unknown, maxChars: number): string[] {
  const problems: string[] = [];
  for (const { at, text } of cardStrings(card)) {
    for (const p of cardMarkdownProblems(text)) problems.push(`${at}: ${p}: ${JSON.stringify(text.slice(0, 200))}`);
    if (text.length > maxChars) problems.push(`${at}: ${text.length} characters (more than ${maxChars})`);
  }
  return problems;
}

// --- CSV --------------------------------------------------------------------------------------------

const FORMULA_START = /^[ \u00A0]*[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Cells a spreadsheet would read as a formula: a trigger first, and not a strict E.164 number. */
export function csvFormulaCells(csvText: string): string[] {
  const rows = parse(csvText, { relax_column_count: true }) as string[][];
  const bad: string[] = [];
  rows.forEach((row, r) => row.forEach((cell, c) => FORMULA_START.test(cell) && !E164.test(cell) && bad.push(`row ${r + 1} col ${c + 1}: ${JSON.stringify(cell.slice(0, 80))}`)));
  return bad;
}

export function csvCells(csvText: string): string[] {
  return (parse(csvText, { relax_column_count: true }) as string[][]).flat();
}

// --- PowerShell -------------------------------------------------------------------------------------

/** Fragments of the payloads that must never appear outside a single-quoted literal. */
const PS_FRAGMENTS = ['Remove-Item', EVIL_HOST, 'whoami', 'calc', 'alert(', 'onerror'];

export interface RunbookCheck {
  problems: string[];
  /** The decoded single-quoted literals (what PowerShell would hold in memory). */
  literals: string[];
}

/**
 * A script's data is safe when the tokenizer finds no unbalanced quote or bracket, no payload fragment
 * in code, double-quoted strings or comments, and no lone CR (PowerShell ends a line, and a comment, at
 * a bare CR too).
 */
export function checkRunbook(name: string, text: string): RunbookCheck {
  const scan = scanPowerShell(text);
  const problems = scan.errors.map((e) => `${name}: ${e}`);
  const outside = `${scan.code}\n${scan.doubleQuoted.join('\n')}`;
  for (const f of PS_FRAGMENTS) if (outside.includes(f)) problems.push(`${name}: "${f}" outside a single-quoted literal`);
  const comments = text.split('\n').flatMap((l) => {
    const noLiterals = l.replace(/'(?:[^'\u2018\u2019\u201A\u201B]|'')*'/g, "''");
    const at = noLiterals.indexOf('#');
    return at >= 0 ? [noLiterals.slice(at)] : [];
  });
  for (const c of comments) for (const f of PS_FRAGMENTS) if (c.includes(f)) problems.push(`${name}: "${f}" in a comment`);
  if (/\r(?!\n)/.test(text)) problems.push(`${name}: a CR that is not a line end`);
  // Inside a literal too: a bidirectional control makes an editor show the line reordered ("Trojan Source").
  if (/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/.test(text)) problems.push(`${name}: a bidirectional control character`);
  return { problems, literals: scan.literals };
}

// --- Workbooks --------------------------------------------------------------------------------------

export interface WorkbookCells {
  /** Cells written as formulas (must be none). */
  formulas: string[];
  /** Every text value, per sheet name. */
  text: Map<string, string[]>;
}

export async function workbookCells(file: string): Promise<WorkbookCells> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const formulas: string[] = [];
  const text = new Map<string, string[]>();
  wb.eachSheet((sheet) => {
    const values: string[] = [];
    sheet.eachRow((row, r) =>
      row.eachCell((cell, c) => {
        if (cell.type === ExcelJS.ValueType.Formula) formulas.push(`${sheet.name}!R${r}C${c}`);
        const v = cell.value as unknown;
        if (v && typeof v === 'object' && ('formula' in (v as object) || 'sharedFormula' in (v as object) || 'hyperlink' in (v as object))) formulas.push(`${sheet.name}!R${r}C${c} ${JSON.stringify(v).slice(0, 80)}`);
        if (typeof v === 'string') values.push(v);
      }),
    );
    text.set(sheet.name, values);
  });
  return { formulas, text };
}

/**
 * LibreOffice's reading of workbooks: every sheet of every file converted to CSV in one headless run.
 * Returns file stem + sheet -> rows.
 */
export async function libreOfficeSheets(files: string[], dir: string): Promise<Map<string, string[][]>> {
  const outDir = path.join(dir, 'lo-csv');
  await convertToCsv(files, outDir, { profileDir: path.join(dir, 'lo-profile'), everySheet: true });
  const sheets = new Map<string, string[][]>();
  for (const name of fs.readdirSync(outDir)) sheets.set(name.replace(/\.csv$/, ''), readCsv(path.join(outDir, name)));
  return sheets;
}
