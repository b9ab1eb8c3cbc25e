/**
 * The pieces every bot card is built from: Adaptive Cards 1.5 as Teams renders them (phone first:
 * short TextBlocks that wrap, FactSets only for a few short labels), text from data escaped for the
 * card's markdown, buttons as universal actions (`Action.Execute`, answered by the bot's
 * onAdaptiveCardInvoke so the card refreshes in place) and "open in the tab" deep links.
 */

export type CardElement = Record<string, unknown>;

/** The verb of every button that asks the bot something; `data.text` is the question. */
export const ASK_VERB = 'vmp.ask';

export function card(body: CardElement[], actions: CardElement[] = []): CardElement {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    // Teams shows at most six actions (fewer on a phone): keep the first five.
    ...(actions.length ? { actions: actions.slice(0, 5) } : {}),
  };
}

/** The most characters of one value a card shows: cards are read on phones, and echoed user text has no other limit. */
export const MD_MAX_CHARS = 300;

/**
 * Text from data (names, messages, reasons) made literal for a TextBlock: the characters of the
 * markdown subset cards render (emphasis `*` `_`, links `[..](..)`, list markers at the start) are
 * backslash-escaped and line breaks flattened, so a site named "*Main* [HQ](x)" shows as typed and
 * cannot become a link. Other punctuation is left alone: it means nothing to a card. Longer than
 * MD_MAX_CHARS, the value is cut (before escaping, so no escape is cut in half) and ends in "…".
 */
export function md(text: unknown): string {
  let value = String(text ?? '');
  if (value.length > MD_MAX_CHARS) value = `${value.slice(0, MD_MAX_CHARS - 1).replace(/[\uD800-\uDBFF]$/, '')}…`;
  return value
    .replace(/[\\*_[\]]/g, (c) => `\\${c}`)
    .replace(/\r\n?|[\n\u2028\u2029]/g, ' ')
    .replace(/^(\s*)([-+]|\d+\.)(\s)/, '$1\\$2$3');
}

