/**
 * Licences to buy: the people a plan blocks for want of a Teams Phone, Calling Plan or resource account
 * licence, against the seats the tenant's subscriptions have free (`/subscribedSkus`: prepaid enabled and
 * in-grace units less those consumed). People who hold Teams Phone turned off in a licence they have need
 * no seat: turning it on is enough. Free of dependencies beyond the domain's own words (counted.ts), so
 * the tab bundles it as it is.
 */
import { counted } from '../counted';
import type { SeatKind, SkuSeats } from '../licence-mapping';

/** The readiness gate that blocks a person for want of each kind of seat (gate-catalogue.ts). */
const GATE_OF_KIND: Readonly<Record<SeatKind, string>> = {
  teamsPhone: 'no-teams-phone-licence',
  callingPlan: 'cp-without-licence',
  resourceAccount: 'resource-account-no-licence',
};
/** The gate of people who hold Teams Phone turned off: they need no seat. */
export const TURNED_OFF_GATE = 'teams-phone-turned-off';

/** The gate whose people need a seat of this kind (the Blockers grid filters by it). */
export function gateNeedingSeat(kind: SeatKind): string {
  return GATE_OF_KIND[kind];
}

/** What the tab, the bot and the CLI call each kind of seat. */
export const SEAT_KIND_LABELS: Readonly<Record<SeatKind, string>> = {
  teamsPhone: 'Teams Phone',
  callingPlan: 'Calling Plan',
  resourceAccount: 'Teams Phone Resource Account',
};

const KINDS = Object.keys(GATE_OF_KIND) as SeatKind[];

export interface LicenceNeed {
  kind: SeatKind;
  /** People blocked until they are given a seat of this kind. */
  needed: number;
  /** Teams Phone only: people blocked who hold it turned off in a licence they have (no seat needed). */
  turnedOff?: number;
  /** Seats free across the subscriptions that include it; absent when the tenant's SKUs could not be read. */
  free?: number;
  /**
   * Of the `free` seats, those another kind's blocked people take: a subscription that includes several
   * voice plans (Teams Phone with Calling Plan) gives each seat to one person. Absent when none.
   */
  takenByOthers?: number;
  /** The kinds whose people take them, with `takenByOthers`. */
  sharedWith?: SeatKind[];
  /** needed - (free - takenByOthers), never below 0; absent with `free`. */
  toBuy?: number;
  /**
   * When seats must be bought: the first wave (in plan order) by which the people blocked at its sites
   * and those before need more seats than are free. Absent when the free seats are enough or unknown,
   * or when no schedule was given.
   */
  buyBy?: { wave: number; date: string };
  /** The subscriptions with seats free, most first; `inGrace`: the subscription is in its grace period (Warning). */
  skus: { skuPartNumber: string; free: number; inGrace: boolean }[];
}

/** A subscription's seats that can still be assigned. */
export function freeSeats(sku: SkuSeats): number {
  return Math.max(0, sku.enabled + sku.warning - sku.consumed);
}

/**
 * The plan's waves in order, with the blocked people counted under the first wave at their site
 * (each once): what tells when seats run out.
 */
export interface LicenceSchedule {
  waves: readonly { number: number; date: string }[];
  byFirstWave: Readonly<Record<string, { byCode: readonly { code: string; count: number }[] }>>;
}

/** The blocked people counted for licenceNeeds: per gate code, and those held by both voice licence gates. */
export interface LicenceGateCounts {
  byCode: readonly { code: string; count: number }[];
  /**
   * People blocked for want of both a Teams Phone and a Calling Plan licence: one seat of a subscription
   * that includes both (Teams Phone with Calling Plan) serves each of them. Absent: none, or counted
   * before this was (then each need is counted apart, as it was).
   */
  teamsPhoneAndCallingPlan?: number;
}

/**
 * The licences the blocked people need, one entry per kind any of them needs (Teams Phone, Calling
 * Plan, resource account order), from the blockers' counts by gate code (a plan's or a wave's) and the
 * tenant's seats (undefined when its SKUs could not be read); with `schedule`, before which wave to buy.
 */
