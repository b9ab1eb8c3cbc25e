import { PlanningSettingsSchema, type PlanningSettingsInput } from '../../../shared/domain/planning-settings';
import { networkSetUps, TOLL_BYPASS_CALLING_POLICY } from '../../../shared/export/network-set-ups';
import { emergencyCallingPolicyOf, survivableBranchPolicyOf, tenantNetworkPart, tollBypassPolicyOf } from '../../../shared/export/network-script';
import { tenantSetupScript, waveRollback, waveRunbook } from '../../../shared/export/runbooks';
import { emergencyCallRoutingPolicyOf, emergencyRoutingSetUps } from '../../../shared/export/emergency-routing-set-ups';
import type { ExportInput } from '../../../shared/export/export-input';
import { buildFixtureInput } from './support/fixture-plan';

/** The fixture's plan (Seattle's people on Direct Routing through sbc1) with other site and SBC settings. */
function withSettings(over: Partial<PlanningSettingsInput>): ExportInput {
  const input = buildFixtureInput();
  return { ...input, settings: PlanningSettingsSchema.parse({ ...over, decisions: { sites: [{ siteId: 'seattle', path: 'DR', sbcId: 'sbc1' }], users: [] } }) };
}
const SBC = { id: 'sbc1', fqdn: 'sbc1.contoso.com', pricePerSessionPerYear: 15, voiceRoutingPolicy: 'VRP-US-Seattle' };

