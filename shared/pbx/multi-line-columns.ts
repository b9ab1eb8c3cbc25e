/**
 * Cisco CUCM writes one row per phone and numbers its lines: DIRECTORY NUMBER 1..n, with
 * EXTERNAL PHONE NUMBER MASK n, ALERTING NAME n, LINE TEXT LABEL n, CALL PICKUP GROUP n, ROUTE PARTITION n
 * beside each (and its forwards: FORWARD ALL DESTINATION n, NO ANSWER RING DURATION n...). Every line of the phone is its own PBX line: this gives, per line position n, the column
 * of each field, so the same row parser reads line n of the row as it would read a one-line row.
 */
import type { LineField } from './column-aliases';
import type { ColumnUse, ResolvedColumns } from './column-mapping';
import type { LineFieldIndexes } from './line-row-parser';

/** The per-line columns: field -> header key prefixes (the line number follows), first present wins. */
const PER_LINE: Partial<Record<LineField, string[]>> = {
  extension: ['directorynumber'],
  did: ['externalphonenumbermask'],
  ownerName: ['alertingname', 'display', 'linedescription', 'linetextlabel'],
  pickupGroup: ['callpickupgroup'],
  voicemail: ['voicemailprofile'],
  partition: ['routepartition', 'partition'],
  forwardAll: ['forwardalldestination'],
  forwardAllVoicemail: ['forwardallvoicemail'],
  forwardNoAnswer: ['forwardnoanswerinternaldestination', 'forwardnoanswerdestinationinternal', 'forwardnoanswerinternal', 'forwardnoanswerexternaldestination'],
  forwardNoAnswerVoicemail: ['forwardnoanswerinternalvoicemail', 'forwardnoanswerexternalvoicemail'],
  forwardNoAnswerSeconds: ['noanswerringduration', 'forwardnoanswerringduration'],
};

export interface LineSlot {
  /** 1-based position of the line on the device. */
  lineIndex: number;
  at: LineFieldIndexes;
  header: Partial<Record<LineField, string>>;
}

/** The line positions the header holds (those with a DIRECTORY NUMBER n column), in order. */
export function lineSlots(columns: ResolvedColumns<LineField>, cells: readonly string[], base: LineFieldIndexes): LineSlot[] {
  const byKey = new Map<string, number>();
  columns.keys.forEach((k, i) => {
    if (k && !byKey.has(k)) byKey.set(k, i);
  });
  const numbers = new Set<number>();
  for (const k of columns.keys) {
    const m = /^directorynumber(\d+)$/.exec(k);
    if (m) numbers.add(Number(m[1]));
  }
  return [...numbers]
    .sort((a, b) => a - b)
    .map((n) => {
      const at = { ...base } as Record<LineField, number>;
      const header: Partial<Record<LineField, string>> = { ...columns.header };
      for (const [field, prefixes] of Object.entries(PER_LINE) as Array<[LineField, string[]]>) {
        // A mapping file's choice for the field stands; otherwise line n reads its own column.
        const i = prefixes.map((p) => byKey.get(`${p}${n}`)).find((x) => x !== undefined);
        at[field] = i ?? -1;
        if (i !== undefined) header[field] = cells[i];
        else delete header[field];
      }
      return { lineIndex: n, at, header };
    });
}

/** The report's column uses, with every per-line column named for its field (not only line 1's). */
export function multiLineUses(uses: readonly ColumnUse[]): ColumnUse[] {
  return uses.map((u) => {
    if (u.fields.length > 0) return u;
    const key = u.header.toLowerCase().replace(/[^a-z0-9]/g, '');
    for (const [field, prefixes] of Object.entries(PER_LINE)) {
      if (prefixes!.some((p) => new RegExp(`^${p}\\d+$`).test(key))) return { header: u.header, fields: [field] };
    }
    return u;
  });
}
