/**
 * Phrases a routing question may name a number by, apart from the number itself. Kept apart from the
 * simulator (which loads the phone number library) so the bot can tell a routing question by them.
 */
/** What a site's main number is called: the PBX answers it with an auto attendant, as Teams will. */
const MAIN = "(?:main (?:number|line|phone number)|auto ?attendant)";

/**
 * "the main number of Berlin", "Berlin's main number", "Berlin main line", "the auto attendant of
 * Berlin" -> "Berlin" (the site as written); undefined when the text names no site's main number.
 */
export function mainNumberSiteRef(text: string): string | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  const m = new RegExp(`^(?:the |our )?${MAIN} (?:of|at|in|for) (.+)$`, 'i').exec(t) ?? new RegExp(`^(?:the |our )?(.+?)(?:'s|’s)? ${MAIN}$`, 'i').exec(t);
  const site = m?.[1].trim();
  return site && !/^(?:the|our)$/i.test(site) ? site : undefined;
}
