/**
 * The `vmp` command line: one command per use case, over the same services as the tab and the bot.
 *
 * This file declares every command (name, description, options) and nothing more: a command's
 * implementation, in cli/commands/, is loaded only when that command runs. `vmp --help`, `vmp <cmd>
 * --help` and `vmp status` therefore never load exceljs, botbuilder, the Graph client or the Azure
 * SDKs (tests/integration/cli/cli-lazy-loading.test.ts checks it).
 */
import { Command, CommanderError } from 'commander';
import { GRAPH_CLOUDS } from '../shared/graph/graph-clouds';
import { CliError, DEFAULT_DB, EXIT, forTerminal, GlobalOptions } from './cli-context';
import type { DecideOptions } from './commands/decide';
import type { DemoTenantOptions } from './commands/demo-tenant';
import type { EmergencyOptions } from './commands/emergency';
import type { ExportOptions } from './commands/export';
import type { HistoryOptions } from './commands/history';
import type { ImportPbxOptions } from './commands/import-pbx';
import type { PlanOptions } from './commands/plan';
import type { PortfolioOptions } from './commands/portfolio';
import type { RouteOptions } from './commands/route';
import type { RunOptions } from './commands/run';
import type { SiteRulesOptions } from './commands/site-rules';
import type { StatusOptions } from './commands/status';
import type { SyncCommandOptions } from './commands/sync';
import type { NotifyRunOptions } from './commands/notify';
import type { NotifyListOptions } from './commands/reminders';
import type { OrdersListOptions, OrdersTrackOptions } from './commands/orders';

/**
 * Each command's implementation, loaded when the command runs. `require`, not `import()`: the build
 * emits CommonJS, where TypeScript would keep `import()` as a native ESM import; tsx and ts-jest resolve
 * the same `require` to the .ts sources, and `typeof import(...)` keeps the call type-checked.
 */
const commands = {
  status: () => require('./commands/status') as typeof import('./commands/status'),
  sync: () => require('./commands/sync') as typeof import('./commands/sync'),
  demoTenant: () => require('./commands/demo-tenant') as typeof import('./commands/demo-tenant'),
  importPbx: () => require('./commands/import-pbx') as typeof import('./commands/import-pbx'),
  siteRules: () => require('./commands/site-rules') as typeof import('./commands/site-rules'),
  decide: () => require('./commands/decide') as typeof import('./commands/decide'),
  plan: () => require('./commands/plan') as typeof import('./commands/plan'),
  route: () => require('./commands/route') as typeof import('./commands/route'),
  emergency: () => require('./commands/emergency') as typeof import('./commands/emergency'),
  export: () => require('./commands/export') as typeof import('./commands/export'),
  run: () => require('./commands/run') as typeof import('./commands/run'),
  notify: () => require('./commands/notify') as typeof import('./commands/notify'),
  reminders: () => require('./commands/reminders') as typeof import('./commands/reminders'),
  history: () => require('./commands/history') as typeof import('./commands/history'),
  orders: () => require('./commands/orders') as typeof import('./commands/orders'),
  portfolio: () => require('./commands/portfolio') as typeof import('./commands/portfolio'),
};

