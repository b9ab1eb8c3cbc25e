/**
 * Coexistence routing per wave: for every DID block, which numbers ring in Teams and which on the PBX
 * after each wave, as SBC rules (first match wins: Teams numbers, ATA lines, then the block's range to
 * the PBX), Teams voice routes that reach PBX-resident numbers through the SBC, and PBX route patterns
 * for extensions that moved.
 * Only blocks and sites that change are listed per wave, so the output grows with the moves, not with
 * moves x waves.
 */
import type { PstnPath } from '../planning-settings';
import type { NumberBlock } from '../pbx-inventory';
import { CALLING_PLAN_PORT_GAINER, type RoutingRule, type WaveRouting } from '../plan';
import {
  chunkedPatterns,
  complementRanges,
  e164ToNumber,
  extensionRangesToRegex,
  mergeConsecutive,
  numbersRangesToRegex,
  numberToE164,
  runsToRanges,
} from './number-ranges';
import { fitName, MAX_TEAMS_NAME_LENGTH } from './teams-names';
import { counted } from '../counted';

export interface RoutedNumber {
  number: string;
  waveNumber: number;
  path: PstnPath;
  sbcId?: string;
  operatorId?: string;
}

export interface AtaNumber {
  number: string;
  /** From this wave on the line rings on an ATA behind the SBC (the site's PBX is switched off). */
  fromWave: number;
}

export interface MovedExtension {
  siteId: string;
  extension: string;
  waveNumber: number;
}

export interface RoutingInput {
  blocks: readonly NumberBlock[];
  waves: readonly { number: number; date: string }[];
  today: string;
  moves: readonly RoutedNumber[];
  ata: readonly AtaNumber[];
  movedExtensions: readonly MovedExtension[];
  /** The SBC serving a site (DR coexistence), when there is one. */
  siteSbc: (siteId: string | undefined) => string | undefined;
  /** An operator's name (the settings'), for the rules' descriptions; its id where unknown. */
  operatorName?: (operatorId: string) => string | undefined;
}

interface BlockState {
  block: NumberBlock;
  first: number;
  last: number;
  /** Numeric values kept beside the records (no copies of 100,000 move records). */
  moves: { value: number; m: RoutedNumber; target: string }[];
  ata: { value: number; a: AtaNumber }[];
}

/** The complete SBC rule set of one block when the given waves have cut over. */
export function blockRules(
  state: BlockState,
  afterWave: number,
  sbcId: string | undefined,
  operatorName: RoutingInput['operatorName'] = () => undefined,
): { rules: RoutingRule[]; onTeams: number[]; onPbx: { first: number; last: number }[] } {
  const b = state.block;
  const rules: RoutingRule[] = [];
  const byTarget = new Map<string, { values: number[]; path: PstnPath; sbcId?: string; operatorId?: string }>();
  for (const { value, m, target: k } of state.moves) {
    if (m.waveNumber > afterWave) continue;
    let e = byTarget.get(k);
    if (!e) byTarget.set(k, (e = { values: [], path: m.path, sbcId: m.sbcId, operatorId: m.operatorId }));
    e.values.push(value);
  }
  const onTeams: number[] = [];
  for (const k of [...byTarget.keys()].sort()) {
    const e = byTarget.get(k)!;
    const runs = mergeConsecutive(e.values.sort((x, y) => x - y));
    onTeams.push(...e.values);
    const ported = e.path !== 'DR';
    rules.push({
      pattern: runs.length === 1 && runs[0].first === runs[0].last ? numberToE164(runs[0].first) : numbersRangesToRegex(runsToRanges(runs)),
      kind: runs.length === 1 && runs[0].first === runs[0].last ? 'number' : 'range',
      target: 'teams',
      via: ported ? (e.path === 'OC' ? 'operator' : 'carrier') : 'sbc',
      blockId: b.id,
      sbcId: ported ? undefined : (e.sbcId ?? sbcId),
      operatorId: e.operatorId,
      description: ported
        ? `${counted(e.values.length, 'number')} ported to ${e.path === 'OC' ? (e.operatorId ? `operator ${operatorName(e.operatorId) ?? e.operatorId}` : 'its operator') : CALLING_PLAN_PORT_GAINER}: ${e.values.length === 1 ? 'it rings' : 'they ring'} in Teams and no longer reach${e.values.length === 1 ? 'es' : ''} the SBC`
        : `${counted(e.values.length, 'number')} moved to Teams Direct Routing: the SBC sends ${e.values.length === 1 ? 'it' : 'them'} to Teams`,
    });
  }
  const ata = state.ata.filter((x) => x.a.fromWave <= afterWave).map((x) => x.value).sort((x, y) => x - y);
  if (ata.length) {
    const runs = mergeConsecutive(ata);
    rules.push({
      pattern: numbersRangesToRegex(runsToRanges(runs)),
      kind: 'range',
      target: 'ata',
      via: 'sbc',
      blockId: b.id,
      sbcId,
      description: `${counted(ata.length, 'analog/fax/device line')} on an ATA behind the SBC (the PBX is switched off)`,
    });
  }
  const taken = mergeConsecutive([...onTeams, ...ata].sort((x, y) => x - y));
  const onPbx = complementRanges(state.first, state.last, taken);
  if (onPbx.length) {
    rules.push({
      pattern: numbersRangesToRegex([{ first: b.first, last: b.last }]),
      kind: 'range',
      target: 'pbx',
      via: 'sbc',
      blockId: b.id,
      sbcId,
      description: onTeams.length ? `the rest of block ${b.id} still rings on the PBX` : `block ${b.id} rings on the PBX`,
    });
  }
  return { rules, onTeams: onTeams.sort((x, y) => x - y), onPbx };
}

