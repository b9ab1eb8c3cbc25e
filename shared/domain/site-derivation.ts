/**
 * Sites are where migration decisions are made, so every person should land on one. They come from
 * Graph places (buildings, room lists, rooms with addresses) and from what the directory says about
 * each person (officeLocation, city, country), steered by admin-editable mapping rules such as
 * officeLocation "SEA-*" -> "Seattle". People that still map nowhere are kept and listed with the reason.
 *
 * Site ids are slugs of the site name so decisions keyed by site survive a resync. Pure and
 * deterministic: the same inputs give the same sites in the same order.
 */
import { transliterate } from 'transliteration';
import { cityIndex } from './city-names';
import { countryCodeFromText } from './country-names';
import type { PostalAddress, Site, UnmappedPerson } from './tenant-snapshot';

/** An admin's rule. Patterns are case-insensitive; `*` matches any run of characters. */
export interface SiteMappingRule {
  officeLocation?: string;
  city?: string;
  /** Free text or ISO code; compared as an ISO code when it is recognised. */
  country?: string;
  /** Target site by name; created when no place has that name. */
  siteName: string;
  /** ISO code for a site the rule creates. */
  countryCode?: string;
}

export interface PlaceForSites {
  kind: 'building' | 'roomList' | 'room';
  id: string;
  displayName: string;
  address?: PostalAddress;
  /** Rooms: the free-text building name (Graph `room.building`). */
  building?: string;
}

export interface PersonForSites {
  id: string;
  kind: 'user' | 'resourceAccount';
  officeLocation?: string;
  city?: string;
  country?: string;
  usageLocation?: string;
}

export interface SiteDerivation {
  sites: Site[];
  /** personId -> siteId */
  siteOf: Map<string, string>;
  unmapped: UnmappedPerson[];
  /** Per rule, in the rules' order: the site it maps to and how many people it mapped (the first matching rule wins). */
  ruleMatches: { siteId: string; people: number }[];
}

/**
 * Letters NFKD leaves whole (ø, ß, ł, æ) and other scripts (東京, Москва) are transliterated first:
 * "København" is "kobenhavn", not "k-benhavn", and two sites named in Japanese do not both become "site".
 * `fallback`: what a name without a letter or digit in any script becomes.
 */
export function slugify(name: string, fallback = 'site'): string {
  const slug = transliterate(name)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || fallback;
}