export function licenceNeeds(counts: LicenceGateCounts, seats: readonly SkuSeats[] | undefined, schedule?: LicenceSchedule): LicenceNeed[] {
  const countOf = (code: string) => counts.byCode.find((c) => c.code === code)?.count ?? 0;
  const given = seats && giveSeats(seats, (kind) => countOf(GATE_OF_KIND[kind]), counts.teamsPhoneAndCallingPlan ?? 0);
  const out: LicenceNeed[] = [];
  for (const kind of KINDS) {
    const needed = countOf(GATE_OF_KIND[kind]);
    const turnedOff = kind === 'teamsPhone' ? countOf(TURNED_OFF_GATE) : 0;
    if (!needed && !turnedOff) continue;
    const need: LicenceNeed = { kind, needed, ...(turnedOff && { turnedOff }), skus: [] };
    if (seats) {
      need.skus = seats
        .filter((s) => s.kinds.includes(kind) && freeSeats(s) > 0)
        .map((s) => ({ skuPartNumber: s.skuPartNumber, free: freeSeats(s), inGrace: s.capabilityStatus.toLowerCase() === 'warning' }))
        .sort((a, b) => b.free - a.free || (a.skuPartNumber < b.skuPartNumber ? -1 : 1));
      need.free = need.skus.reduce((sum, s) => sum + s.free, 0);
      const taken = given!.takenByOthers[kind];
      if (taken) {
        need.takenByOthers = taken;
        need.sharedWith = KINDS.filter((k) => k !== kind && seats.some((x) => x.kinds.length > 1 && x.kinds.includes(kind) && x.kinds.includes(k)));
      }
      need.toBuy = Math.max(0, needed - given!.covered[kind]);
      const by = need.toBuy > 0 && schedule ? firstShortWave(schedule, GATE_OF_KIND[kind], given!.covered[kind]) : undefined;
      if (by) need.buyBy = by;
    }
    out.push(need);
  }
  return out;
}

const noneOfEach = (): Record<SeatKind, number> => ({ teamsPhone: 0, callingPlan: 0, resourceAccount: 0 });

/**
 * Gives the free seats to the blocked people, each seat to one person, to need as few new ones as
 * possible: a subscription of one voice plan serves its kind alone, so those go first (to the people
 * who need that kind alone before those who need both); a seat of a subscription that includes several
 * (Teams Phone with Calling Plan) serves one person, both needs of one who lacks both, so those go next
 * to the people lacking both, then to the kinds still short, in KINDS order, sharing in skuId order.
 * Returns, per kind, the needs the seats cover and the seats of its subscriptions that went to people
 * needing only another kind.
 */
function giveSeats(seats: readonly SkuSeats[], needed: (kind: SeatKind) => number, lackingBoth: number): { covered: Record<SeatKind, number>; takenByOthers: Record<SeatKind, number> } {
  const covered = noneOfEach();
  const takenByOthers = noneOfEach();
  const single = noneOfEach();
  const shared: { sku: SkuSeats; left: number }[] = [];
  for (const sku of seats) {
    if (sku.kinds.length === 1) single[sku.kinds[0]] += freeSeats(sku);
    else if (sku.kinds.length > 1) shared.push({ sku, left: freeSeats(sku) });
  }
  shared.sort((a, b) => (a.sku.skuId < b.sku.skuId ? -1 : a.sku.skuId > b.sku.skuId ? 1 : 0));
  // People short of one kind only; `both` lack Teams Phone and Calling Plan.
  const both = Math.min(lackingBoth, needed('teamsPhone'), needed('callingPlan'));
  const short = noneOfEach();
  for (const kind of KINDS) short[kind] = needed(kind) - (kind === 'resourceAccount' ? 0 : both);
  for (const kind of KINDS) {
    const take = Math.min(single[kind], short[kind]);
    covered[kind] += take;
    single[kind] -= take;
    short[kind] -= take;
  }
  // Single-plan seats left over go to the same people lacking both where they can, so that as many of
  // the others as possible are left for a seat that serves both.
  const tp = Math.min(both, single.teamsPhone);
  const cp = Math.min(both, single.callingPlan);
  covered.teamsPhone += tp;
  covered.callingPlan += cp;
  let lacking = both - Math.max(tp, cp);
  short.callingPlan += Math.max(0, tp - cp);
  short.teamsPhone += Math.max(0, cp - tp);
  for (const s of shared) {
    if (!s.sku.kinds.includes('teamsPhone') || !s.sku.kinds.includes('callingPlan')) continue;
    const take = Math.min(s.left, lacking);
    covered.teamsPhone += take;
    covered.callingPlan += take;
    lacking -= take;
    s.left -= take;
  }
  // Whoever still lacks both is short of each kind apart.
  short.teamsPhone += lacking;
  short.callingPlan += lacking;
  for (const s of shared) {
    for (const kind of KINDS) {
      if (!s.sku.kinds.includes(kind)) continue;
      const take = Math.min(s.left, short[kind]);
      covered[kind] += take;
      short[kind] -= take;
      s.left -= take;
      for (const other of s.sku.kinds) if (other !== kind) takenByOthers[other] += take;
    }
  }
  return { covered, takenByOthers };
}