export function buildProgram(): Command {
  const program = new Command('vmp')
    .description('Voice Migration Planner: plan a PBX to Teams Phone migration (Operator Connect, Direct Routing, Calling Plan)')
    .option('--db <file>', 'SQLite database file', DEFAULT_DB)
    .option('--json', 'print machine-readable JSON', false)
    .option('--tenant <id>', 'tenant id (default: the only tenant in the database)')
    .showHelpAfterError()
    .enablePositionalOptions(false);
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('status')
    .description('Show the tenant, its counts and the last sync, the PBX import, the plan and how far the migration is')
    .option('--today <yyyy-mm-dd>', 'the day progress is counted on (default: today, UTC)')
    .option('--sites [progress]', 'list the sites with their people moved instead: all, or done | in-progress | not-started | blocked | drifted')
    .option('--fix-ups', 'print every drift fix-up as one PowerShell script instead (vmp status --fix-ups > fix-ups.ps1)')
    .option('--teams-phone-on', 'print the script that turns Teams Phone on for the people blocked because it is turned off in their licence instead')
    .option('--people <state>', 'list the people of one state instead: done | ready | scheduled | not-started | blocked | drifted')
    .option('--groups', 'list the PBX groups the waves move instead, and what each becomes in Teams, then the main numbers moving to auto attendants')
    .option('--site <id or name>', 'with --people: only the people of this site')
    .option('--wave <n>', 'with --people: only the people of this wave; with --sites: the sites of this wave, each counting its people in it; with --groups: the groups of this wave')
    .action((opts: StatusOptions) => commands.status().runStatus(globals(), opts));

  program
    .command('history [id]')
    .description('Show who changed what and when (the audit trail, newest first), or one entry with what it changed')
    .option('--kind <topic>', 'only the entries of one topic: settings | plan | site-rules | pbx | sync (or a document name)')
    .option('--limit <n>', 'entries per page (1-100)', '20')
    .option('--offset <n>', 'entries to skip (the next page: --offset 20)', '0')
    .action((id: string | undefined, opts: HistoryOptions) => commands.history().runHistory(globals(), id, opts));

  withGraphSignIn(
    program.command('sync').description('Read the tenant (users, places, Teams numbers) through Microsoft Graph into the database'),
  )
    .option('--full', 'read everything even when a delta link is stored')
    .option('--user-configurations', 'also read the Teams user configuration API (one more pass over the tenant)')
    .option('--concurrency <n>', 'parallel requests for the user read', '8')
    .action((opts: SyncCommandOptions) => commands.sync().runSync(globals(), opts));

  program
    .command('demo-tenant')
    .description('Serve a generated demo tenant over a Graph-compatible API (until Ctrl-C)')
    .option('--users <n>', 'number of users (1 to 1,000,000)', '2000')
    .option('--seed <s>', 'generator seed: the same seed gives the same tenant', '42')
    .option('--port <p>', 'port (0 = any free port)', '4010')
    .option('--host <h>', 'interface to bind', '127.0.0.1')
    .option('--token <t>', 'bearer token clients must send (default: a random one, printed)')
    .option('--rooms <n>', 'rooms across all sites')
    .option('--teams-numbers <n>', 'pad the Teams number inventory to this many numbers')
    .option('--national-cloud', 'behave like a national cloud: no Teams number or user configuration API')
    .option('--no-licence-read', 'refuse /subscribedSkus (403), as Graph does without LicenseAssignment.Read.All: the sync then reads assignedPlans')
    .option('--throttle-every <n>', 'answer every Nth request with 429 and Retry-After')
    .option('--log', 'log every request to stderr')
    .option('--export-pbx <dir>', 'also write the PBX export of the same tenant (pbx-lines.csv, pbx-blocks.csv) for `vmp import-pbx`')
    .action((opts: DemoTenantOptions) => commands.demoTenant().runDemoTenant(globals(), opts));

  program
    .command('import-pbx')
    .description('Import the legacy PBX lines (and DID blocks) from CSV or .xlsx, match them to users, store the inventory')
    .requiredOption('--lines <file>', 'lines export (.csv with any delimiter, or .xlsx); several files of one PBX comma-separated')
    .option('--blocks <file>', 'DID blocks export (.csv or .xlsx)')
    .option('--mapping <file>', 'JSON column mapping: {"lines": {"extension": "Their Header"}, "blocks": {...}}')
    .option('--default-country <CC>', 'ISO country for numbers whose site and row give none (e.g. US)')
    .option('--dry-run', 'read and check the files and show what the import would store and replace; store nothing')
    .action((opts: ImportPbxOptions) => commands.importPbx().runImportPbx(globals(), opts));

  program
    .command('site-rules')
    .description('Show, preview or save the site mapping rules (officeLocation / city / country -> site)')
    .option('--preview <file>', 'show what the rules in this JSON file ({"rules": [...]}) would change; nothing is saved')
    .option('--set <file>', 'validate and save the rules in this JSON file ({"rules": [...]}) as the next version')
    .option('--apply', 'with --set: re-derive the stored snapshot\'s sites now instead of at the next sync')
    .action((opts: SiteRulesOptions) => commands.siteRules().runSiteRules(globals(), opts));

  program
    .command('decide')
    .description('Validate and store the planning settings, then show recommendations, paths, readiness and cost')
    .requiredOption('--settings <file>', 'planning settings JSON (see schemas/planning-settings.schema.json)')
    .action((opts: DecideOptions) => commands.decide().runDecide(globals(), opts));

  program
    .command('plan')
    .description('Build and store the rollout plan: waves, port and upload orders, routing per wave, dial plans')
    .option('--settings <file>', 'planning settings JSON to validate and store first')
    .option('--today <yyyy-mm-dd>', 'the planning date (default: today, UTC)')
    .option('--summary', 'print the summary instead of the whole plan (with --json)', false)
    .option('--fail-on-blockers', 'exit 3 when people are blocked or constraints are not met', false)
    .action((opts: PlanOptions) => commands.plan().runPlan(globals(), opts));

  program
    .command('route <number>')
    .description('Where does a number ring on a date (carrier -> SBC -> PBX, operator -> Teams, ...), and through which rule')
    .requiredOption('--date <date>', 'the day: yyyy-mm-dd, or e.g. "today", "next Friday", "3 March"')
    .option('--today <yyyy-mm-dd>', 'the date "today" means (default: today, UTC)')
    .action((number: string, opts: RouteOptions) => commands.route().runRoute(globals(), number, opts));

  program
    .command('emergency')
    .description('Emergency calls: the gates holding sites and what the settings set up, or one site\'s set-up (--site)')
    .option('--site <site>', "a site's id or name")
    .action((opts: EmergencyOptions) => commands.emergency().runEmergency(globals(), opts));

  program
    .command('export')
    .description('Write the rollout workbook, per-wave workbooks, PowerShell runbooks and CSVs of the stored plan')
    .requiredOption('--out <dir>', 'output directory (created when missing; files in it are overwritten)')
    .option('--wave <n>', 'only this wave: its workbook, cutover and rollback scripts, order CSVs and routing table')
    .action((opts: ExportOptions) => commands.export().runExport(globals(), opts));

  withGraphSignIn(
    program.command('run').description('Sync, import the PBX export, plan and export in one go, in a temporary database (for scripts)'),
  )
    .requiredOption('--lines <file>', 'PBX lines export (.csv or .xlsx)')
    .option('--blocks <file>', 'DID blocks export (.csv or .xlsx)')
    .option('--mapping <file>', 'JSON column mapping for the PBX files')
    .option('--default-country <CC>', 'ISO country for numbers whose site and row give none')
    .option('--site-rules <file>', 'site mapping rules JSON ({rules: [...]}, as vmp site-rules --set takes), applied by the sync')
    .requiredOption('--settings <file>', 'planning settings JSON')
    .option('--today <yyyy-mm-dd>', 'the planning date (default: today, UTC)')
    .requiredOption('--out <dir>', 'output directory for the workbooks, runbooks and CSVs')
    .option('--fail-on-blockers', 'exit 3 when people are blocked or constraints are not met (files are still written)', false)
    .action((opts: RunOptions) => commands.run().runRun(globals(), opts));

  program
    .command('portfolio <action> [customerTenantId] [sbcId]')
    .description(
      'MSP portfolio of the --tenant tenant: list | link <id> --name <n> | unlink <id> | grant <id> --user|--group <id> --role admin|viewer | revoke <id> --user|--group <id> | access <id> --graph-access app-only|delegated | sbc list | sbc set <sbc id> --fqdn --sessions --licences --price [...] | sbc remove <sbc id>',
    )
    .option('--name <displayName>', 'link: the customer\'s display name')
    .option('--user <id>', 'grant/revoke: an Entra user by object id or UPN')
    .option('--group <id>', 'grant/revoke: an Entra group by object id')
    .option('--role <role>', 'grant: admin or viewer', 'admin')
    .option('--graph-access <mode>', 'access: app-only (client credentials) or delegated (on behalf of a guest admin)')
    .option('--fqdn <fqdn>', 'sbc set: the shared SBC\'s FQDN (customers\' gateways sit under it)')
    .option('--sessions <n>', 'sbc set: concurrent sessions the SBC carries')
    .option('--licences <n>', 'sbc set: concurrent sessions licensed')
    .option('--price <amount>', 'sbc set: licence price per session a year')
    .option('--teams-add-on <amount>', 'sbc set: Teams add-on price per session a year')
    .option('--trunk-group-limit <n>', 'sbc set: trunk groups the SBC holds (default 1024)')
    .option('--trunk-groups-per-customer <n>', 'sbc set: trunk groups each customer takes (default 1)')
    .option('--erlang-per-user <e>', 'sbc set: busy-hour traffic per user (default the settings\')')
    .option('--grade-of-service <p>', 'sbc set: blocking probability to size for, e.g. 0.01')
    .action((action: string, customerTenantId: string | undefined, sbcId: string | undefined, opts: PortfolioOptions) =>
      commands.portfolio().runPortfolio(globals(), action, customerTenantId, opts, sbcId),
    );

  const notify = program.command('notify').description('Reminders and notices the bot sends first (subscribed in Teams: "remind me before each cutover")');
  notify
    .command('run')
    .description('Send every cutover reminder, order-deadline reminder and drift summary due now (or at --now) and print what was sent')
    .option('--now <iso>', 'the moment to send for, e.g. 2026-02-09T18:00:00Z (default: now)')
    // A sub-subcommand: its own --db/--json/--tenant are merged here (the hook below sets them on `notify`).
    .action((opts: NotifyRunOptions & Partial<GlobalOptions>) => commands.notify().runNotify({ ...globals(), ...definedGlobals(opts) }, opts));
  notify
    .command('list')
    .description('List the chats and channels the bot reminds, paused ones first, with what each is reminded about')
    .option('--offset <n>', 'skip this many (paging)', '0')
    .option('--limit <n>', 'how many to list (1 to 200)', '50')
    .action((opts: NotifyListOptions & Partial<GlobalOptions>) => commands.reminders().runNotifyList({ ...globals(), ...definedGlobals(opts) }, opts));
  notify
    .command('stop <id>')
    .description("Stop one chat's or channel's reminders (the id `vmp notify list` prints); recorded in the history")
    .action((id: string, opts: Partial<GlobalOptions>) => commands.reminders().runNotifyStop({ ...globals(), ...definedGlobals(opts) }, id));

  const orders = program.command('orders').description("The plan's port and upload orders and where each stands: submitted to the carrier, FOC date confirmed, ported, rejected; uploaded");
  orders
    .command('list')
    .description('List the port and upload orders a page at a time (port orders first), each with its deadline, where it stands and what to amend')
    .option('--wave <n>', 'only the orders of this wave')
    .option('--kind <kind>', 'only one kind of order: port | upload')
    .option('--state <state>', 'only the orders that stand here: open (nothing recorded) | submitted | foc-confirmed | ported | rejected | uploaded')
    .option('--offset <n>', 'orders to skip (the next page: --offset 20)', '0')
    .option('--limit <n>', 'orders per page (1-100)', '20')
    .action((opts: OrdersListOptions & Partial<GlobalOptions>) => commands.orders().runOrdersList({ ...globals(), ...definedGlobals(opts) }, opts));
  orders
    .command('track <orderId>')
    .description('Record where one order stands (the id `vmp orders list` prints), written against the tracking version just read; recorded in the history')
    .requiredOption('--state <state>', 'a port order: submitted | foc-confirmed | ported | rejected; an upload order: uploaded; open clears it')
    .option('--reference <text>', "the carrier's or operator's order reference")
    .option('--foc-date <yyyy-mm-dd>', 'the port date the carrier confirmed (needed with foc-confirmed)')
    .option('--note <text>', 'free text: why it was rejected, whom to call')
    .action((orderId: string, opts: OrdersTrackOptions & Partial<GlobalOptions>) => commands.orders().runOrdersTrack({ ...globals(), ...definedGlobals(opts) }, orderId, opts));

  // Every subcommand accepts the global options that apply to it after its name too (`vmp status --json`).
  // Looked up by the command's whole path (`notify run`, not `run`): two commands may share a last name.
  for (const command of [...program.commands, ...notify.commands, ...orders.commands]) copyGlobalOptions(command, GLOBALS_OF[commandPath(command)] ?? GLOBAL_OPTION_TEXT);
  return program;
}

