/**
 * Admin pins and blackouts for the wave scheduler. A pin puts a site, or a migration group, in a given
 * wave (`scheduling.pins`); a blackout keeps a site out of a date range (`scheduling.blackouts`).
 * The scheduler (schedule-waves.ts) does the honouring; this module decides which units a pin holds,
 * and turns what could not be honoured into `unmet` constraints with the reason, so the plan never
 * drops a pin silently.
 */
import type { UnmetConstraint } from '../plan';
import type { SiteBlackout, WavePin } from '../planning-settings';
import type { ScheduleResult, SchedulingUnit } from './schedule-waves';
import { counted } from '../counted';

export interface PinContext {
  /** Person ids of a unit. */
  membersOf: (u: SchedulingUnit) => string[];
  /** Migration group ids of a person. */
  groupsOf: (personId: string) => readonly string[] | undefined;
  siteName: (siteId: string) => string;
}

/** Which pin holds which unit, and the pins that lost to another for some of their units. */
export interface PinAssignment {
  pins: readonly WavePin[];
  labels: string[];
  /** Index (in `pins`) of the pin that holds each pinned unit. */
  pinOfUnit: Map<SchedulingUnit, number>;
  /** Pins that matched no unit, by index. */
  unmatched: number[];
  /** A unit matched several pins with different waves: the first in the settings wins. */
  overruled: { pin: number; winner: number; unit: SchedulingUnit }[];
}

export function pinLabel(pin: WavePin, siteName: (id: string) => string): string {
  const what = pin.siteId !== undefined ? `site ${siteName(pin.siteId)}` : `migration group ${pin.groupId}`;
  return `${what} pinned to ${pin.wave === 0 ? 'the pilot (wave 0)' : `wave ${pin.wave}`}${pin.reason ? ` (${pin.reason})` : ''}`;
}

/**
 * Sets `pinnedWave` on the units a pin names (and `pilot` for pins to wave 0, which join the pilot).
 * A unit is held by the first pin in the settings that names one of its sites or groups; a migration
 * group never splits, so a pin on one of its sites holds the whole group.
 */
export function applyWavePins(units: readonly SchedulingUnit[], pins: readonly WavePin[], ctx: PinContext): PinAssignment {
  const result: PinAssignment = { pins, labels: pins.map((p) => pinLabel(p, ctx.siteName)), pinOfUnit: new Map(), unmatched: [], overruled: [] };
  if (pins.length === 0) return result;
  const bySite = new Map<string, number[]>();
  const byGroup = new Map<string, number[]>();
  pins.forEach((p, i) => {
    const [map, key] = p.siteId !== undefined ? [bySite, p.siteId] : [byGroup, p.groupId!];
    let l = map.get(key);
    if (!l) map.set(key, (l = []));
    l.push(i);
  });
  const matchedPins = new Set<number>();
  for (const u of units) {
    const matched = new Set<number>();
    for (const s of u.siteIds) for (const i of bySite.get(s) ?? []) matched.add(i);
    if (byGroup.size > 0) {
      for (const personId of ctx.membersOf(u)) for (const g of ctx.groupsOf(personId) ?? []) for (const i of byGroup.get(g) ?? []) matched.add(i);
    }
    if (matched.size === 0) continue;
    const order = [...matched].sort((a, b) => a - b);
    const winner = order[0];
    for (const i of order) matchedPins.add(i);
    for (const i of order.slice(1)) if (pins[i].wave !== pins[winner].wave) result.overruled.push({ pin: i, winner, unit: u });
    result.pinOfUnit.set(u, winner);
    u.pinnedWave = pins[winner].wave;
    u.pilot = pins[winner].wave === 0;
  }
  pins.forEach((_p, i) => {
    if (!matchedPins.has(i)) result.unmatched.push(i);
  });
  return result;
}

/** Why a site may not cut over on a date, from the admin's blackout ranges (inclusive). */
export function blackoutLookup(blackouts: readonly SiteBlackout[]): ((siteId: string, date: string) => string | undefined) | undefined {
  if (blackouts.length === 0) return undefined;
  const bySite = new Map<string, SiteBlackout[]>();
  for (const b of blackouts) {
    let l = bySite.get(b.siteId);
    if (!l) bySite.set(b.siteId, (l = []));
    l.push(b);
  }
  return (siteId, date) => {
    const hit = bySite.get(siteId)?.find((b) => b.from <= date && date <= b.to);
    return hit ? `kept out of ${hit.from} to ${hit.to}${hit.reason ? ` (${hit.reason})` : ''}` : undefined;
  };
}

/**
 * Every pin that was not honoured, as `pin-not-honoured` constraints: per pin and reason, the people
 * concerned and the wave they moved in instead (or that they were not scheduled at all).
 */
export function pinUnmetConstraints(
  pinning: PinAssignment,
  schedule: ScheduleResult,
  membersOf: (u: SchedulingUnit) => { personId: string; siteId: string }[],
): UnmetConstraint[] {
  const out: UnmetConstraint[] = [];
  for (const i of pinning.unmatched) {
    out.push({
      code: 'pin-not-honoured',
      message: `${pinning.labels[i]}: nobody to move (unknown ${pinning.pins[i].siteId !== undefined ? 'site' : 'group'}, or everyone there is blocked or stays on the PBX)`,
      waveNumber: pinning.pins[i].wave,
      ...(pinning.pins[i].siteId !== undefined ? { siteIds: [pinning.pins[i].siteId!] } : {}),
    });
  }
  if (schedule.pinsMissed.length === 0 && pinning.overruled.length === 0) return out;
  const waveOf = new Map<SchedulingUnit, number>();
  const missed = new Set([...schedule.pinsMissed.map((m) => m.unit), ...pinning.overruled.map((o) => o.unit)]);
  for (const w of schedule.waves) for (const u of w.units) if (missed.has(u)) waveOf.set(u, w.number);

  // One entry per pin, reason and resulting wave: a 2,000-person site missing its wave is one line.
  const groups = new Map<string, { pin: number; reason: string; wave?: number; people: string[]; sites: Set<string> }>();
  const note = (pin: number, reason: string, u: SchedulingUnit) => {
    const wave = waveOf.get(u);
    const key = `${pin}|${reason}|${wave ?? ''}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { pin, reason, wave, people: [], sites: new Set() }));
    for (const m of membersOf(u)) {
      g.people.push(m.personId);
      if (m.siteId) g.sites.add(m.siteId);
    }
  };
  for (const m of schedule.pinsMissed) note(pinning.pinOfUnit.get(m.unit) ?? 0, m.reason, m.unit);
  for (const o of pinning.overruled) {
    note(o.pin, `a migration group spans both, and the group never splits: it follows ${pinning.labels[o.winner]}`, o.unit);
  }
  const sorted = [...groups.values()].sort((a, b) => a.pin - b.pin || (a.wave ?? 1e9) - (b.wave ?? 1e9) || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  for (const g of sorted) {
    const where = g.wave === undefined ? 'they are not scheduled (see the other constraints)' : `they move in ${g.wave === 0 ? 'the pilot' : `wave ${g.wave}`}`;
    out.push({
      code: 'pin-not-honoured',
      message: `${pinning.labels[g.pin]}: ${counted(g.people.length, 'person', 'people')} not in that wave because ${g.reason}; ${where}`,
      waveNumber: pinning.pins[g.pin].wave,
      siteIds: [...g.sites].sort(),
      personIds: g.people.sort(),
    });
  }
  return out;
}
