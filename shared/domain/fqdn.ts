/** A fully qualified host name, as Teams takes an SBC's or a Survivable Branch Appliance's (letters, digits, dashes; a top-level name of letters). */
export const FQDN_PATTERN = /^(?=.{1,253}$)([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$/;

export const isFqdn = (v: string | undefined): v is string => !!v && FQDN_PATTERN.test(v);
