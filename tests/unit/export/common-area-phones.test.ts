/**
 * What a wave's cutover runbook sets up for the common-area phones the plan moves in it
 * (common-area-phone-set-ups.ts): an account of each phone's own, licensed with Microsoft Teams Shared
 * Devices and signed in as a common area phone, which then takes its number and the site's policies as a
 * person does; the rollback takes the number back; the Resource accounts sheet lists the accounts.
 */
import type { CommonAreaPhone, Plan } from '../../../shared/domain/plan';
import { SKUS } from '../../../shared/domain/microsoft-ids';
import { waveCommonAreaPhoneSetUps } from '../../../shared/export/common-area-phone-set-ups';
import { buildLookups } from '../../../shared/export/export-model';
import { resourceAccountRows } from '../../../shared/export/resource-account-rows';
import { waveRollback, waveRunbook } from '../../../shared/export/runbooks';
import { buildFixtureInput, buildFixturePlan } from './support/fixture-plan';

const phone = (overrides: Partial<CommonAreaPhone>): CommonAreaPhone => ({
  siteId: 'seattle',
  lineId: 'seattle/7001',
  name: 'Lobby phone',
  displayName: 'Seattle Lobby phone',
  account: 'cap-seattle-lobby-phone@contoso.com',
  number: '+14255557001',
  extension: '7001',
  path: 'DR',
  numberType: 'directRouting',
  sbcId: 'sbc1',
  voiceRoutingPolicy: 'VRP-US-Seattle',
  dialPlan: 'DP-Seattle',
  ...overrides,
});

/** The fixture with Seattle's lobby phone, a kitchen phone without a number and one whose name is hostile, in wave 0. */
function withPhones() {
  const plan: Plan = buildFixturePlan();
  plan.waves[0].commonAreaPhones = [
    phone({}),
    phone({ lineId: 'seattle/7002', name: 'Kitchen', displayName: 'Seattle Kitchen', account: 'cap-seattle-kitchen@contoso.com', number: undefined, extension: '7002' }),
    phone({
      lineId: 'seattle/7003',
      name: "=SUM(1,2) Dock'; Stop-Computer\r\n",
      displayName: "Seattle =SUM(1,2) Dock'; Stop-Computer\r\n",
      account: 'cap-seattle-sum-1-2-dock-stop-computer@contoso.com',
      number: '+14255557003',
      extension: '7003',
    }),
    // No person of the wave had a plain UPN whose domain its account could take.
    phone({ lineId: 'seattle/7004', name: 'Dock 2', displayName: 'Seattle Dock 2', account: undefined, number: '+14255557004', extension: '7004' }),
  ];
  return buildFixtureInput(plan);
}

