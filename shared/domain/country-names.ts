/**
 * Graph's `country` is free text ("US", "United States", "UK", "Deutschland"). The planner needs
 * ISO 3166-1 alpha-2. This table covers the spellings seen in directories; unknown text stays unknown
 * rather than being guessed.
 */
const NAMES: Record<string, string> = {
  'united states': 'US', 'united states of america': 'US', usa: 'US', 'u.s.': 'US', 'u.s.a.': 'US', america: 'US',
  'united kingdom': 'GB', uk: 'GB', 'great britain': 'GB', england: 'GB', scotland: 'GB', wales: 'GB', britain: 'GB',
  germany: 'DE', deutschland: 'DE', france: 'FR', netherlands: 'NL', 'the netherlands': 'NL', holland: 'NL', nederland: 'NL',
  spain: 'ES', españa: 'ES', espana: 'ES', italy: 'IT', italia: 'IT', sweden: 'SE', sverige: 'SE', canada: 'CA',
  australia: 'AU', japan: 'JP', india: 'IN', singapore: 'SG', brazil: 'BR', brasil: 'BR', mexico: 'MX', méxico: 'MX',
  ireland: 'IE', poland: 'PL', polska: 'PL', switzerland: 'CH', schweiz: 'CH', suisse: 'CH', austria: 'AT', österreich: 'AT',
  belgium: 'BE', belgië: 'BE', belgique: 'BE', denmark: 'DK', danmark: 'DK', norway: 'NO', norge: 'NO', finland: 'FI', suomi: 'FI',
  portugal: 'PT', 'new zealand': 'NZ', 'south africa': 'ZA', 'czech republic': 'CZ', czechia: 'CZ', china: 'CN', 'hong kong': 'HK',
  'south korea': 'KR', korea: 'KR', 'united arab emirates': 'AE', uae: 'AE', israel: 'IL', turkey: 'TR', türkiye: 'TR',
};

/** ISO alpha-2 for a free-text country, or undefined when it is not recognised. */
export function countryCodeFromText(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const t = text.trim();
  if (/^[A-Za-z]{2}$/.test(t)) {
    const up = t.toUpperCase();
    return up === 'UK' ? 'GB' : up;
  }
  return NAMES[t.toLowerCase()];
}
