/**
 * The language and time zone a site's auto attendant starts with, from the site's country and, where
 * the country spans several zones or languages, its region in the settings (US state, Canadian province,
 * Australian state, Swiss canton). The language reads the text-to-speech prompts (Get-CsAutoAttendantSupportedLanguage);
 * the time zone, a Windows time zone id (Get-CsAutoAttendantSupportedTimeZone), is the one business
 * hours and holidays are kept in. The table covers the countries of the demo tenant and of the example
 * settings; any other country, or none, gets en-US and UTC, and the runbook says to set the site's own.
 */

interface CountryLocale {
  languageId: string;
  timeZoneId: string;
  /** The country spans several time zones: timeZoneId is its most populous one's, maybe not the site's. */
  severalZones?: true;
}

const BY_COUNTRY: Record<string, CountryLocale> = {
  US: { languageId: 'en-US', timeZoneId: 'Eastern Standard Time', severalZones: true },
  CA: { languageId: 'en-CA', timeZoneId: 'Eastern Standard Time', severalZones: true },
  MX: { languageId: 'es-MX', timeZoneId: 'Central Standard Time (Mexico)', severalZones: true },
  BR: { languageId: 'pt-BR', timeZoneId: 'E. South America Standard Time', severalZones: true },
  GB: { languageId: 'en-GB', timeZoneId: 'GMT Standard Time' },
  IE: { languageId: 'en-IE', timeZoneId: 'GMT Standard Time' },
  // Windows groups Amsterdam, Berlin, Bern, Rome, Stockholm and Vienna in one zone ...
  DE: { languageId: 'de-DE', timeZoneId: 'W. Europe Standard Time' },
  AT: { languageId: 'de-AT', timeZoneId: 'W. Europe Standard Time' },
  CH: { languageId: 'de-CH', timeZoneId: 'W. Europe Standard Time' },
  NL: { languageId: 'nl-NL', timeZoneId: 'W. Europe Standard Time' },
  IT: { languageId: 'it-IT', timeZoneId: 'W. Europe Standard Time' },
  SE: { languageId: 'sv-SE', timeZoneId: 'W. Europe Standard Time' },
  // ... and Brussels, Copenhagen, Madrid and Paris in another; Warsaw is in a third.
  FR: { languageId: 'fr-FR', timeZoneId: 'Romance Standard Time' },
  BE: { languageId: 'fr-BE', timeZoneId: 'Romance Standard Time' },
  DK: { languageId: 'da-DK', timeZoneId: 'Romance Standard Time' },
  ES: { languageId: 'es-ES', timeZoneId: 'Romance Standard Time' },
  PL: { languageId: 'pl-PL', timeZoneId: 'Central European Standard Time' },
  IN: { languageId: 'en-IN', timeZoneId: 'India Standard Time' },
  // Teams has no English (Singapore) voice: British English is the nearest.
  SG: { languageId: 'en-GB', timeZoneId: 'Singapore Standard Time' },
  JP: { languageId: 'ja-JP', timeZoneId: 'Tokyo Standard Time' },
  AU: { languageId: 'en-AU', timeZoneId: 'AUS Eastern Standard Time', severalZones: true },
};

const DEFAULT: CountryLocale = { languageId: 'en-US', timeZoneId: 'UTC' };

/**
 * The zone of a region (the site's `region` in the settings, a date-holidays state or province code) in
 * the countries that span several; a state split between zones takes its most populous part's.
 */
const ZONES_BY_REGION: Record<string, Record<string, string>> = {
  US: {
    ...zones('Eastern Standard Time', 'CT DE DC FL GA IN KY ME MD MA MI NH NJ NY NC OH PA RI SC VT VA WV'),
    ...zones('Central Standard Time', 'AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI'),
    ...zones('Mountain Standard Time', 'CO ID MT NM UT WY'),
    ...zones('US Mountain Standard Time', 'AZ'),
    ...zones('Pacific Standard Time', 'CA NV OR WA'),
    ...zones('Alaskan Standard Time', 'AK'),
    ...zones('Hawaiian Standard Time', 'HI'),
  },
  CA: {
    ...zones('Pacific Standard Time', 'BC'),
    ...zones('Mountain Standard Time', 'AB NT'),
    ...zones('Canada Central Standard Time', 'SK'),
    ...zones('Central Standard Time', 'MB'),
    ...zones('Eastern Standard Time', 'ON QC NU'),
    ...zones('Atlantic Standard Time', 'NB NS PE'),
    ...zones('Newfoundland Standard Time', 'NL'),
    ...zones('Yukon Standard Time', 'YT'),
  },
  AU: {
    ...zones('AUS Eastern Standard Time', 'NSW VIC ACT'),
    ...zones('Tasmania Standard Time', 'TAS'),
    ...zones('E. Australia Standard Time', 'QLD'),
    ...zones('Cen. Australia Standard Time', 'SA'),
    ...zones('AUS Central Standard Time', 'NT'),
    ...zones('W. Australia Standard Time', 'WA'),
  },
};

/**
 * The language of a region whose callers speak another than the country's first (the site's `region`,
 * as date-holidays codes it): Quebec in Canada; the French-speaking cantons and Ticino in Switzerland.
 */
const LANGUAGE_BY_REGION: Record<string, Record<string, string>> = {
  CA: { QC: 'fr-CA' },
  CH: { ...zones('fr-CH', 'GE VD NE JU'), TI: 'it-IT' },
};

function zones(timeZoneId: string, regions: string): Record<string, string> {
  return Object.fromEntries(regions.split(' ').map((r) => [r, timeZoneId]));
}

export interface AutoAttendantLocale {
  languageId: string;
  timeZoneId: string;
  /** Why a person should check the two, when the country does not settle them. */
  check?: string;
}

export function autoAttendantLocale(countryCode: string | undefined, region?: string): AutoAttendantLocale {
  const country = countryCode?.toUpperCase();
  const known = country ? BY_COUNTRY[country] : undefined;
  const regionLanguage = country && region ? LANGUAGE_BY_REGION[country]?.[region.toUpperCase()] : undefined;
  const { timeZoneId } = known ?? DEFAULT;
  const languageId = regionLanguage ?? (known ?? DEFAULT).languageId;
  const regional = country && region ? ZONES_BY_REGION[country]?.[region.toUpperCase()] : undefined;
  if (known && regional) return { languageId, timeZoneId: regional };
  if (!known) {
    const why = country ? `the site's country (${country}) is not in the planner's table` : 'the site has no country';
    return { languageId, timeZoneId, check: `language and time zone: ${why}; ${languageId} and ${timeZoneId} are set until you set the site's` };
  }
  if (known.severalZones) {
    return { languageId, timeZoneId, check: `time zone: the site's country (${country}) has several and the settings give the site no region that settles it; ${timeZoneId}, its most populous, is set: set the site's if it differs` };
  }
  return { languageId, timeZoneId };
}