const GLOBAL_KEYS = ['db', 'json', 'tenant'] as const;
type GlobalKey = (typeof GLOBAL_KEYS)[number];

/**
 * The global options each command takes after its name, as its help describes them, keyed by the
 * command's path below `vmp` (`notify run`). Most take all three as GLOBAL_OPTION_TEXT says. Some
 * global options do not apply to a command: `vmp run` works in a temporary database and keeps none
 * (--tenant is the tenant the Graph endpoint must be); `vmp demo-tenant` serves a generated tenant and
 * opens no database. Their help lists only what applies, and `vmp --db x run` is refused (exit 2)
 * rather than ignored. Others take --tenant in a sense of their own, which their help says.
 */
const GLOBAL_OPTION_TEXT: Record<GlobalKey, string> = {
  db: 'SQLite database file',
  json: 'print machine-readable JSON',
  tenant: 'tenant id, one the database holds (default: its only tenant)',
};
const GLOBAL_FLAGS: Record<GlobalKey, string> = { db: '--db <file>', json: '--json', tenant: '--tenant <id>' };
const NOTIFY_GLOBALS = { ...GLOBAL_OPTION_TEXT, tenant: "only this tenant's conversations, one the database holds (default: every tenant's)" };
const GLOBALS_OF: Record<string, Partial<Record<GlobalKey, string>>> = {
  run: { json: GLOBAL_OPTION_TEXT.json, tenant: 'the tenant id the Graph endpoint must belong to (refused otherwise)' },
  'demo-tenant': { json: GLOBAL_OPTION_TEXT.json },
  sync: { ...GLOBAL_OPTION_TEXT, tenant: 'the tenant id the Graph endpoint must belong to (refused otherwise; --tenant-id is the sign-in tenant)' },
  'import-pbx': { ...GLOBAL_OPTION_TEXT, tenant: `${GLOBAL_OPTION_TEXT.tenant}; with --dry-run also one not synced yet (its lines then match nobody)` },
  portfolio: { ...GLOBAL_OPTION_TEXT, tenant: 'the MSP tenant whose portfolio this is, one the database holds (default: its only tenant)' },
  notify: NOTIFY_GLOBALS,
  'notify run': NOTIFY_GLOBALS,
  'notify list': { ...GLOBAL_OPTION_TEXT, tenant: 'the tenant whose reminders to list, one the database holds (default: its only tenant)' },
  'notify stop': { ...GLOBAL_OPTION_TEXT, tenant: 'the tenant the conversation belongs to, one the database holds (default: its only tenant)' },
};

