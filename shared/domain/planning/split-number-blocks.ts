/**
 * Number-block split planner: per block and wave, which numbers move; for the numbers that leave the
 * PBX's carrier (to an Operator Connect operator, or to Microsoft as Calling Plan numbers) the port
 * orders (partial ports never carry the BTN; the BTN goes in the final full port of its account; at
 * most 999 numbers an order; one order per carrier account, wave and gaining carrier, whatever the
 * number of blocks the account holds: a carrier takes one port request per account and date, and
 * commonly rejects a second while one is pending, which is flagged), for Direct Routing the number
 * upload orders (at most 10,000 numbers).
 */
import type { PstnPath } from '../planning-settings';
import type { NumberBlock } from '../pbx-inventory';
import { portOrderGainer, type BlockSplit, type PortOrder, type UnmetConstraint, type UploadOrder } from '../plan';
import { complementRanges, e164ToNumber, mergeConsecutive, numberToE164 } from './number-ranges';
import { addDays } from './plan-dates';
import { CARRIER_FREEZE_LIFT_DAYS } from '../port-lead-times';

/** Limits from Microsoft's documentation: kept in one place because they change. */
export const PORT_ORDER_MAX_NUMBERS = 999;
export const DR_UPLOAD_ORDER_MAX_NUMBERS = 10_000;

export interface NumberMove {
  number: string;
  waveNumber: number;
  waveDate: string;
  path: PstnPath;
  operatorId?: string;
  sbcId?: string;
  /** Absent for a PBX group's pilot number, which moves to a call queue's resource account. */
  personId?: string;
  /** A site's main number, which moves to an auto attendant's resource account (main-numbers.ts). */
  service?: 'auto-attendant';
  /** The number is a Teams number already (the person has it in Teams today): nothing to port to Microsoft. */
  inTeams?: true;
}

export interface StayingNumber {
  number: string;
  /** Why it stays (person staying on the PBX, blocked, fax/analog line, ...). */
  reason: string;
}

/** The paths whose numbers leave the PBX's carrier by a port: to an operator, or to Microsoft. */
export type PortedPath = 'OC' | 'CP';

/** Who gains a port order's numbers: an Operator Connect operator, or Microsoft (Calling Plan). */
export interface PortTarget {
  path: PortedPath;
  operatorId?: string;
  /** The site of the order's first block, when the blocks file names one. */
  siteId?: string;
  /** The order's numbers: a Calling Plan port's lead time is that of the countries of the people they belong to. */
  numbers: readonly string[];
}

export interface SplitInput {
  blocks: readonly NumberBlock[];
  moves: readonly NumberMove[];
  staying: readonly StayingNumber[];
  /** Calendar days from a complete port request to the port date. */
  portLeadDays: (to: PortTarget) => number;
  drUploadLeadDays: number;
}

const isPorted = (m: NumberMove): m is NumberMove & { path: PortedPath } => m.path === 'OC' || (m.path === 'CP' && !m.inTeams);

/** Who gains an order's numbers, as an unmet constraint says it (the planner names operators by id). */
function gainingParty(order: PortOrder): string {
  return portOrderGainer(order, (id) => (id ? `operator ${id}` : 'its operator'));
}

export interface SplitResult {
  blockSplits: BlockSplit[];
  portOrders: PortOrder[];
  uploadOrders: UploadOrder[];
  unmet: UnmetConstraint[];
}

/** Finds the block holding a number: blocks sorted by first number, binary search. */
export class BlockIndex {
  private readonly sorted: { first: number; last: number; block: NumberBlock }[];
  constructor(blocks: readonly NumberBlock[]) {
    this.sorted = blocks
      .map((b) => ({ first: e164ToNumber(b.first), last: e164ToNumber(b.last), block: b }))
      .sort((a, b) => a.first - b.first || a.last - b.last || (a.block.id < b.block.id ? -1 : 1));
  }
  find(number: string): NumberBlock | undefined {
    const v = e164ToNumber(number);
    let lo = 0;
    let hi = this.sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = this.sorted[mid];
      if (v < e.first) hi = mid - 1;
      else if (v > e.last) lo = mid + 1;
      else return e.block;
    }
    return undefined;
  }
  get blocks(): NumberBlock[] {
    return this.sorted.map((e) => e.block);
  }
}