/** The first wave by which the people needing a seat (gate `code`) outnumber the `free` seats. */
function firstShortWave(schedule: LicenceSchedule, code: string, free: number): { wave: number; date: string } | undefined {
  let needed = 0;
  for (const w of schedule.waves) {
    needed += schedule.byFirstWave[String(w.number)]?.byCode.find((c) => c.code === code)?.count ?? 0;
    if (needed > free) return { wave: w.number, date: w.date };
  }
  return undefined;
}

/** The earliest date any of the needs must be bought by (licenceNeeds' `buyBy`), or undefined. */
export function earliestBuyBy(needs: readonly LicenceNeed[]): { wave: number; date: string } | undefined {
  let first: { wave: number; date: string } | undefined;
  for (const need of needs) if (need.buyBy && (!first || need.buyBy.date < first.date)) first = need.buyBy;
  return first;
}

/** The seats to buy for all the needs together; null when any need's free seats are unknown. */
export function licencesToBuy(needs: readonly LicenceNeed[]): number | null {
  let total = 0;
  for (const need of needs) {
    if (need.toBuy === undefined) return null;
    total += need.toBuy;
  }
  return total;
}

const n = (x: number) => x.toLocaleString('en-US');
const people = (x: number) => counted(x, 'person', 'people');

/**
 * One need in a sentence, as the bot and `vmp` say it: "Teams Phone: 340 people need a licence; 12 seats
 * free (SPE_E5 10, MCOEV 2 in grace): buy 328. 68 more people hold it turned off in a licence: turn it on."
 */
export function licenceNeedText(need: LicenceNeed): string {
  const label = SEAT_KIND_LABELS[need.kind];
  const parts: string[] = [];
  if (need.needed) {
    let text = `${people(need.needed)} ${need.needed === 1 ? 'needs' : 'need'} a licence`;
    if (need.free === undefined) text += " (free seats unknown: the tenant's subscriptions could not be read)";
    else {
      const where = need.skus.map((s) => `${s.skuPartNumber} ${n(s.free)}${s.inGrace ? ' in grace' : ''}`).join(', ');
      text += `; ${counted(need.free, 'seat')} free${where ? ` (${where})` : ''}`;
      if (need.takenByOthers) text += `, ${n(need.takenByOthers)} of them needed for ${(need.sharedWith ?? []).map((k) => SEAT_KIND_LABELS[k]).join(' and ')}`;
      text += need.toBuy ? `: buy ${n(need.toBuy)}${need.buyBy ? ` before ${need.buyBy.date} (wave ${need.buyBy.wave})` : ''}` : ': enough';
    }
    parts.push(`${text}.`);
  }
  if (need.turnedOff) {
    const who = need.needed ? counted(need.turnedOff, 'more person', 'more people') : people(need.turnedOff);
    parts.push(`${who} ${need.turnedOff === 1 ? 'holds' : 'hold'} it turned off in a licence: turn it on.`);
  }
  return `${label}: ${parts.join(' ')}`;
}
