/**
 * The language and time zone a site's auto attendant starts with, from the site's country: all the
 * export knows. The language reads the text-to-speech prompts (Get-CsAutoAttendantSupportedLanguage);
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

export interface AutoAttendantLocale {
  languageId: string;
  timeZoneId: string;
  /** Why a person should check the two, when the country does not settle them. */
  check?: string;
}

export function autoAttendantLocale(countryCode: string | undefined): AutoAttendantLocale {
  const country = countryCode?.toUpperCase();
  const known = country ? BY_COUNTRY[country] : undefined;
  const { languageId, timeZoneId } = known ?? DEFAULT;
  if (!known) {
    const why = country ? `the site's country (${country}) is not in the planner's table` : 'the site has no country';
    return { languageId, timeZoneId, check: `language and time zone: ${why}; ${languageId} and ${timeZoneId} are set until you set the site's` };
  }
  if (known.severalZones) {
    return { languageId, timeZoneId, check: `time zone: the site's country (${country}) has several; ${timeZoneId}, its most populous, is set: set the site's if it differs` };
  }
  return { languageId, timeZoneId };
}
