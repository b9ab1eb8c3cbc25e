/**
 * What a user principal name looks like to Entra: the runbooks take only such names (anything else could
 * not be a Teams user), and settings that name an account are checked against the same pattern.
 */
/** Entra's UPN character set (an apostrophe is legal: O'Brien; psQuote doubles it). */
export const UPN_PATTERN = /^[A-Za-z0-9'._!#^~-]{1,113}@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

export const isUpn = (v: string | undefined): v is string => !!v && UPN_PATTERN.test(v);