describe('network set-ups', () => {
  it('makes a network site of each known site with subnets, in its country\'s region, with its emergency location', () => {
    const s = networkSetUps(
      withSettings({
        sbcs: [{ ...SBC, siteIds: ['seattle'] }],
        sites: [
          { siteId: 'seattle', subnets: ['10.20.0.0/16', '2001:0db8:20::/48'], emergencyLocationId: '9bd1a5b0-6a2d-4f1e-8c3a-0e5d1f2a3b4c' },
          { siteId: 'london', subnets: ['10.30.0.0/16'], locationBasedRouting: true },
          { siteId: 'mars', subnets: ['10.40.0.0/16'] },
          { siteId: 'denver' },
        ],
      }),
    );
    expect(s.sites).toEqual([
      {
        siteId: 'seattle',
        description: 'Seattle',
        region: 'US',
        locationBasedRouting: false,
        subnets: [expect.objectContaining({ id: '10.20.0.0', maskBits: 16 }), expect.objectContaining({ id: '2001:db8:20::', maskBits: 48 })],
        emergencyLocationId: '9bd1a5b0-6a2d-4f1e-8c3a-0e5d1f2a3b4c',
      },
      { siteId: 'london', description: 'London', region: 'GB', locationBasedRouting: true, subnets: [expect.objectContaining({ text: '10.30.0.0/16' })] },
    ]);
    // The SBC serving Seattle alone stands at it; no Location-Based Routing there, so its people keep their calling policy.
    expect(s.gateways).toEqual([{ fqdn: 'sbc1.contoso.com', siteId: 'seattle', locationBasedRouting: false }]);
    expect([...s.locationBasedRoutingSiteIds]).toEqual(['london']);
    expect(s.skipped).toEqual([]);
  });

  it('gives the toll-bypass policy to Direct Routing users of a Location-Based Routing site only', () => {
    const input = withSettings({ sbcs: [{ ...SBC, networkSite: 'seattle' }], sites: [{ siteId: 'seattle', subnets: ['10.20.0.0/16'], locationBasedRouting: true }] });
    expect(tollBypassPolicyOf(input, { path: 'DR', siteId: 'seattle' })).toBe(TOLL_BYPASS_CALLING_POLICY);
    expect(tollBypassPolicyOf(input, { path: 'OC', siteId: 'seattle' })).toBeUndefined();
    expect(tollBypassPolicyOf(input, { path: 'DR', siteId: 'london' })).toBeUndefined();
    const wave = input.plan.waves[0];
    expect(waveRunbook(input, wave).text).toContain("TollBypassPolicy = 'VMP-PreventTollBypass'");
    expect(waveRollback(input, wave).text).toContain('Grant-CsTeamsCallingPolicy -Identity $a.Upn -PolicyName $null');
    const setup = tenantSetupScript(input).text;
    expect(setup).toContain("$TollBypassPolicy = 'VMP-PreventTollBypass'");
    expect(setup).toContain("[pscustomobject]@{ Fqdn = 'sbc1.contoso.com'; Site = 'seattle'; LocationBasedRouting = $true; BypassMode = $null; ProxySbc = $null }");
    expect(setup).toContain('New-CsTenantNetworkSubnet -SubnetID $n.SubnetId -MaskBits $n.MaskBits -NetworkSiteID $n.Site');
  });

  it('writes nothing of it without subnets, desks or Direct Routing people, and no toll-bypass policy without Direct Routing users at such a site', () => {
    const input = withSettings({ sbcs: [SBC] });
    const nobody = { ...input, plan: { ...input.plan, waves: [] } };
    expect(tenantNetworkPart(nobody)).toEqual({ lines: [], logic: [], skipped: [] });
    expect(tenantSetupScript(nobody).text).not.toContain('NetworkSites');
    // Seattle's Direct Routing people still need their emergency call routing.
    const lines = tenantNetworkPart(input).lines.join('\n');
    expect(lines).toContain('$NetworkSites = @()');
    expect(lines).toContain("Name = 'VMP-ECRP-US-sbc1'");
    const onlyLondon = tenantNetworkPart(withSettings({ sbcs: [SBC], sites: [{ siteId: 'london', subnets: ['10.30.0.0/16'], locationBasedRouting: true }] }));
    expect(onlyLondon.lines).toContain('$TollBypassPolicy = $null');
  });

  it('skips, with the reason, a subnet a hand-edited store gives two sites', () => {
    const input = buildFixtureInput();
    const settings = structuredClone(input.settings);
    settings.sites = [
      { ...settings.sites[0], siteId: 'seattle', subnets: ['10.20.0.0/16'] },
      { ...settings.sites[0], siteId: 'london', subnets: ['10.20.0.0/16', 'not-a-subnet'] },
    ];
    const s = networkSetUps({ ...input, settings });
    expect(s.sites.map((x) => x.siteId)).toEqual(['seattle']);
    expect(s.skipped).toEqual([
      { what: 'subnet 10.20.0.0/16 of site london', reason: 'it is a subnet of another site too' },
      { what: 'subnet not-a-subnet of site london', reason: 'not a subnet (address/prefix length)' },
    ]);
  });

  it("gives each site with a security desk an emergency calling policy, on its network site and for its people", () => {
    const input = withSettings({
      sbcs: [SBC],
      sites: [
        { siteId: 'seattle', subnets: ['10.20.0.0/16'], securityDesk: { notify: ['security@contoso.com', 'soc@contoso.com'], mode: 'ConferenceUnMuted', dialOutNumber: '+14255550199' } },
        { siteId: 'denver', securityDesk: { notify: ['denver-desk@contoso.com'] } },
        { siteId: 'mars', securityDesk: { notify: ['x@contoso.com'] } },
      ],
    });
    expect(networkSetUps(input).emergencyCallingPolicies).toEqual([
      { name: 'VMP-ECP-seattle', siteId: 'seattle', description: 'Security desk of Seattle', desk: { notify: ['security@contoso.com', 'soc@contoso.com'], mode: 'ConferenceUnMuted', dialOutNumber: '+14255550199' }, onNetworkSite: true },
      { name: 'VMP-ECP-denver', siteId: 'denver', description: 'Security desk of +Denver', desk: { notify: ['denver-desk@contoso.com'], mode: 'NotificationOnly' }, onNetworkSite: false },
    ]);
    expect(emergencyCallingPolicyOf(input, { siteId: 'seattle' })).toBe('VMP-ECP-seattle');
    expect(emergencyCallingPolicyOf(input, { siteId: 'london' })).toBeUndefined();
    const setup = tenantSetupScript(input).text;
    expect(setup).toContain("[pscustomobject]@{ Name = 'VMP-ECP-seattle'; Description = 'Security desk of Seattle'; NotificationGroup = 'security@contoso.com;soc@contoso.com'; NotificationMode = 'ConferenceUnMuted'; DialOutNumber = '+14255550199'; NetworkSite = 'seattle' }");
    expect(setup).toContain("[pscustomobject]@{ Name = 'VMP-ECP-denver'; Description = 'Security desk of +Denver'; NotificationGroup = 'denver-desk@contoso.com'; NotificationMode = 'NotificationOnly'; DialOutNumber = $null; NetworkSite = $null }");
    expect(setup).toContain('Set-CsTenantNetworkSite -Identity $p.NetworkSite -EmergencyCallingPolicy $p.Name');
    const wave = input.plan.waves[0];
    expect(waveRunbook(input, wave).text).toContain("EmergencyCallingPolicy = 'VMP-ECP-seattle'");
    expect(waveRollback(input, wave).text).toContain('Grant-CsTeamsEmergencyCallingPolicy -Identity $a.Upn -PolicyName $null');
  });

  it('numbers the policies of two sites whose ids meet when cut to a name', () => {
    const long = 'x'.repeat(45);
    const input = buildFixtureInput();
    const settings = structuredClone(input.settings);
    settings.sites = [`${long}a`, `${long}b`].map((siteId) => ({ ...settings.sites[0], siteId, securityDesk: { notify: ['desk@contoso.com'], mode: 'NotificationOnly' as const } }));
    const sites = [`${long}a`, `${long}b`].map((id) => ({ id, name: id, countryCode: 'US', source: 'places' as const }));
    expect(networkSetUps({ ...input, settings, sites }).emergencyCallingPolicies.map((p) => p.name)).toEqual([`VMP-ECP-${'x'.repeat(40)}`, `VMP-ECP-${'x'.repeat(36)}-2`]);
  });

  it("routes each country's emergency numbers, as dialed, to the SBC its Direct Routing people use, and grants the policy at their cutover", () => {
    const input = withSettings({ sbcs: [SBC], sites: [{ siteId: 'seattle', subnets: ['10.20.0.0/16'] }] });
    const routing = emergencyRoutingSetUps(input);
    expect(routing.policies).toEqual([
      {
        name: 'VMP-ECRP-US-sbc1',
        country: 'US',
        fqdn: 'sbc1.contoso.com',
        usage: 'VMP-Emergency-sbc1',
        route: 'VMP-Emergency-sbc1-US',
        numberPattern: '^(911|933)$',
        numbers: ['911', '933'],
        enhanced: true,
        sites: ['seattle'],
        networkSites: ['seattle'],
      },
    ]);
    expect(new RegExp(routing.policies[0].numberPattern).test('911')).toBe(true);
    expect(new RegExp(routing.policies[0].numberPattern).test('9110')).toBe(false);
    expect(emergencyCallRoutingPolicyOf(input, { path: 'DR', siteId: 'seattle', sbcId: 'sbc1' })).toBe('VMP-ECRP-US-sbc1');
    expect(emergencyCallRoutingPolicyOf(input, { path: 'OC', siteId: 'seattle', sbcId: 'sbc1' })).toBeUndefined();
    const setup = tenantSetupScript(input).text;
    expect(setup).toContain(
      "[pscustomobject]@{ Name = 'VMP-ECRP-US-sbc1'; Usage = 'VMP-Emergency-sbc1'; Route = 'VMP-Emergency-sbc1-US'; NumberPattern = '^(911|933)$'; Gateway = 'sbc1.contoso.com'; DialStrings = '911;933'; Enhanced = $true; NetworkSites = 'seattle' }",
    );
    expect(setup).toContain('New-CsTeamsEmergencyCallRoutingPolicy -Identity $e.Name -EmergencyNumbers @{ add = $numbers }');
    const wave = input.plan.waves[0];
    expect(waveRunbook(input, wave).text).toContain("EmergencyCallRoutingPolicy = 'VMP-ECRP-US-sbc1'");
    expect(waveRollback(input, wave).text).toContain('Grant-CsTeamsEmergencyCallRoutingPolicy -Identity $a.Upn -PolicyName $null');
  });

  it('routes 112 alone where the country is not in the table, and says so', () => {
    const input = withSettings({ sbcs: [SBC] });
    const sites = input.sites.map((s) => (s.id === 'seattle' ? { ...s, countryCode: 'XK' } : s));
    const routing = emergencyRoutingSetUps({ ...input, sites });
    expect(routing.policies.map((p) => [p.name, p.numberPattern, p.enhanced])).toEqual([['VMP-ECRP-XK-sbc1', '^(112)$', false]]);
    expect(routing.skipped).toEqual([{ what: 'emergency numbers of XK', reason: expect.stringMatching(/only 112 is routed/) }]);
  });

  it("registers a site's Survivable Branch Appliances at its network site and grants their policy to its Direct Routing users", () => {
    const input = withSettings({ sbcs: [SBC], sites: [{ siteId: 'seattle', subnets: ['10.20.0.0/16'], survivableBranchAppliances: ['sba1.contoso.com', 'sba2.contoso.com'] }] });
    expect(networkSetUps(input).survivableBranches).toEqual([{ siteId: 'seattle', fqdns: ['sba1.contoso.com', 'sba2.contoso.com'], policy: 'VMP-SBA-seattle' }]);
    expect(survivableBranchPolicyOf(input, { path: 'DR', siteId: 'seattle' })).toBe('VMP-SBA-seattle');
    expect(survivableBranchPolicyOf(input, { path: 'OC', siteId: 'seattle' })).toBeUndefined();
    const setup = tenantSetupScript(input).text;
    expect(setup).toContain("[pscustomobject]@{ Site = 'seattle'; Policy = 'VMP-SBA-seattle'; Fqdns = 'sba1.contoso.com;sba2.contoso.com' }");
    expect(setup).toContain('New-CsTeamsSurvivableBranchAppliance -Fqdn $fqdn -Site $b.Site');
    expect(waveRunbook(input, input.plan.waves[0]).text).toContain("SurvivableBranchPolicy = 'VMP-SBA-seattle'");
    // A hand-edited store's appliances without subnets: no network site to register at, nothing set up.
    expect(networkSetUps(withSettings({ sbcs: [SBC], sites: [{ siteId: 'seattle', survivableBranchAppliances: ['sba1.contoso.com'] }] })).survivableBranches).toEqual([]);
  });

  it('gives a proxy SBC and its downstream SBC their bypass mode at their network sites (Local Media Optimization)', () => {
    const input = withSettings({
      sbcs: [
        { ...SBC, bypassMode: 'Always', networkSite: 'seattle' },
        { id: 'sbc-den', fqdn: 'sbc-den.contoso.com', pricePerSessionPerYear: 10, siteIds: ['denver'], bypassMode: 'OnlyForLocalUsers', proxySbc: 'sbc1' },
      ],
      sites: [
        { siteId: 'seattle', subnets: ['10.20.0.0/16'] },
        { siteId: 'denver', subnets: ['10.30.0.0/16'] },
      ],
    });
    expect(networkSetUps(input).gateways).toEqual([
      { fqdn: 'sbc1.contoso.com', siteId: 'seattle', locationBasedRouting: false, bypassMode: 'Always' },
      { fqdn: 'sbc-den.contoso.com', siteId: 'denver', locationBasedRouting: false, bypassMode: 'OnlyForLocalUsers', proxySbc: 'sbc1.contoso.com' },
    ]);
    const setup = tenantSetupScript(input).text;
    expect(setup).toContain("[pscustomobject]@{ Fqdn = 'sbc-den.contoso.com'; Site = 'denver'; LocationBasedRouting = $false; BypassMode = 'OnlyForLocalUsers'; ProxySbc = 'sbc1.contoso.com' }");
    expect(setup).toContain('if ($g.BypassMode) { $want.MediaBypass = $true; $want.BypassMode = $g.BypassMode; $want.ProxySbc = $g.ProxySbc }');
    expect(setup).toContain("[string]$gateway.BypassMode -ne $g.BypassMode -or [string]$gateway.ProxySbc -ne [string]$g.ProxySbc");
    expect(setup).toContain('Set-CsOnlinePSTNGateway -Identity $g.Fqdn @want');
  });

  it("adds the tenant's trusted IP addresses, from which Teams looks for a client's network site", () => {
    const input = withSettings({ tenant: { trustedIps: ['203.0.113.0/28', '2001:DB8:FFFF::/48'] }, sbcs: [SBC] });
    expect(networkSetUps(input).trustedIps.map((t) => t.text)).toEqual(['203.0.113.0/28', '2001:db8:ffff::/48']);
    const setup = tenantSetupScript(input).text;
    expect(setup).toContain("[pscustomobject]@{ IPAddress = '2001:db8:ffff::'; MaskBits = 48 }");
    expect(setup).toContain('New-CsTenantTrustedIPAddress -IPAddress $t.IPAddress -MaskBits $t.MaskBits');
  });
});
