/**
 * mapUserPage (the users page mapping the sync runs, with phones parsed elsewhere) gives exactly what
 * mapping each user on this thread gives: the same people, and the same first error on a bad page.
 */
import { toPerson } from '../../../shared/graph/snapshot-mapping';
import { userId } from '../../../shared/graph/tenant-graph-reader';
import { mapUserPage, parsePhoneRequests, type PhoneRequest } from '../../../shared/graph/user-page-mapping';

const URL = 'http://graph.test/v1.0/users?$top=999';
const raw = (body: unknown) => ({ bytes: new TextEncoder().encode(JSON.stringify(body)).buffer as ArrayBuffer, url: URL, status: 200 });
/** Phones parsed "elsewhere": after a turn of the event loop, through a structured clone, as from a worker. */
const elsewhere = async (requests: PhoneRequest[]) => {
  await new Promise((r) => setImmediate(r));
  return structuredClone(parsePhoneRequests(structuredClone(requests)));
};
/** The per-user mapping the reader does on its own thread. */
const oneByOne = (users: any[], label: string) => users.map((u, i) => (userId(u, label, i), toPerson(u, `${label} value[${i}]`)));
const outcome = async (run: () => unknown) => {
  try {
    return { value: await run() };
  } catch (err) {
    return { error: { name: (err as Error).name, message: (err as Error).message, code: (err as { code?: string }).code } };
  }
};

const user = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `u${n}`,
  userPrincipalName: `user${n}@contoso.example`,
  displayName: `User ${n}`,
  usageLocation: n % 2 ? 'gb' : null,
  country: n % 2 ? null : 'United States',
  businessPhones: n % 3 ? [`+44 20 7946 0${String(n).padStart(3, '0')}`, 'x4411'] : ['(425) 555-0100', '', null],
  ...extra,
});

describe('mapUserPage', () => {
  it('maps a page to the people a per-user mapping gives, phones parsed elsewhere, links kept', async () => {
    const users = [user(1), user(2), user(3), user(4, { businessPhones: null }), user(5, { businessPhones: 'not a list' }), user(6, { country: 'UK', usageLocation: '' })];
    const page = await mapUserPage(raw({ value: users, '@odata.nextLink': `${URL}&$skiptoken=2` }), 'users page 1', undefined, elsewhere);
    expect(page.items).toEqual(oneByOne(users, 'users page 1'));
    expect(JSON.stringify(page.items)).toBe(JSON.stringify(oneByOne(users, 'users page 1')));
    expect(page.nextLink).toBe(`${URL}&$skiptoken=2`);
    expect(page.items[0].businessPhones[0]).toMatchObject({ e164: '+442079460001', valid: true });
  });

  const bad: [string, unknown[]][] = [
    ['a user without an id after one without a UPN', [user(1), user(2, { userPrincipalName: null }), user(3, { id: null })]],
    ['a user without a UPN after one without an id', [user(1), user(2, { id: '' }), user(3, { userPrincipalName: ' ' })]],
    ['a country that is not text after a user without a UPN', [user(1, { userPrincipalName: null }), user(2, { country: 5, usageLocation: null })]],
    ['a country that is not text first', [user(1, { country: 5, usageLocation: null }), user(2, { userPrincipalName: null })]],
    ['a null user', [user(1), null]],
  ];
  for (const [what, users] of bad) {
    it(`fails on ${what} as the per-user mapping does`, async () => {
      const expected = await outcome(() => oneByOne(users, 'users shard "a" page 2'));
      expect(expected.error).toBeDefined();
      expect(await outcome(() => mapUserPage(raw({ value: users }), 'users shard "a" page 2', undefined, elsewhere))).toEqual(expected);
    });
  }

  it('names the request when the page is not JSON or has no value', async () => {
    const notJson = { bytes: new TextEncoder().encode('{"value": [').buffer as ArrayBuffer, url: URL, status: 200 };
    await expect(mapUserPage(notJson, 'users page 1', undefined, elsewhere)).rejects.toMatchObject({ code: 'malformed-json', request: `GET ${URL}` });
    await expect(mapUserPage(raw({ values: [] }), 'users page 1', undefined, elsewhere)).rejects.toMatchObject({ code: 'page-missing-value', request: `GET ${URL}` });
  });
});
