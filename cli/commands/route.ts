/** `vmp route <number> --date <date>`: where the number rings on that date under the stored plan, and why. */
import { RouteQuestionError } from '../../shared/domain/planning/routing-simulator';
import { answeringText } from '../../shared/domain/migration-group-labels';
import { PlanInputError } from '../../shared/services/plan-service';
import { assertTodayOption, CliError, EXIT, GlobalOptions, printResult } from '../cli-context';
import { withTenant } from '../services';

export interface RouteOptions {
  date: string;
  /** What "today" means (yyyy-mm-dd); default: the clock's UTC date, not the plan's build date. */
  today?: string;
}

export async function runRoute(options: GlobalOptions, number: string, cmd: RouteOptions): Promise<void> {
  assertTodayOption(cmd.today);
  await withTenant(options, async (services, tenantId) => {
    let answer;
    try {
      answer = await services.plan.route(tenantId, number, cmd.date, cmd.today);
    } catch (err) {
      if (err instanceof RouteQuestionError || err instanceof PlanInputError) throw new CliError(err.message, EXIT.badInput);
      throw err;
    }
    printResult(options, answer, () =>
      [
        `${answer.number} on ${answer.date}: ${answer.target.toUpperCase()}`,
        `  path: ${answer.hops.join(' -> ')}`,
        answer.rule ? `  rule: ${answer.rule.pattern} (${answer.rule.afterWave >= 0 ? `after wave ${answer.rule.afterWave}, ${answer.rule.effectiveFrom}` : 'as today'})` : '',
        `  ${answer.explanation}`,
        answer.laterThatDay ? `  later that day: ${answer.laterThatDay}` : '',
        answer.answering ? `  its auto attendant answers ${answeringText(answer.answering)}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  });
}