/** Case-, accent- and script-insensitive comparison key ("KØBENHAVN", "København" and "Kobenhavn" agree). */
export function normaliseKey(text: string | undefined | null): string {
  return transliterate(text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const knownCity = cityIndex(normaliseKey);

/**
 * The key a city name is compared by: a name the city goes by in another language or an older form
 * ("warszawa", "bombay") becomes its canonical name's key, within the city's country or where the
 * country is unknown. Other keys are returned as they are.
 */
function cityNameKey(key: string, countryCode: string | undefined): string {
  return knownCity(key, countryCode)?.key ?? key;
}

/** The canonical name of a city written in another language or an older form ("München": "Munich"), if known. */
export function canonicalCityName(name: string, countryCode?: string): string | undefined {
  return knownCity(normaliseKey(name), countryCode)?.name;
}

interface Draft {
  name: string;
  source: Site['source'];
  address?: PostalAddress;
  countryCode?: string;
  aliases: Set<string>;
}

export function deriveSites(input: {
  places: readonly PlaceForSites[];
  /**
   * Sites an earlier derivation made from places, as a stored snapshot keeps them (with their aliases):
   * they stand in for the places when sites are re-derived without reading Graph again.
   */
  storedPlaceSites?: readonly Site[];
  people: readonly PersonForSites[];
  rules?: readonly SiteMappingRule[];
}): SiteDerivation {
  // Office locations and cities repeat across thousands of people: normalise each text once.
  const keys = new Map<string, string>();
  const keyOf = (text: string | undefined | null): string => {
    if (!text) return '';
    let k = keys.get(text);
    if (k === undefined) keys.set(text, (k = normaliseKey(text)));
    return k;
  };
  // City names in another language or an older form compare as the city's canonical name (city-names.ts).
  const cityKey = (city: string, countryCode: string | undefined): string => `${cityNameKey(keyOf(city), countryCode)}|${countryCode ?? ''}`;
  const nameKey = (name: string, countryCode: string | undefined): string => cityNameKey(keyOf(name), countryCode);
  const ruleSiteKey = (rule: SiteMappingRule): string => nameKey(rule.siteName, rule.countryCode?.toUpperCase());
  const drafts = [...draftsFromPlaces(input.places), ...draftsFromStoredSites(input.storedPlaceSites ?? [])];
  const byName = new Map<string, Draft>();
  for (const d of drafts) byName.set(nameKey(d.name, d.countryCode), d);

  const rules = (input.rules ?? []).map((rule) => compileRule(rule, keyOf));
  for (const r of rules) {
    const key = ruleSiteKey(r.rule);
    if (!byName.has(key)) {
      const d: Draft = { name: r.rule.siteName.trim(), source: 'mapping-rule', countryCode: r.rule.countryCode?.toUpperCase(), aliases: new Set([key]) };
      drafts.push(d);
      byName.set(key, d);
    }
  }

  const byAlias = new Map<string, Draft[]>();
  const byCity = new Map<string, Draft[]>();
  /** City name only: for people whose country is unknown. */
  const byCityName = new Map<string, Draft[]>();
  const indexDraft = (d: Draft) => {
    for (const a of d.aliases) {
      pushTo(byAlias, a, d);
      const asCity = cityNameKey(a, d.countryCode);
      if (asCity !== a) pushTo(byAlias, asCity, d);
    }
    if (d.address?.city) {
      pushTo(byCity, cityKey(d.address.city, d.countryCode), d);
      pushTo(byCityName, nameKey(d.address.city, d.countryCode), d);
    }
  };
  drafts.forEach(indexDraft);

  const draftOf = new Map<string, Draft>();
  const ruleCounts = rules.map(() => 0);
  const officeDrafts = new Map<string, Draft>();
  const unmappedDrafts: { personId: string; reason: string }[] = [];
  // People with a city but no country who matched nothing yet: placed after everyone else, so a site
  // another person's directory entry creates for that city (with its country) is found whatever the order.
  const countryless: PersonForSites[] = [];
  const placeByCity = (p: PersonForSites, personCountry: string | undefined): void => {
    const key = cityKey(p.city!, personCountry);
    let d = officeDrafts.get(key);
    if (!d) {
      // "Warszawa" and "Warsaw" make one site, named the same whichever spelling is read first.
      const name = knownCity(keyOf(p.city), personCountry)?.name ?? p.city!.trim();
      d = { name, source: 'office-location', countryCode: personCountry, address: { city: name, countryCode: personCountry }, aliases: new Set() };
      officeDrafts.set(key, d);
      pushTo(byCity, key, d);
      pushTo(byCityName, nameKey(p.city!, personCountry), d);
    }
    draftOf.set(p.id, d);
  };
  for (const p of input.people) {
    const personCountry = countryCodeFromText(p.country) ?? p.usageLocation?.toUpperCase();
    const ruleIndex = rules.findIndex((r) => r.matches(p, personCountry));
    if (ruleIndex >= 0) {
      draftOf.set(p.id, byName.get(ruleSiteKey(rules[ruleIndex].rule))!);
      ruleCounts[ruleIndex]++;
      continue;
    }
    const office = keyOf(p.officeLocation);
    const aliasHits = office ? unique(byAlias.get(office) ?? byAlias.get(cityNameKey(office, personCountry))) : [];
    if (aliasHits.length === 1) {
      draftOf.set(p.id, aliasHits[0]);
      continue;
    }
    if (p.city && p.city.trim()) {
      const cityHits = unique(personCountry ? byCity.get(cityKey(p.city, personCountry)) : byCityName.get(nameKey(p.city, undefined)));
      if (cityHits.length === 1) {
        draftOf.set(p.id, cityHits[0]);
        continue;
      }
      if (cityHits.length > 1) {
        // Several buildings in one city: only the office location can tell them apart.
        const inOffice = office ? cityHits.filter((d) => [...d.aliases].some((a) => office.includes(a) || a.includes(office))) : [];
        if (inOffice.length === 1) {
          draftOf.set(p.id, inOffice[0]);
          continue;
        }
        unmappedDrafts.push({
          personId: p.id,
          reason:
            `city "${p.city}" has ${cityHits.length} sites (${cityHits.map((d) => d.name).sort().join(', ')}) and ` +
            (p.officeLocation ? `officeLocation "${p.officeLocation}" names none of them` : 'the person has no officeLocation') +
            ': add a mapping rule',
        });
        continue;
      }
      // No place in that city: a rule's site of that name, else the directory itself defines the site.
      const named = byName.get(nameKey(p.city, personCountry));
      if (named && named.source === 'mapping-rule' && (!named.countryCode || !personCountry || named.countryCode === personCountry)) {
        draftOf.set(p.id, named);
        continue;
      }
      if (!personCountry) {
        countryless.push(p);
        continue;
      }
      placeByCity(p, personCountry);
      continue;
    }
    unmappedDrafts.push({
      personId: p.id,
      reason: p.officeLocation
        ? `officeLocation "${p.officeLocation}" matches no site or mapping rule and the person has no city`
        : 'no officeLocation, city or mapping rule to place the person at a site',
    });
  }
  // A city alone (no country): join the one site in that city, whatever its country, and so take its
  // country; a country-less site only when the city has no site at all. Several: only a rule can tell.
  for (const p of countryless) {
    const hits = unique(byCityName.get(nameKey(p.city!, undefined)));
    if (hits.length === 1) draftOf.set(p.id, hits[0]);
    else if (hits.length === 0) placeByCity(p, undefined);
    else {
      unmappedDrafts.push({
        personId: p.id,
        reason: `city "${p.city}" has ${hits.length} sites (${hits.map((d) => d.name).sort().join(', ')}) and the person has no country: add a mapping rule`,
      });
    }
  }
  const all = [...drafts, ...officeDrafts.values()];

  // Stable ids: sort by (source, name, country) and give clashing slugs a country suffix, then a counter.
  const order: Record<Site['source'], number> = { places: 0, 'mapping-rule': 1, 'office-location': 2, pbx: 3 };
  all.sort((a, b) => order[a.source] - order[b.source] || cmp(a.name, b.name) || cmp(a.countryCode ?? '', b.countryCode ?? ''));
  const used = new Set<string>();
  const idOf = new Map<Draft, string>();
  for (const d of all) {
    let id = slugify(d.name);
    if (used.has(id) && d.countryCode) id = `${id}-${d.countryCode.toLowerCase()}`;
    const base = id;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    idOf.set(d, id);
  }
  const counts = new Map<Draft, number>();
  const siteOf = new Map<string, string>();
  for (const [personId, d] of draftOf) {
    siteOf.set(personId, idOf.get(d)!);
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  const sites: Site[] = all.map((d) => {
    const s: Site = { id: idOf.get(d)!, name: d.name, source: d.source, peopleCount: counts.get(d) ?? 0 };
    if (d.address) s.address = d.address;
    if (d.countryCode) s.countryCode = d.countryCode;
    if (d.source === 'places') s.aliases = [...d.aliases].sort(cmp);
    return s;
  });
  sites.sort((a, b) => cmp(a.id, b.id));
  const ruleMatches = rules.map((r, i) => ({ siteId: idOf.get(byName.get(ruleSiteKey(r.rule))!)!, people: ruleCounts[i] }));
  return { sites, siteOf, unmapped: unmappedDrafts, ruleMatches };
}

/**
 * Re-derives a stored snapshot's sites with other mapping rules: its places sites (with their aliases)
 * stand in for the places, its people for the directory. A snapshot stored before sites kept their
 * aliases matches officeLocation only against each place site's name; `exact` then says so.
 */
export function rederiveSites(
  snapshot: { sites: readonly Site[]; people: readonly PersonForSites[] },
  rules: readonly SiteMappingRule[],
): SiteDerivation & { exact: boolean } {
  const storedPlaceSites = snapshot.sites.filter((s) => s.source === 'places');
  return {
    ...deriveSites({ places: [], storedPlaceSites, people: snapshot.people, rules }),
    exact: storedPlaceSites.every((s) => s.aliases !== undefined),
  };
}

function draftsFromPlaces(places: readonly PlaceForSites[]): Draft[] {
  const sorted = [...places].sort((a, b) => cmp(a.kind, b.kind) || cmp(a.displayName, b.displayName) || cmp(a.id, b.id));
  const buildings = sorted.filter((p) => p.kind === 'building');
  const roomLists = sorted.filter((p) => p.kind === 'roomList');
  const rooms = sorted.filter((p) => p.kind === 'room');
  // Buildings are the best unit; room lists next; rooms grouped by address when nothing else exists.
  const primary = buildings.length > 0 ? buildings : roomLists.length > 0 ? roomLists : rooms;
  const byAddress = new Map<string, Draft>();
  const drafts: Draft[] = [];
  for (const p of primary) {
    const countryCode = countryCodeFromText(p.address?.countryCode);
    const key = addressKey(p.address, countryCode) ?? `id:${p.id}`;
    let d = byAddress.get(key);
    if (!d) {
      const name = p.kind === 'room' ? (p.building?.trim() || p.address?.city?.trim() || p.displayName) : p.displayName;
      d = { name, source: 'places', countryCode, aliases: new Set() };
      if (p.address) d.address = { ...p.address, ...(countryCode ? { countryCode } : {}) };
      byAddress.set(key, d);
      drafts.push(d);
    }
    d.aliases.add(normaliseKey(p.displayName));
    if (p.building) d.aliases.add(normaliseKey(p.building));
  }
  // Rooms and room lists at a known address lend their names as aliases (officeLocation often says "Building 4").
  for (const p of [...roomLists, ...rooms]) {
    const key = addressKey(p.address, countryCodeFromText(p.address?.countryCode));
    const d = key ? byAddress.get(key) : undefined;
    if (!d) continue;
    d.aliases.add(normaliseKey(p.displayName));
    if (p.building) d.aliases.add(normaliseKey(p.building));
  }
  for (const d of drafts) d.aliases.delete('');
  return drafts;
}

/** Drafts from stored places sites, ordered by name so that the same snapshot always gives the same sites. */
function draftsFromStoredSites(sites: readonly Site[]): Draft[] {
  return [...sites]
    .sort((a, b) => cmp(a.name, b.name) || cmp(a.countryCode ?? '', b.countryCode ?? '') || cmp(a.id, b.id))
    .map((s) => {
      // Re-keyed: aliases stored by an earlier version kept letters such as ø that keys now transliterate.
      const d: Draft = { name: s.name, source: 'places', aliases: new Set((s.aliases ?? [s.name]).map(normaliseKey)) };
      if (s.countryCode) d.countryCode = s.countryCode;
      if (s.address) d.address = s.address;
      return d;
    });
}

function addressKey(a: PostalAddress | undefined, countryCode: string | undefined): string | undefined {
  if (!a?.city && !a?.street) return undefined;
  return [normaliseKey(a.street), normaliseKey(a.city), countryCode ?? ''].join('|');
}


function compileRule(
  rule: SiteMappingRule,
  keyOf: (text: string | undefined) => string,
): { rule: SiteMappingRule; matches: (p: PersonForSites, country?: string) => boolean } {
  const office = rule.officeLocation ? globMatcher(normaliseKey(rule.officeLocation)) : undefined;
  const country = rule.country ? (countryCodeFromText(rule.country) ?? rule.country.toUpperCase()) : undefined;
  // A city named in another language matches too: a rule for "München" takes "Munich" and the other way.
  const city = rule.city ? globMatcher(cityNameKey(normaliseKey(rule.city), country ?? rule.countryCode?.toUpperCase())) : undefined;
  const cityMatches = (text: string | undefined, personCountry: string | undefined): boolean => {
    const key = keyOf(text);
    return city!(key) || city!(cityNameKey(key, personCountry));
  };
  return {
    rule,
    matches: (p, personCountry) =>
      (office !== undefined || city !== undefined || country !== undefined) &&
      (!office || office(keyOf(p.officeLocation))) &&
      (!city || cityMatches(p.city, personCountry)) &&
      (!country || personCountry === country),
  };
}

/**
 * Matches a glob whose only wildcard is `*` (any text, possibly none), without a regular expression:
 * the text must start with the part before the first star and end with the part after the last, and
 * the parts between are found left to right, each at its first place after the previous one (for
 * `*`-only globs the leftmost place is always a right choice). No backtracking: a pattern such as
 * `***********#` costs one pass per part, where `^.*.*.*...#$` took seconds on a long text and held
 * the server for every tenant.
 */
export function globMatcher(glob: string): (text: string) => boolean {
  const parts = glob.split('*');
  if (parts.length === 1) return (text) => text === glob;
  const head = parts[0];
  const tail = parts[parts.length - 1];
  const middle = parts.slice(1, -1).filter((part) => part !== '');
  return (text) => {
    if (text.length < head.length + tail.length || !text.startsWith(head) || !text.endsWith(tail)) return false;
    const end = text.length - tail.length;
    let at = head.length;
    for (const part of middle) {
      const found = text.indexOf(part, at);
      if (found < 0 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unique<T>(list: T[] | undefined): T[] {
  return list ? [...new Set(list)] : [];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