/** Orders are per carrier account; a block without an account number is its own account. */
export function accountKey(block: NumberBlock): string {
  return `${block.carrier}|${block.accountNumber ?? block.id}`;
}

/**
 * Sorts E.164 numbers by value in place, each number parsed once instead of once per comparison (the
 * sort is stable and the keys are the same, so the order is identical).
 */
function sortByValue(numbers: string[]): string[] {
  if (numbers.length < 2) return numbers;
  const keyed = numbers.map((n) => ({ n, v: e164ToNumber(n) }));
  keyed.sort((a, b) => a.v - b.v);
  for (let i = 0; i < keyed.length; i++) numbers[i] = keyed[i].n;
  return numbers;
}

/** The blocks an order's numbers (sorted) lie in, in number order. */
function blocksOf(numbers: readonly string[], index: BlockIndex): string[] {
  const ids: string[] = [];
  for (const n of numbers) {
    const id = index.find(n)?.id;
    if (id !== undefined && ids[ids.length - 1] !== id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function splitNumberBlocks(input: SplitInput): SplitResult {
  const index = new BlockIndex(input.blocks);
  const blocks = index.blocks;
  const unmet: UnmetConstraint[] = [];
  const movesByBlock = new Map<string, NumberMove[]>();
  const stayingByBlock = new Map<string, StayingNumber[]>();
  const looseMoves: NumberMove[] = [];
  for (const m of input.moves) {
    const b = index.find(m.number);
    if (!b) {
      looseMoves.push(m);
      continue;
    }
    let list = movesByBlock.get(b.id);
    if (!list) movesByBlock.set(b.id, (list = []));
    list.push(m);
  }
  for (const s of input.staying) {
    const b = index.find(s.number);
    if (!b) continue;
    let list = stayingByBlock.get(b.id);
    if (!list) stayingByBlock.set(b.id, (list = []));
    list.push(s);
  }

  // Account level: a full port (with the BTN) is only possible when every used number of the account ports,
  // and to one side (all to operators, or all to Microsoft).
  const accountBlocks = new Map<string, NumberBlock[]>();
  for (const b of blocks) {
    const k = accountKey(b);
    let list = accountBlocks.get(k);
    if (!list) accountBlocks.set(k, (list = []));
    list.push(b);
  }
  const accountFinal = new Map<string, { fullPort: boolean; finalWave: number; finalDate: string; path: PortedPath; operatorId?: string }>();
  for (const [k, list] of accountBlocks) {
    let fullPort = true;
    let finalWave = -1;
    let finalDate = '';
    let operatorId: string | undefined;
    let path: PortedPath | undefined;
    for (const b of list) {
      // An account the export declares ported in part keeps its BTN with the carrier: never a full port.
      if (b.partialPort) fullPort = false;
      if ((stayingByBlock.get(b.id)?.length ?? 0) > 0) fullPort = false;
      for (const m of movesByBlock.get(b.id) ?? []) {
        if (!isPorted(m)) fullPort = false;
        else {
          if (path !== undefined && m.path !== path) fullPort = false;
          path ??= m.path;
          if (m.waveNumber > finalWave) {
            finalWave = m.waveNumber;
            finalDate = m.waveDate;
            operatorId = m.operatorId;
            path = m.path;
          }
        }
      }
    }
    if (path !== undefined) accountFinal.set(k, { fullPort, finalWave, finalDate, path, operatorId });
  }

  const blockSplits: BlockSplit[] = [];
  // Port orders are gathered per account (all its blocks), then per wave and operator.
  const accountOrders = new Map<string, { first: NumberBlock; btns: string[]; perWave: Map<string, { waveNumber: number; waveDate: string; path: PortedPath; operatorId?: string; numbers: string[] }> }>();
  for (const b of blocks) {
    const moves = (movesByBlock.get(b.id) ?? [])
      .map((m) => ({ m, v: e164ToNumber(m.number) }))
      .sort((x, y) => x.m.waveNumber - y.m.waveNumber || x.v - y.v)
      .map((x) => x.m);
    const staying = sortByValue((stayingByBlock.get(b.id) ?? []).map((s) => s.number));
    const used = new Set<string>([...moves.map((m) => m.number), ...staying]);
    const split: BlockSplit = { blockId: b.id, first: b.first, last: b.last, carrier: b.carrier, siteId: b.siteId, moves: [], staying, spareCount: Math.max(0, b.count - used.size) };
    const waves = new Map<number, NumberMove[]>();
    for (const m of moves) {
      let w = waves.get(m.waveNumber);
      if (!w) waves.set(m.waveNumber, (w = []));
      w.push(m);
    }
    for (const [waveNumber, list] of waves) split.moves.push({ waveNumber, numbers: list.map((m) => m.number) });

    const acct = accountKey(b);
    const final = accountFinal.get(acct);
    const portedMoves = moves.filter(isPorted);
    const portedWaves = [...new Set(portedMoves.map((m) => m.waveNumber))];
    const flags: string[] = [];
    if (b.portConstraint === 'whole-block' && portedMoves.length > 0) {
      const notPorted = staying.length + moves.length - portedMoves.length;
      const sides = [...new Set(portedMoves.map((m) => m.path))].sort();
      if (portedWaves.length > 1) flags.push(`the carrier ports this block only whole, but its ported numbers are planned in waves ${portedWaves.join(', ')}: move them into one wave or port the whole block in wave ${portedWaves[0]}`);
      if (sides.length > 1) flags.push('the carrier ports this block only whole, but its numbers are planned to port both to Operator Connect and to Calling Plan: give the block one path');
      if (notPorted > 0) flags.push(`the carrier ports this block only whole, but ${notPorted} of its numbers are not planned to port (staying on the PBX, Direct Routing or blocked): port the whole block (they move too) or keep the block on the PBX`);
    }
    if (flags.length) {
      split.flag = flags.join('; ');
      unmet.push({ code: 'whole-block-port-split', message: split.flag, blockIds: [b.id], personIds: personIdsOf(moves) });
    }

    const btn = b.btn && index.find(b.btn)?.id === b.id ? b.btn : undefined;
    const btnOwner = btn ? portedMoves.find((m) => m.number === btn) : undefined;
    const isFull = !!final?.fullPort;
    if (btnOwner && !isFull) {
      unmet.push({
        code: 'btn-in-partial-port',
        message: `${btn} is the BTN of carrier account ${b.accountNumber ?? b.id} (${b.carrier}); numbers of the account stay with ${b.carrier} or port to another side, so only partial ports are possible and a partial port must not include the BTN: ask ${b.carrier} to move the BTN to a number that stays, or port the whole account to one side`,
        blockIds: [b.id],
        personIds: personIdsOf([btnOwner]),
        waveNumber: btnOwner.waveNumber,
      });
    } else if (btnOwner && final && btnOwner.waveNumber < final.finalWave) {
      // A person's number, a PBX group's pilot or a site's main number (neither has a person).
      const who = btnOwner.personId
        ? { moves: 'its user cuts over', give: 'them', move: 'them' }
        : btnOwner.service === 'auto-attendant'
          ? { moves: "it is the main number of a site whose last people move", give: 'the auto attendant', move: 'the site' }
          : { moves: 'it is the pilot of a PBX group that moves', give: 'the call queue', move: 'the group' };
      unmet.push({
        code: 'btn-waits-for-final-port',
        message: `${btn} (BTN of account ${b.accountNumber ?? b.id}) can only port with the account's final full port in wave ${final.finalWave}; ${who.moves} in wave ${btnOwner.waveNumber}: give ${who.give} a temporary number or move ${who.move} to wave ${final.finalWave}`,
        blockIds: [b.id],
        personIds: personIdsOf([btnOwner]),
        waveNumber: btnOwner.waveNumber,
      });
    }

    // Port orders per wave and operator; the BTN (and, in a full port, the spare numbers of the blocks that
    // may port in parts) only in the final one.
    let account = accountOrders.get(acct);
    if (!account) accountOrders.set(acct, (account = { first: b, btns: [], perWave: new Map() }));
    // An account has one BTN, but an export may give its blocks different ones: each goes in the full port.
    if (btn && !account.btns.includes(btn)) account.btns.push(btn);
    const perWave = account.perWave;
    for (const m of portedMoves) {
      if (m.number === btn) continue;
      const k = orderKey(m.waveNumber, m.path, m.operatorId);
      let e = perWave.get(k);
      if (!e) perWave.set(k, (e = { waveNumber: m.waveNumber, waveDate: m.waveDate, path: m.path, operatorId: m.operatorId, numbers: [] }));
      e.numbers.push(m.number);
    }
    // A full port takes the whole account: the numbers no line uses move with it, in its final order. A
    // block the carrier ports only whole, planned whole (not flagged above), takes them in the order of its
    // own numbers instead, in a partial port too: left out, or sent in a later order, it would not port whole.
    const wholeAt = b.portConstraint === 'whole-block' && flags.length === 0 ? portedMoves.find((m) => m.number !== btn) : undefined;
    let spareOrder: { waveNumber: number; waveDate: string; path: PortedPath; operatorId?: string } | undefined;
    if (isFull && final) {
      const k = orderKey(final.finalWave, final.path, final.operatorId);
      if (!perWave.has(k)) perWave.set(k, { waveNumber: final.finalWave, waveDate: final.finalDate, path: final.path, operatorId: final.operatorId, numbers: [] });
      spareOrder = { waveNumber: final.finalWave, waveDate: final.finalDate, path: final.path, operatorId: final.operatorId };
    }
    if (wholeAt) spareOrder = { waveNumber: wholeAt.waveNumber, waveDate: wholeAt.waveDate, path: wholeAt.path, operatorId: wholeAt.operatorId };
    if (spareOrder) {
      const k = orderKey(spareOrder.waveNumber, spareOrder.path, spareOrder.operatorId);
      let e = perWave.get(k);
      if (!e) perWave.set(k, (e = { ...spareOrder, numbers: [] }));
      const usedRuns = mergeConsecutive([...used].map(e164ToNumber).sort((x, y) => x - y));
      for (const r of complementRanges(e164ToNumber(b.first), e164ToNumber(b.last), usedRuns)) {
        for (let v = r.first; v <= r.last; v++) {
          const n = numberToE164(v);
          if (n !== btn) e.numbers.push(n);
        }
      }
    }
    blockSplits.push(split);
  }

  // A freeze on any block of an account holds the account.
  const frozenAccounts = new Set(blocks.filter((b) => b.portFreeze).map(accountKey));
  const portOrders: PortOrder[] = [];
  for (const [acct, { first, btns, perWave }] of accountOrders) {
    const final = accountFinal.get(acct);
    const isFull = !!final?.fullPort;
    // Each order with the date its numbers port (its wave's): until then it is pending with the carrier.
    const accountOrderList: { order: PortOrder; portDate: string }[] = [];
    // Carriers reuse account numbers: the carrier is part of the order's name.
    const accountName = first.accountNumber ? `${first.carrier}-${first.accountNumber}` : first.id;
    let seq = 0;
    for (const k of [...perWave.keys()].sort()) {
      const e = perWave.get(k)!;
      const finalHere = isFull && final && e.waveNumber === final.finalWave && e.path === final.path;
      // The BTN goes last, in the last order of the final (full) port.
      const withBtn = finalHere ? [...sortByValue(e.numbers), ...sortByValue([...btns])] : sortByValue(e.numbers);
      const chunks = chunk(withBtn, PORT_ORDER_MAX_NUMBERS);
      chunks.forEach((numbers) => {
        const includesBtn = !!finalHere && btns.some((n) => numbers.includes(n));
        seq++;
        const order: PortOrder = {
          id: `PO-W${e.waveNumber}-${accountName}-${seq}`,
          waveNumber: e.waveNumber,
          blockIds: blocksOf(numbers, index),
          carrier: first.carrier,
          accountNumber: first.accountNumber,
          path: e.path,
          operatorId: e.path === 'OC' ? (e.operatorId ?? '') : '',
          kind: includesBtn || (finalHere && btns.length === 0) ? 'full' : 'partial',
          numbers,
          includesBtn,
          submitBy: addDays(e.waveDate, -input.portLeadDays({ path: e.path, operatorId: e.operatorId, siteId: first.siteId, numbers })),
        };
        portOrders.push(order);
        accountOrderList.push({ order, portDate: e.waveDate });
      });
    }
    // A lifted freeze stays lifted: the account's orders due first (lead times differ between gaining
    // carriers, so not always those of its first wave) carry the date to ask for it.
    if (frozenAccounts.has(acct) && accountOrderList.length) {
      const firstDue = accountOrderList.reduce((d, o) => (o.order.submitBy < d ? o.order.submitBy : d), accountOrderList[0].order.submitBy);
      for (const { order } of accountOrderList) if (order.submitBy === firstDue) order.liftFreezeBy = addDays(firstDue, -CARRIER_FREEZE_LIFT_DAYS);
    }
    const overlap = pendingPortOverlap(accountOrderList);
    if (overlap) {
      unmet.push({
        code: 'port-orders-overlap',
        message: `carrier account ${first.accountNumber ?? first.id} (${first.carrier}): the order ${overlap.later.id} (wave ${overlap.later.waveNumber}, to ${gainingParty(overlap.later)}) is due on ${overlap.later.submitBy}, while ${overlap.earlier.id} (wave ${overlap.earlier.waveNumber}, to ${gainingParty(overlap.earlier)}) is still pending until its port on ${overlap.earlierPortDate}; a losing carrier commonly rejects a port request on an account with one pending: ask ${first.carrier} whether it accepts both, or space the account's waves by the port lead time (one gaining carrier per wave)`,
        blockIds: [...new Set([...overlap.earlier.blockIds, ...overlap.later.blockIds])].sort(),
        waveNumber: overlap.later.waveNumber,
      });
    }
  }

  // Numbers to port outside every known block: still ordered, but the carrier account is unknown.
  const loose = looseMoves.filter(isPorted);
  if (loose.length) {
    const groups = new Map<string, (NumberMove & { path: PortedPath })[]>();
    for (const m of loose) {
      const k = orderKey(m.waveNumber, m.path, m.path === 'CP' ? undefined : m.operatorId);
      let l = groups.get(k);
      if (!l) groups.set(k, (l = []));
      l.push(m);
    }
    for (const k of [...groups.keys()].sort()) {
      const l = groups.get(k)!;
      const { path, operatorId } = l[0];
      chunk(sortByValue(l.map((m) => m.number)), PORT_ORDER_MAX_NUMBERS).forEach((numbers, i) => {
        portOrders.push({
          id: `PO-W${l[0].waveNumber}-no-block-${path === 'CP' ? 'calling-plan' : (operatorId ?? 'operator')}-${i + 1}`,
          waveNumber: l[0].waveNumber,
          blockIds: [],
          carrier: 'unknown',
          path,
          operatorId: path === 'OC' ? (operatorId ?? '') : '',
          kind: 'partial',
          numbers,
          includesBtn: false,
          submitBy: addDays(l[0].waveDate, -input.portLeadDays({ path, operatorId, numbers })),
        });
      });
    }
    const sides = new Set(loose.map((m) => m.path));
    const named = sides.size === 2 ? 'Operator Connect and Calling Plan' : sides.has('CP') ? 'Calling Plan' : 'Operator Connect';
    unmet.push({
      code: 'number-outside-known-blocks',
      message: `${loose.length} ${named} numbers lie in no imported DID block: the carrier account (and whether one is a BTN) is unknown; check them before submitting the port orders`,
      personIds: personIdsOf(loose),
    });
  }

  // DR: the numbers are uploaded to the tenant per wave and SBC.
  const uploadOrders: UploadOrder[] = [];
  const drGroups = new Map<string, NumberMove[]>();
  for (const m of input.moves) {
    if (m.path !== 'DR') continue;
    const k = `${String(m.waveNumber).padStart(6, '0')}|${m.sbcId ?? ''}`;
    let l = drGroups.get(k);
    if (!l) drGroups.set(k, (l = []));
    l.push(m);
  }
  for (const k of [...drGroups.keys()].sort()) {
    const l = drGroups.get(k)!;
    chunk(sortByValue(l.map((m) => m.number)), DR_UPLOAD_ORDER_MAX_NUMBERS).forEach((numbers, i) => {
      uploadOrders.push({
        id: `UO-W${l[0].waveNumber}-${l[0].sbcId ?? 'sbc'}-${i + 1}`,
        waveNumber: l[0].waveNumber,
        sbcId: l[0].sbcId ?? '',
        numbers,
        uploadBy: addDays(l[0].waveDate, -input.drUploadLeadDays),
      });
    });
  }

  portOrders.sort((x, y) => x.waveNumber - y.waveNumber || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return { blockSplits, portOrders, uploadOrders, unmet };
}

/** The key of an account's order of a wave to one gaining carrier: sorts by wave. */
function orderKey(waveNumber: number, path: PortedPath, operatorId: string | undefined): string {
  return `${String(waveNumber).padStart(6, '0')}|${path}|${operatorId ?? ''}`;
}

/**
 * The first order of one carrier account that is due before an earlier wave's order of the account has
 * ported (the port lands by its wave's date): the account would have two port requests pending at once.
 */
function pendingPortOverlap(orders: readonly { order: PortOrder; portDate: string }[]): { earlier: PortOrder; later: PortOrder; earlierPortDate: string } | undefined {
  // The orders of one wave to one gaining carrier are one request (split at 999 numbers only): they go in together.
  const oneRequest = (a: PortOrder, b: PortOrder) => a.waveNumber === b.waveNumber && (a.path ?? 'OC') === (b.path ?? 'OC') && a.operatorId === b.operatorId;
  const byDue = [...orders].sort((x, y) => (x.order.submitBy < y.order.submitBy ? -1 : x.order.submitBy > y.order.submitBy ? 1 : x.order.waveNumber - y.order.waveNumber));
  for (let j = 1; j < byDue.length; j++) {
    const later = byDue[j];
    for (let i = 0; i < j; i++) {
      const earlier = byDue[i];
      // Submitted before the earlier one has ported, and not part of the same request.
      if (later.order.submitBy < earlier.portDate && !oneRequest(earlier.order, later.order)) return { earlier: earlier.order, later: later.order, earlierPortDate: earlier.portDate };
    }
  }
  return undefined;
}

/** The people whose numbers these are, sorted (a PBX group's pilot number has none). */
function personIdsOf(moves: readonly NumberMove[]): string[] {
  return moves.flatMap((m) => (m.personId === undefined ? [] : [m.personId])).sort();
}
