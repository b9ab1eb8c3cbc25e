/**
 * One users page, from its bytes to the planner's people: parse, check the page and each user's id,
 * map with toPerson. Parsing business phones against the numbering plans is most of the mapping's
 * CPU, so a page's phones may be parsed elsewhere (a worker thread, user-page-workers.ts) while this
 * thread goes on fetching: `phones` gets each user's raw phones and country hint and returns what
 * parseBusinessPhones returns for them.
 */
import type { LicencesBySku } from '../domain/licence-mapping';
import { parseBusinessPhones } from '../domain/phone-parsing';
import type { ParsedPhone, Person } from '../domain/tenant-snapshot';
import { pageValue, parseGraphJson, type GraphRaw } from './graph-http';
import type { GraphPage, GraphUser } from './graph-types';
import { phoneCountryHint, toPerson } from './snapshot-mapping';
import { userId, type DecodedPage } from './tenant-graph-reader';

/** One user's business phones as Graph sent them, and the country to read national formats in. */
export type PhoneRequest = [raws: (string | null)[], countryHint: string | undefined];

export type PhoneParser = (requests: PhoneRequest[]) => Promise<ParsedPhone[][]>;

/** parseBusinessPhones for each request, on this thread. */
export function parsePhoneRequests(requests: readonly PhoneRequest[]): ParsedPhone[][] {
  return requests.map(([raws, hint]) => parseBusinessPhones(raws, hint));
}

export async function mapUserPage(raw: GraphRaw, label: string, skus: LicencesBySku | undefined, phones: PhoneParser): Promise<DecodedPage<Person>> {
  const body = parseGraphJson<GraphPage<GraphUser>>(raw);
  const users = pageValue(body, raw.url);
  // Only well-formed phone lists leave this thread; anything else is parsed by toPerson as before.
  const requests: PhoneRequest[] = [];
  const requestOf: number[] = new Array(users.length).fill(-1);
  for (let i = 0; i < users.length; i++) {
    const u = users[i];
    if (!u || typeof u !== 'object' || !Array.isArray(u.businessPhones)) continue;
    let hint: string | undefined;
    try {
      hint = phoneCountryHint(u);
    } catch {
      continue; // A country that is not text: toPerson fails on it, in its turn.
    }
    requestOf[i] = requests.length;
    requests.push([u.businessPhones, hint]);
  }
  const parsed = requests.length ? await phones(requests) : [];
  const items: Person[] = new Array(users.length);
  for (let i = 0; i < users.length; i++) {
    userId(users[i], label, i);
    items[i] = toPerson(users[i], `${label} value[${i}]`, skus, requestOf[i] >= 0 ? parsed[requestOf[i]] : undefined);
  }
  return { items, nextLink: body['@odata.nextLink'], deltaLink: body['@odata.deltaLink'] };
}
