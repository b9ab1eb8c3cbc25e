/**
 * The team's and channel's names for a channel conversation whose message did not carry them. Teams
 * puts names in conversation updates (the bot added to a team, a channel renamed) but a message in a
 * channel carries only the ids, so reminders set up by typing in a channel would be listed as "a
 * channel". The Bot Connector gives both: the team's details and its channel list (the General channel
 * has no name there: its id is the team's).
 *
 * Asked once, when reminders are set up or changed in a channel, not for every message; a connector
 * that fails or is slow (NAMES_TIMEOUT_MS) leaves the names out, never the reminders.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';

const NAMES_TIMEOUT_MS = 3_000;

export interface TeamChannelNames {
  teamName?: string;
  channelName?: string;
}

export async function teamAndChannelNames(context: TurnContext): Promise<TeamChannelNames> {
  const channelData = (context.activity.channelData ?? {}) as { team?: { id?: unknown }; channel?: { id?: unknown } };
  const teamId = typeof channelData.team?.id === 'string' ? channelData.team.id : undefined;
  const channelId = typeof channelData.channel?.id === 'string' ? channelData.channel.id : undefined;
  if (!teamId || !channelId) return {};
  const [team, channels] = await Promise.all([
    withinTimeout(TeamsInfo.getTeamDetails(context, teamId)),
    withinTimeout(TeamsInfo.getTeamChannels(context, teamId)),
  ]);
  const channel = channels?.find((c) => c.id === channelId);
  const channelName = text(channel?.name) ?? (channel && channelId === teamId ? 'General' : undefined);
  return { ...(text(team?.name) && { teamName: text(team?.name) }), ...(channelName && { channelName }) };
}

/** The answer, or undefined when it failed or took longer than NAMES_TIMEOUT_MS (the call is left to finish on its own). */
async function withinTimeout<T>(call: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), NAMES_TIMEOUT_MS);
    timer.unref();
  });
  try {
    return await Promise.race([call.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 256) : undefined);
