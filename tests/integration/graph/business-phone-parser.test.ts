import path from 'node:path';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { parseBusinessPhones } from '../../../shared/domain/phone-parsing';
import type { Person } from '../../../shared/domain/tenant-snapshot';
import { BusinessPhoneParser } from '../../../shared/graph/business-phone-parser';

/** The demo tenant's users: messy formats in a dozen countries, extensions, "n/a", no phones at all. */
const users = generateDemoTenant({ users: 3_000, seed: 7 }).users;
const hintOf = (u: (typeof users)[number]) => u.usageLocation ?? undefined;

function emptyPerson(id: string): Person {
  return { id, userPrincipalName: `${id}@example.com`, displayName: id, accountEnabled: true, kind: 'user', teamsPhone: 'none', callingPlan: false, resourceAccountLicence: false, businessPhones: [] };
}

async function parseAll(parser: BusinessPhoneParser): Promise<Person[]> {
  const people = users.map((u, i) => emptyPerson(u.id ?? `user-${i}`));
  people.forEach((p, i) => parser.parseInto(p, users[i].businessPhones, hintOf(users[i])));
  await parser.settled();
  return people;
}

describe('BusinessPhoneParser', () => {
  const expected = users.map((u) => parseBusinessPhones(u.businessPhones, hintOf(u)));

  it('parses every phone on the worker thread exactly as on the sync thread', async () => {
    const parser = new BusinessPhoneParser({ inlinePeople: 0 });
    const people = await parseAll(parser);
    expect(people.map((p) => p.businessPhones)).toEqual(expected);
    expect(expected.filter((phones) => phones.some((b) => b.valid)).length).toBeGreaterThan(2_000);
    expect(parser.parsedOffThread).toBe(users.filter((u) => u.businessPhones?.length).length);
  });

  it('parses a small read on its own thread without starting a worker', async () => {
    const parser = new BusinessPhoneParser({ inlinePeople: users.length });
    expect((await parseAll(parser)).map((p) => p.businessPhones)).toEqual(expected);
    expect(parser.parsedOffThread).toBe(0);
  });

  it('parses the batches of a worker that dies on its own thread, losing no phone', async () => {
    const parser = new BusinessPhoneParser({ inlinePeople: 500, workerEntry: path.join(__dirname, '../../support/worker-that-dies.js') });
    const people = await parseAll(parser);
    expect(people.map((p) => p.businessPhones)).toEqual(expected);
    expect(parser.parsedOffThread).toBe(0);
  });
});
