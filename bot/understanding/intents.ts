/**
 * The deterministic intent parser: a normalised message (normalise.ts) becomes one intent with the
 * words that name its subject, unresolved. Resolving names against the tenant's data is resolve.ts's
 * job; this file only reads the sentence. Order matters: the most specific patterns come first, and a
 * filter the user typed is always kept (as `subject`) so that it is either applied or answered with
 * "there is no ...", never dropped.
 */
import { parseOrderUpdate, type OrderUpdate } from './order-update';
import type { MemberState, SiteProgress, SitesFilter } from '../../shared/domain/planning/migration-status';
import type { PstnPath } from '../../shared/domain/planning-settings';
import type { HistoryTopic } from '../../shared/services/history-topics';
import { mainNumberSiteRef } from '../../shared/domain/planning/route-phrases';
import { editDistance } from './fuzzy-match';
import { smallNumber } from './normalise';

export type Intent =
  | { kind: 'help' }
  | { kind: 'status' }
  | { kind: 'status-of'; subject: string }
  | { kind: 'blockers'; subject?: string }
  | { kind: 'wave'; wave: WaveRef }
  | { kind: 'cutover-when'; subject: string }
  | { kind: 'orders-due'; period: string; which: 'port' | 'upload' | 'all' }
  /** This tenant's cutovers in a period ("cutovers this week", "what happens tomorrow?"). */
  | { kind: 'cutovers'; period: string }
  /** Sites by progress or path, a page at a time ("which sites are done?", "sites on Direct Routing page 2"). */
  | { kind: 'sites'; filter: SitesFilter; page: number }
  /**
   * People in one state against the plan, in a site or a wave if named, a page at a time ("who has
   * drifted in Berlin?", "who is ready to move in wave 2", "not started people page 2").
   */
  | { kind: 'people'; state: PeopleState; subject?: string; page: number }
  /** The plan's waves, a page at a time ("list waves", "how many waves are there?"). */
  | { kind: 'waves'; page: number }
  /** The plan's porting in totals ("how many numbers are we porting?", "porting status"). */
  | { kind: 'porting' }
  /** People and cost per path ("what will it cost?", "how many people are on Direct Routing?"). */
  | { kind: 'cost' }
  /** Each SBC's Direct Routing people and sessions against its licence ("which SBCs do we use?", "SBC capacity"). */
  | { kind: 'sbcs' }
  /** The tenant's Teams numbers per type, free or held ("how many numbers are in Teams?", "free numbers"). */
  | { kind: 'numbers' }
  /** The licences the blocked people need against the seats free ("how many licences do we need?", "licences to buy"). */
  | { kind: 'licences' }
  /** Emergency calling across the tenant, or at a site ("emergency readiness", "how are emergency calls set up in Seattle?"). */
  | { kind: 'emergency'; subject?: string }
  | { kind: 'changes' }
  /** Who changed what and when, of one thing if named ("who changed the settings?", "history"). */
  | { kind: 'history'; about?: HistoryTopic }
  | { kind: 'route'; number: string; date: string }
  | { kind: 'plan' }
  | { kind: 'subscription' }
  /** Where an order stands, set from the chat ("mark PO-W1-... submitted ref TEL-4471"; order-update.ts). */
  | { kind: 'track-order'; update: OrderUpdate }
  | { kind: 'portfolio'; question: PortfolioQuestion }
  | { kind: 'unknown'; text: string };

/**
 * A question about an MSP's customers (answered only in a portfolio tenant, see portfolio-respond.ts):
 * the overview, who is behind, or cutovers - in a period as typed ("this week"), or each customer's next.
 */
export type PortfolioQuestion =
  | { about: 'overview' }
  | { about: 'behind' }
  /** The customers with drifted or blocked people ("which customers have drift?", "customers with blocked people"). */
  | { about: 'drifted' }
  | { about: 'blocked' }
  | { about: 'cutovers'; period?: string; customersNamed?: true };

/** A wave as named in a sentence: a number (0 = pilot), or next/last/current relative to today. */
export type WaveRef = { number: number } | { relative: 'next' | 'last' | 'current' | 'previous' };

const SUBSCRIPTION = /\b(?:remind|reminders?|subscribed?|subscriptions?|unsubscribe|notify|notifications?|alert me|tell me when|let me know when|stop (?:telling|reminding|notifying))\b/;
/**
 * "tell me about order deadlines" (with days before, or none) sets reminders up, as the reminders card
 * suggests; with a period ("... this month") or as a question ("what are the order deadlines?") it asks
 * which orders are due.
 */
const SUBSCRIPTION_BY_TELLING = /\btell me about (?:(?:the|all|our|new|upcoming|port|porting|upload)\s+)*(?:orders?\s+)?deadlines(?:\s+(?:\d+|an?|one|two|three|four|five|six|seven|ten|fourteen|thirty)\s+(?:days?|weeks?)\b.*\bbefore\b.*)?\W*$/;

/**
 * Words around a subject that carry no meaning of their own ("the", "site", "of", "please", "tell me about"). "Site",
 * "office" or "location" before nothing but a number is the name itself ("Site 19", "Office 12"): without
 * it the number was asked about as an extension.
 */