describe('common-area phones in the cutover', () => {
  it('sets up the account the plan names for each phone, and leaves one without an account to a person', () => {
    const s = waveCommonAreaPhoneSetUps(withPhones(), 0);
    expect(s.phones.map((p) => [p.account, p.mailNickname])).toEqual([
      ['cap-seattle-lobby-phone@contoso.com', 'cap-seattle-lobby-phone'],
      ['cap-seattle-kitchen@contoso.com', 'cap-seattle-kitchen'],
      ['cap-seattle-sum-1-2-dock-stop-computer@contoso.com', 'cap-seattle-sum-1-2-dock-stop-computer'],
    ]);
    expect(s.skipped).toEqual([{ what: 'common-area phone Seattle Dock 2', reason: expect.stringMatching(/^no user of the wave has a plain UPN/) }]);
    expect(waveCommonAreaPhoneSetUps(withPhones(), 1)).toEqual({ phones: [], skipped: [] });
  });

  it('makes, licenses and signs in each account before the per-user steps, which give it its number and the site\'s policies', () => {
    const input = withPhones();
    const text = waveRunbook(input, input.plan.waves[0]).text;
    expect(text).toContain(`$SharedDevicesSkuId = '${SKUS.teamsSharedDevices}'`);
    expect(text).toContain(
      "[pscustomobject]@{ Account = 'cap-seattle-lobby-phone@contoso.com'; DisplayName = 'Seattle Lobby phone'; MailNickname = 'cap-seattle-lobby-phone'; UsageLocation = 'US'; PhoneNumber = '+14255557001'; PhoneNumberType = 'DirectRouting' }",
    );
    // Teams Shared Devices has no Calling Plan: a Calling Plan number needs one on the account too, which a person gives.
    expect(text).toContain("if ($p.PhoneNumberType -eq 'CallingPlan' -and $user -and @($user.FeatureTypes) -notcontains 'CallingPlan') {");
    // Text from the PBX export stays one quoted literal, without its line breaks.
    expect(text).toContain("DisplayName = 'Seattle =SUM(1,2) Dock''; Stop-Computer  '");
    // Made with Microsoft Graph, with a password nobody sees, then licensed and given the common area phone policy.
    expect(text).toContain('$account = New-MgUser @new -ErrorAction Stop');
    expect(text).toContain('[System.Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($bytes)');
    expect(text).not.toMatch(/Write-(Host|Action)[^\n]*\$password/);
    expect(text).toContain('Set-MgUserLicense -UserId $account.Id -AddLicenses @(@{ SkuId = $SharedDevicesSkuId }) -RemoveLicenses @() -ErrorAction Stop | Out-Null');
    expect(text).toContain("New-CsTeamsIPPhonePolicy -Identity $CommonAreaPhonePolicy -SignInMode 'CommonAreaPhoneSignIn' | Out-Null");
    expect(text).toContain('Grant-CsTeamsIPPhonePolicy -Identity $p.Account -PolicyName $CommonAreaPhonePolicy');
    // Someone's account by that name is left alone; without Graph, a person is told what to do.
    expect(text).toMatch(/it is not a common area phone''s; give the phone another account by hand/);
    expect(text).toMatch(/Microsoft Graph is not connected \(Connect-MgGraph -Scopes User\.ReadWrite\.All\): create the account/);
    expect(text.indexOf('foreach ($p in $CommonAreaPhones)')).toBeLessThan(text.indexOf('# --- Pre-checks per user'));
    // The number as a user's, with the site's routing policy and dial plan; the kitchen phone has none to take.
    expect(text).toContain(
      "[pscustomobject]@{ Upn = 'cap-seattle-lobby-phone@contoso.com'; DisplayName = 'Seattle Lobby phone'; PhoneNumber = '+14255557001'; PhoneNumberType = 'DirectRouting'; VoiceRoutingPolicy = 'VRP-US-Seattle'; DialPlan = 'DP-Seattle'",
    );
    expect(text).not.toMatch(/Upn = 'cap-seattle-kitchen@contoso\.com'/);
    expect(text).toContain("'no number on the PBX: the phone calls inside Teams only'");
    // The rollback takes the number back from the account.
    expect(waveRollback(input, input.plan.waves[0]).text).toContain("Upn = 'cap-seattle-lobby-phone@contoso.com'");
    // A wave without phones has none of it.
    expect(waveRunbook(input, input.plan.waves[1]).text).not.toContain('CommonAreaPhones');
  });

  it('lists the accounts on the Resource accounts sheet, with what a person does', () => {
    const input = withPhones();
    const rows = resourceAccountRows(input, buildLookups(input), input.plan.waves[0]).filter((r) => r[1].startsWith('Common-area phone'));
    expect(rows.map((r) => [r[0], r[1], r[3], r[4]])).toEqual([
      ['cap-seattle-lobby-phone@contoso.com', 'Common-area phone Seattle Lobby phone', '+14255557001', 'DirectRouting'],
      ['cap-seattle-kitchen@contoso.com', 'Common-area phone Seattle Kitchen', '', 'DirectRouting'],
      ['cap-seattle-sum-1-2-dock-stop-computer@contoso.com', "Common-area phone Seattle =SUM(1,2) Dock'; Stop-Computer\r\n", '+14255557003', 'DirectRouting'],
      ['', 'Common-area phone Seattle Dock 2', '+14255557004', 'DirectRouting'],
    ]);
    expect(rows[3][8]).toMatch(/^A person: no user of the wave has a plain UPN/);
    expect(rows[1][8]).toContain('It has no number on the PBX: it calls inside Teams only.');
    expect(rows[0][8]).toContain("A person: set the account's password and sign the phone in.");
  });
});
