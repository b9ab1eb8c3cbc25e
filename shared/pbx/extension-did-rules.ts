/**
 * DIDs derived from extensions through the carrier blocks' mapping, as Avaya and many other PBXs do it:
 * a block written "+44 20 7946 0xxx" (or a block with an extensions column "0xxx" / "2000-2099") says
 * that extension 0123 is reached from outside as +44 20 7946 0123. Exports such as Avaya "list station"
 * carry extensions only; the blocks file supplies the numbers, and every derived DID says which rule made it.
 */
import type { BlockDraft } from './block-row-parser';

export interface ExtensionRule {
  /** Extension digits this rule covers (same length), inclusive. */
  extFirst: bigint;
  extLast: bigint;
  length: number;
  /** E.164 digits (without +) of the number extension extFirst reaches. */
  didFirst: bigint;
  didLength: number;
  block: BlockDraft;
  /** What the report shows: "extensions 0xxx -> +44 20 7946 0xxx". */
  text: string;
}

export interface DerivedDid {
  e164: string;
  rule: string;
  block: BlockDraft;
}

/** The rules one block states (none when it states no extension mapping). */
export function rulesOfBlock(block: BlockDraft): ExtensionRule[] {
  const stated = block.extensions;
  if (!stated) return [];
  const digits = block.first.slice(1);
  const range = /^\s*(\d+)\s*(?:-|\.\.|to)\s*(\d+)\s*$/i.exec(stated);
  if (range && range[1].length === range[2].length) {
    const [, a, b] = range;
    const span = BigInt(b) - BigInt(a) + 1n;
    if (span < 1n || span > BigInt(block.count)) return [];
    return [{ extFirst: BigInt(a), extLast: BigInt(b), length: a.length, didFirst: BigInt(digits), didLength: digits.length, block, text: `extensions ${a}-${b} -> ${block.first}..` }];
  }
  if (block.pattern && stated === block.pattern) {
    // The block written with x's states no extension length: extensions as long as the x's, or up to
    // two fixed digits before them ("0xxx" for a 4-digit PBX), each reach the number that ends in them.
    const tail = digits;
    const xs = (block.pattern.match(/[xX]/g) ?? []).length;
    const shown = block.pattern.replace(/\s+/g, ' ');
    const rules: ExtensionRule[] = [];
    for (let length = xs; length <= xs + 2 && length < tail.length; length++) {
      const fixed = block.pattern.replace(/[^0-9xX]/g, '').slice(-length).toLowerCase();
      const prefix = tail.slice(0, tail.length - length);
      rules.push({
        extFirst: BigInt(fixed.replace(/x/g, '0')),
        extLast: BigInt(fixed.replace(/x/g, '9')),
        length,
        didFirst: BigInt(prefix + fixed.replace(/x/g, '0')),
        didLength: tail.length,
        block,
        text: `extension ${fixed} -> ${shown}`,
      });
    }
    return rules;
  }
  // One extension ("2101", a DID file's row): the block's first number.
  if (/^\d+$/.test(stated.trim())) {
    const ext = stated.trim();
    return [{ extFirst: BigInt(ext), extLast: BigInt(ext), length: ext.length, didFirst: BigInt(digits), didLength: digits.length, block, text: 'extension -> DID in the DID file' }];
  }
  // An extensions column ("2xxx") on a block: the first extension reaches the block's first number, and so on.
  if (!/^[0-9]*[xX]+$/.test(stated.trim())) return [];
  const pattern = stated.trim().toLowerCase();
  const extFirst = BigInt(pattern.replace(/x/g, '0'));
  let extLast = BigInt(pattern.replace(/x/g, '9'));
  if (extLast - extFirst + 1n > BigInt(block.count)) extLast = extFirst + BigInt(block.count) - 1n;
  return [{ extFirst, extLast, length: pattern.length, didFirst: BigInt(digits), didLength: digits.length, block, text: `extension ${pattern} -> ${block.first}..` }];
}

export class ExtensionDidRules {
  private readonly byLength = new Map<number, ExtensionRule[]>();

  constructor(blocks: readonly BlockDraft[]) {
    for (const b of blocks) {
      for (const r of rulesOfBlock(b)) {
        const list = this.byLength.get(r.length);
        if (list) list.push(r);
        else this.byLength.set(r.length, [r]);
      }
    }
  }

  get size(): number {
    let n = 0;
    for (const l of this.byLength.values()) n += l.length;
    return n;
  }

  /**
   * The DID of an extension, when exactly one rule covers it (one at the line's site, if it has one).
   * Several rules at once (two sites using the same extension range) derive nothing: the site decides.
   */
  derive(extension: string, siteId: string | undefined): DerivedDid | undefined {
    if (!/^\d+$/.test(extension)) return undefined;
    const rules = this.byLength.get(extension.length);
    if (!rules) return undefined;
    const ext = BigInt(extension);
    let found = rules.filter((r) => ext >= r.extFirst && ext <= r.extLast);
    if (found.length > 1 && siteId) found = found.filter((r) => r.block.siteId === siteId);
    if (found.length !== 1) return undefined;
    const r = found[0];
    const did = (r.didFirst + (ext - r.extFirst)).toString();
    if (did.length !== r.didLength) return undefined;
    return { e164: `+${did}`, rule: r.text, block: r.block };
  }

  /** The rules, for the import report. */
  describe(): string[] {
    return [...this.byLength.values()].flat().map((r) => r.text);
  }
}