function stripFillers(text: string): string {
  return text
    // Leading words of a request ("tell me about", "show me", "details for", "info on", "what about") too.
    .replace(/^(?:(?:of|for|at|in|on|about|the|(?:site|office|location)(?!\s+\d+$)|user|person|number|is|are|does|do|tell|show|me|what|info|information|details)\s+)+/, '')
    .replace(/(?:\s+(?:site|office|location|now|today|right now|so far|at the moment|currently|please|going|doing))+$/, '')
    .replace(/^["']+|["']+$/g, '')
    .trim();
}

/** Plural only: a site or person called "Client Services" stays an ordinary question. */
const CUSTOMERS = /\b(?:customers|clients|portfolio)\b/;
/** How a period starts ("this week", "in the next 10 days", "by 3 March"): "cutovers for Berlin" is no portfolio question. */
const PERIOD_START = /^(?:this|next|the next|in the next|coming|the coming|today|tomorrow|by|before|until|within)\b/;

/**
 * Portfolio questions, read before command-word typos are fixed (that would turn "cutovers" into
 * "cutover", a question about one site): customers named, or cutovers in the plural.
 */
export function portfolioQuestion(t: string): PortfolioQuestion | undefined {
  if (/^(?:(?:the|my|our|all)\s+)*(?:portfolio|customers|clients)(?:\s+(?:status|overview|summary|progress))?$/.test(t)) return { about: 'overview' };
  if (/^(?:(?:what|how)\s+is\s+)?(?:the\s+)?(?:status|overview|summary|progress)\s+(?:of|for|on|across)\s+(?:(?:the|my|our|all)\s+)*(?:portfolio|customers|clients)$/.test(t)) return { about: 'overview' };
  if (/^how\s+are\s+(?:(?:the|my|our|all)\s+)*(?:customers|clients)\b/.test(t)) return { about: 'overview' };
  if (CUSTOMERS.test(t) && /\b(?:behind|late|overdue|slipping|lagging)\b/.test(t)) return { about: 'behind' };
  if (CUSTOMERS.test(t) && /\b(?:drift|drifted|drifting|fix-?ups?)\b/.test(t)) return { about: 'drifted' };
  if (CUSTOMERS.test(t) && /\b(?:blocked|blockers?|blocking|stuck)\b/.test(t)) return { about: 'blocked' };
  const plural = /\bcut\s*overs\b/.test(t);
  const customerCutovers = CUSTOMERS.test(t) && /\bcut(?:s|ting)?\s*overs?\b|\bgo(?:es|ing)?\s+live\b|\bmigrat(?:e|es|ing)\b/.test(t);
  if (!plural && !customerCutovers) return undefined;
  // The period is what follows the last cutover word ("next cutovers this week", "which customers cut over next week").
  const tail = /\b(?:cut(?:s|ting)?\s*overs?|go(?:es|ing)?\s+live|migrat(?:e|es|ing))\b\s*(.*)$/.exec(t)?.[1] ?? '';
  const period = tail
    .replace(/[?!.]+$/, '')
    .replace(/^(?:(?:are|is|due|planned|scheduled|coming|happening|up|for|of|my|our|customers?)\s+)+/, '')
    .trim();
  const named = customerCutovers ? { customersNamed: true as const } : {};
  if (!period) return { about: 'cutovers', ...named };
  if (!customerCutovers && !PERIOD_START.test(period)) return undefined;
  return { about: 'cutovers', period, ...named };
}

/** "wave 2", "wave two", "wave #2", "2nd wave", "the pilot", "next wave" -> a WaveRef, with where it was in the text. */
export function findWaveRef(text: string): { ref: WaveRef; index: number; length: number } | undefined {
  let m = /\bwave\s*(?:no\.?|number|#)?\s*([a-z]+|#?\d+(?:st|nd|rd|th)?)\b|\bw(\d{1,3})\b/.exec(text);
  if (m) {
    const n = smallNumber(m[1] ?? m[2]);
    if (n !== undefined) return { ref: { number: n }, index: m.index, length: m[0].length };
  }
  m = /\b(?:the\s+)?(next|last|previous|current|this)\s+wave\b/.exec(text);
  if (m) {
    const rel = m[1] === 'this' ? 'current' : (m[1] as 'next' | 'last' | 'previous' | 'current');
    return { ref: { relative: rel }, index: m.index, length: m[0].length };
  }
  m = /\b([a-z]+|\d+(?:st|nd|rd|th))\s+wave\b/.exec(text);
  if (m) {
    const n = smallNumber(m[1]);
    if (n !== undefined) return { ref: { number: n }, index: m.index, length: m[0].length };
  }
  m = /\b(?:the\s+)?pilot(?:\s+wave)?\b/.exec(text);
  if (m) return { ref: { number: 0 }, index: m.index, length: m[0].length };
  return undefined;
}

/** A route question's number and date: "where does X ring (on) D", "route X on D", "where will X go". */
function routeQuestion(t: string): { number: string; date: string } | undefined {
  let m = /^(?:where|how)\s+(?:does|will|would|is|do)\s+(.+?)\s+(?:ring|rings|go|goes|route|routed|land|lands|end up)\b\s*(.*)$/.exec(t);
  if (!m) m = /^(?:route|routing|ring|where)\s+(?:for|of|to|is)?\s*(.+?)(?:\s+((?:on|at|for|by)\s+.+|today|tomorrow|next\s+\S+|this\s+\S+))?$/.exec(t);
  if (!m) return undefined;
  const number = m[1].replace(/^(?:the\s+)?(?:number\s+|phone\s+)/, '').replace(/\s+(?:be\s+)?(?:ringing|routed)$/, '').trim();
  const date = (m[2] ?? '').replace(/^(?:on|at|for|by)\s+/, '').trim() || 'today';
  // Something that looks like a number or an extension, or a site's main number; "where is Berlin" is a status question.
  if (!/\d/.test(number) && !mainNumberSiteRef(number)) return undefined;
  return { number, date };
}

/** "what happens to Berlin's main number", "status of the Berlin main line", "when does Berlin's auto attendant move". */
const MAIN_NUMBER_ASKED =
  /^(?:(?:what(?:'s|s|\s+is)?\s+(?:happens?|happening|planned)\s+(?:to|with|for)|status\s+of|how\s+about|when\s+(?:does|will|is|do))\s+)?(.+?)(?:\s+(?:move|moves|moving|cut\s*over|cutting\s+over|go\s+live|going|switch))?$/;

const STATUS_WORDS = /\b(?:status|progress|overview|update|summary|how\s+(?:is|are|far)|how's|going|doing|state)\b/;
/** "What happens next week?", "who moves tomorrow?", "anything planned this month?": this tenant's cutovers in a period. */
const HAPPENING =
  /^(?:what(?:'s|s|\s+is)?\s+(?:happens?|happening|planned|scheduled|on|coming up)|who(?:'s|\s+is)?\s+(?:moves?|moving|migrat\w*|cut(?:s|ting)?\s*over)|anything\s+(?:happening|planned|scheduled)|any\s+cut\s*overs?)\s+((?:this|next|the next|in the next|coming|the coming|today|tomorrow|by|before|until|within)\b.*)$/;
/** "What happens in Berlin?": that site's status (a period after "what happens" is HAPPENING's). */
const HAPPENING_AT = /^what(?:'s|s|\s+is)?\s+(?:happens?|happening|planned|going\s+on)\s+(?:in|at|for|with)\s+(.+)$/;
/** "What's due this week?": the orders due in the period. */
const WHATS_DUE = /^what(?:'s|s|\s+is|\s+are)?\s+(?:due|the\s+deadlines)(?:\s+(.+))?$/;
/** "What's left (to do)?", "are we on track?", "how many people have moved?": the migration's status. */
const WHATS_LEFT =
  /^(?:what(?:'s|s|\s+is)\s+(?:still\s+)?left(?:\s+to\s+do)?|(?:are\s+we|is\s+(?:the\s+)?(?:migration|rollout|project|it))\s+(?:on\s+track|on\s+schedule|behind(?:\s+schedule)?|late)|how\s+many\s+(?:people|users)\s+(?:have\s+|are\s+)?(?:moved|migrated|done|been\s+moved|cut\s*over|left|remaining|still\s+to\s+(?:move|go))(?:\s+so\s+far)?|(?:how\s+much\s+is\s+done|percent(?:age)?\s+(?:complete|done)))$/;
/** "Is Berlin ready?", "people in Berlin": that site's (or person's) status. */
const ABOUT_ONE = /^(?:is\s+(.+?)\s+(?:ready|on\s+track|done|finished|complete|migrated|live)|(?:people|users|who(?:'s|\s+is)?)\s+(?:in|at)\s+(.+?))$/;

/** How a site's progress is said, before or after "sites" ("blocked sites", "sites that have not started yet"). */
const SITE_PROGRESS_WORDS: [RegExp, SiteProgress][] = [
  [/^(?:done|finished|complete|completed|migrated|moved|live|cut\s*over|fully\s+(?:done|migrated|moved))$/, 'done'],
  [/^(?:in\s+progress|underway|under\s+way|started|migrating|moving|half\s+done|part(?:ly|ially)\s+(?:done|migrated|moved))$/, 'in-progress'],
  [/^(?:not\s+(?:started|moved|migrated|begun)|(?:have|has)\s*(?:n'?t|not)\s+(?:started|moved|migrated|begun)|yet\s+to\s+(?:start|move)|untouched|left|remaining|still\s+to\s+(?:do|move|go))(?:\s+yet)?$/, 'not-started'],
  [/^(?:blocked|stuck|(?:with|having|that\s+have|have|has)\s+(?:blockers|blocked\s+people|people\s+blocked|anyone\s+blocked))$/, 'blocked'],
  [/^(?:drifted|drifting|(?:with|having|that\s+have|have|has)\s+drift)$/, 'drifted'],
];
/** How a path is said, before or after "sites" ("Direct Routing sites", "sites staying on the PBX"). */
const SITE_PATH_WORDS: [RegExp, PstnPath][] = [
  [/^(?:(?:on|using|use|going\s+to|moving\s+to|with)\s+)?(?:operator\s+connect|oc)$/, 'OC'],
  [/^(?:(?:on|using|use|going\s+to|moving\s+to|with)\s+)?(?:direct\s+routing|dr)$/, 'DR'],
  [/^(?:(?:on|using|use|going\s+to|moving\s+to|with)\s+)?(?:microsoft\s+)?(?:calling\s+plans?|cp)$/, 'CP'],
  [/^(?:(?:staying|stay|remaining|kept|left)\s+on\s+)(?:the\s+)?(?:legacy\s+)?pbx$|^pbx$/, 'PBX'],
];

/** "Which sites ...", "how many sites ...", "list all sites ...": a progress word may come before "sites" or after it. */
const SITES_QUESTION = /^(?:(?:which|what|list|show|me|all|the|our|my|of|give|get|how\s+many|are|there)\s+)*(?:(.+?)\s+)?(?:sites|offices|locations)(?:\s+(.+?))??(?:\s+page\s+(\d{1,4}))?$/;

/** A list of sites by progress or path, or undefined when the words around "sites" are something else ("sites in wave 2"). */
function sitesQuestion(asked: string): { filter: SitesFilter; page: number } | undefined {
  const m = SITES_QUESTION.exec(asked);
  if (!m) return undefined;
  const page = m[3] ? Math.max(1, Number(m[3])) : 1;
  const after = (m[2] ?? '')
    .replace(/^(?:(?:are|is|that|which|still|so\s+far|will\s+be|will)\s+)+/, '')
    .replace(/^(?:there|in\s+total|in\s+the\s+plan|do\s+we\s+have|we\s+have)$/, '')
    .trim();
  const said = [m[1] ?? '', after].filter(Boolean);
  if (said.length > 1) return undefined;
  if (!said.length) return { filter: {}, page };
  const progress = SITE_PROGRESS_WORDS.find(([words]) => words.test(said[0]))?.[1];
  if (progress) return { filter: { progress }, page };
  const path = SITE_PATH_WORDS.find(([words]) => words.test(said[0]))?.[1];
  return path ? { filter: { path }, page } : undefined;
}

/** The states a list of people is asked by (blocked people are the blockers' question: by gate, with the fix). */
export type PeopleState = Exclude<MemberState, 'blocked'>;

/** How each state is said after "who is/has" or around "people". */
const PEOPLE_STATE_WORDS: [RegExp, PeopleState][] = [
  [/^(?:done|moved|migrated|finished|complete|completed|cut\s*over|live|on\s+teams(?:\s+phone)?|been\s+(?:moved|migrated|cut\s*over))$/, 'done'],
  [/^ready(?:\s+to\s+(?:move|go|migrate|cut\s*over))?$/, 'ready'],
  [/^(?:scheduled|planned|waiting|in\s+a\s+wave)$/, 'scheduled'],
  // "Not started" is the plan's word for people in no wave: staying on the PBX. "Who hasn't moved" is everyone not done, so it is not this.
  [/^(?:(?:(?:has|have|is|are|did|do|does)\s*n'?t|not)\s+(?:yet\s+)?(?:started|begun|start)|yet\s+to\s+start|(?:staying|stays|stay|kept|remaining|left)\s+on\s+(?:the\s+)?(?:legacy\s+|old\s+)?pbx)(?:\s+yet)?$/, 'not-started'],
  [/^(?:drifted|drifting|drifted\s+from\s+the\s+plan|out\s+of\s+(?:step|line)\s+with\s+the\s+plan|(?:got|with)\s+drift)$/, 'drifted'],
];

const PEOPLE = '(?:people|users|persons|staff|employees|everyone|everybody)';
/** "who has drifted", "which people are ready", "people who have not started", then the state words, then the place. */
const WHO_IS = new RegExp(`^(?:(?:show|list|give|get|tell|me|all|the)\\s+)*(?:who(?:'s|s)?|which\\s+${PEOPLE}|${PEOPLE}\\s+(?:who|that))\\s+(?:(?:is|are|has|have|had|was|were|already|still|so\\s+far)\\s+)*(.+)$`);
/** "drifted people at Berlin", "not started users in wave 2", "people not started". */
const STATE_PEOPLE = new RegExp(`^(?:(?:show|list|give|get|me|all|the|which|what)\\s+)*(?:(.+?)\\s+${PEOPLE}(?:\\s+(.+))?|${PEOPLE}\\s+(.+))$`);
/** Where the list is: "in Berlin", "at the Berlin office", "in wave 2", "for the next wave". */
const PLACE = /^(.+?)\s+(?:in|at|from|for|of)\s+(.+)$/;

/**
 * A list of people in one state ("who has drifted in Berlin?", "drifted people at Berlin page 2"), or
 * undefined when the words are something else ("who is Anna", "people in Berlin").
 */
export function peopleQuestion(asked: string): { state: PeopleState; subject?: string; page: number } | undefined {
  const paged = /^(.*?)\s+page\s+(\d{1,4})$/.exec(asked);
  const text = paged ? paged[1] : asked;
  const page = paged ? Math.max(1, Number(paged[2])) : 1;
  const who = WHO_IS.exec(text);
  const around = who ? undefined : STATE_PEOPLE.exec(text);
  // The state words, with the place after them (or, for "drifted people at Berlin", after "people").
  const said = who ? who[1] : around ? (around[1] !== undefined ? `${around[1]}${around[2] ? ` ${around[2]}` : ''}` : around[3]) : undefined;
  if (!said) return undefined;
  const stateOf = (words: string) => PEOPLE_STATE_WORDS.find(([re]) => re.test(words.trim()))?.[1];
  const whole = stateOf(said);
  if (whole) return { state: whole, page };
  const place = PLACE.exec(said);
  if (!place) return undefined;
  const state = stateOf(place[1]);
  const subject = stripFillers(place[2]);
  return state && subject ? { state, subject, page } : undefined;
}

/** "List waves", "how many waves are there?", "all waves page 2" ("waves" alone is the menu's: the next wave). */
const WAVES_LIST =
  /^(?:(?:list|show|me|all|the|our|my|what|which|are|how\s+many|give|get)\s+)*(?:waves|wave\s+list|list\s+of\s+(?:the\s+)?waves|rollout\s+waves)(?:\s+(?:are\s+there|do\s+we\s+have|are\s+(?:planned|left)|in\s+the\s+plan|planned|left))?(?:\s+page\s+(\d{1,4}))?$/;
/** What it costs and who is on which path: "cost", "what will it cost?", "paths", "how many people are on Direct Routing?". */
const COST =
  /^(?:(?:what(?:\s+is|\s+are|\s+will|\s+do)?|how\s+much|show|me|the|our|total|overall|monthly|yearly|annual|estimated|running)\s+)*(?:costs?|pricing|price|spend|budget|(?:costs?\s+)?(?:by|per)\s+path|paths?(?:\s+and\s+costs?)?|which\s+paths|(?:will|does|would)\s+(?:it|this|the\s+migration|teams\s+phone)\s+cost|(?:will|do|would)\s+we\s+pay|we\s+pay)(?:\s+(?:a|per)\s+(?:month|year))?$/;
const PEOPLE_ON_PATH = /^how\s+many\s+(?:people|users)\s+(?:are\s+|will\s+be\s+|go\s+|move\s+)?(?:on|to|using|staying\s+on)\s+(?:operator\s+connect|direct\s+routing|calling\s+plans?|the\s+pbx|oc|dr|cp|each\s+path)$/;
/** "Porting status", "how many numbers are we porting?", "which numbers are not ported yet?". */
const PORTING =
  /^(?:(?:what(?:\s+is)?|how\s+is|show|me|the|our|number)\s+)*(?:porting|port\s+orders?|ports)(?:\s+(?:status|progress|summary|overview|going|totals?))?$|^(?:what(?:\s+is)?\s+)?(?:the\s+)?(?:porting|port)\s+(?:status|progress|summary|overview)$|^how\s+many\s+(?:numbers|dids|port\s+orders)\s+(?:are\s+we|do\s+we|will\s+we|to|we)\s+(?:port|porting|ported)$|^(?:which|what)\s+numbers\s+(?:are\s+|will\s+be\s+)?(?:not\s+)?(?:ported|being\s+ported|to\s+port|porting)(?:\s+yet)?$|^how\s+(?:is|are)\s+(?:the\s+|our\s+)?(?:porting|ports|port\s+orders)(?:\s+going|\s+doing)?$/;
/** "How many numbers are in Teams?", "free numbers", "do we have spare Calling Plan numbers?", "number inventory". */
const NUMBERS =
  /^(?:(?:how\s+many|which|what|list|show|me|all|the|our|my|are|is|do|we|have|got|any|there)\s+)*(?:(?:free|spare|unused|unassigned|available|assigned|teams|phone|calling\s+plan|operator\s+connect|direct\s+routing)\s+)*(?:phone\s+)?numbers?(?:\s+inventory)?(?:\s+(?:are|is|do|does|we|have|got|in\s+teams|in\s+the\s+tenant|free|spare|unassigned|available|left|assigned|there))*$|^(?:the\s+)?number\s+inventory$/;
/** "SBCs", "which SBCs do we use?", "SBC capacity", "do we have enough SBC sessions?". */
const SBCS =
  /^(?:(?:which|what|list|show|me|all|the|our|my|are|is|how\s+many|give|get)\s+)*(?:sbcs?|session\s+border\s+controllers?)(?:\s+(?:do\s+we\s+(?:use|have|need)|are\s+(?:used|there|in\s+use)|capacity|sizing|sessions|licen[cs]es?|status|usage|overview))?$|^(?:do|have)\s+we\s+(?:have|got|licen[cs]ed)\s+enough\s+(?:sbc\s+)?(?:sessions|channels|sbc\s+capacity)(?:\s+on\s+(?:the|our)\s+sbcs?)?$|^(?:sbc|session)\s+(?:capacity|sizing|shortfall|licen[cs]es?)$/;
/** "Licences", "how many licences do we need?", "Teams Phone licences to buy", "do we have enough licences?" (not an SBC's: SBCS goes first). */
const LICENCES =
  /^(?:(?:how\s+many|which|what|show|me|the|our|any|more|new|user)\s+)*(?:teams\s+phone\s+|calling\s+plan\s+|resource\s+account\s+)?licen[cs]es?(?:\s+seats?)?(?:\s+(?:count|counts|needed|shortfall|to\s+(?:buy|order|purchase)|(?:do|should|must)\s+we\s+(?:need|have|buy|order|purchase)(?:\s+to\s+(?:buy|order|purchase))?|we\s+need(?:\s+to\s+(?:buy|order|purchase))?|are\s+(?:needed|missing|free|available)|left|free|available|status|overview))?$|^(?:do|have)\s+we\s+(?:have|got)\s+enough\s+(?:teams\s+phone\s+|calling\s+plan\s+|resource\s+account\s+)?licen[cs]es(?:\s+seats)?$|^(?:free\s+)?licen[cs]e\s+seats$/;
/**
 * "Emergency readiness", "how are emergency calls set up in Seattle?", "E911", "Kari's Law", "security
 * desks at Boston", "is emergency calling ready?": the emergency set-up, of a site if one is named. Who is
 * missing an emergency address stays a question about a gate (MISSING).
 */
const EMERGENCY =
  /^(?:(?:how|is|are|what(?:'s|s)?|show|me|the|our|status\s+of|about|tell|set\s*up|of)\s+)*(?:emergency(?:\s+(?:calling|calls?|readiness|routing|set\s*-?up|setup|status|services|numbers?))?|e-?911|kari'?s\s+law|ray\s+baum'?s(?:\s+act)?|security\s+desks?)(?:\s+(?:set\s*up|configured|ready|readiness|status|going|done|handled|routed|work(?:ing)?))*(?:\s+(?:at|in|for|of)\s+(.+?))?(?:\s+(?:set\s*up|configured|ready|handled|routed))?$/;
/** "Who hasn't moved (in Berlin)?", "who is left to move?": everyone not done, so the status of the place. */
const NOT_MOVED =
  /^(?:who|which\s+(?:people|users))\s+(?:(?:(?:has|have|is|are|did|do|does)\s*(?:n'?t|not)|not)\s+(?:yet\s+)?(?:been\s+)?(?:moved|migrated|cut\s*over|move|migrate|gone)|(?:is|are)\s+(?:still\s+)?(?:left|remaining)\s+to\s+(?:move|migrate|go))(?:\s+yet)?(?:\s+(?:in|at|for|from)\s+(.+))?$/;
/** "When is the next port order due?", "next deadline": the porting summary names the next port and upload deadlines. */
const NEXT_ORDER = /^(?:(?:when|what)(?:'s|s|\s+is)\s+)?(?:the\s+|our\s+)?next\s+(?:port(?:ing)?\s+|upload\s+|number\s+upload\s+)?(?:orders?|deadlines?|submission|port)(?:\s+(?:due|deadline|date))?$/;
/**
 * The audit trail: "history", "recent changes", "audit log", "who changed the settings?", "who built the
 * plan?", "what changed in the settings?". "What changed since the last sync?" is drift (`changes`).
 */
const HISTORY =
  /^(?:(?:show|me|the|our|my|what(?:'s|s|\s+is|\s+are)?|give|get|list|open)\s+)*(?:(?:recent|latest|last)\s+)?(?:history|audit(?:\s+(?:trail|log))?|change\s*log|changelog|edits|(?:recent|latest)\s+changes)(?:\s+(?:of|for|to|in|on)\s+(?:the\s+)?(?:planning\s+)?(?:settings|tenant))?$|^who\s+(?:last\s+|has\s+|recently\s+)?(?:changed|saved|edited|updated|modified|touched|built|rebuilt|re-?planned|imported|synced)\s+(?:the\s+)?(?:planning\s+)?(?:settings|plan|site\s+rules|rules|site\s+mapping|decisions?|pbx(?:\s+inventory)?|inventory|tenant)(?:\s+(?:last|recently|today|lately))?$|^what\s+(?:changed|was\s+changed|did\s+(?:\S+\s+){1,3}change)\s+in\s+the\s+(?:planning\s+)?settings(?:\s+(?:recently|lately|today))?$/;
/** What a history question is about, by its words (the first that matches). */
const HISTORY_ABOUT: [RegExp, HistoryTopic][] = [
  [/\bsettings\b|\bdecisions?\b/, 'settings'],
  [/\b(?:site\s+rules|rules|site\s+mapping)\b/, 'site-rules'],
  [/\b(?:pbx|inventory|imported)\b/, 'pbx'],
  [/\b(?:tenant|synced)\b/, 'sync'],
  [/\b(?:plan|built|rebuilt|re-?planned)\b/, 'plan'],
];
/** "Cost of Berlin", "what is the path for Berlin?", "which path does Berlin use?": that site's status (its path and cost). */
const SITE_PATH =
  /^(?:what(?:\s+is|\s+are)?\s+)?(?:the\s+)?(?:monthly\s+)?(?:cost|costs|path|pstn\s+path|recommendation|recommended\s+path|decision|decided\s+path)\s+(?:of|for|at|in)\s+(.+)$|^which\s+path\s+(?:does|will|is|should)\s+(.+?)\s+(?:use|get|take|be\s+on|go\s+to|on)$/;
/** "Who hasn't got a licence?", "who is missing an emergency address?", "missing licences": the people a gate holds. */
const MISSING =
  /^(?:(?:who|which\s+(?:people|users|persons|sites))\s+(?:(?:has|have)\s*(?:n'?t|not)(?:\s+got)?|(?:has|have)\s+no|(?:does|do)\s*(?:n'?t|not)\s+have|(?:is|are)\s+(?:missing|without)|lacks?|lacking|needs?)|missing)\s+(?:an?\s+|the\s+|any\s+)?(.+)$/;

/**
 * "When is the next cutover?", "next cutover", "when was the last migration?": a wave relative to today.
 * "Last" is the most recent one when asked in the past tense, else the plan's last wave.
 */
function relativeCutover(t: string): WaveRef | undefined {
  // `t` without its closing punctuation.
  const m = /^(?:when\s+(is|was|will\s+be)\s+)?(?:the\s+|our\s+)?(next|upcoming|coming|previous|latest|most\s+recent|last|final)\s+(?:cut\s*over|cutover|migration|move|go[\s-]live)(?:\s+date)?$/.exec(t);
  if (!m) return undefined;
  const which = m[2];
  if (which === 'next' || which === 'upcoming' || which === 'coming') return { relative: 'next' };
  if (which === 'previous' || which === 'latest' || /^most/.test(which) || (which === 'last' && m[1] === 'was')) return { relative: 'previous' };
  return { relative: 'last' };
}

/** Command words a typo of which is still meant as the command ("staus", "blokers", "tomorow"). */
const KEYWORDS = ['status', 'blockers', 'blocked', 'progress', 'cutover', 'orders', 'changed', 'tomorrow', 'help', 'wave', 'plan', 'where', 'when'];
const ANYWHERE = new Set(['status', 'blockers', 'blocked', 'progress', 'cutover', 'tomorrow']);

/**
 * Fixes typos of command words: the first word against every command word (4+ letters), later words
 * only against the long ones that are never names, so a site called "Plano" stays Plano.
 */
export function correctTypos(t: string): string {
  return t
    .split(' ')
    .map((w, i) => {
      if (w.length < 4 || KEYWORDS.includes(w) || /[^a-z]/.test(w)) return w;
      const pool = i === 0 ? KEYWORDS : KEYWORDS.filter((k) => ANYWHERE.has(k));
      for (const k of pool) {
        // Four-letter command words are too close to names ("dave" / "wave") to correct.
        const allowed = k.length >= 7 ? 2 : k.length >= 5 ? 1 : 0;
        if (allowed && editDistance(w, k, allowed) <= allowed) return k;
      }
      return w;
    })
    .join(' ');
}

export function parseIntent(text: string): Intent {
  const t = correctTypos(text);
  if (!t || /^(?:help|\?+|h|commands?|menu|what can you do|what do you do|what can i ask|start|hi|hello|hey)$/.test(t) || /^(?:show\s+)?help\b/.test(t)) {
    return { kind: 'help' };
  }
  if (SUBSCRIPTION.test(t) || SUBSCRIPTION_BY_TELLING.test(t)) return { kind: 'subscription' };
  const update = parseOrderUpdate(t);
  if (update) return { kind: 'track-order', update };
  const portfolio = portfolioQuestion(text) ?? portfolioQuestion(t);
  if (portfolio) return { kind: 'portfolio', question: portfolio };
  // Command words as the manifest's menu inserts them, alone.
  if (t === 'wave' || t === 'waves') return { kind: 'wave', wave: { relative: 'next' } };
  if (t === 'when' || t === 'where' || t === 'people') return { kind: 'unknown', text: t };

  const route = routeQuestion(t);
  if (route) return { kind: 'route', ...route };
  // A site's main number asked about in other words: where it rings today says which wave moves it where.
  const mainNumber = MAIN_NUMBER_ASKED.exec(t.replace(/[?!.]+$/, ''));
  if (mainNumber && mainNumberSiteRef(mainNumber[1])) return { kind: 'route', number: mainNumber[1], date: 'today' };

  // The question without its closing punctuation, for the phrasings matched whole.
  const asked = t.replace(/[?!.]+$/, '');
  if (HISTORY.test(asked)) {
    const about = HISTORY_ABOUT.find(([words]) => words.test(asked))?.[1];
    return about ? { kind: 'history', about } : { kind: 'history' };
  }
  const cutover = relativeCutover(asked);
  if (cutover) return { kind: 'wave', wave: cutover };
  const happening = HAPPENING.exec(asked);
  if (happening) return { kind: 'cutovers', period: happening[1] };
  const at = HAPPENING_AT.exec(asked);
  if (at && !findWaveRef(t)) {
    const subject = stripFillers(at[1]);
    if (subject) return { kind: 'status-of', subject };
  }
  if (PORTING.test(asked) || NEXT_ORDER.test(asked)) return { kind: 'porting' };
  if (SBCS.test(asked)) return { kind: 'sbcs' };
  if (NUMBERS.test(asked)) return { kind: 'numbers' };
  if (LICENCES.test(asked)) return { kind: 'licences' };
  const emergency = EMERGENCY.exec(asked);
  if (emergency) {
    const subject = emergency[1] ? stripFillers(emergency[1]) : '';
    return subject ? { kind: 'emergency', subject } : { kind: 'emergency' };
  }
  const people = peopleQuestion(asked);
  if (people) return { kind: 'people', ...people };
  // Everyone not done is five states: the status (of the place named) counts each of them.
  const notMoved = NOT_MOVED.exec(asked);
  if (notMoved) {
    const subject = notMoved[1] ? stripFillers(notMoved[1]) : '';
    return subject ? { kind: 'status-of', subject } : { kind: 'status' };
  }
  const due = WHATS_DUE.exec(asked);
  if (due) return { kind: 'orders-due', which: 'all', period: due[1] ?? 'in the next 30 days' };
  const sites = sitesQuestion(asked);
  if (sites) return { kind: 'sites', ...sites };
  const wavesList = WAVES_LIST.exec(asked);
  if (wavesList) return { kind: 'waves', page: wavesList[1] ? Math.max(1, Number(wavesList[1])) : 1 };
  if (COST.test(asked) || PEOPLE_ON_PATH.test(asked)) return { kind: 'cost' };
  const missing = MISSING.exec(asked);
  // The gate's own words ("usage location") are kept whole: no filler is stripped from them.
  if (missing) return { kind: 'blockers', subject: missing[1].trim() };
  const ofSite = SITE_PATH.exec(asked);
  if (ofSite) {
    const subject = stripFillers(ofSite[1] ?? ofSite[2]);
    if (subject) return { kind: 'status-of', subject };
  }

  if (/\b(?:send|give|share|email|mail|get|download|attach|export|show)\b.*\b(?:plan|workbook|excel|spreadsheet)\b/.test(t) || /^(?:the\s+)?(?:rollout\s+|migration\s+)?(?:plan|workbook)$/.test(t)) {
    return { kind: 'plan' };
  }

  if ((/\b(?:changed|changes|drift|drifted)\b/.test(t) || /\bnew\b.*\b(?:since|sync)\b/.test(t)) && !/\bwave\b/.test(t)) {
    return { kind: 'changes' };
  }

  if (/\b(?:orders?|deadlines?|porting|ports?|uploads?)\b/.test(t) && /\b(?:due|deadline|deadlines|submit|when|which|what|list|orders?)\b/.test(t)) {
    const which = /\bport/.test(t) ? 'port' : /\bupload/.test(t) ? 'upload' : 'all';
    const m = /\b(?:due|submitted|uploaded|deadlines?)?\s*((?:this|next|last|the next|in the next|coming|the coming)\s+.+|today|tomorrow|by\s+.+|before\s+.+|until\s+.+|in\s+\d+\s+days?)$/.exec(t);
    // Words after "due" that are no period we know are kept, so the answer can say it cannot read them.
    const rest = m ? undefined : /\bdue\s+(?:in\s+|on\s+)?(.+)$/.exec(t);
    return { kind: 'orders-due', which, period: m ? m[1].trim() : rest ? rest[1].trim() : 'in the next 30 days' };
  }

  if (/\bblock(?:ers?|ed|ing|s)?\b|\bwhat\s+is\s+(?:stopping|holding)\b|\bstuck\b/.test(t)) {
    const rest = t
      .replace(/\b(?:who|what|how|many|much|is|are|the|show|me|list|all|any|people|persons|users?|blockers?|blocked|blocking|blocks|stopping|holding|stuck|still|back|up|by|gate|code)\b/g, ' ')
      .replace(/[?!]|\.(?=\s|$)/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const subject = stripFillers(rest);
    return subject ? { kind: 'blockers', subject } : { kind: 'blockers' };
  }

  const when = /^when\s+is\s+(?:the\s+)?next\s+(?:cut\s*over|cutover|move|migration)\s+(?:of|for|at|in)\s+(.+)$/.exec(t)
    ?? /^when\s+(?:is|are|does|do|will|did)\s+(.+?)\s+(?:cut(?:ting|s)?\s*over|cut\s*over|move|moving|migrat\w*|go(?:ing)?\s+live|switch\w*|cutover|scheduled)\b/.exec(t)
    ?? /^when\s+is\s+(?:the\s+)?(?:cut\s*over|cutover|move|migration)\s+(?:of|for|at|in)\s+(.+)$/.exec(t)
    ?? /^when\s+(?:is|does|will)\s+(.+?)$/.exec(t);
  if (when) {
    const subject = stripFillers(when[1]);
    if (subject) return { kind: 'cutover-when', subject };
  }
  if (/^(?:cutover date|move date|cutover|cut\s*over)\s+(?:of|for)?\s*(.+)$/.test(t)) {
    const subject = stripFillers(t.replace(/^(?:cutover date|move date|cutover|cut\s*over)\s+/, ''));
    if (subject) return { kind: 'cutover-when', subject };
  }

  if (WHATS_LEFT.test(asked)) return { kind: 'status' };
  const one = ABOUT_ONE.exec(asked);
  if (one && !findWaveRef(t)) {
    const subject = stripFillers(one[1] ?? one[2]);
    if (subject) return { kind: 'status-of', subject };
  }
  const wave = findWaveRef(t);
  if (wave && !STATUS_WORDS.test(t)) return { kind: 'wave', wave: wave.ref };

  if (STATUS_WORDS.test(t)) {
    const rest = t
      .replace(/\b(?:what|is|are|the|status|progress|overview|update|summary|how|far|along|going|doing|state|give|me|show|an|a|of|on|with|for|at|in|our|my|current|overall|whole|migration|rollout|project|tell|it|things|so|we|us|everything|everyone|looking)\b/g, ' ')
      .replace(/[?!]|\.(?=\s|$)/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const subject = stripFillers(rest);
    if (!subject) return { kind: 'status' };
    return { kind: 'status-of', subject };
  }

  if (wave) return { kind: 'wave', wave: wave.ref };

  // A bare name or number ("berlin", "+1 425 555 0100", "anna@contoso.com"): its status, if it resolves.
  const bare = stripFillers(t.replace(/[?!]+$/, ''));
  if (bare && bare.split(' ').length <= 4) return { kind: 'status-of', subject: bare };
  return { kind: 'unknown', text: t };
}
