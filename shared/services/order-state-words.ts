/**
 * An order's tracking states and their words, the same in the bot's answers, the history and the tab's
 * Coexistence page. Pure (no imports), so the tab's bundle takes it without the store that
 * order-tracking.ts reads and writes.
 */

/** Port orders: sent to the carrier (or operator), its date confirmed, done - or refused, to be sent again. */
export const PORT_ORDER_STATES = ['submitted', 'foc-confirmed', 'ported', 'rejected'] as const;
/** Direct Routing upload orders: the numbers are uploaded to the tenant. */
export const UPLOAD_ORDER_STATES = ['uploaded'] as const;
export type OrderState = (typeof PORT_ORDER_STATES)[number] | (typeof UPLOAD_ORDER_STATES)[number];

/** A state as a sentence says it ("since it was submitted"). */
export const ORDER_STATE_WORDS: Record<OrderState, string> = {
  submitted: 'submitted',
  'foc-confirmed': 'confirmed',
  ported: 'ported',
  rejected: 'rejected',
  uploaded: 'uploaded',
};

/** The state as a list or a card says it: "submitted (ref. TEL-4471)", "confirmed for 2027-02-01". */
export function describeOrderState(t: { state: OrderState; reference?: string; focDate?: string }): string {
  const words = ORDER_STATE_WORDS[t.state] ?? t.state;
  const date = t.focDate && (t.state === 'foc-confirmed' || t.state === 'ported') ? ` for ${t.focDate}` : '';
  return `${words}${date}${t.reference ? ` (ref. ${t.reference})` : ''}`;
}

/** Where an order stands, tracked or not: "not submitted" (a port order), "not uploaded", or its state in words. */
export function describeOrderStanding(kind: 'port' | 'upload', t: Parameters<typeof describeOrderState>[0] | undefined): string {
  if (t) return describeOrderState(t);
  return kind === 'port' ? 'not submitted' : 'not uploaded';
}
