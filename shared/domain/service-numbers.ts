/**
 * National short codes people dial for services other than emergency calls, per country: like an
 * emergency number (emergency-numbers.ts), no extension dialing rule may turn one into an extension, or a
 * Teams user dialing 711 (the relay service for deaf and hard-of-hearing callers) or 988 (the Suicide and
 * Crisis Lifeline) at a site with 3-digit extensions 7xx or 9xx would ring a colleague instead. From the
 * national numbering plans: the N11 codes and 988 of the North American Numbering Plan (US, Canada), and
 * the national service and helpline numbers of other countries that share the length of common
 * extensions (three to five digits).
 */

const NANP = ['211', '311', '411', '511', '611', '711', '811', '988'];

const SERVICE_NUMBERS: Readonly<Record<string, readonly string[]>> = {
  US: NANP,
  CA: NANP,
  GB: ['101', '105', '111'], // police non-emergency, power cut, NHS non-emergency
  DE: ['115'], // the public authorities' number
  FR: ['115', '119'], // homeless emergency shelter, children in danger
  ES: ['010', '012', '016', '060'], // local, regional and central government information, gender violence helpline
  AT: ['141'], // doctors' on-call service
  CH: ['143', '145', '147'], // crisis line, poisoning, youth helpline
  DK: ['1813'], // Copenhagen's medical helpline
  SE: ['1177', '11414'], // healthcare advice, police non-emergency
  NZ: ['105'], // police non-emergency
  JP: ['104', '117', '171', '177', '188', '189'], // directory, time, disaster message board, weather, consumer and child helplines
  SG: ['1777'], // non-emergency ambulance
  MX: ['089'], // anonymous crime reporting
  BR: ['100', '180', '188', '199'], // human rights, women's helpline, suicide prevention, civil defence
};

/** The service short codes dialed in a country (none when the table does not know it). */
export function serviceNumbersOf(countryCode: string | undefined): readonly string[] {
  return (countryCode && SERVICE_NUMBERS[countryCode.toUpperCase()]) || [];
}
