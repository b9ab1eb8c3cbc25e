/**
 * The drift fix-ups as one PowerShell script: every fix-up once, in order, across pages; names and
 * problems from the directory only inside single-quoted literals, never in a comment.
 */
import { fixUpsScript } from '../../../shared/services/fixups-script';
import { NUMBER_RESULT_CHECK } from '../../../shared/export/powershell';
import type { FixUp } from '../../../shared/domain/planning/migration-status';

const fixUp = (i: number, upn = `user${i}@contoso.test`): FixUp => ({
  personId: `p${i}`,
  userPrincipalName: upn,
  problem: `holds +1425555${String(i).padStart(4, '0')} (directRouting); the plan assigns it as operatorConnect`,
  action: 'replace the assignment',
  powershell: [`Remove-CsPhoneNumberAssignment -Identity '${upn.replace(/'/g, "''")}' -PhoneNumber '+1425555${String(i).padStart(4, '0')}' -PhoneNumberType 'DirectRouting'`],
});

async function script(all: FixUp[]): Promise<{ text: string; reads: number }> {
  let reads = 0;
  let text = '';
  for await (const chunk of fixUpsScript(async (offset, limit) => {
    reads++;
    return { total: all.length, offset, items: all.slice(offset, offset + limit) };
  }, '2026-12-05T10:00:00.000Z')) text += chunk;
  return { text, reads };
}

describe('the fix-ups script', () => {
  it('holds every fix-up once, in order, read a page of 1,000 at a time', async () => {
    const all = Array.from({ length: 2500 }, (_, i) => fixUp(i));
    const { text, reads } = await script(all);
    expect(reads).toBe(3);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('#Requires -Modules MicrosoftTeams');
    expect(lines).toContain("$ErrorActionPreference = 'Stop'");
    const commands = lines.filter((l) => l.startsWith('Remove-'));
    // A failure an older MicrosoftTeams module returns as a result (Code, Message) is thrown, so the script stops there.
    expect(commands).toEqual(all.flatMap((f) => f.powershell.map((c) => c + NUMBER_RESULT_CHECK)));
    expect(lines.filter((l) => l.startsWith('Write-Host'))).toHaveLength(2500);
  });

  it('keeps hostile names and problems inside literals: no line break, no comment, no way out of the quotes', async () => {
    const hostile = { ...fixUp(1, "o'brien@contoso.test"), problem: "holds x\r\n# Remove-Item C:\\ -Recurse; '; Remove-Item C:\\ '\u202E" };
    const { text } = await script([hostile]);
    const lines = text.split('\r\n');
    const say = lines.find((l) => l.startsWith('Write-Host'))!;
    expect(say).toBe("Write-Host 'o''brien@contoso.test: holds x  # Remove-Item C:\\ -Recurse; ''; Remove-Item C:\\ '' '");
    // Comments are the fixed header only.
    expect(lines.filter((l) => l.startsWith('#'))).toHaveLength(4);
    expect(lines).toContain("Remove-CsPhoneNumberAssignment -Identity 'o''brien@contoso.test' -PhoneNumber '+14255550001' -PhoneNumberType 'DirectRouting'" + NUMBER_RESULT_CHECK);
  });

  it('an empty list is the header alone', async () => {
    const { text, reads } = await script([]);
    expect(reads).toBe(1);
    expect(text.trim().split('\r\n')).toHaveLength(5);
  });
});
