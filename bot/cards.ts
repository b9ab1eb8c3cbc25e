/** Adaptive Card builders: pure functions returning card JSON, so they are easy to test and reuse. */
import type { TenantStatus } from '../shared/services/status-service';

export interface BotCommand {
  name: string;
  description: string;
  example: string;
}

export const BOT_COMMANDS: readonly BotCommand[] = [
  { name: 'status', description: 'How the migration is going: users, sites, numbers and the last sync.', example: 'status' },
  { name: 'blockers', description: 'Who is blocked, and what fixes it.', example: 'blockers wave 2' },
  { name: 'plan', description: 'Send the Excel rollout plan.', example: 'plan' },
  { name: 'help', description: 'What I can do.', example: 'help' },
];

type CardElement = Record<string, unknown>;

function card(body: CardElement[], actions: CardElement[] = []): CardElement {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
  };
}

export function helpCard(): CardElement {
  return card([
    { type: 'TextBlock', text: 'Voice Migration Planner', weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: 'Ask me about your move from the PBX to Teams Phone. Commands:', wrap: true },
    {
      type: 'FactSet',
      facts: BOT_COMMANDS.map((c) => ({ title: c.name, value: `${c.description} (e.g. "${c.example}")` })),
    },
  ]);
}

export function statusCard(status: TenantStatus): CardElement {
  const c = status.counts;
  const facts = c
    ? [
        { title: 'Users', value: String(c.users) },
        { title: 'Resource accounts', value: String(c.resourceAccounts) },
        { title: 'Teams Phone licensed', value: String(c.teamsPhoneEnabled) },
        { title: 'Sites', value: String(c.sites) },
        { title: 'Numbers in Teams', value: String(c.numbers) },
      ]
    : [];
  return card([
    { type: 'TextBlock', text: `Migration status: ${status.tenant.name}`, weight: 'Bolder', size: 'Medium', wrap: true },
    status.lastSync
      ? { type: 'TextBlock', text: `Last sync ${status.lastSync.at} (${status.lastSync.warnings} warnings)`, isSubtle: true, wrap: true }
      : { type: 'TextBlock', text: 'No sync yet.', isSubtle: true, wrap: true },
    { type: 'FactSet', facts },
  ]);
}
