/**
 * National short codes people dial for services other than emergency calls, per country: like an
 * emergency number (emergency-numbers.ts), no extension dialing rule may turn one into an extension, or a
 * Teams user dialing 711 (the relay service for deaf and hard-of-hearing callers) or 988 (the Suicide and
 * Crisis Lifeline) at a site with 3-digit extensions 7xx or 9xx would ring a colleague instead. From the
 * national numbering plans: the N11 codes and 988 of the North American Numbering Plan (US, Canada), the
 * 1xx service numbers of the UK, Germany and France that share the length of common extensions.
 */

const NANP = ['211', '311', '411', '511', '611', '711', '811', '988'];

const SERVICE_NUMBERS: Readonly<Record<string, readonly string[]>> = {
  US: NANP,
  CA: NANP,
  GB: ['101', '105', '111'], // police non-emergency, power cut, NHS non-emergency
  DE: ['115'], // the public authorities' number
  FR: ['115', '119'], // homeless emergency shelter, children in danger
};

/** The service short codes dialed in a country (none when the table does not know it). */
export function serviceNumbersOf(countryCode: string | undefined): readonly string[] {
  return (countryCode && SERVICE_NUMBERS[countryCode.toUpperCase()]) || [];
}
