/**
 * An admin records where an order stands from the chat, as typed or from a card's button: "mark
 * PO-W1-Lumen-A-100-1 submitted ref TEL-4471", "mark PO-W1-... confirmed for 2027-01-20", "mark
 * PO-W1-... rejected: BTN does not match", "mark UO-W3-sbc-eu-1 uploaded", "mark PO-W1-... open".
 * Read from the text as typed (a reference keeps its case); the change goes through order-tracking.ts
 * like the tab's and the CLI's.
 */
import type { TrackOrderInput } from '../../shared/services/order-tracking';

export interface OrderUpdate {
  orderId: string;
  input: TrackOrderInput;
}

const STATES: Record<string, TrackOrderInput['state']> = {
  submitted: 'submitted',
  sent: 'submitted',
  'foc confirmed': 'foc-confirmed',
  'foc-confirmed': 'foc-confirmed',
  confirmed: 'foc-confirmed',
  ported: 'ported',
  rejected: 'rejected',
  uploaded: 'uploaded',
  open: 'open',
  'not submitted': 'open',
  'not uploaded': 'open',
};

const UPDATE = /^(?:mark|set)\s+(?:the\s+)?(?:(?:port|upload)\s+)?(?:order\s+)?([a-z0-9][\w.+-]*)\s+(?:as\s+)?(foc[ -]confirmed|not submitted|not uploaded|submitted|sent|confirmed|ported|rejected|uploaded|open)\b\s*(.*)$/i;
const REFERENCE = /\b(?:with\s+)?ref(?:erence)?\.?\s*:?\s*([^\s,;]+)/i;
const DATE = /\b(?:for|on|date|foc)\s+(\d{4}-\d{2}-\d{2})\b/i;
/** What a rejection says after the state: "rejected: BTN does not match", "rejected because ...". */
const NOTE = /^(?:[:,-]\s*|because\s+|reason\s*:?\s*)(.+)$/i;

/** The update the text asks for, or undefined when it is none. */
export function parseOrderUpdate(text: string): OrderUpdate | undefined {
  const m = UPDATE.exec(text.trim().replace(/\s+/g, ' '));
  if (!m) return undefined;
  const state = STATES[m[2].toLowerCase().replace('-', ' ')] ?? STATES[m[2].toLowerCase()];
  const rest = m[3].trim();
  const reference = REFERENCE.exec(rest)?.[1];
  const focDate = DATE.exec(rest)?.[1];
  const note = state === 'rejected' ? NOTE.exec(rest)?.[1]?.trim() : undefined;
  return { orderId: m[1], input: { state, ...(reference && { reference }), ...(focDate && { focDate }), ...(note && { note: note.slice(0, 500) }) } };
}