export function buildBlockStates(input: Pick<RoutingInput, 'blocks' | 'moves' | 'ata'>): Map<string, BlockState> {
  const states = new Map<string, BlockState>();
  const sorted = input.blocks.map((b) => ({ b, first: e164ToNumber(b.first), last: e164ToNumber(b.last) })).sort((x, y) => x.first - y.first);
  for (const { b, first, last } of sorted) states.set(b.id, { block: b, first, last, moves: [], ata: [] });
  const find = (v: number): BlockState | undefined => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (v < sorted[mid].first) hi = mid - 1;
      else if (v > sorted[mid].last) lo = mid + 1;
      else return states.get(sorted[mid].b.id);
    }
    return undefined;
  };
  // The rule a moved number joins (path, SBC, operator), made once per move: a block is evaluated
  // again at every stage that changes it.
  const targets = new Map<string, string>();
  for (const m of input.moves) {
    const value = e164ToNumber(m.number);
    const st = find(value);
    if (!st) continue;
    const parts = `${m.path}|${m.sbcId ?? ''}|${m.operatorId ?? ''}`;
    let target = targets.get(parts);
    if (target === undefined) targets.set(parts, (target = parts));
    st.moves.push({ value, m, target });
  }
  for (const a of input.ata) {
    const value = e164ToNumber(a.number);
    find(value)?.ata.push({ value, a });
  }
  return states;
}

