/**
 * The drift fix-ups as one PowerShell script to review and run (MicrosoftTeams module): for each fix-up
 * a Write-Host naming the person and the problem, then its commands. Written a page of fix-ups at a
 * time, so a tenant with 10,000 drifted people streams without holding them. Data reaches the script
 * only inside single-quoted literals (the commands are built that way; the names go through
 * psQuoteText); the comments hold nothing but fixed text and the time written.
 */
import type { FixUp } from '../domain/planning/migration-status';
import type { CollectionPage } from '../store/store';
import { NUMBER_RESULT_CHECK, psQuoteText } from '../export/powershell';

const FIXUPS_PER_READ = 1000;

export async function* fixUpsScript(readPage: (offset: number, limit: number) => Promise<CollectionPage<FixUp>>, writtenAt: string): AsyncGenerator<string> {
  yield [
    '#Requires -Modules MicrosoftTeams',
    `# Fix-ups for drift from the rollout plan (Voice Migration Planner), written ${writtenAt}.`,
    "# Each block names the person and the problem, then changes that person's phone number assignment.",
    '# Review it before running; connect first with Connect-MicrosoftTeams. It stops at the first error.',
    "$ErrorActionPreference = 'Stop'",
    '',
  ].join('\r\n');
  for (let offset = 0; ; offset += FIXUPS_PER_READ) {
    const page = await readPage(offset, FIXUPS_PER_READ);
    const lines: string[] = [];
    for (const f of page.items) {
      // Each number change fails loudly on every module version, so the script does stop at the first error.
      const commands = f.powershell.map((c) => (/^(?:Set|Remove)-CsPhoneNumberAssignment /.test(c) ? c + NUMBER_RESULT_CHECK : c));
      lines.push('', `Write-Host ${psQuoteText(`${f.userPrincipalName ?? f.personId}: ${f.problem}`)}`, ...commands);
    }
    if (lines.length) yield `${lines.join('\r\n')}\r\n`;
    if (page.items.length === 0 || offset + FIXUPS_PER_READ >= page.total) return;
  }
}