/** The same for a plain Teams message, which also renders some HTML: angle brackets become entities. */
export function mdMessage(text: unknown): string {
  return md(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function title(text: string): CardElement {
  return { type: 'TextBlock', text, weight: 'Bolder', size: 'Medium', wrap: true };
}

export function line(text: string, options: { subtle?: boolean; small?: boolean; bold?: boolean; color?: 'Warning' | 'Attention' | 'Good' | 'Accent' } = {}): CardElement {
  return {
    type: 'TextBlock',
    text,
    wrap: true,
    ...(options.bold ? { weight: 'Bolder' } : {}),
    ...(options.subtle ? { isSubtle: true } : {}),
    ...(options.small ? { size: 'Small' } : {}),
    ...(options.color ? { color: options.color } : {}),
  };
}

/** A few short label/value pairs (counts, dates): a FactSet is readable on a phone when both are short. */
export function facts(pairs: [string, string][]): CardElement {
  return { type: 'FactSet', facts: pairs.map(([t, value]) => ({ title: t, value })) };
}

/** A button that asks the bot `text` and replaces the card with the answer. */
export function ask(label: string, text: string): CardElement {
  return { type: 'Action.Execute', title: label, verb: ASK_VERB, data: { text } };
}

/** Where the tab's pages are: the deep link's subEntityId, which the tab turns into its route (hashFromSubEntityId). */
export type TabTarget =
  | { site: string }
  | { person: string }
  | { wave: number }
  /** A page, filtered as its own URL has it (`sites?path=DR`, `progress?show=fixups`), or one of its items (`settings/sbcs`). */
  | { page: 'plan' | 'overview' | 'people' | 'sites' | 'coexistence' | 'progress' | 'blockers' | 'settings' | 'audit'; item?: string; params?: Record<string, string | undefined> }
  | { portfolio: Record<string, string> };

export function subEntityId(target: TabTarget): string {
  // As the tab writes its own (tab/web/src/route.ts): page, then the item URI-encoded.
  if ('site' in target) return `sites/${encodeURIComponent(target.site)}`;
  if ('person' in target) return `people/${encodeURIComponent(target.person)}`;
  if ('wave' in target) return `plan?wave=${target.wave}`;

  // The Portfolio page's filters, in the order the tab writes them (routeHref sorts its params).
  if ('portfolio' in target) {
    const qs = new URLSearchParams(Object.entries(target.portfolio).sort(([a], [b]) => a.localeCompare(b))).toString();
    return qs ? `portfolio?${qs}` : 'portfolio';
  }
  // Its filters in the order the tab writes them (routeHref sorts its params).
  const qs = new URLSearchParams(Object.entries(target.params ?? {}).filter((e): e is [string, string] => !!e[1]).sort(([a], [b]) => a.localeCompare(b))).toString();
  const path = target.item ? `${target.page}/${encodeURIComponent(target.item)}` : target.page;
  return qs ? `${path}?${qs}` : path;
}

/**
 * A Teams deep link into the app's personal tab (`plan`, the manifest's first static tab) at a page:
 * https://teams.microsoft.com/l/entity/<appId>/plan?context={"subEntityId": ...}
 */
export function tabDeepLink(teamsAppId: string, target: TabTarget, fallback?: { label: string; webUrl?: string }): string {
  const context = JSON.stringify({ subEntityId: subEntityId(target) });
  // webUrl is only where a client that cannot show the tab goes; inside Teams the context's page is what opens.
  const extra = fallback ? `${new URLSearchParams({ label: fallback.label, ...(fallback.webUrl ? { webUrl: fallback.webUrl } : {}) }).toString()}&` : '';
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/plan?${extra}context=${encodeURIComponent(context)}`;
}

/** "Open in the tab", when the server knows the Teams app id (no id: no button rather than a broken link). */
export function openInTab(view: CardView, target: TabTarget, label = 'Open in the tab'): CardElement[] {
  return view.teamsAppId ? [{ type: 'Action.OpenUrl', title: label, url: tabDeepLink(view.teamsAppId, target) }] : [];
}

/** How the reader sees dates: their locale and time zone (from the Teams activity). */
export interface CardView {
  locale: string;
  /** IANA zone of the reader (activity.localTimezone), for timestamps such as the last sync. */
  timeZone: string;
  teamsAppId?: string;
}

export function cardView(locale: string | undefined, timeZone: string | undefined, teamsAppId?: string): CardView {
  let loc = 'en-US';
  try {
    if (locale) loc = Intl.getCanonicalLocales(locale)[0] ?? loc;
    new Intl.DateTimeFormat(loc);
  } catch {
    loc = 'en-US';
  }
  let zone = 'UTC';
  try {
    if (timeZone) {
      new Intl.DateTimeFormat('en', { timeZone });
      zone = timeZone;
    }
  } catch {
    zone = 'UTC';
  }
  return { locale: loc, timeZone: zone, ...(teamsAppId ? { teamsAppId } : {}) };
}

/** A plan day (yyyy-mm-dd, a calendar day at the site) in the reader's words: "Tue, 3 Feb 2026". */
export function formatDay(date: string, view: CardView): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(view.locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A cutover: the plan's day and time are the site's own local time, said so. */
export function formatCutover(date: string, time: string | undefined, view: CardView): string {
  if (!time) return formatDay(date, view);
  const [h, min] = time.split(':').map(Number);
  const clock = Number.isFinite(h) && Number.isFinite(min) ? new Intl.DateTimeFormat(view.locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, 0, 1, h, min))) : time;
  return `${formatDay(date, view)}, ${clock} site time`;
}

/** A moment (ISO timestamp) in the reader's locale and time zone. */
export function formatMoment(iso: string, view: CardView): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(view.locale, { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: view.timeZone, timeZoneName: 'short' }).format(at);
}

/** An amount in the reader's locale ("$1,234", "1.234 €"), whole units: costs are estimates. */
export function formatMoney(value: number, currency: string, view: CardView): string {
  try {
    return new Intl.NumberFormat(view.locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);
  } catch {
    return `${Math.round(value).toLocaleString('en-US')} ${currency}`;
  }
}

/** A count with its noun ("1 person", "2,500 people"): the same words the plan and notifications use. */
export { counted as plural } from '../../shared/domain/counted';
