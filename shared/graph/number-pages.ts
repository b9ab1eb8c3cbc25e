/**
 * Teams numbers read in `$skip` pages while a migration assigns numbers all day: the collection shifts
 * under the pager. Each page after the first starts on the last number of the page before (pages
 * overlap by one), which says whether the collection moved between the two reads:
 * - the overlap number is where it should be: nothing moved;
 * - the page starts on a number already read: numbers were added before it and some repeat - each is
 *   taken once, the later copy winning, and counted for a warning;
 * - the page starts on a number never read: numbers were removed before it and the ones that slid back
 *   across the boundary were skipped - the caller re-reads a bounded window before the page.
 */
import { GraphRequestError } from './graph-errors';
import type { GraphNumberAssignment } from './graph-types';
import { KeyedRecords } from './keyed-records';

export class NumberPages {
  private readonly records = new KeyedRecords<GraphNumberAssignment>();
  private lastKey?: string;
  /** Numbers returned again on a later page (not counting the intended one-number overlap). */
  get repeated(): number {
    return this.records.repeated;
  }
  /** Numbers only a re-read window found. */
  recovered = 0;
  /** Re-read windows requested. */
  windows = 0;
  /** Boundaries where the re-read windows ran out before reaching a number already read. */
  unresolved = 0;

  /**
   * Takes a page in order. `overlapping`: the page was requested to start on the previous page's last
   * number. Returns the page's first number when it is one never read instead: the numbers between the
   * previous page's last and it may have been skipped.
   */
  addPage(items: readonly GraphNumberAssignment[], overlapping: boolean, label: string, request: string): string | undefined {
    let slidBackTo: string | undefined;
    for (let i = 0; i < items.length; i++) {
      const n = items[i];
      const key = keyOf(n, label, i, request);
      if (i === 0 && overlapping) {
        if (key === this.lastKey) {
          this.records.take(key, n, { expected: true });
          continue;
        }
        if (!this.records.has(key)) slidBackTo = key;
      }
      // Page order holds, the later copy's data wins.
      this.records.take(key, n);
    }
    if (items.length > 0) this.lastKey = keyOf(items[items.length - 1], label, items.length - 1, request);
    return slidBackTo;
  }

  /**
   * Takes a window re-read around a page that slid back to `pageFirst`. True when the window covers the
   * gap - it holds `pageFirst` and, before it, a number read earlier - so every number between them is
   * now taken; false when the numbers moved again and the window missed (the caller may widen it).
   */
  addWindow(items: readonly GraphNumberAssignment[], pageFirst: string, label: string, request: string, fromStart: boolean): boolean {
    this.windows++;
    const keys = items.map((n, i) => keyOf(n, label, i, request));
    const at = keys.indexOf(pageFirst);
    let covered = false;
    if (at >= 0) {
      covered = fromStart;
      for (let i = 0; i < at && !covered; i++) if (this.records.has(keys[i])) covered = true;
    }
    for (let i = 0; i < items.length; i++) {
      if (this.records.take(keys[i], items[i], { expected: true })) this.recovered++;
    }
    return covered;
  }

  values(): GraphNumberAssignment[] {
    return this.records.values();
  }
}

function keyOf(n: GraphNumberAssignment | undefined, label: string, i: number, request: string): string {
  const key = n?.id ?? n?.telephoneNumber;
  if (!key || typeof key !== 'string') throw new GraphRequestError('invalid-record', `${label} value[${i}] has neither id nor telephoneNumber`, request);
  return key;
}
