/**
 * Every generated script parses under a real PowerShell grammar (tree-sitter-powershell, run as
 * WebAssembly): pwsh is not installable here, and the tokenizer in ps-scan.ts checks literals, not the
 * shape of the code (an unclosed brace, a stray `}`, a broken pipeline). Covers the fixture plan's
 * scripts (hostile names, PBX groups, main numbers) and the demo tenant's golden scripts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tenantSetupScript, waveRollback, waveRunbook } from '../../../shared/export/runbooks';
import { loadPowerShellGrammar, powerShellSyntaxErrors as syntaxErrors } from './ps-grammar';
import { buildFixtureInput } from './support/fixture-plan';

const DEMO_RUNBOOKS = path.join(__dirname, '..', '..', 'golden', 'export', 'demo', 'runbooks');

beforeAll(loadPowerShellGrammar);

function fixtureScripts() {
  const input = buildFixtureInput();
  return [tenantSetupScript(input), ...input.plan.waves.flatMap((w) => [waveRunbook(input, w), waveRollback(input, w)])];
}

describe('generated PowerShell under the PowerShell grammar', () => {
  it('finds the errors it is meant to find', () => {
    expect(syntaxErrors("if ($a) {\r\n    Write-Host 'x'\r\n")).not.toEqual([]);
    expect(syntaxErrors("foreach ($a in $b) { Set-X -Identity $a.Upn }}\r\n")).not.toEqual([]);
    expect(syntaxErrors("$x = 'unclosed\r\n")).not.toEqual([]);
    expect(syntaxErrors("$x = @('a', 'b')\r\nforeach ($a in $x) { Write-Host $a }\r\n")).toEqual([]);
  });

  it.each(fixtureScripts().map((s) => [s.file, s.text] as const))('%s (fixture plan) parses', (_file, text) => {
    expect(syntaxErrors(text)).toEqual([]);
  });

  it('the fixture wave that sets up PBX groups carries their data and steps', () => {
    const input = buildFixtureInput();
    const texts = input.plan.waves.map((w) => waveRunbook(input, w).text).join('\n');
    expect(texts).toContain('New-CsCallQueue');
    expect(texts).toMatch(/\$CallQueues = @\(\r\n/);
    expect(texts).toMatch(/\$PickupGroups = @\(\r\n/);
  });

  it("the fixture waves that move a site's main number carry its auto attendant, on the steps queues share", () => {
    const input = buildFixtureInput();
    for (const wave of input.plan.waves) {
      const text = waveRunbook(input, wave).text;
      expect(text).toMatch(/\$AutoAttendants = @\(\r\n/);
      expect(text).toContain('New-CsAutoAttendant -Name $aa.Name');
      expect(text).toContain('function Set-VmpResourceAccountNumber(');
      // The site's public holidays, one record per date range, each holiday a schedule linked as a Holiday set.
      expect(text).toMatch(/\$AutoAttendantHolidays = @\(\r\n {4}\[pscustomobject\]@\{ Attendant = '[^']+main number'; Holiday = '[^']+ \(US\)'; Start = '\d{1,2}\/\d{1,2}\/\d{4}'; End = /);
      expect(text).toContain('New-CsAutoAttendantCallHandlingAssociation -Type Holiday -ScheduleId $schedule.Id -CallFlowId $holidayFlow.Id');
      expect(text).toContain('New-CsOnlineSchedule -Name $Name -FixedSchedule -DateTimeRanges $dateRanges');
      // Business hours, where the site's settings give them: their complement is the after-hours schedule.
      expect(text).toContain("New-CsOnlineSchedule -Name ('{0} after hours' -f $aa.Name) -WeeklyRecurrentSchedule @week -Complement");
      expect(text).toContain('New-CsAutoAttendantCallHandlingAssociation -Type AfterHours -ScheduleId $afterHours.Id -CallFlowId $afterFlow.Id');
      // A failed New-CsAutoAttendant takes its after-hours schedule with it: a run again would otherwise add a second.
      const create = text.indexOf('$attendant = New-CsAutoAttendant -Name $aa.Name');
      expect(text.slice(create, text.indexOf('throw', create))).toContain('if ($afterHours) { Remove-CsOnlineSchedule -Id $afterHours.Id -ErrorAction SilentlyContinue }');
      // The site's operator, where its settings name one: "0" reaches it, in every call flow's menu.
      expect(text).toContain('New-CsAutoAttendantMenuOption -Action TransferCallToOperator -DtmfResponse Tone0');
      expect(text).toContain('New-CsAutoAttendantCallableEntity -Identity $target.Id -Type $target.Type');
      expect(text).toContain("if ($app) { return @{ Id = [string]$app.ObjectId; Type = 'ApplicationEndpoint' } }");
      expect(text).toContain('-DefaultCallFlow $callFlow @closed @withOperator');
    }
  });

  const demo = fs.readdirSync(DEMO_RUNBOOKS).filter((f) => f.endsWith('.ps1')).sort();

  it('reads the demo tenant golden scripts', () => {
    expect(demo.length).toBeGreaterThanOrEqual(5);
  });

  it.each(demo)('%s (demo tenant) parses', (file) => {
    expect(syntaxErrors(fs.readFileSync(path.join(DEMO_RUNBOOKS, file), 'utf8'))).toEqual([]);
  });
});
