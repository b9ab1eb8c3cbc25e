/** Records read in pages that may repeat: each key once, first position, the copy read last; repeats counted. */
import { KeyedRecords } from '../../../shared/graph/keyed-records';

it('keeps the first position and the later copy, counting unexpected repeats only', () => {
  const r = new KeyedRecords<string>();
  expect(r.take('a', 'a1')).toBe(true);
  expect(r.take('b', 'b1')).toBe(true);
  expect(r.take('a', 'a2')).toBe(false);
  expect(r.take('b', 'b2', { expected: true })).toBe(false);
  expect(r.values()).toEqual(['a2', 'b2']);
  expect(r.repeated).toBe(1);
  expect(r.size).toBe(2);
});

it('merges shards read apart in shard order, the copy read last winning wherever it sits', () => {
  const shardA = new KeyedRecords<string>();
  const shardZ = new KeyedRecords<string>();
  shardZ.take('renamed', 'new name', { at: 5 });
  shardA.take('x', 'x', { at: 1 });
  shardA.take('renamed', 'old name', { at: 2 });
  const all = new KeyedRecords<string>();
  all.takeAll(shardA);
  all.takeAll(shardZ);
  expect(all.values()).toEqual(['x', 'new name']);
  expect(all.repeated).toBe(1);
  // The other way round: the older copy arriving later in shard order does not win.
  const reversed = new KeyedRecords<string>();
  reversed.takeAll(shardZ);
  reversed.takeAll(shardA);
  expect(reversed.values()).toEqual(['new name', 'x']);
});
