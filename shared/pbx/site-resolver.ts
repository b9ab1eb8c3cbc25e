/**
 * Maps a site name from a PBX export onto the tenant's sites (by name or id, ignoring case and accents,
 * and a city's name in another language: "München" finds the site "Munich"), so the planner's site ids
 * and the site's country carry over. Unknown sites get a slug id of their own.
 */
import { canonicalCityName, slugify } from '../domain/site-derivation';
import type { Site } from '../domain/tenant-snapshot';

/** The same slug site derivation gives a site, so ids agree across the planner. */
export const siteSlug = slugify;

export interface ResolvedSite {
  siteId: string;
  /** True when the tenant snapshot knows the site. */
  known: boolean;
  countryCode?: string;
}

export class SiteResolver {
  private readonly byKey = new Map<string, Site>();
  private readonly cache = new Map<string, ResolvedSite>();

  constructor(sites: readonly Site[]) {
    const sorted = [...sites].sort((a, b) => a.id.localeCompare(b.id));
    for (const s of sorted) {
      for (const k of [siteSlug(s.name), siteSlug(s.id)]) if (!this.byKey.has(k)) this.byKey.set(k, s);
    }
    // Second, so a site's own name or id wins over another site's city name.
    for (const s of sorted) {
      const city = canonicalCityName(s.name, s.countryCode);
      if (city && !this.byKey.has(siteSlug(city))) this.byKey.set(siteSlug(city), s);
    }
  }

  resolve(name: string): ResolvedSite {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const slug = siteSlug(name);
    const city = canonicalCityName(name);
    const site = this.byKey.get(slug) ?? (city !== undefined ? this.byKey.get(siteSlug(city)) : undefined) ?? this.within(slug);
    const resolved: ResolvedSite = site ? { siteId: site.id, known: true, countryCode: site.countryCode } : { siteId: slug, known: false };
    this.cache.set(name, resolved);
    return resolved;
  }

  /**
   * A device pool or location named after the site with words around it ("DP_Seattle_Phones",
   * "SEA-Seattle-HQ"): the one known site whose slug is a run of whole words of the name. Cached per
   * name by resolve, so a 100,000-line export pays this once per pool.
   */
  private within(slug: string): Site | undefined {
    let found: Site | undefined;
    const padded = `-${slug}-`;
    for (const [key, site] of this.byKey) {
      if (key.length < 3 || !padded.includes(`-${key}-`)) continue;
      if (found && found.id !== site.id) return undefined;
      found = site;
    }
    return found;
  }
}
