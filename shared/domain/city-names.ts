/**
 * Directories write a city the way the office writes it ("München", "Warszawa", "Milano", "東京") while
 * places, mapping rules and PBX exports often use the English name, and older names linger ("Bombay",
 * "Kiev"). Site derivation compares city names through this table so that both spellings land on one
 * site instead of two ("warsaw" and "warszawa"). Only whole names are folded, and only within the
 * city's own country (or where the country is unknown): "Roma, Texas" stays Roma.
 *
 * Hand-written because no maintained package maps exonyms to endonyms for the cities offices are in
 * (GeoNames' alternate names are hundreds of megabytes); it covers major business cities and is easy
 * to extend. Accents and scripts are handled before lookup by the caller's key (see site-derivation).
 */

/** Canonical English name, ISO country, and the other names the same city goes by. */
const CITIES: readonly [name: string, country: string, otherNames: readonly string[]][] = [
  ['Munich', 'DE', ['München', 'Muenchen']],
  ['Cologne', 'DE', ['Köln', 'Koeln']],
  ['Nuremberg', 'DE', ['Nürnberg', 'Nuernberg']],
  ['Frankfurt', 'DE', ['Frankfurt am Main', 'Frankfurt a.M.', 'Frankfurt/Main']],
  ['Düsseldorf', 'DE', ['Duesseldorf']],
  ['Vienna', 'AT', ['Wien']],
  ['Zurich', 'CH', ['Zürich', 'Zuerich']],
  ['Geneva', 'CH', ['Genève', 'Genf', 'Ginevra']],
  ['Basel', 'CH', ['Bâle', 'Basilea']],
  ['Lucerne', 'CH', ['Luzern']],
  ['Warsaw', 'PL', ['Warszawa', 'Warschau']],
  ['Krakow', 'PL', ['Kraków', 'Krakau', 'Cracow']],
  ['Wroclaw', 'PL', ['Wrocław', 'Breslau']],
  ['Gdansk', 'PL', ['Gdańsk', 'Danzig']],
  ['Prague', 'CZ', ['Praha', 'Prag']],
  ['Copenhagen', 'DK', ['København', 'Kopenhagen']],
  ['Gothenburg', 'SE', ['Göteborg', 'Goeteborg']],
  ['Helsinki', 'FI', ['Helsingfors']],
  ['Brussels', 'BE', ['Bruxelles', 'Brussel', 'Brüssel']],
  ['Antwerp', 'BE', ['Antwerpen', 'Anvers']],
  ['Ghent', 'BE', ['Gent', 'Gand']],
  ['Liège', 'BE', ['Luik', 'Lüttich']],
  ['The Hague', 'NL', ['Den Haag', "'s-Gravenhage"]],
  ['Milan', 'IT', ['Milano', 'Mailand']],
  ['Rome', 'IT', ['Roma', 'Rom']],
  ['Turin', 'IT', ['Torino']],
  ['Naples', 'IT', ['Napoli', 'Neapel']],
  ['Florence', 'IT', ['Firenze', 'Florenz']],
  ['Venice', 'IT', ['Venezia', 'Venedig']],
  ['Genoa', 'IT', ['Genova', 'Genua']],
  ['Lisbon', 'PT', ['Lisboa', 'Lissabon']],
  ['Seville', 'ES', ['Sevilla']],
  ['Athens', 'GR', ['Αθήνα', 'Athina', 'Athen']],
  ['Bucharest', 'RO', ['București', 'Bukarest']],
  ['Belgrade', 'RS', ['Beograd', 'Београд']],
  ['Sofia', 'BG', ['София']],
  ['Moscow', 'RU', ['Москва', 'Moskva', 'Moskau']],
  ['Saint Petersburg', 'RU', ['Санкт-Петербург', 'Sankt-Peterburg', 'St. Petersburg', 'Sankt Petersburg']],
  ['Kyiv', 'UA', ['Київ', 'Kiev', 'Kiew']],
  ['Mexico City', 'MX', ['Ciudad de México', 'CDMX', 'México D.F.', 'Ciudad de Mexico']],
  ['New York', 'US', ['New York City', 'NYC']],
  ['Mumbai', 'IN', ['Bombay']],
  ['Bengaluru', 'IN', ['Bangalore']],
  ['Chennai', 'IN', ['Madras']],
  ['Kolkata', 'IN', ['Calcutta']],
  ['Beijing', 'CN', ['北京', 'Peking']],
  ['Shanghai', 'CN', ['上海']],
  ['Guangzhou', 'CN', ['广州', '廣州']],
  ['Shenzhen', 'CN', ['深圳']],
  ['Hong Kong', 'HK', ['香港']],
  ['Taipei', 'TW', ['台北', '臺北']],
  ['Tokyo', 'JP', ['東京', '东京']],
  ['Osaka', 'JP', ['大阪']],
  ['Yokohama', 'JP', ['横浜']],
  ['Seoul', 'KR', ['서울']],
  ['Tel Aviv', 'IL', ['Tel Aviv-Yafo', 'Tel Aviv-Jaffa', 'תל אביב']],
];

export interface KnownCity {
  /** The canonical (English) name. */
  name: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  /** The canonical name's comparison key (the caller's `keyOf`), made once. */
  key: string;
}

/**
 * The table by comparison key. `keyOf` must be the key the caller compares names by (case, accents and
 * scripts folded), so that "MÜNCHEN", "Muenchen" and "münchen" all find Munich.
 */
export function cityIndex(keyOf: (text: string) => string): (key: string, countryCode?: string) => KnownCity | undefined {
  const byKey = new Map<string, KnownCity>();
  for (const [name, countryCode, others] of CITIES) {
    const city = { name, countryCode, key: keyOf(name) };
    for (const text of [name, ...others]) byKey.set(keyOf(text), city);
  }
  return (key, countryCode) => {
    const city = byKey.get(key);
    return city && (!countryCode || countryCode === city.countryCode) ? city : undefined;
  };
}
