/**
 * Call park for the sites whose people parked calls on the PBX (call-park.ts, call-park-set-ups.ts): the
 * tab's one-line field, the settings' checks, the tenant setup's policies and the cutover's grants.
 */
import { formatCallPark, parseCallPark } from '../../../shared/domain/call-park';
import { validateSettings } from '../../../shared/domain/decisions/settings-validation';
import { callParkPolicyOf, callParkSetUps } from '../../../shared/export/call-park-set-ups';
import { tenantSetupScript, waveRollback, waveRunbook } from '../../../shared/export/runbooks';
import { BASE, person, site, snapshot } from '../decisions/fixtures';
import { buildFixtureInput } from './support/fixture-plan';

describe("the tab's call park line", () => {
  it.each([
    ['', undefined],
    ['on', {}],
    ['700-799', { pickupRangeStart: 700, pickupRangeEnd: 799 }],
    ['120 s', { parkTimeoutSeconds: 120 }],
    ['700 - 799, 600 seconds', { pickupRangeStart: 700, pickupRangeEnd: 799, parkTimeoutSeconds: 600 }],
  ])('reads %j', (text, callPark) => {
    expect(parseCallPark(text)).toEqual(callPark === undefined ? {} : { callPark });
  });

  it('writes what it reads', () => {
    for (const text of ['', 'on', '700-799', '120 s', '700-799, 600 s']) {
      const parsed = parseCallPark(text);
      expect('callPark' in parsed ? formatCallPark(parsed.callPark) : '').toBe(text);
    }
  });

  it('says what is wrong: codes or a time Teams does not take, a backwards range, words', () => {
    expect(parseCallPark('5-99')).toEqual({ error: 'pickup codes run from 10 to 9999 in Teams (5)' });
    expect(parseCallPark('700-799, 60 s')).toEqual({ error: 'Teams rings a parked call back after 120-1800 s (60 s)' });
    expect(parseCallPark('799-700')).toEqual({ error: 'the last pickup code must be above the first (799)' });
    expect(parseCallPark('park')).toMatchObject({ error: expect.stringMatching(/^"park" is neither pickup codes/) });
  });
});

describe('the settings', () => {
  const snap = snapshot([person('a')], [site('sea', 'US')]);
  const withCallPark = (callPark: unknown) => validateSettings({ ...BASE, sites: [{ siteId: 'sea', callPark }] }, snap);

  it("takes a site's call park, each field optional", () => {
    expect(withCallPark({}).ok).toBe(true);
    expect(withCallPark({ pickupRangeStart: 700, pickupRangeEnd: 799, parkTimeoutSeconds: 120 }).ok).toBe(true);
  });

  it('refuses one end of the codes, a backwards range and a ring-back time Teams does not take, at the field', () => {
    expect(withCallPark({ pickupRangeStart: 700 }).issues).toContainEqual(expect.objectContaining({ severity: 'error', path: '$.sites[0].callPark.pickupRangeEnd', message: expect.stringMatching(/^give both ends/) }));
    expect(withCallPark({ pickupRangeStart: 799, pickupRangeEnd: 700 }).issues).toContainEqual(expect.objectContaining({ path: '$.sites[0].callPark.pickupRangeEnd' }));
    expect(withCallPark({ parkTimeoutSeconds: 60 }).issues).toContainEqual(expect.objectContaining({ path: '$.sites[0].callPark.parkTimeoutSeconds' }));
    expect(withCallPark({ pickupRangeStart: 700, pickupRangeEnd: 799, ring: 1 }).ok).toBe(false);
  });
});

describe('the runbooks', () => {
  const input = buildFixtureInput();

  it('make one policy per set of codes and ring-back time, for sites whose people move, and grant it to their people', () => {
    expect(callParkSetUps(input).policies).toEqual([
      { name: 'VMP-CallPark-10-99-300s', pickupRangeStart: 10, pickupRangeEnd: 99, parkTimeoutSeconds: 300, siteIds: ['denver'] },
      { name: 'VMP-CallPark-700-799-120s', pickupRangeStart: 700, pickupRangeEnd: 799, parkTimeoutSeconds: 120, siteIds: ['seattle'] },
    ]);
    expect(callParkPolicyOf(input, { siteId: 'seattle' })).toBe('VMP-CallPark-700-799-120s');
    expect(callParkPolicyOf(input, { siteId: 'london' })).toBeUndefined();
    // A site that parks alike shares the policy; one whose people the plan does not move gets none.
    const alike = {
      ...input,
      settings: { ...input.settings, sites: [...input.settings.sites, { ...input.settings.sites[0], siteId: 'london', callPark: {} }, { ...input.settings.sites[0], siteId: 'nowhere', callPark: {} }] },
    };
    expect(callParkSetUps(alike).policies.map((p) => [p.name, p.siteIds])).toEqual([
      ['VMP-CallPark-10-99-300s', ['denver', 'london']],
      ['VMP-CallPark-700-799-120s', ['seattle']],
    ]);
  });

  it('the tenant setup makes or mends the policies, allowing call park', () => {
    const text = tenantSetupScript(input).text;
    expect(text).toMatch(/\$CallParkPolicies = @\(\r\n {4}\[pscustomobject\]@\{ Name = 'VMP-CallPark-10-99-300s'; PickupRangeStart = 10; PickupRangeEnd = 99; ParkTimeoutSeconds = 300; Description = 'Call park as on the PBX: [^']+' \}/);
    expect(text).toContain('New-CsTeamsCallParkPolicy -Identity $p.Name -AllowCallPark $true -PickupRangeStart $p.PickupRangeStart -PickupRangeEnd $p.PickupRangeEnd -ParkTimeoutSeconds $p.ParkTimeoutSeconds');
    expect(text).toContain('Set-CsTeamsCallParkPolicy -Identity $p.Name -AllowCallPark $true');
    // Without a site that parks, no data and no logic.
    const none = { ...input, settings: { ...input.settings, sites: input.settings.sites.map(({ callPark: _c, ...s }) => s) } };
    expect(tenantSetupScript(none).text).not.toContain('CallPark');
  });

  it("the cutover grants a site's people its policy unless they hold another, and the rollback takes it back", () => {
    const wave = input.plan.waves[0];
    const text = waveRunbook(input, wave).text;
    expect(text).toMatch(/Upn = 'user2@contoso\.com'; [^\r\n]*CallParkPolicy = 'VMP-CallPark-700-799-120s'/);
    expect(text).toContain("Grant-CsTeamsCallParkPolicy -Identity $a.Upn -PolicyName $a.CallParkPolicy");
    expect(text).toContain('$current = [string]$user.TeamsCallParkPolicy');
    expect(waveRollback(input, wave).text).toContain("if ($a.CallParkPolicy -and [string]$user.TeamsCallParkPolicy -eq $a.CallParkPolicy) {");
  });
});
