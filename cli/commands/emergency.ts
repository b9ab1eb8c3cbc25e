/**
 * `vmp emergency [--site <site>]`: emergency calls across the tenant (the emergency gates holding or
 * warning sites, what the settings set up), or at one site (its address, location, routing, security
 * desk, subnets, Location-Based Routing, branch appliances and its country's emergency numbers): what
 * the bot answers to "emergency readiness", from the same service.
 */
import { gateLabel } from '../../shared/domain/decisions/gate-catalogue';
import { EMERGENCY_ADDRESS_STATES, SECURITY_DESK_HEARS } from '../../shared/domain/emergency-labels';
import { createDocumentCache } from '../../shared/store/document-cache';
import { emergencyReadiness, type EmergencyReadiness } from '../../shared/services/emergency-readiness';
import { CliError, EXIT, GlobalOptions, printResult } from '../cli-context';
import { withTenant } from '../services';

export interface EmergencyOptions {
  /** A site's id or name. */
  site?: string;
}

export async function runEmergency(options: GlobalOptions, cmd: EmergencyOptions): Promise<void> {
  await withTenant(options, async (services, tenantId) => {
    const header = await services.decisions.header(tenantId);
    let site;
    if (cmd.site !== undefined) {
      const wanted = cmd.site.trim().toLowerCase();
      site = header.sites.find((s) => s.id === cmd.site) ?? header.sites.find((s) => s.name.toLowerCase() === wanted);
      if (!site) throw new CliError(`No site "${cmd.site}" in the tenant (by id or name).`, EXIT.badInput);
    }
    const readiness = (await emergencyReadiness({ store: services.store, documents: createDocumentCache(services.store) }, tenantId, site))!;
    printResult(options, readiness, () => emergencyText(readiness));
  });
}

function emergencyText(e: EmergencyReadiness): string {
  const s = e.site;
  if (s) {
    const desk = s.securityDesk ? `${s.securityDesk.notify.join(', ')} (${SECURITY_DESK_HEARS[s.securityDesk.mode]})` : 'none';
    return [
      `Emergency calls at ${s.site.name}${s.site.countryCode ? ` (${s.site.countryCode})` : ''}`,
      `  emergency address: ${EMERGENCY_ADDRESS_STATES[s.emergencyAddress]}; emergency location: ${s.emergencyLocationId ?? 'none'}`,
      `  Direct Routing emergency routing: ${s.emergencyRouting ? 'in place' : 'not marked in place'}`,
      `  security desk: ${desk}`,
      `  subnets: ${s.subnets.length ? s.subnets.join(', ') : 'none'}; Location-Based Routing: ${s.locationBasedRouting ? 'on' : 'off'}`,
      `  branch appliances: ${s.survivableBranchAppliances.length ? s.survivableBranchAppliances.join(', ') : 'none'}`,
      `  Shared Calling callback numbers: ${s.emergencyCallbackNumbers.length ? s.emergencyCallbackNumbers.join(', ') : 'none (no Shared Calling)'}`,
      `  emergency numbers: ${s.emergencyNumbers.join(', ')}`,
      s.blockers.length ? `  held back by: ${s.blockers.map((c) => gateLabel(c)).join('; ')}` : '  no emergency blocker holds the site',
    ].join('\n');
  }
  const c = e.settings;
  return [
    'Emergency calls',
    ...(e.gates.length ? e.gates.map((g) => `  ${g.severity === 'blocker' ? 'blocker' : 'warning'} ${g.code}: ${g.count} (${gateLabel(g.code)})`) : ['  no emergency gate holds or warns a site']),
    `  addresses validated: ${c.addressesValidated} of ${c.sites} sites in the settings; emergency locations: ${c.emergencyLocations}`,
    `  security desks: ${c.securityDesks}; network sites: ${c.networkSites} (${c.locationBasedRouting} with Location-Based Routing); trusted IP ranges: ${c.trustedIps}`,
  ].join('\n');
}
