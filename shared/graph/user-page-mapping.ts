/**
 * One users page, from its bytes to the planner's people: parse, check the page and each user's id,
 * map with toPerson. The same function runs on the sync's thread and on the worker thread
 * (user-page-worker.ts), so both give the same people and fail with the same errors.
 */
import type { LicencesBySku } from '../domain/licence-mapping';
import type { Person } from '../domain/tenant-snapshot';
import { pageValue, parseGraphJson, type GraphRaw } from './graph-http';
import type { GraphPage, GraphUser } from './graph-types';
import { toPerson } from './snapshot-mapping';
import { userId, type DecodedPage } from './tenant-graph-reader';

export interface MappedUserPage extends DecodedPage<Person> {
  /** Users of the page holding a licence whose SKU the tenant does not list (see LicencesBySku). */
  unknownSkus: number;
}

/** `skus` counts the page's users with unknown SKUs as it maps them (`unknownSkus` says how many). */
export function mapUserPage(raw: GraphRaw, label: string, skus?: LicencesBySku): MappedUserPage {
  const body = parseGraphJson<GraphPage<GraphUser>>(raw);
  const users = pageValue(body, raw.url);
  const unknownBefore = skus?.usersWithUnknownSkus ?? 0;
  const items: Person[] = new Array(users.length);
  for (let i = 0; i < users.length; i++) {
    userId(users[i], label, i);
    items[i] = toPerson(users[i], `${label} value[${i}]`, skus);
  }
  return { items, nextLink: body['@odata.nextLink'], deltaLink: body['@odata.deltaLink'], unknownSkus: (skus?.usersWithUnknownSkus ?? 0) - unknownBefore };
}