export function buildCoexistenceRouting(input: RoutingInput): WaveRouting[] {
  const states = buildBlockStates(input);
  const blockIds = [...states.keys()];
  // Which blocks and sites change in which wave.
  const touchedBlocks = new Map<number, Set<string>>();
  const touch = (wave: number, blockId: string) => {
    let s = touchedBlocks.get(wave);
    if (!s) touchedBlocks.set(wave, (s = new Set()));
    s.add(blockId);
  };
  for (const st of states.values()) {
    for (const { m } of st.moves) touch(m.waveNumber, st.block.id);
    for (const { a } of st.ata) touch(a.fromWave, st.block.id);
  }
  const extBySite = new Map<string, MovedExtension[]>();
  const touchedExtSites = new Map<number, Set<string>>();
  for (const e of input.movedExtensions) {
    let l = extBySite.get(e.siteId);
    if (!l) extBySite.set(e.siteId, (l = []));
    l.push(e);
    let s = touchedExtSites.get(e.waveNumber);
    if (!s) touchedExtSites.set(e.waveNumber, (s = new Set()));
    s.add(e.siteId);
  }
  // Blocks per site, for the Teams -> PBX voice routes.
  const blocksBySite = new Map<string, BlockState[]>();
  for (const st of states.values()) {
    const site = st.block.siteId ?? '';
    let l = blocksBySite.get(site);
    if (!l) blocksBySite.set(site, (l = []));
    l.push(st);
  }

  const out: WaveRouting[] = [];
  const stages = [{ number: -1, date: input.today }, ...input.waves];
  for (const stage of stages) {
    const changed = stage.number === -1 ? blockIds : [...(touchedBlocks.get(stage.number) ?? [])].sort((a, b) => states.get(a)!.first - states.get(b)!.first);
    const routing: WaveRouting = {
      afterWave: stage.number,
      effectiveFrom: stage.date,
      changedBlockIds: changed,
      sbcRules: [],
      teamsToPbxRoutes: [],
      pbxToTeamsRoutes: [],
    };
    const sitesChanged = new Set<string>();
    // One evaluation per block and stage: the voice routes below reuse the changed blocks' results.
    const evaluated = new Map<string, ReturnType<typeof blockRules>>();
    const evaluate = (st: BlockState, sbcId: string | undefined) => {
      let r = evaluated.get(st.block.id);
      if (!r) evaluated.set(st.block.id, (r = blockRules(st, stage.number, sbcId, input.operatorName)));
      return r;
    };
    for (const id of changed) {
      const st = states.get(id)!;
      sitesChanged.add(st.block.siteId ?? '');
      const sbcId = input.siteSbc(st.block.siteId);
      routing.sbcRules.push(...evaluate(st, sbcId).rules);
      // No unassigned-number treatment for the part of a block still on the PBX: Teams checks the
      // number of every call its users make against the treatments too, so one would send a Teams
      // user's call to a colleague still on the PBX to the treatment's target instead of through the
      // voice route to the SBC. Calls from outside never reach Teams for those numbers (the SBC or the
      // old carrier sends them to the PBX), so a treatment would only do harm.
    }
    for (const site of [...sitesChanged].sort()) {
      const sbcId = input.siteSbc(site || undefined);
      if (!sbcId) continue;
      const pbxRuns: { first: number; last: number }[] = [];
      for (const st of blocksBySite.get(site) ?? []) pbxRuns.push(...evaluate(st, input.siteSbc(st.block.siteId)).onPbx);
      if (!pbxRuns.length) continue;
      pbxRuns.sort((a, b) => a.first - b.first);
      // A site whose PBX numbers need a longer pattern than Teams takes gets several routes (`.2`, `.3`...:
      // site ids are slugs, so no other site's route can have that name).
      chunkedPatterns(runsToRanges(pbxRuns), numbersRangesToRegex).forEach((chunk, i) => {
        routing.teamsToPbxRoutes.push({ name: fitName(`VR-to-pbx-${site || 'unsited'}${i ? `.${i + 1}` : ''}`, MAX_TEAMS_NAME_LENGTH), numberPattern: chunk.pattern, sbcId });
      });
    }
    const extSites = stage.number === -1 ? [] : [...(touchedExtSites.get(stage.number) ?? [])].sort();
    for (const site of extSites) {
      const moved = (extBySite.get(site) ?? []).filter((e) => e.waveNumber <= stage.number);
      routing.pbxToTeamsRoutes.push({
        siteId: site,
        extensionPattern: extensionRangesToRegex(extensionRuns(moved.map((e) => e.extension))),
        description: `${counted(moved.length, 'extension')} at ${site} now in Teams: route them from the PBX to the SBC`,
      });
    }
    out.push(routing);
  }
  return out;
}

/** Extension digit strings (any lengths) merged into runs of equal length. */
export function extensionRuns(extensions: readonly string[]): { first: string; last: string }[] {
  const byLength = new Map<number, number[]>();
  for (const e of extensions) {
    let l = byLength.get(e.length);
    if (!l) byLength.set(e.length, (l = []));
    l.push(Number(e));
  }
  const out: { first: string; last: string }[] = [];
  for (const len of [...byLength.keys()].sort((a, b) => a - b)) {
    const values = [...new Set(byLength.get(len)!)].sort((a, b) => a - b);
    for (const r of mergeConsecutive(values)) out.push({ first: String(r.first).padStart(len, '0'), last: String(r.last).padStart(len, '0') });
  }
  return out;
}
