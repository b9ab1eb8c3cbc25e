/**
 * The emergency numbers people dial in each country, as Teams matches them (an emergency call routing
 * policy's EmergencyDialString, after the dial plan's normalisation): what Direct Routing must send to
 * the SBC as dialed, and what no extension dialing rule may turn into an extension. From the national
 * numbering plans' published emergency services; 112 reaches emergency services on every GSM network,
 * so a country not in the table keeps at least that (and is said to be unknown).
 */

const EMERGENCY_NUMBERS: Readonly<Record<string, readonly string[]>> = {
  US: ['911', '933'], // 933: the carriers' test of the address an emergency call sends
  CA: ['911'],
  MX: ['911'],
  GB: ['999', '112'],
  IE: ['112', '999'],
  FR: ['112', '15', '17', '18', '114'],
  DE: ['112', '110'],
  AT: ['112', '122', '133', '144'],
  CH: ['112', '117', '118', '144'],
  IT: ['112', '113', '115', '118'],
  ES: ['112', '091', '092', '062'],
  PT: ['112'],
  NL: ['112'],
  BE: ['112', '100', '101'],
  LU: ['112', '113'],
  DK: ['112'],
  SE: ['112'],
  NO: ['112', '110', '113'],
  FI: ['112'],
  PL: ['112', '997', '998', '999'],
  CZ: ['112', '150', '155', '158'],
  AU: ['000', '112', '106'],
  NZ: ['111'],
  JP: ['110', '119', '118'],
  KR: ['112', '119'],
  SG: ['999', '995'],
  HK: ['999'],
  IN: ['112', '100', '101', '102', '108'],
  CN: ['110', '119', '120', '122'],
  BR: ['190', '192', '193'],
  ZA: ['10111', '10177', '112'],
  AE: ['999', '998', '997'],
  IL: ['100', '101', '102'],
};

export interface CountryEmergencyNumbers {
  numbers: readonly string[];
  /** The country is in the table; otherwise `numbers` is 112 alone. */
  known: boolean;
}

export function emergencyNumbersOf(countryCode: string | undefined): CountryEmergencyNumbers {
  const numbers = countryCode ? EMERGENCY_NUMBERS[countryCode.toUpperCase()] : undefined;
  return numbers ? { numbers, known: true } : { numbers: ['112'], known: false };
}
