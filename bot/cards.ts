/**
 * What the bot understands, as the help card and the app manifest's command lists show it. The cards
 * themselves are in bot/cards/.
 */

export interface BotCommand {
  name: string;
  description: string;
  example: string;
  /**
   * False: in the help card only, not the manifest's command menu. Teams shows at most 10 commands per
   * list; "help" is the one everybody types anyway, and every error and the welcome card offer it.
   */
  menu?: false;
  /** Answered only in a personal chat (it would show one person's view to a channel): not on the channel and group chat menu. */
  personalOnly?: true;
}

/**
 * What the bot understands, one entry per line of the help card and (unless `menu: false`) per command
 * of the manifest's command lists, in the same order. Each is also understood in other words: see bot/understanding/intents.ts.
 */
export const BOT_COMMANDS: readonly BotCommand[] = [
  { name: 'status', description: 'How the migration is going, or a site, wave, person or number.', example: 'status of Berlin' },
  { name: 'blockers', description: 'Who is blocked and what fixes it, by wave, site or gate.', example: 'blockers wave 2' },
  { name: 'wave', description: 'What happens in a wave: date, sites, people, orders due; "list waves" for them all.', example: 'what happens in wave 2?' },
  { name: 'when', description: 'When a site or person cuts over, or what cuts over in a period ("cutovers this week").', example: 'when is Paris cutting over?' },
  { name: 'orders', description: 'Orders due in a period and "porting status"; "mark <order> submitted" records one.', example: 'which port orders are due this month?' },
  { name: 'changes', description: 'What changed since the last sync: drift and blockers.', example: 'what changed since the last sync?' },
  { name: 'where', description: "Where a number, an extension or a site's main number rings on a day under the plan.", example: 'where does +1 425 555 0100 ring next Friday?' },
  { name: 'plan', description: 'Send the Excel rollout plan.', example: 'send me the plan' },
  { name: 'remind', description: 'Reminders before cutovers and order deadlines, and drift after a sync.', example: 'remind me 3 days before each cutover' },
  { name: 'customers', description: "In an MSP's tenant: your customers - who is behind, cutovers in a week, one customer's status.", example: 'which customers are behind?', personalOnly: true },
  { name: 'sites', description: 'Sites by progress (done, in progress, not started, blocked, drifted) or by path.', example: 'which sites are blocked?', menu: false },
  { name: 'numbers', description: "The tenant's Teams numbers per type: free, or held by users or services.", example: 'how many numbers are free?', menu: false },
  { name: 'licences', description: 'The licences the blocked people need against the seats free, and how many to buy.', example: 'how many licences do we need?', menu: false },
  { name: 'people', description: 'Who is done, ready, scheduled, drifted or not started, in a site or a wave.', example: 'who has drifted in Berlin?', menu: false },
  { name: 'cost', description: 'People and monthly cost per path, SBC sessions ("SBCs"); a site\'s path and cost ("cost of Berlin").', example: 'what will it cost?', menu: false },
  { name: 'emergency', description: 'Emergency calls: addresses, Direct Routing routing, security desks, network sites; at a site if named.', example: 'how are emergency calls set up in Seattle?', menu: false },
  { name: 'history', description: 'Who changed what and when: settings saves, plans, syncs, imports; the settings alone if asked.', example: 'who changed the settings?', menu: false },
  { name: 'help', description: 'What I can do.', example: 'help', menu: false },
];
