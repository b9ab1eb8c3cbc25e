/**
 * Phrases a routing question may name a number by, apart from the number itself. Kept apart from the
 * simulator (which loads the phone number library) so the bot can tell a routing question by them.
 */
/**
 * "the main number of Berlin", "Berlin's main number", "Berlin main line" -> "berlin" (the site as
 * written); undefined when the text names no site's main number.
 */
export function mainNumberSiteRef(text: string): string | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  const m = /^(?:the |our )?main (?:number|line|phone number) (?:of|at|in|for) (.+)$/i.exec(t) ?? /^(?:the |our )?(.+?)(?:'s|’s)? main (?:number|line|phone number)$/i.exec(t);
  const site = m?.[1].trim();
  return site && !/^(?:the|our)$/i.test(site) ? site : undefined;
}