/**
 * Where a command reads Graph and how it signs in (cli/graph-sign-in.ts checks them): `vmp sync` and
 * `vmp run` take the same options.
 */
function withGraphSignIn(command: Command): Command {
  return command
    .option('--graph-url <url>', 'Graph base URL (https://graph.microsoft.com, a national cloud, or a Graph-compatible sandbox)')
    .option('--cloud <name>', `shortcut for --graph-url and --authority: ${Object.keys(GRAPH_CLOUDS).join(', ')}`)
    .option('--token <bearer>', 'a Graph access token (or set VMP_GRAPH_TOKEN)')
    .option('--tenant-id <id>', 'app-only sign-in: the tenant id')
    .option('--client-id <id>', 'app-only sign-in: the app registration client id')
    .option('--client-secret <secret>', 'app-only sign-in: the client secret (or set VMP_CLIENT_SECRET)')
    .option('--certificate-file <pem>', 'app-only sign-in with a certificate instead: PEM file with the private key and the certificate')
    .option('--authority <url>', 'sign-in authority (default: the one of the Graph cloud)');
}

function definedGlobals(opts: Partial<GlobalOptions>): Partial<GlobalOptions> {
  return Object.fromEntries((['db', 'json', 'tenant'] as const).filter((k) => opts[k] !== undefined).map((k) => [k, opts[k]]));
}

