/**
 * Adaptive Card builders: pure functions returning card JSON, so they are easy to test and reuse. The
 * assistant's cards (buttons, deep links, the reader's locale) are in bot/cards/; these are the plan
 * service's plain views, kept for the CLI-like summaries that use them.
 */
import type { TenantStatus } from '../shared/services/status-service';
import { md } from './cards/card-kit';

export interface BotCommand {
  name: string;
  description: string;
  example: string;
  /**
   * False: in the help card only, not the manifest's command menu. Teams shows at most 10 commands per
   * list; "help" is the one everybody types anyway, and every error and the welcome card offer it.
   */
  menu?: false;
}

/**
 * What the bot understands, one entry per line of the help card and (unless `menu: false`) per command
 * of the manifest's command lists, in the same order. Each is also understood in other words: see bot/understanding/intents.ts.
 */
export const BOT_COMMANDS: readonly BotCommand[] = [
  { name: 'status', description: 'How the migration is going, or a site, wave, person or number.', example: 'status of Berlin' },
  { name: 'blockers', description: 'Who is blocked and what fixes it, by wave, site or gate.', example: 'blockers wave 2' },
  { name: 'wave', description: 'What happens in a wave: date, sites, people, orders due.', example: 'what happens in wave 2?' },
  { name: 'when', description: 'When a site or person cuts over.', example: 'when is Paris cutting over?' },
  { name: 'orders', description: 'Port and upload orders due in a period.', example: 'which port orders are due this month?' },
  { name: 'changes', description: 'What changed since the last sync: drift and blockers.', example: 'what changed since the last sync?' },
  { name: 'where', description: 'Where a number or extension rings on a day under the plan.', example: 'where does +1 425 555 0100 ring next Friday?' },
  { name: 'plan', description: 'Send the Excel rollout plan.', example: 'send me the plan' },
  { name: 'remind', description: 'Reminders before cutovers and order deadlines, and drift after a sync.', example: 'remind me 3 days before each cutover' },
  { name: 'customers', description: "In an MSP's tenant: your customers - who is behind, cutovers in a week, one customer's status.", example: 'which customers are behind?' },
  { name: 'help', description: 'What I can do.', example: 'help', menu: false },
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
    { type: 'TextBlock', text: `Migration status: ${md(status.tenant.name)}`, weight: 'Bolder', size: 'Medium', wrap: true },
    status.lastSync
      ? { type: 'TextBlock', text: `Last sync ${status.lastSync.at} (${status.lastSync.warnings} warnings)`, isSubtle: true, wrap: true }
      : { type: 'TextBlock', text: 'No sync yet.', isSubtle: true, wrap: true },
    ...syncWarnings(status.lastSync?.warningDetails ?? []),
    { type: 'FactSet', facts },
  ]);
}

/** The first few of the last sync's warnings in words (a card is no place for a long list). */
function syncWarnings(warnings: { message: string }[]): CardElement[] {
  const shown = warnings.slice(0, 3).map((w): CardElement => ({ type: 'TextBlock', text: `⚠ ${md(w.message)}`, color: 'Warning', wrap: true, size: 'Small' }));
  if (warnings.length > shown.length) shown.push({ type: 'TextBlock', text: `…and ${warnings.length - shown.length} more (\`vmp status\` or the tab's Overview lists them all).`, isSubtle: true, wrap: true, size: 'Small' });
  return shown;
}

// Rollout plan cards (issue 6): blockers, routing answers and wave progress.

export function blockersCard(view: import('../shared/domain/planning/plan-summary').BlockersView): CardElement {
  const title = view.waveNumber !== undefined ? `Blocked around wave ${view.waveNumber}: ${view.total}` : `Blocked people: ${view.total}`;
  const body: CardElement[] = [{ type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true }];
  if (view.byCode.length) {
    body.push({ type: 'FactSet', facts: view.byCode.map((c) => ({ title: `${md(c.code)} (${c.count})`, value: `Fix: ${md(c.fix)}` })) });
  }
  if (view.top.length) {
    body.push({ type: 'TextBlock', text: `First ${view.top.length}:`, weight: 'Bolder', wrap: true });
    body.push({
      type: 'FactSet',
      facts: view.top.map((b) => ({ title: md(b.userPrincipalName), value: b.gates.map((g) => `${md(g.message)} (fix: ${md(g.fix)})`).join('; ') })),
    });
  }
  if (view.unmet.length) {
    body.push({ type: 'TextBlock', text: `Constraints not met: ${view.unmetTotal ?? view.unmet.length}`, weight: 'Bolder', wrap: true });
    for (const u of view.unmet.slice(0, 5)) body.push({ type: 'TextBlock', text: `- ${md(u.message)}`, wrap: true, isSubtle: true });
  }
  if (!view.total && !view.unmet.length) body.push({ type: 'TextBlock', text: 'Nobody is blocked.', wrap: true });
  return card(body);
}

export function routeCard(answer: import('../shared/domain/planning/routing-simulator').RouteAnswer): CardElement {
  const where = answer.target === 'teams' ? 'Teams' : answer.target === 'pbx' ? 'the PBX' : answer.target === 'ata' ? 'an ATA' : answer.target;
  const body: CardElement[] = [
    { type: 'TextBlock', text: `${md(answer.number)} on ${answer.date}: ${where}`, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: answer.hops.map(md).join(' → '), wrap: true },
    { type: 'TextBlock', text: md(answer.explanation), wrap: true, isSubtle: true },
  ];
  if (answer.rule) body.push({ type: 'FactSet', facts: [{ title: 'Rule', value: md(answer.rule.pattern) }] });
  if (answer.laterThatDay) body.push({ type: 'TextBlock', text: `Later that day: ${md(answer.laterThatDay)}`, wrap: true });
  return card(body);
}

export function waveProgressCard(status: import('../shared/services/migration-status-read-model').MigrationStatusSummary): CardElement {
  const t = status.tenant;
  return card([
    { type: 'TextBlock', text: `Rollout: ${t.done} of ${t.total} done (${t.percentDone}%)`, weight: 'Bolder', wrap: true },
    {
      type: 'FactSet',
      facts: status.waves.slice(0, 15).map((w) => ({
        title: `${md(w.name)} ${w.date}`,
        value: `${w.counts.done}/${w.counts.total} done${w.counts.drifted ? `, ${w.counts.drifted} drifted` : ''}${w.counts.ready ? `, ${w.counts.ready} ready` : ''}`,
      })),
    },
    ...(t.blocked || t.drifted ? [{ type: 'TextBlock', text: `${t.blocked} blocked, ${t.drifted} drifted: ask "blockers".`, wrap: true, isSubtle: true }] : []),
  ]);
}
