/**
 * Forgiving name matching for sites, people and waves: "berln" finds Berlin, "san fran" finds
 * San Francisco. A clear winner is taken; close calls become "did you mean ...?" suggestions rather
 * than a guess. Pure and deterministic (ties broken by name).
 */

export interface Candidate {
  id: string;
  name: string;
  /** Other spellings that should match (a site's id, a person's UPN). */
  aliases?: readonly string[];
}

export interface FuzzyResult<T extends Candidate> {
  /** The one candidate meant, when it is clear. */
  match?: T;
  /** Close candidates, best first (when there is no clear match). */
  suggestions: T[];
}

/** Lower case, accents removed, only letters, digits and single spaces. */
export function foldName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), stopped past `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2: number[] = new Array(b.length + 1).fill(0);
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      rowMin = Math.min(rowMin, v);
    }
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j];
    prev = cur;
    if (rowMin > max) return max + 1;
  }
  return prev[b.length];
}

/** Typos allowed for a word of this length: none for short words, one up to 5 letters, then two. */
function allowedTypos(length: number): number {
  return length <= 3 ? 0 : length <= 5 ? 1 : 2;
}

/**
 * How well `query` names `target` (both folded): 0 = exactly, 1 = a prefix or whole word of it,
 * 2 + typos = within the typos allowed, undefined = not at all.
 */
function score(query: string, target: string): number | undefined {
  if (!query || !target) return undefined;
  if (query === target) return 0;
  if (target.startsWith(`${query} `) || target.endsWith(` ${query}`) || target.includes(` ${query} `)) return 1;
  if (query.length >= 3 && target.startsWith(query)) return 1.5;
  const typos = editDistance(query, target, allowedTypos(target.length));
  if (typos <= allowedTypos(target.length)) return 2 + typos;
  // A typo in one word of a longer name ("san fransisco" vs "san francisco office").
  const prefix = target.slice(0, query.length + 1);
  const near = Math.min(editDistance(query, prefix, allowedTypos(query.length)), editDistance(query, target.slice(0, query.length), allowedTypos(query.length)));
  if (query.length >= 4 && near <= allowedTypos(query.length)) return 3 + near;
  return undefined;
}

/**
 * The candidate `query` names. A match is clear when it is exact, or it is the only best one by a
 * margin; otherwise up to `limit` suggestions.
 */
export function fuzzyFind<T extends Candidate>(query: string, candidates: readonly T[], limit = 3): FuzzyResult<T> {
  const q = foldName(query);
  if (!q) return { suggestions: [] };
  const scored: { c: T; s: number }[] = [];
  for (const c of candidates) {
    let best: number | undefined;
    for (const name of [c.name, c.id, ...(c.aliases ?? [])]) {
      const s = score(q, foldName(name));
      if (s !== undefined && (best === undefined || s < best)) best = s;
    }
    if (best !== undefined) scored.push({ c, s: best });
  }
  scored.sort((a, b) => a.s - b.s || (a.c.name < b.c.name ? -1 : a.c.name > b.c.name ? 1 : 0));
  if (!scored.length) return { suggestions: [] };
  const [first, second] = scored;
  // Exact names win outright; otherwise only a best score no other candidate shares.
  if (first.s === 0 && (!second || second.s > 0)) return { match: first.c, suggestions: [] };
  if (first.s <= 1.5 && (!second || second.s > first.s)) return { match: first.c, suggestions: [] };
  if (first.s < 4 && !second) return { match: first.c, suggestions: [] };
  return { suggestions: scored.slice(0, limit).map((x) => x.c) };
}
