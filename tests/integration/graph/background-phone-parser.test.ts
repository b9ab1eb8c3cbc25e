/**
 * The sync parses businessPhones on a worker thread while it reads (BackgroundPhoneParser). Whatever
 * path a phone takes - the thread, the last partial batch parsed here, or a thread that could not
 * start - each person's list must be exactly what parsing it in place gives, in the directory's order.
 */
import path from 'node:path';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { parseBusinessPhones } from '../../../shared/domain/phone-parsing';
import { BackgroundPhoneParser } from '../../../shared/graph/background-phone-parser';
import type { GraphUser } from '../../../shared/graph/graph-types';

/** The demo's messy directory, with the formats people really type and several phones per user. */
function directory(): { phones: GraphUser['businessPhones']; hint?: string }[] {
  const users = generateDemoTenant({ users: 3_000, seed: 7 }).users;
  const typed = ['+1 (425) 555-0100', '425-555-0100 x123', '0044 20 3794 0123', '+49 (0)30 9018200', 'tel:+4930901820', 'ext 4411', 'n/a', '+1 555', '  '];
  return users.map((u, i) => ({
    phones: i % 7 === 0 ? [...(u.businessPhones ?? []), typed[i % typed.length], typed[(i + 3) % typed.length]] : i % 11 === 0 ? null : u.businessPhones,
    hint: i % 13 === 0 ? undefined : (u.usageLocation ?? undefined),
  }));
}

async function parseInBackground(parser: BackgroundPhoneParser, people: ReturnType<typeof directory>): Promise<unknown[]> {
  const lists = people.map((p) => parser.parse(p.phones, p.hint));
  await parser.finish();
  return lists;
}

describe('BackgroundPhoneParser', () => {
  const people = directory();
  const inPlace = people.map((p) => parseBusinessPhones(p.phones, p.hint));

  it('gives every person the phones parsing in place gives, through the thread and the last partial batch', async () => {
    expect(inPlace.flat().length).toBeGreaterThan(3_000);
    const parser = new BackgroundPhoneParser({ batchPhones: 250 });
    const lists = await parseInBackground(parser, people);
    expect(parser.threadStarted).toBe(true);
    // Same values and the same key order (the stored JSON keeps it).
    expect(JSON.stringify(lists)).toBe(JSON.stringify(inPlace));
  });

  it('parses here when the thread cannot run', async () => {
    const broken = new BackgroundPhoneParser({ batchPhones: 250, workerEntry: path.join(__dirname, 'no-such-worker.ts') });
    const lists = await parseInBackground(broken, people);
    expect(broken.threadStarted).toBe(true);
    expect(JSON.stringify(lists)).toBe(JSON.stringify(inPlace));
  });

  it('never starts a thread for fewer phones than a batch', async () => {
    const parser = new BackgroundPhoneParser();
    const lists = await parseInBackground(parser, people.slice(0, 50));
    expect(JSON.stringify(lists)).toBe(JSON.stringify(inPlace.slice(0, 50)));
    expect(parser.threadStarted).toBe(false);
  });
});
