import type { NumberBlock } from '../../../shared/domain/pbx-inventory';
import { numberToE164 } from '../../../shared/domain/planning/number-ranges';
import { splitNumberBlocks, type NumberMove } from '../../../shared/domain/planning/split-number-blocks';

const block = (first: number, count: number, extra: Partial<NumberBlock> = {}): NumberBlock => ({
  id: `B${first}`,
  first: numberToE164(first),
  last: numberToE164(first + count - 1),
  count,
  carrier: 'Lumen',
  accountNumber: 'A1',
  portConstraint: 'partial-allowed',
  source: { file: 'blocks.csv', row: 2 },
  ...extra,
});

const moves = (first: number, count: number, wave: number, date: string, path: NumberMove['path'] = 'OC'): NumberMove[] =>
  Array.from({ length: count }, (_, i) => ({ number: numberToE164(first + i), waveNumber: wave, waveDate: date, path, operatorId: 'op', sbcId: 'sbc', personId: `p${first + i}` }));

const lead = () => 14;

describe('splitNumberBlocks: port orders', () => {
  const base = 14255550000;
  it('caps orders at 999 numbers, keeps the BTN out of partial ports and puts it in the final full port', () => {
    const b = block(base, 3000, { btn: numberToE164(base) });
    const all = [...moves(base + 1, 1500, 1, '2026-03-03'), ...moves(base + 1501, 1499, 2, '2026-03-10'), ...moves(base, 1, 1, '2026-03-03')];
    const r = splitNumberBlocks({ blocks: [b], moves: all, staying: [], portLeadDays: lead, drUploadLeadDays: 3 });
    expect(r.portOrders.every((o) => o.numbers.length <= 999)).toBe(true);
    const w1 = r.portOrders.filter((o) => o.waveNumber === 1);
    expect(w1.map((o) => o.numbers.length)).toEqual([999, 501]);
    expect(w1.every((o) => o.kind === 'partial' && !o.includesBtn)).toBe(true);
    const last = r.portOrders[r.portOrders.length - 1];
    expect(last.waveNumber).toBe(2);
    expect(last.includesBtn).toBe(true);
    expect(last.kind).toBe('full');
    expect(last.numbers[last.numbers.length - 1]).toBe(numberToE164(base));
    expect(r.portOrders.flatMap((o) => o.numbers).filter((n) => n === numberToE164(base))).toHaveLength(1);
    expect(r.portOrders[0].submitBy).toBe('2026-02-17');
    // The BTN holder cuts over in wave 1 but the BTN only ports with wave 2: said, with the fix. And wave
    // 2's order (due 2026-02-24) would reach the carrier while wave 1's is pending (until 2026-03-03).
    expect(r.unmet.map((u) => u.code)).toEqual(['btn-waits-for-final-port', 'port-orders-overlap']);
    const overlap = r.unmet.find((u) => u.code === 'port-orders-overlap')!;
    expect(overlap.waveNumber).toBe(2);
    expect(overlap.message).toContain('is due on 2026-02-24');
    expect(overlap.message).toContain('still pending until its port on 2026-03-03');
  });

  it('says nothing of overlap when an account\'s waves are further apart than the port lead time', () => {
    const b = block(base, 100);
    const all = [...moves(base + 1, 10, 1, '2026-03-03'), ...moves(base + 11, 10, 2, '2026-03-24')];
    const r = splitNumberBlocks({ blocks: [b], moves: all, staying: [], portLeadDays: lead, drUploadLeadDays: 3 });
    expect(r.portOrders.map((o) => [o.waveNumber, o.submitBy])).toEqual([
      [1, '2026-02-17'],
      [2, '2026-03-10'],
    ]);
    expect(r.unmet.map((u) => u.code)).toEqual([]);
  });

  it('orders the ports of Calling Plan numbers to Microsoft, with the lead time asked for them', () => {
    const b = block(base, 10, { btn: numberToE164(base), siteId: 'tor' });
    const all = [...moves(base, 10, 3, '2026-04-14', 'CP')];
    const asked: unknown[] = [];
    const r = splitNumberBlocks({
      blocks: [b],
      moves: all,
      staying: [],
      portLeadDays: (to) => {
        asked.push(to);
        return to.path === 'CP' ? 21 : 14;
      },
      drUploadLeadDays: 3,
    });
    expect(r.portOrders).toHaveLength(1);
    expect(r.portOrders[0]).toMatchObject({ path: 'CP', operatorId: '', kind: 'full', includesBtn: true, submitBy: '2026-03-24', waveNumber: 3 });
    expect(r.portOrders[0].numbers).toHaveLength(10);
    expect(asked).toEqual([{ path: 'CP', operatorId: 'op', siteId: 'tor', numbers: r.portOrders[0].numbers }]);
    expect(r.unmet).toEqual([]);
  });

  it('never fully ports an account whose numbers go partly to an operator and partly to Calling Plan', () => {
    const b = block(base, 10, { btn: numberToE164(base + 9) });
    const all = [...moves(base, 5, 1, '2026-03-03', 'OC'), ...moves(base + 5, 5, 1, '2026-03-03', 'CP')];
    const r = splitNumberBlocks({ blocks: [b], moves: all, staying: [], portLeadDays: lead, drUploadLeadDays: 3 });
    expect(r.portOrders.map((o) => [o.path, o.kind, o.numbers.length])).toEqual([
      ['CP', 'partial', 4],
      ['OC', 'partial', 5],
    ]);
    expect(r.portOrders.some((o) => o.includesBtn)).toBe(false);
    // Two gaining carriers in one wave are two port requests pending at once with the losing carrier.
    expect(r.unmet.map((u) => u.code)).toEqual(['btn-in-partial-port', 'port-orders-overlap']);
    expect(r.unmet[1].message).toMatch(/to operator op\) is due on 2026-02-17, while .* \(wave 1, to Microsoft Calling Plan\) is still pending until its port on 2026-03-03/);
  });

  it('orders Calling Plan numbers in no imported block from Microsoft too, flagged; a number already in Teams is not ported', () => {
    const b = block(base, 10);
    const outside = moves(base + 500, 3, 2, '2026-03-10', 'CP');
    const inTeams = { ...moves(base + 600, 1, 2, '2026-03-10', 'CP')[0], inTeams: true as const };
    const r = splitNumberBlocks({ blocks: [b], moves: [...outside, inTeams], staying: [], portLeadDays: (to) => (to.path === 'CP' ? 21 : 14), drUploadLeadDays: 3 });
    expect(r.portOrders.map((o) => [o.id, o.path, o.carrier, o.numbers.length, o.submitBy])).toEqual([['PO-W2-no-block-calling-plan-1', 'CP', 'unknown', 3, '2026-02-17']]);
    expect(r.unmet).toEqual([expect.objectContaining({ code: 'number-outside-known-blocks', message: expect.stringMatching(/^3 Calling Plan numbers lie in no imported DID block/) })]);
  });

  it('dates the freeze lift from the account\'s order due first, whichever wave it is for', () => {
    const b = block(base, 100, { portFreeze: true });
    // Wave 1 to an operator (14 days), wave 2 to Microsoft (30 days): wave 2's order is due first.
    const all = [...moves(base + 1, 5, 1, '2026-03-03', 'OC'), ...moves(base + 11, 5, 2, '2026-03-10', 'CP')];
    const r = splitNumberBlocks({ blocks: [b], moves: all, staying: [], portLeadDays: (to) => (to.path === 'CP' ? 30 : 14), drUploadLeadDays: 3 });
    const byWave = Object.fromEntries(r.portOrders.map((o) => [o.waveNumber, o]));
    expect(byWave[2].submitBy).toBe('2026-02-08');
    expect(byWave[2].liftFreezeBy).toBe('2026-01-18');
    expect(byWave[1].liftFreezeBy).toBeUndefined();
  });

  it('makes separate orders per carrier account', () => {
    const a = block(base, 10, { accountNumber: 'A1' });
    const b = block(base + 100, 10, { accountNumber: 'A2', carrier: 'Zayo' });
    const r = splitNumberBlocks({ blocks: [a, b], moves: [...moves(base, 3, 1, '2026-03-03'), ...moves(base + 100, 3, 1, '2026-03-03')], staying: [], portLeadDays: lead, drUploadLeadDays: 3 });
    const orders = r.portOrders.filter((o) => o.waveNumber === 1);
    expect(new Set(orders.map((o) => `${o.carrier}/${o.accountNumber}`))).toEqual(new Set(['Lumen/A1', 'Zayo/A2']));
    for (const o of orders) expect(o.numbers.every((n) => (o.accountNumber === 'A1' ? n < numberToE164(base + 100) : n >= numberToE164(base + 100)))).toBe(true);
  });

  it('makes one order per account, wave and operator, whatever the number of its blocks', () => {
    // One account of three 100-number blocks, the BTN in the first; two waves; a fax keeps one number on the PBX.
    const btn = numberToE164(base);
    const blocks = [block(base, 100, { btn }), block(base + 100, 100, { btn }), block(base + 200, 100, { btn })];
    const all = [...moves(base + 10, 20, 1, '2026-03-03'), ...moves(base + 110, 20, 1, '2026-03-03'), ...moves(base + 210, 20, 2, '2026-03-10')];
    const r = splitNumberBlocks({ blocks, moves: all, staying: [{ number: numberToE164(base + 299), reason: 'fax' }], portLeadDays: lead, drUploadLeadDays: 3 });
    expect(r.portOrders.map((o) => [o.id, o.waveNumber, o.numbers.length, o.blockIds, o.kind])).toEqual([
      ['PO-W1-Lumen-A1-1', 1, 40, [`B${base}`, `B${base + 100}`], 'partial'],
      ['PO-W2-Lumen-A1-2', 2, 20, [`B${base + 200}`], 'partial'],
    ]);
    // The whole account moves: one full port in the last wave, spares and the BTN of every block in it.
    const full = splitNumberBlocks({ blocks, moves: all, staying: [], portLeadDays: lead, drUploadLeadDays: 3 });
    const last = full.portOrders[full.portOrders.length - 1];
    expect(full.portOrders.map((o) => o.numbers.length)).toEqual([40, 260]);
    expect([last.kind, last.includesBtn, last.numbers[last.numbers.length - 1], last.blockIds.length]).toEqual(['full', true, btn, 3]);
  });

  it('full port of an account that moves entirely: spares go with the last order', () => {
    const b = block(base, 20, { btn: numberToE164(base + 19) });
    const r = splitNumberBlocks({ blocks: [b], moves: moves(base, 5, 1, '2026-03-03'), staying: [], portLeadDays: lead, drUploadLeadDays: 3 });
    expect(r.portOrders).toHaveLength(1);
    expect(r.portOrders[0].numbers).toHaveLength(20);
    expect(r.portOrders[0].includesBtn).toBe(true);
    expect(r.blockSplits[0].spareCount).toBe(15);
  });

  it('flags a whole-block block that is split between paths', () => {
    const b = block(base, 10, { portConstraint: 'whole-block' });
    const r = splitNumberBlocks({ blocks: [b], moves: moves(base, 3, 1, '2026-03-03'), staying: [{ number: numberToE164(base + 5), reason: 'fax' }], portLeadDays: lead, drUploadLeadDays: 3 });
    expect(r.blockSplits[0].flag).toMatch(/only whole/);
    expect(r.unmet[0].code).toBe('whole-block-port-split');
  });

  it('ports a whole-block block whole, its spare numbers with its own numbers, in a partial port too', () => {
    // Account A1: a partial-allowed block with a number staying on the PBX (so only partial ports), and a
    // whole-block block of 10 whose 3 used numbers move in wave 1.
    const a = block(base, 10, { btn: numberToE164(base) });
    const w = block(base + 100, 10, { portConstraint: 'whole-block' });
    const r = splitNumberBlocks({
      blocks: [a, w],
      moves: [...moves(base + 1, 2, 1, '2026-03-03'), ...moves(base + 100, 3, 1, '2026-03-03')],
      staying: [{ number: numberToE164(base + 5), reason: 'person not moving' }],
      portLeadDays: lead,
      drUploadLeadDays: 3,
    });
    expect(r.portOrders).toHaveLength(1);
    const [order] = r.portOrders;
    expect(order.kind).toBe('partial');
    expect(order.numbers.filter((n) => n >= numberToE164(base + 100))).toHaveLength(10);
    expect(order.numbers).not.toContain(numberToE164(base));
    expect(r.unmet).toEqual([]);

    // The whole account moves, the whole-block block first: its spares go with it, the other block's with the final port.
    const full = splitNumberBlocks({
      blocks: [a, w],
      moves: [...moves(base, 10, 2, '2026-03-10'), ...moves(base + 100, 3, 1, '2026-03-03')],
      staying: [],
      portLeadDays: lead,
      drUploadLeadDays: 3,
    });
    expect(full.portOrders.map((o) => [o.waveNumber, o.numbers.length, o.kind, o.blockIds])).toEqual([
      [1, 10, 'partial', [`B${base + 100}`]],
      [2, 10, 'full', [`B${base}`]],
    ]);
  });

  it('never makes a full port of an account the export declares ported in part', () => {
    // Port Type = partial: the account's BTN stays with the carrier, outside the imported blocks.
    const b = block(base, 20, { btn: numberToE164(base + 500), partialPort: true });
    const r = splitNumberBlocks({ blocks: [b], moves: moves(base, 20, 1, '2026-03-03'), staying: [], portLeadDays: lead, drUploadLeadDays: 3 });
    expect(r.portOrders.map((o) => [o.kind, o.includesBtn, o.numbers.length])).toEqual([['partial', false, 20]]);
    const some = splitNumberBlocks({ blocks: [b], moves: moves(base, 5, 1, '2026-03-03'), staying: [], portLeadDays: lead, drUploadLeadDays: 3 });
    expect(some.portOrders.map((o) => [o.kind, o.numbers.length])).toEqual([['partial', 5]]);
  });

  it('uploads DR numbers in orders of at most 10,000 per wave and SBC', () => {
    const r = splitNumberBlocks({ blocks: [], moves: moves(base, 12_000, 1, '2026-03-03', 'DR'), staying: [], portLeadDays: lead, drUploadLeadDays: 3 });
    expect(r.uploadOrders.map((o) => o.numbers.length)).toEqual([10_000, 2_000]);
    expect(r.uploadOrders[0].uploadBy).toBe('2026-02-28');
    expect(r.portOrders).toEqual([]);
  });
});
