/**
 * A site's main numbers: the numbers its PBX answers with an auto attendant rather than a phone. Two
 * kinds reach the plan from an export: a line of its own whose device is an auto attendant (a Unity
 * Connection call handler, an Avaya VDN, a 3CX digital receptionist, a FreePBX IVR), and a number other
 * lines only ring through ("+1 206 555 2000 x2010", a SfB LineURI with ;ext=), which the PBX answers
 * and passes on by extension. Teams answers either with an auto attendant on a resource account.
 *
 * A main number moves in the wave of its site's last people: moved earlier it would send callers to a
 * Teams directory without the people still on the PBX; left behind after them it would ring a PBX with
 * nobody on it. While anybody at the site stays on the PBX by decision (or is beyond the plan's last
 * wave), the number stays too, with the reason, and keeps its block from porting whole. Blocked people
 * do not hold it back: they are the migration's open work, and the plan says the number moves ahead of
 * them (build-plan.ts), as it says of every other gap.
 */
import type { PbxLine } from '../pbx-inventory';
import type { MainNumber, Wave, WaveMember } from '../plan';

export interface MainNumbersInput {
  lines: readonly PbxLine[];
  waves: readonly Wave[];
  /** Numbers that move already (a person's DID, a group's pilot): never a main number. */
  taken: (number: string) => boolean;
  /** Sites some of whose people stay on the PBX by decision, or are not scheduled in any wave. */
  sitesWithPeopleLeft: ReadonlySet<string>;
}

export interface MainNumbers {
  /** The main numbers that move, by wave number, in site then number order. */
  byWave: Map<number, MainNumber[]>;
  /** The main numbers that stay on the PBX, with why (the plan's block split keeps them). */
  staying: { number: string; siteId: string; reason: string }[];
}

/**
 * A line the PBX answers with an auto attendant: of that device type and matched to nobody (a name on it
 * is the menu's display name, which the import never matches to a person).
 */
export function isAutoAttendantLine(line: PbxLine): boolean {
  return line.deviceType === 'auto-attendant' && line.match.status !== 'matched';
}

/**
 * The main number a line gives its site, if any: the number it rings through, else its own DID when it is
 * an auto attendant's line. Decisions ask it (a Shared Calling site has a number to lend) and so does the
 * plan (which number its Shared Calling people share).
 */
export function mainNumberOfLine(line: PbxLine): string | undefined {
  return line.mainNumber ?? (line.did && isAutoAttendantLine(line) ? line.did : undefined);
}

export function siteMainNumbers({ lines, waves, taken, sitesWithPeopleLeft }: MainNumbersInput): MainNumbers {
  // Each site's main numbers: its auto attendant lines first (they carry an extension), then the
  // numbers its lines ring through that no line holds.
  const found = new Map<string, { siteId: string; line?: PbxLine; ringingThrough: number }>();
  for (const line of lines) {
    if (!line.siteId) continue;
    if (line.did && isAutoAttendantLine(line) && !found.has(line.did)) found.set(line.did, { siteId: line.siteId, line, ringingThrough: 0 });
  }
  for (const line of lines) {
    if (!line.siteId || !line.mainNumber) continue;
    const entry = found.get(line.mainNumber);
    if (entry) entry.ringingThrough++;
    else found.set(line.mainNumber, { siteId: line.siteId, ringingThrough: 1 });
  }

  const lastWave = lastWaveBySite(waves);
  const byWave = new Map<number, MainNumber[]>();
  const staying: MainNumbers['staying'] = [];
  for (const number of [...found.keys()].sort()) {
    const { siteId, line, ringingThrough } = found.get(number)!;
    if (taken(number)) continue;
    const last = lastWave.get(siteId);
    if (!last || sitesWithPeopleLeft.has(siteId)) {
      staying.push({ number, siteId, reason: last ? 'main number: people stay on the PBX at its site' : 'main number: nobody at its site moves' });
      continue;
    }
    // The number goes the way of the site's people in that wave (the first by UPN), as a group's pilot does.
    const { like } = last;
    const main: MainNumber = { siteId, number, path: like.path };
    if (line) main.lineId = line.id;
    if (line?.extension) main.extension = line.extension;
    if (ringingThrough) main.linesRingingThrough = ringingThrough;
    if (like.numberType) main.numberType = like.numberType;
    if (like.operatorId) main.operatorId = like.operatorId;
    if (like.sbcId) main.sbcId = like.sbcId;
    const list = byWave.get(last.wave);
    if (list) list.push(main);
    else byWave.set(last.wave, [main]);
  }
  for (const list of byWave.values()) list.sort((a, b) => (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : a.number < b.number ? -1 : 1));
  return { byWave, staying };
}

/** Each site's last wave, and its first person there by UPN: the way the site's main numbers (and common-area phones) go. */
export function lastWaveBySite(waves: readonly Wave[]): Map<string, { wave: number; like: WaveMember }> {
  const out = new Map<string, { wave: number; like: WaveMember }>();
  for (const w of waves) {
    for (const m of w.members) {
      if (!m.siteId) continue;
      const seen = out.get(m.siteId);
      if (!seen || w.number > seen.wave) out.set(m.siteId, { wave: w.number, like: m });
      else if (w.number === seen.wave && m.userPrincipalName < seen.like.userPrincipalName) seen.like = m;
    }
  }
  return out;
}
