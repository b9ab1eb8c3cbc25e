/**
 * A comparison key for people's names as PBXs and directories write them: case, accents, punctuation,
 * "Last, First" order and middle initials do not matter ("Müller, Jörg" = "jorg muller" = "Jörg A. Müller").
 */
const ASCII = /^[\x00-\x7f]*$/;

export function nameKey(name: string): string {
  // Plain ASCII (most names) has no accents or special letters to fold: skip the costly normalisation.
  const plain = ASCII.test(name)
    ? name.toLowerCase()
    : name
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/ß/g, 'ss')
        .replace(/ø/gi, 'o')
        .replace(/æ/gi, 'ae')
        .replace(/ł/gi, 'l')
        .toLowerCase();
  const tokens = plain
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    // Single letters are initials (or "x" noise); they differ between systems too often to compare.
    .filter((t) => t.length > 1);
  return tokens.sort().join(' ');
}
