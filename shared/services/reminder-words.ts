/**
 * Reminders in words, the same in the bot's answer ("what am I subscribed to"), the tab's Settings >
 * Reminders and the history: what a conversation is reminded about, and which conversation it is. Pure,
 * so the tab's bundle takes it without any server code.
 */
import type { ConversationKind } from './subscription-service';

export interface ReminderTopics {
  cutovers?: { offsetsDays: number[] };
  orders?: { offsetsDays: number[] };
  /** A subscription's drift topic, or the tab's flag for it. */
  drift?: unknown;
}

export interface NamedConversation {
  kind: ConversationKind;
  teamName?: string;
  channelName?: string;
  chatName?: string;
  /** Who set the reminders up: a personal chat is theirs. */
  subscribedBy?: string;
}

/** "3 days and 1 day", "on the day". */
function days(offsets: readonly number[]): string {
  return offsets.map((d) => (d === 0 ? 'on the day' : `${d} day${d === 1 ? '' : 's'}`)).join(' and ');
}

/** One line per topic, e.g. "cutover reminders 3 days and 1 day before each wave, with the blockers still open". */
export function describeTopics(t: ReminderTopics): string[] {
  const out: string[] = [];
  if (t.cutovers) out.push(`cutover reminders ${days(t.cutovers.offsetsDays)} before each wave, with the blockers still open`);
  if (t.orders) out.push(`port- and upload-order deadlines and port freezes to lift, ${days(t.orders.offsetsDays)} before`);
  if (t.drift) out.push('a summary when a sync finds drift');
  return out;
}

/** 'the channel "General" of team "Voice project"', 'a group chat', "Pat Lead's personal chat". Names are quoted as given; escape where they land. */
export function describeConversation(c: NamedConversation): string {
  switch (c.kind) {
    case 'channel': {
      const channel = c.channelName ? `the channel "${c.channelName}"` : 'a channel';
      return c.teamName ? `${channel} of team "${c.teamName}"` : channel;
    }
    case 'groupChat':
      return c.chatName ? `the group chat "${c.chatName}"` : 'a group chat';
    case 'personal':
      return c.subscribedBy ? `${c.subscribedBy}'s personal chat` : 'a personal chat';
  }
}
