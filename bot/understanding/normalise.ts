/**
 * What a Teams message says, as plain text: Teams sends HTML-ish text with `<at>` mentions of the bot
 * (in channels), `&nbsp;` and other entities, smart quotes and trailing punctuation. Intent matching
 * works on the cleaned, lower-case form; names and numbers keep their inner characters
 * ("+1 (425) 555-0100", "anna.b@contoso.com", "3.3.2027").
 */

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#160': ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
    const known = ENTITIES[name.toLowerCase()];
    if (known !== undefined) return known;
    if (/^#x/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return whole;
  });
}

/**
 * Removes mentions (`<at>Voice Migration Planner</at>`), tags, entities, zero-width characters and
 * smart quotes; collapses white space. Keeps case (names are shown back as typed).
 */
export function plainText(raw: string): string {
  return decodeEntities(
    raw
      .replace(/<at[^>]*>[\s\S]*?<\/at>/gi, ' ')
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/<[^>]+>/g, ' '),
  )
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[\u2018\u2019\u201b]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The form intents are matched on: lower case, no surrounding quotes or punctuation, "what's" spelled
 * out, a leading bot name or greeting dropped ("hey", "hi bot,", "@planner").
 */
export function normalise(raw: string): string {
  let t = plainText(raw).toLowerCase();
  t = t.replace(/^@\S+\s*/, '');
  t = t.replace(/\bwhat's\b/g, 'what is').replace(/\bwhere's\b/g, 'where is').replace(/\bwho's\b/g, 'who is').replace(/\bhow's\b/g, 'how is');
  t = t.replace(/\bwhen's\b/g, 'when is');
  t = t.replace(/^(?:(?:hey|hi|hello|ok|okay|so|please|pls|bot|planner)\b[\s,:!.-]*)+/, '');
  t = t.replace(/[\s,;:!?.]*(?:\b(?:please|pls|thanks|thank you|thx)\b[\s,;:!?.]*)*$/, '');
  t = t.replace(/^["'`]+|["'`]+$/g, '');
  return t.replace(/\s+/g, ' ').trim();
}

/** The words of a normalised text, without punctuation around them. */
export function words(text: string): string[] {
  return text
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}+#]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
}

const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
};

/** "2", "#2", "two", "2nd", "second" -> 2; undefined otherwise. */
export function smallNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/^#/, '');
  if (/^\d{1,4}$/.test(w)) return Number(w);
  const ordinal = /^(\d{1,4})(?:st|nd|rd|th)$/.exec(w);
  if (ordinal) return Number(ordinal[1]);
  return NUMBER_WORDS[w];
}
