/**
 * DID blocks sorted by number, with overlap detection and O(log n) lookup of the block holding a DID.
 * E.164 numbers of equal length compare as strings, so (length, text) order is numeric order.
 */
import type { NumberBlock } from '../domain/pbx-inventory';
import type { BlockDraft } from './block-row-parser';
import type { IssueLog } from './issue-log';

function compareE164(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export class BlockIndex {
  /** Sorted by first number; non-overlapping once `findOverlaps` reported nothing. */
  readonly blocks: NumberBlock[];

  constructor(blocks: NumberBlock[]) {
    this.blocks = [...blocks].sort((a, b) => compareE164(a.first, b.first) || compareE164(a.last, b.last) || a.source.row - b.source.row);
  }

  /** The block whose range holds the number, if any. */
  find(e164: string): NumberBlock | undefined {
    let lo = 0;
    let hi = this.blocks.length - 1;
    let candidate = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (compareE164(this.blocks[mid].first, e164) <= 0) {
        candidate = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (candidate < 0) return undefined;
    const b = this.blocks[candidate];
    return b.last.length === e164.length && compareE164(e164, b.last) <= 0 ? b : undefined;
  }

  /** Logs an error on the later row of every overlapping pair (a duplicate block is an overlap too). */
  reportOverlaps(file: string, column: string, issues: IssueLog): void {
    let reach: NumberBlock | undefined;
    for (const b of this.blocks) {
      if (reach && reach.last.length === b.first.length && compareE164(b.first, reach.last) <= 0) {
        const [earlier, later] = reach.source.row < b.source.row ? [reach, b] : [b, reach];
        issues.error(
          file,
          later.source.row,
          column,
          `overlapping blocks: ${later.first}..${later.last} overlaps ${earlier.first}..${earlier.last} on row ${earlier.source.row}`,
        );
      }
      if (!reach || reach.last.length !== b.last.length || compareE164(b.last, reach.last) > 0) reach = b;
    }
  }
}

export function blockFromDraft(d: BlockDraft, file: string): NumberBlock {
  const block: NumberBlock = {
    id: `${d.first}-${d.last}`,
    first: d.first,
    last: d.last,
    count: d.count,
    carrier: d.carrier,
    portConstraint: d.portConstraint,
    source: { file, row: d.row },
  };
  if (d.trunk) block.trunk = d.trunk;
  if (d.accountNumber) block.accountNumber = d.accountNumber;
  if (d.btn) block.btn = d.btn;
  if (d.partialPort) block.partialPort = true;
  if (d.portFreeze) block.portFreeze = true;
  if (d.siteName) block.siteName = d.siteName;
  if (d.siteId) block.siteId = d.siteId;
  if (d.currentDestination) block.currentDestination = d.currentDestination;
  if (d.extensions) block.extensions = d.extensions;
  return block;
}

/** The carrier account a row belongs to: its account number or, without one, its BTN (a BTN names one account). */
function accountKey(b: NumberBlock): string | undefined {
  if (b.accountNumber) return `account:${b.accountNumber}`;
  return b.btn ? `btn:${b.btn}` : undefined;
}

/**
 * A BTN written on any row belongs to the whole carrier account: every block of the account learns it,
 * and the block that holds it is flagged (a partial port must leave the BTN for the last order).
 *
 * A BTN in none of the account's blocks is an error on the row that wrote it, in the BTN column: a full
 * port of the account must take the BTN's line along, so the export is missing its block (or the BTN is
 * mistyped). Only a partial port leaves the BTN with the carrier, and a block row of the account must
 * then say so (Port Type = partial).
 */
export function assignBtns(index: BlockIndex, file: string, btnColumn: string, issues: IssueLog): void {
  const byAccount = new Map<string, { btn: string; row: number; label: string }>();
  const partialAccounts = new Set<string>();
  for (const b of [...index.blocks].sort((x, y) => x.source.row - y.source.row)) {
    const key = accountKey(b);
    if (!key) continue;
    if (b.partialPort) partialAccounts.add(key);
    if (!b.btn) continue;
    const known = byAccount.get(key);
    if (!known) byAccount.set(key, { btn: b.btn, row: b.source.row, label: b.accountNumber ? `account ${b.accountNumber}` : 'the account' });
    else if (known.btn !== b.btn) {
      issues.error(file, b.source.row, btnColumn, `account ${b.accountNumber} has BTN ${known.btn} on row ${known.row} but ${b.btn} here: an account has one BTN`);
    }
  }
  const btnPlaced = new Set<string>();
  for (const b of index.blocks) {
    const key = accountKey(b);
    const btn = (key ? byAccount.get(key)?.btn : undefined) ?? b.btn;
    if (!btn) continue;
    b.btn = btn;
    b.btnInBlock = btn.length === b.first.length && btn >= b.first && btn <= b.last;
    if (b.btnInBlock && key) btnPlaced.add(key);
  }
  for (const [key, { btn, row, label }] of byAccount) {
    if (btnPlaced.has(key) || partialAccounts.has(key)) continue;
    issues.error(
      file,
      row,
      btnColumn,
      `BTN ${btn} of ${label} lies in none of the account's blocks: a full port of the account must include the BTN's line, so add its block (or correct the BTN); ` +
        'if the account is ported in part and the BTN stays with the carrier, mark a block of the account "partial" in a Port Type column',
    );
  }
}
