/**
 * The Adaptive Cards (1.5) the bot sends on its own: reminders, deadline and drift notices, the welcome
 * and the channel download card. Short and phone-readable (a title, two or three lines, at most three
 * list lines, one or two buttons); every text that comes from data is escaped, because TextBlocks read
 * markdown and `{{DATE(...)}}` functions. Times: the site's local time spelled out, and the reader's own
 * time through the card's DATE/TIME functions (Teams renders them in the viewer's locale and zone).
 */
import { gateLabel } from '../../shared/domain/decisions/gate-catalogue';
import type { Notification } from '../../shared/services/notification-service';
import { timeUntil } from '../../shared/services/notification-service';
import type { Subscription } from '../../shared/services/subscription-service';
import { describeConversation, describeTopics } from '../../shared/services/reminder-words';
import type { RemindersPage } from '../../shared/services/reminders-admin';
import { tabLink, type TabLinkSettings } from './tab-links';
// Buttons ask the bot a question as universal actions (Action.Execute), answered like the bot's own cards.
import { ask, plural } from '../cards/card-kit';

type CardElement = Record<string, unknown>;

/** Data text as plain text inside a markdown TextBlock: markdown, HTML and card-function characters escaped. */
export function cardText(value: unknown): string {
  return String(value ?? '')
    // What Teams' card markdown acts on (emphasis, links, code) and the {{DATE()}} function braces.
    .replace(/[\\`*_{}[\]()<>~]/g, (c) => `\\${c}`)
    .replace(/[\r\n]+/g, ' ')
    .slice(0, 300);
}

function card(body: CardElement[], actions: CardElement[] = []): CardElement {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
  };
}

const title = (text: string): CardElement => ({ type: 'TextBlock', text, weight: 'Bolder', size: 'Medium', wrap: true });
const line = (text: string, extra: CardElement = {}): CardElement => ({ type: 'TextBlock', text, wrap: true, spacing: 'Small', ...extra });
const open = (titleText: string, url: string | undefined): CardElement[] => (url ? [{ type: 'Action.OpenUrl', title: titleText, url }] : []);

function listSites(names: string[]): string {
  const shown = names.slice(0, 3).map(cardText).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

/** Whose numbers are in Teams before the cutover, as the last sync found them: a port or upload still to come shows here. */
function numbersLine(x: { people: number; inTeams: number; pending: number; drifted: number }): CardElement {
  const open = [x.pending ? `${x.pending.toLocaleString('en-US')} not yet (port or upload to come)` : '', x.drifted ? `${x.drifted.toLocaleString('en-US')} drifted` : ''].filter(Boolean);
  return line(`Numbers in Teams: ${x.inTeams.toLocaleString('en-US')} of ${x.people.toLocaleString('en-US')}${open.length ? `; ${open.join(', ')}` : ''}`, {
    color: open.length ? 'Warning' : 'Good',
  });
}

/** The reader's own date and time of an instant, rendered by Teams in their locale and zone. */
const yourTime = (iso: string) => `{{DATE(${iso.replace(/\.\d{3}Z$/, 'Z')},SHORT)}} {{TIME(${iso.replace(/\.\d{3}Z$/, 'Z')})}}`;

/**
 * `namesAllowed`: whether people may be named - in a personal chat yes; in channels and group chats the
 * card gives counts only (everyone there reads it, and only admins may see named people there).
 */
export function notificationCard(n: Notification, links: TabLinkSettings, namesAllowed = false): CardElement {
  const now = new Date(n.at);
  switch (n.type) {
    case 'cutover': {
      const w = n.wave;
      const blockers = n.blockers;
      const body: CardElement[] = [
        title(`Wave ${w.number} cuts over ${timeUntil(now, new Date(n.cutoverAt))}`),
        line(`${listSites(w.siteNames)} · ${plural(w.members, 'person', 'people')}`),
        line(`${w.date} at ${w.time} (${cardText(w.zone)}); your time ${yourTime(n.cutoverAt)}`, { isSubtle: true }),
        ...(n.numbers ? [numbersLine(n.numbers)] : []),
        blockers.total === 0 && blockers.unmetTotal === 0
          ? line('Nothing is blocking this wave.', { color: 'Good' })
          : line(
              `Still open: ${plural(blockers.total, 'blocked person', 'blocked people')}` +
                (blockers.unmetTotal ? `, ${plural(blockers.unmetTotal, 'unmet constraint')}` : ''),
              { color: 'Attention', weight: 'Bolder' },
            ),
        ...blockers.byCode.slice(0, 3).map((b) => line(`- ${b.count} × ${cardText(gateLabel(b.code))}: ${cardText(b.fix)}`)),
      ];
      return card(body, [...(blockers.total ? [ask('Show blockers', `blockers wave ${w.number}`)] : []), ...open('Open the plan', tabLink(links, 'plan'))]);
    }
    case 'order-deadline': {
      if (n.kind === 'freeze-lift') {
        const carriers = new Set(n.orders.map((o) => o.via));
        return card(
          [
            title(`Ask ${carriers.size === 1 && n.count === n.orders.length ? cardText([...carriers][0]) : 'the carriers'} to lift the port freeze on ${plural(n.count, 'account')} by ${n.deadline}`),
            line(`A frozen account's port requests are rejected: wave ${n.wave.number}'s port orders can only go in once it is lifted.`),
            line(`Wave ${n.wave.number} cuts over ${n.wave.date} at ${n.wave.time} (${cardText(n.wave.zone)}): ${listSites(n.wave.siteNames)}`, { isSubtle: true }),
            ...n.orders.slice(0, 3).map((o) => line(`- ${cardText(o.via)}${o.account !== undefined ? `, account ${cardText(o.account)}` : ''}: ${plural(o.numbers, 'number')} (${cardText(o.id)})`)),
            ...(n.count > 3 ? [line(`and ${(n.count - 3).toLocaleString('en-US')} more`, { isSubtle: true })] : []),
          ],
          open('Open the orders', tabLink(links, 'plan')),
        );
      }
      const what = n.kind === 'port' ? 'port order' : 'Direct Routing number upload';
      const verb = n.kind === 'port' ? 'be submitted' : 'be done';
      const done = n.kind === 'port' ? 'submitted' : 'uploaded';
      // The one order due is done already? One press records it (order-update.ts). In a personal chat
      // only: in a channel the answer would replace the reminder for whoever pressed, admin or not.
      const marks = namesAllowed && n.count === 1 && n.orders[0] ? [ask(`Mark ${n.orders[0].id} ${done}`, `mark ${n.orders[0].id} ${done}`)] : [];
      return card(
        [
          title(`${plural(n.count, what)} for wave ${n.wave.number} must ${verb} by ${n.deadline}`),
          line(`Wave ${n.wave.number} cuts over ${n.wave.date} at ${n.wave.time} (${cardText(n.wave.zone)}): ${listSites(n.wave.siteNames)}`, { isSubtle: true }),
          ...n.orders.slice(0, 3).map((o) => line(`- ${cardText(o.id)}: ${cardText(o.via)}, ${plural(o.numbers, 'number')}`)),
          ...(n.count > 3 ? [line(`and ${(n.count - 3).toLocaleString('en-US')} more`, { isSubtle: true })] : []),
        ],
        [...marks, ...open('Open the orders', tabLink(links, 'plan'))],
      );
    }
    case 'drift': {
      const body: CardElement[] = [
        title(n.drifted > 0 ? `The last sync found ${plural(n.drifted, 'drifted person', 'drifted people')}` : 'The last sync found no drift'),
        line(
          `Sync of ${n.takenAt.slice(0, 16).replace('T', ' ')} UTC` +
            (n.previous ? `; the sync before found ${n.previous.drifted}` : '') +
            (n.fixUpsTotal ? ` · ${plural(n.fixUpsTotal, 'fix-up')} to apply` : ''),
          { isSubtle: true },
        ),
        ...(namesAllowed ? n.fixUps.slice(0, 3).map((f) => line(`- ${cardText(f.userPrincipalName ?? 'someone')}: ${cardText(f.problem)}`)) : []),
        ...n.newWarnings.slice(0, 2).map((w) => line(`New warning: ${cardText(w.message)}`, { color: 'Warning' })),
      ];
      return card(body, open('Open the overview', tabLink(links, 'overview')));
    }
  }
}

/** A text fallback beside the card (notifications, screen readers, clients without cards). */
export function notificationText(n: Notification): string {
  switch (n.type) {
    case 'cutover':
      return `Wave ${n.wave.number} cuts over on ${n.wave.date} at ${n.wave.time} (${n.wave.zone}); ${n.blockers.total} blocked.`;
    case 'order-deadline':
      if (n.kind === 'freeze-lift') return `Ask the carrier to lift the port freeze on ${plural(n.count, 'account')} of wave ${n.wave.number} by ${n.deadline}.`;
      return `${plural(n.count, `${n.kind} order`)} of wave ${n.wave.number} ${n.count === 1 ? 'is' : 'are'} due by ${n.deadline}.`;
    case 'drift':
      return `The last sync found ${n.drifted} drifted.`;
  }
}

/** What this conversation is subscribed to, in words (the answer to "what am I subscribed to"). */
export function describeSubscription(s: Subscription | undefined): string[] {
  return s ? describeTopics(s) : [];
}

/** Conversations a "which chats get reminders" card lists; the tab's Settings > Reminders has them all. */
export const REMINDERS_LISTED = 6;

/**
 * Every chat and channel of the tenant with reminders, paused first (Teams refuses them), with a link to
 * Settings > Reminders. Who set a personal chat's reminders up is named only where names may be shown.
 */
export function remindersCard(page: Pick<RemindersPage, 'items' | 'total' | 'paused'>, links: TabLinkSettings, namesAllowed: boolean): CardElement {
  if (page.total === 0) {
    return card([title('No chat or channel gets reminders yet'), line('Ask me in the one that should, e.g. "remind us 3 days and 1 day before each cutover".')]);
  }
  const body: CardElement[] = [title(`Reminders go to ${plural(page.total, 'chat or channel', 'chats and channels')}`)];
  if (page.paused) body.push(line(`Teams refuses ${page.paused === 1 ? 'one of them' : `${page.paused.toLocaleString('en-US')} of them`}: nobody there hears from me until someone writes to me there.`, { color: 'Warning' }));
  for (const r of page.items.slice(0, REMINDERS_LISTED)) {
    const where = describeConversation(namesAllowed ? r : { ...r, subscribedBy: undefined });
    const topics = [r.cutovers && 'cutovers', r.orders && 'order deadlines', r.drift && 'drift'].filter(Boolean).join(', ');
    body.push(line(`- ${cardText(where)}: ${topics}${r.paused ? ` (paused since ${r.paused.since.slice(0, 10)})` : ''}`));
  }
  if (page.total > REMINDERS_LISTED) body.push(line(`and ${(page.total - REMINDERS_LISTED).toLocaleString('en-US')} more`, { isSubtle: true }));
  return card(body, open('Open Settings > Reminders', tabLink(links, 'settings', undefined, 'reminders')));
}

export function subscriptionCard(headline: string, s: Subscription | undefined): CardElement {
  const topics = describeSubscription(s);
  return card(
    [
      title(headline),
      ...(topics.length
        ? topics.map((t) => line(`- ${t}`))
        : [line('Nothing here yet. Try "remind me 3 days and 1 day before each cutover", "tell me about order deadlines" or "tell me when a sync finds drift".')]),
    ],
    topics.length ? [ask('Unsubscribe', 'unsubscribe')] : [],
  );
}

export function welcomeCard(links: TabLinkSettings): CardElement {
  return card(
    [
      title('Hi, I am the Voice Migration Planner'),
      line('I answer questions about your move from the PBX to Teams Phone: status, blockers, waves, orders and where a number rings.'),
      line('I can also remind this chat before each cutover and order deadline, and tell you when a sync finds drift.', { isSubtle: true }),
    ],
    [
      ask('Remind us before cutovers', 'remind me 3 days and 1 day before each cutover'),
      ask('What can you do?', 'help'),
      ...open('Open the planner', tabLink(links, 'overview')),
    ],
  );
}
