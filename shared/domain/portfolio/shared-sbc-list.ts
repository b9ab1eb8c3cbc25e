/**
 * One change to the MSP's list of shared SBCs - add or replace one by id, or remove one - as the tab's
 * form and `vmp portfolio sbc set|remove` both make it. The whole list is then validated and saved by
 * PortfolioService.declareSharedSbcs against the version read, so the two never differ in the rules.
 * Pure: browser-safe (the tab imports it).
 */
import type { SharedSbcDeclaration } from './portfolio-mapping';

/** The list with `sbc` in place of the one with its id (kept where it was), or added at the end. */
export function withSharedSbc(list: readonly SharedSbcDeclaration[], sbc: SharedSbcDeclaration, replacingId = sbc.id): SharedSbcDeclaration[] {
  const at = list.findIndex((s) => s.id === replacingId);
  if (at < 0) return [...list, sbc];
  return list.map((s, i) => (i === at ? sbc : s));
}

/** The list without the SBC of that id; undefined when there is none (the caller says "no such SBC"). */
export function withoutSharedSbc(list: readonly SharedSbcDeclaration[], id: string): SharedSbcDeclaration[] | undefined {
  return list.some((s) => s.id === id) ? list.filter((s) => s.id !== id) : undefined;
}
