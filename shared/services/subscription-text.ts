/**
 * Reads a chat message as a subscription request, or says it is none: "remind me 3 days and 1 day
 * before each cutover", "tell me about order deadlines", "tell me when a sync finds drift",
 * "unsubscribe from drift", "what am I subscribed to", "which channels get reminders". Deterministic and forgiving (case,
 * punctuation, &nbsp;, mentions, words spelled out); anything it does not recognise is left to the
 * bot's other intents.
 */
import { TOPICS, type SubscriptionRequest, type Topic } from './subscription-service';

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, the: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, fourteen: 14, thirty: 30,
};

function normalise(text: string): string {
  return text
    .replace(/<at>.*?<\/at>/gi, ' ')
    .replace(/&nbsp;|\u00a0/gi, ' ')
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9&,-]+/g, ' ')
    .replace(/,/g, ' , ')
    .replace(/\s+/g, ' ')
    .trim();
}

function topicsIn(text: string): Topic[] {
  const found = new Set<Topic>();
  if (/\b(cut(s|ting)? ?-?overs?|go(es)? ?-?lives?|waves?|migration days?)\b/.test(text)) found.add('cutovers');
  if (/\b(orders?|deadlines?|port(ing)?|uploads?)\b/.test(text)) found.add('orders');
  if (/\b(drift(s|ed|ing)?|syncs?|synchroni[sz]ations?)\b/.test(text)) found.add('drift');
  return TOPICS.filter((t) => found.has(t));
}

/** "3 days and 1 day", "3 and 1 days", "a week", "the day before" -> [3, 1], [3, 1], [7], [1]. */
export function dayOffsetsIn(text: string): number[] {
  const out: number[] = [];
  let pending: number[] = [];
  for (const token of text.split(' ')) {
    const n = /^\d{1,3}$/.test(token) ? Number(token) : NUMBER_WORDS[token];
    if (n !== undefined) pending.push(n);
    else if (/^days?$/.test(token)) (out.push(...pending), (pending = []));
    else if (/^weeks?$/.test(token)) (out.push(...pending.map((p) => p * 7)), (pending = []));
    else if (!['and', '&', ',', 'or', '-'].includes(token)) pending = [];
  }
  return out;
}

/** Stopping reminders, one topic or all: "unsubscribe from drift", "stop reminding us", "no more notifications". */
const UNSUBSCRIBE = /\b(unsubscribe|unsub|mute)\b|\bstop\b.*\b(remind|reminders|reminding|notif\w*|telling|messages|alerts)|\b(no more|cancel)\b.*\b(reminders|notifications|subscriptions?|alerts)\b/;

/**
 * A question about the tenant's reminders everywhere, not this conversation's: "which channels get
 * reminders?", "list all reminders", "paused reminders".
 */
function asksForEveryConversation(text: string): boolean {
  const aboutReminders = /\b(reminders?|reminded|subscri\w*|notifications?)\b/.test(text);
  const everywhere = /\b(chats|channels|conversations|teams|everywhere|everyone|organi[sz]ation|tenant|paused)\b/.test(text);
  const asking = /\b(which|what|list|show|who|where|all|every|paused)\b/.test(text);
  return aboutReminders && ((everywhere && asking) || /\b(all|every)\b.*\b(reminders|subscriptions)\b/.test(text));
}

export function parseSubscriptionText(raw: string): SubscriptionRequest | undefined {
  const text = normalise(raw);
  if (!text) return undefined;
  if (asksForEveryConversation(text) && !UNSUBSCRIBE.test(text)) return { action: 'list-all' };
  if (
    /^(my )?(subscriptions?|reminders|notifications)$/.test(text) ||
    /\b(what|which)\b.*\b(subscribed|subscriptions?|reminders|notifications)\b/.test(text) ||
    /\b(list|show)\b.*\b(subscriptions?|reminders)\b/.test(text)
  ) {
    return { action: 'list' };
  }
  if (UNSUBSCRIBE.test(text)) {
    const topics = topicsIn(text);
    return { action: 'unsubscribe', topics: topics.length ? topics : 'all' };
  }
  // Questions ("which port orders are due", "tell me the status of wave 2") belong to the other intents.
  if (/\b(what|which|where|how|status|wave \d+)\b/.test(text)) return undefined;
  if (!/\b(remind|notify|tell|alert|warn|ping|message|let (me|us) know|subscribe|keep (me|us) posted)\b/.test(text)) return undefined;
  const topics = topicsIn(text);
  if (topics.length === 0) return undefined;
  const offsets = dayOffsetsIn(text);
  const request: Extract<SubscriptionRequest, { action: 'subscribe' }> = { action: 'subscribe' };
  if (topics.includes('cutovers')) request.cutovers = { offsetsDays: offsets };
  if (topics.includes('orders')) request.orders = { offsetsDays: offsets };
  if (topics.includes('drift')) request.drift = true;
  return request;
}