/** Lets `vmp status --json --db x` work as well as `vmp --json --db x status`. */
function copyGlobalOptions(command: Command, descriptions: Partial<Record<GlobalKey, string>>): void {
  const keys = GLOBAL_KEYS.filter((key) => descriptions[key] !== undefined);
  for (const key of keys) command.option(GLOBAL_FLAGS[key], descriptions[key]);
  command.hook('preAction', (thisCommand, actionCommand) => {
    const parent = actionCommand.parent ?? thisCommand.parent;
    const own = actionCommand.opts();
    if (!parent) return;
    // Given before the command name (`vmp --db x run`): refused where it does not apply.
    const misplaced = GLOBAL_KEYS.filter((key) => !keys.includes(key) && parent.getOptionValueSource(key) === 'cli');
    if (misplaced.length) {
      const flags = misplaced.map((key) => GLOBAL_FLAGS[key].split(' ')[0]).join(' and ');
      throw new CliError(`${flags} ${misplaced.length > 1 ? 'do' : 'does'} not apply to \`vmp ${commandPath(actionCommand)}\`${misplaced.includes('db') ? ': it keeps no database' : ''}.`, EXIT.badInput);
    }
    for (const key of keys) {
      if (own[key] !== undefined) parent.setOptionValue(key, own[key]);
    }
  });
}

/** `notify run`, `status`: the command's names below `vmp`. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  // Subcommands do not inherit an exitOverride set after they were created: without this, commander
  // exits the process with code 1 on a bad subcommand option instead of our documented 2.
  for (const command of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)]) command.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return EXIT.ok;
      return EXIT.badInput;
    }
    const json = program.opts<GlobalOptions>().json;
    const exitCode = err instanceof CliError ? err.exitCode : EXIT.failure;
    const message = err instanceof Error ? err.message : String(err);
    if (json) {
      process.stdout.write(`${JSON.stringify({ error: { message, exitCode, details: (err as CliError).details } }, null, 2)}\n`);
    }
    process.stderr.write(`vmp: ${forTerminal(message)}\n`);
    return exitCode;
  }
}
