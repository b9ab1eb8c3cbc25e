/** `vmp route <number> --date <date>`: where the number rings on that date under the stored plan, and why. */
import type { Command } from 'commander';
import { RouteQuestionError } from '../../shared/domain/planning/routing-simulator';
import { CliError, EXIT, GlobalOptions, printResult, withTenant } from '../cli-context';

export function registerRoute(program: Command, globals: () => GlobalOptions): void {
  program
    .command('route <number>')
    .description('Where does a number ring on a date (carrier -> SBC -> PBX, operator -> Teams, ...), and through which rule')
    .requiredOption('--date <date>', 'the day: yyyy-mm-dd, or e.g. "3 March"')
    .action(async (number: string, cmd: { date: string }) => {
      const options = globals();
      await withTenant(options, async (services, tenantId) => {
        let answer;
        try {
          answer = await services.plan.route(tenantId, number, cmd.date);
        } catch (err) {
          if (err instanceof RouteQuestionError) throw new CliError(err.message, EXIT.badInput);
          throw err;
        }
        printResult(options, answer, () =>
          [
            `${answer.number} on ${answer.date}: ${answer.target.toUpperCase()}`,
            `  path: ${answer.hops.join(' -> ')}`,
            answer.rule ? `  rule: ${answer.rule.pattern} (${answer.rule.afterWave >= 0 ? `after wave ${answer.rule.afterWave}, ${answer.rule.effectiveFrom}` : 'as today'})` : '',
            `  ${answer.explanation}`,
            answer.laterThatDay ? `  later that day: ${answer.laterThatDay}` : '',
          ]
            .filter(Boolean)
            .join('\n'),
        );
      });
    });
}
