/**
 * A comparison key for people's names as PBXs and directories write them: case, accents, punctuation,
 * "Last, First" order and middle initials do not matter ("Müller, Jörg" = "jorg muller" = "Jörg A. Müller").
 *
 * The key is computed for every person of the tenant when name matching is first needed (100,000 at a
 * time), so the tokens are found in one pass over the text rather than with regex replace, split and
 * sort, which allocated several arrays and strings per name.
 */
const ASCII = /^[\x00-\x7f]*$/;

/** Lower case without accents or special letters ("Jørgen Straße" -> "jorgen strasse"). */
function foldToAscii(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/ø/gi, 'o')
    .replace(/æ/gi, 'ae')
    .replace(/ł/gi, 'l')
    .toLowerCase();
}

/**
 * What foldToAscii makes of each Latin-1 and Latin Extended-A letter (U+00C0 to U+017F), worked out
 * once by foldToAscii itself, so the two cannot disagree. Names written in those letters (most
 * accented names in directories) are folded a letter at a time instead of normalised as a whole.
 */
const LATIN_FOLDS: ReadonlyMap<number, string> = (() => {
  const folds = new Map<number, string>();
  for (let code = 0xc0; code <= 0x17f; code++) folds.set(code, foldToAscii(String.fromCharCode(code)));
  return folds;
})();

/** foldToAscii through LATIN_FOLDS when every non-ASCII letter is in it (undefined otherwise). */
function foldLatin(name: string): string | undefined {
  let folded = '';
  let from = 0;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x80) continue;
    const fold = LATIN_FOLDS.get(code);
    if (fold === undefined) return undefined;
    folded += name.slice(from, i).toLowerCase() + fold;
    from = i + 1;
  }
  return folded + name.slice(from).toLowerCase();
}

function isTokenChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
}

/** Inserts into an already sorted short list (a name has a handful of tokens). */
function insertSorted(tokens: string[], token: string): void {
  let i = tokens.length;
  tokens.push(token);
  while (i > 0 && tokens[i - 1] > token) {
    tokens[i] = tokens[i - 1];
    i--;
  }
  tokens[i] = token;
}

export function nameKey(name: string): string {
  // Plain ASCII (most names) has no accents or special letters to fold: skip the costly normalisation.
  const plain = ASCII.test(name) ? name.toLowerCase() : (foldLatin(name) ?? foldToAscii(name));
  // Tokens are runs of a-z and 0-9. Single letters are initials (or "x" noise); they differ between
  // systems too often to compare.
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i <= plain.length; i++) {
    if (i < plain.length && isTokenChar(plain.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start > 1) insertSorted(tokens, plain.slice(start, i));
      start = -1;
    }
  }
  return tokens.length === 1 ? tokens[0] : tokens.join(' ');
}
