/** The `vmp` command line: one command per use case, over the same services as the tab and the bot. */
import { Command, CommanderError } from 'commander';
import { CliError, DEFAULT_DB, EXIT, GlobalOptions } from './cli-context';
import { registerStatus } from './commands/status';
import { registerSync } from './commands/sync';
import { registerDemoTenant } from './commands/demo-tenant';
import { registerImportPbx } from './commands/import-pbx';
import { registerDecide } from './commands/decide';
import { registerSiteRules } from './commands/site-rules';
import { registerPlan } from './commands/plan';
import { registerRoute } from './commands/route';
import { registerExport } from './commands/export';
import { registerRun } from './commands/run';

export function buildProgram(): Command {
  const program = new Command('vmp')
    .description('Voice Migration Planner: plan a PBX to Teams Phone migration (Operator Connect, Direct Routing, Calling Plan)')
    .option('--db <file>', 'SQLite database file', DEFAULT_DB)
    .option('--json', 'print machine-readable JSON', false)
    .option('--tenant <id>', 'tenant id (default: the only tenant in the database)')
    .showHelpAfterError()
    .enablePositionalOptions(false);
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  registerStatus(program, globals);
  registerSync(program, globals);
  registerDemoTenant(program, globals);
  registerImportPbx(program, globals);
  registerSiteRules(program, globals);
  registerDecide(program, globals);
  registerPlan(program, globals);
  registerRoute(program, globals);
  registerExport(program, globals);
  registerRun(program, globals);
  // Every subcommand accepts the global options after its name too (`vmp status --json`).
  for (const command of program.commands) copyGlobalOptions(command);
  return program;
}

/** Lets `vmp status --json --db x` work as well as `vmp --json --db x status`. */
function copyGlobalOptions(command: Command): void {
  command
    .option('--db <file>', 'SQLite database file')
    .option('--json', 'print machine-readable JSON')
    .option('--tenant <id>', 'tenant id');
  command.hook('preAction', (thisCommand, actionCommand) => {
    const parent = actionCommand.parent ?? thisCommand.parent;
    const own = actionCommand.opts();
    if (!parent) return;
    for (const key of ['db', 'json', 'tenant'] as const) {
      if (own[key] !== undefined) parent.setOptionValue(key, own[key]);
    }
  });
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  // Subcommands do not inherit an exitOverride set after they were created: without this, commander
  // exits the process with code 1 on a bad subcommand option instead of our documented 2.
  for (const command of [program, ...program.commands]) command.exitOverride();
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
    process.stderr.write(`vmp: ${message}\n`);
    return exitCode;
  }
}
