/**
 * A site's emergency location (its LIS LocationId in the settings) on the plan's members: what the
 * cutover runbooks give each Operator Connect or Calling Plan number as they assign it.
 */
import { buildPlan } from '../../../shared/domain/planning/build-plan';
import { PlanningSettingsSchema } from '../../../shared/domain/planning-settings';
import { smallTenantInputs } from './support/small-tenant';

const SEATTLE_LOCATION = '6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f';
const BERLIN_LOCATION = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

function withLocations() {
  const input = smallTenantInputs();
  input.settings = {
    ...input.settings,
    sites: input.settings.sites.map((s) => ({ ...s, emergencyLocationId: s.siteId === 'seattle' ? SEATTLE_LOCATION : BERLIN_LOCATION })),
  };
  return input;
}

describe('emergency locations', () => {
  it("gives each Operator Connect member the site's location, and Direct Routing members none", () => {
    const members = buildPlan(withLocations()).waves.flatMap((w) => w.members);
    const oc = members.filter((m) => m.path === 'OC');
    const dr = members.filter((m) => m.path === 'DR');
    expect(oc.length).toBeGreaterThan(0);
    expect(dr.length).toBeGreaterThan(0);
    for (const m of oc) expect([m.siteId, m.emergencyLocation]).toEqual(['seattle', SEATTLE_LOCATION]);
    // Direct Routing emergency calls are routed by policy at the SBC: no location on the number.
    for (const m of dr) expect(m.emergencyLocation).toBeUndefined();
  });

  it('leaves members without a location where the site has none', () => {
    expect(buildPlan(smallTenantInputs()).waves.flatMap((w) => w.members).some((m) => m.emergencyLocation !== undefined)).toBe(false);
  });

  it('refuses a location that is not a GUID, naming the field', () => {
    const result = PlanningSettingsSchema.safeParse({ sites: [{ siteId: 'seattle', emergencyLocationId: 'Seattle HQ' }] });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ['sites', 0, 'emergencyLocationId'] });
    expect(result.error!.issues[0].message).toContain('LocationId of Get-CsOnlineLisLocation');
  });
});
