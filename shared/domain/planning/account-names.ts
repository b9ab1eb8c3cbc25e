/**
 * UPNs of the accounts the cutover runbooks create: `cq-<group name>` for a call queue's resource
 * account, `aa-<site name>` for a site's auto attendant's, `cap-<phone name>` for a common-area phone's
 * user account, as letters, digits and dashes, in the domain of a user
 * they serve, numbered when two would get the same one. One instance per plan, so a UPN is unique
 * across the plan's waves and a later wave's runbook never finds an earlier one's account by mistake.
 */
import type { Wave } from '../plan';
import { slugify } from '../site-derivation';
import { isUpn } from '../upn';

export class ResourceAccountNames {
  private readonly used = new Set<string>();

  /** An account the plan names itself (a site's settings): never given out as a new one. */
  reserve(upn: string): void {
    this.used.add(upn.toLowerCase());
  }

  /** `name` is slugified (`fallback` when nothing of it is left); the domain is `servedUpn`'s. */
  next(prefix: 'cq' | 'aa' | 'cap', name: string, fallback: string, servedUpn: string): string {
    const domain = servedUpn.slice(servedUpn.lastIndexOf('@') + 1).toLowerCase();
    const base = `${prefix}-${slugify(name, fallback).slice(0, 40).replace(/-+$/, '')}`;
    let upn = `${base}@${domain}`;
    for (let n = 2; this.used.has(upn.toLowerCase()); n++) upn = `${base}-${n}@${domain}`;
    this.used.add(upn.toLowerCase());
    return upn;
  }
}

/**
 * A user an account serves, whose domain the account takes: the site's first person in the wave by UPN
 * (a main number or a common-area phone moves with them), else the wave's first; undefined when none
 * has a plain UPN.
 */
export function servedUpn(wave: Wave, siteId: string): string | undefined {
  let atSite: string | undefined;
  let any: string | undefined;
  for (const m of wave.members) {
    const upn = m.userPrincipalName;
    if (!isUpn(upn)) continue;
    if (m.siteId === siteId && (!atSite || upn < atSite)) atSite = upn;
    if (!any || upn < any) any = upn;
  }
  return atSite ?? any;
}
