/**
 * What moved between two plans, from their headers alone (waves with dates, sites and people counts):
 * the sites whose waves changed and the waves whose date or size changed. Cheap at any tenant size
 * (a header holds at most `maxWaves` waves), so the tab can say what a re-plan did at once.
 */

export interface WaveHeader {
  number: number;
  date: string;
  siteIds: string[];
  /** People in the wave. */
  members: number;
}

export interface SiteMove {
  siteId: string;
  /** Waves the site's people were in before, and are in now (empty: none). */
  before: number[];
  after: number[];
}

export interface WaveChange {
  number: number;
  before?: { date: string; members: number };
  after?: { date: string; members: number };
}

export interface PlanChanges {
  sites: SiteMove[];
  waves: WaveChange[];
  /** People in waves before and after. */
  membersBefore: number;
  membersAfter: number;
}

function wavesBySite(waves: readonly WaveHeader[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const w of waves) {
    for (const s of w.siteIds) {
      let l = m.get(s);
      if (!l) m.set(s, (l = []));
      if (!l.includes(w.number)) l.push(w.number);
    }
  }
  for (const l of m.values()) l.sort((a, b) => a - b);
  return m;
}

export function comparePlanWaves(before: readonly WaveHeader[], after: readonly WaveHeader[]): PlanChanges {
  const b = wavesBySite(before);
  const a = wavesBySite(after);
  const sites: SiteMove[] = [];
  for (const siteId of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const x = b.get(siteId) ?? [];
    const y = a.get(siteId) ?? [];
    if (x.join(',') !== y.join(',')) sites.push({ siteId, before: x, after: y });
  }
  const waves: WaveChange[] = [];
  const beforeByNumber = new Map(before.map((w) => [w.number, w]));
  const afterByNumber = new Map(after.map((w) => [w.number, w]));
  for (const n of [...new Set([...beforeByNumber.keys(), ...afterByNumber.keys()])].sort((p, q) => p - q)) {
    const x = beforeByNumber.get(n);
    const y = afterByNumber.get(n);
    if (x && y && x.date === y.date && x.members === y.members) continue;
    waves.push({ number: n, ...(x && { before: { date: x.date, members: x.members } }), ...(y && { after: { date: y.date, members: y.members } }) });
  }
  const sum = (ws: readonly WaveHeader[]) => ws.reduce((n, w) => n + w.members, 0);
  return { sites, waves, membersBefore: sum(before), membersAfter: sum(after) };
}
