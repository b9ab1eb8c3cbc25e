/** A telephone number in E.164, as settings give one (`+14255550100`: a plus, a country code, no spaces, no extension). */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

export const isE164Number = (v: string | undefined): v is string => !!v && E164_PATTERN.test(v);
