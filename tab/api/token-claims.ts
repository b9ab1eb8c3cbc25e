/**
 * The shape of a verified Entra access token's claims the API reads. A signature proves who issued a
 * token, not that each claim has the type the code expects: a `wids` that is a string, an object or
 * holds a null, or a `tid` that is a number, is refused as a bad token (401) here, before any code
 * calls a string or array method on it.
 */

/** Claims that must be strings when present. */
const STRING_CLAIMS = ['tid', 'oid', 'sub', 'name', 'preferred_username', 'upn', 'scp', 'iss'] as const;
/** Claims that must be arrays of strings when present. */
const STRING_ARRAY_CLAIMS = ['wids', 'groups'] as const;

/** Throws an Error naming the first claim of the wrong type. */
export function assertClaimTypes(claims: Record<string, unknown>): void {
  for (const name of STRING_CLAIMS) {
    const v = claims[name];
    if (v !== undefined && typeof v !== 'string') throw new Error(`the ${name} claim is not a string`);
  }
  for (const name of STRING_ARRAY_CLAIMS) {
    const v = claims[name];
    if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) throw new Error(`the ${name} claim is not a list of strings`);
  }
}
