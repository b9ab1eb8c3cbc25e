/**
 * Real-looking places for the demo tenant: cities in many countries with street addresses, number
 * prefixes that are valid in each country's numbering plan, carriers and name pools (with non-ASCII
 * names). The first ten entries already span eight countries so even a 50-user tenant is international.
 */
export interface CatalogueSite {
  name: string;
  city: string;
  state?: string;
  countryCode: string;
  /** How the directory spells the country (free text varies on purpose). */
  countryTexts: string[];
  street: string;
  postalCode: string;
  /** Office code an admin would map with a rule ("SEA-B2"). */
  officeCode: string;
  /** E.164 prefix; five more digits make a valid number. */
  didPrefix: string;
  /** National trunk prefix ('0' in most of Europe), '' where numbers are dialled as is. */
  trunkPrefix: string;
  carrier: string;
  /** False: the tenant has no places here; users' city defines the site. */
  hasPlaces: boolean;
  /**
   * What kind of office it is, which decides its PBX estate: 'hq' and 'branch' are modern offices
   * (IP phones and softphones only); 'legacy' offices keep analog, fax, elevator, door and paging lines;
   * 'contact-centre' runs the call queue with call-centre agents; 'small' is a handful of people whatever
   * the tenant size. Unset: a branch, or (beyond the first ten sites) a legacy office by the seed's roll.
   */
  role?: 'hq' | 'branch' | 'legacy' | 'contact-centre' | 'small';
}

export const CATALOGUE: readonly CatalogueSite[] = [
  { name: 'Seattle', city: 'Seattle', state: 'WA', countryCode: 'US', countryTexts: ['US', 'United States', 'USA'], street: '1200 Westlake Ave N', postalCode: '98109', officeCode: 'SEA-B2', didPrefix: '+120643', trunkPrefix: '1', carrier: 'Lumen', hasPlaces: true , role: 'hq' },
  { name: 'London City', city: 'London', countryCode: 'GB', countryTexts: ['UK', 'United Kingdom', 'GB'], street: '30 Fenchurch Street', postalCode: 'EC3M 3BD', officeCode: 'LON-FS', didPrefix: '+4420379', trunkPrefix: '0', carrier: 'BT', hasPlaces: true , role: 'legacy' },
  { name: 'Berlin', city: 'Berlin', countryCode: 'DE', countryTexts: ['Germany', 'Deutschland', 'DE'], street: 'Friedrichstraße 68', postalCode: '10117', officeCode: 'BER-1', didPrefix: '+49309', trunkPrefix: '0', carrier: 'Deutsche Telekom', hasPlaces: true , role: 'legacy' },
  { name: 'Paris', city: 'Paris', countryCode: 'FR', countryTexts: ['France', 'FR'], street: '17 Boulevard Haussmann', postalCode: '75009', officeCode: 'PAR-HA', didPrefix: '+331426', trunkPrefix: '0', carrier: 'Orange Business', hasPlaces: true , role: 'branch' },
  { name: 'Amsterdam', city: 'Amsterdam', countryCode: 'NL', countryTexts: ['Netherlands', 'NL', 'The Netherlands'], street: 'Gustav Mahlerplein 2', postalCode: '1082 MA', officeCode: 'AMS-ZA', didPrefix: '+312012', trunkPrefix: '0', carrier: 'KPN', hasPlaces: true , role: 'branch' },
  { name: 'Madrid', city: 'Madrid', countryCode: 'ES', countryTexts: ['Spain', 'España', 'ES'], street: 'Paseo de la Castellana 259', postalCode: '28046', officeCode: 'MAD-PC', didPrefix: '+349112', trunkPrefix: '', carrier: 'Telefónica', hasPlaces: true , role: 'contact-centre' },
  { name: 'Milan', city: 'Milano', countryCode: 'IT', countryTexts: ['Italy', 'Italia', 'IT'], street: 'Via Monte Napoleone 8', postalCode: '20121', officeCode: 'MIL-MN', didPrefix: '+3902123', trunkPrefix: '', carrier: 'TIM', hasPlaces: true , role: 'branch' },
  { name: 'Stockholm', city: 'Stockholm', countryCode: 'SE', countryTexts: ['Sweden', 'Sverige', 'SE'], street: 'Kungsgatan 49', postalCode: '111 22', officeCode: 'STO-KG', didPrefix: '+468123', trunkPrefix: '0', carrier: 'Telia', hasPlaces: true , role: 'branch' },
  { name: 'Toronto', city: 'Toronto', state: 'ON', countryCode: 'CA', countryTexts: ['Canada', 'CA'], street: '100 King Street West', postalCode: 'M5X 1A9', officeCode: 'TOR-KW', didPrefix: '+141655', trunkPrefix: '1', carrier: 'Bell Canada', hasPlaces: false , role: 'small' },
  { name: 'London Docklands', city: 'London', countryCode: 'GB', countryTexts: ['UK', 'United Kingdom'], street: '1 Canada Square', postalCode: 'E14 5AB', officeCode: 'LON-CW', didPrefix: '+4420378', trunkPrefix: '0', carrier: 'BT', hasPlaces: true , role: 'branch' },
  { name: 'Munich', city: 'München', countryCode: 'DE', countryTexts: ['Germany', 'DE'], street: 'Leopoldstraße 32', postalCode: '80802', officeCode: 'MUC-LS', didPrefix: '+49894', trunkPrefix: '0', carrier: 'Vodafone', hasPlaces: true },
  { name: 'Sydney', city: 'Sydney', state: 'NSW', countryCode: 'AU', countryTexts: ['Australia', 'AU'], street: '1 Martin Place', postalCode: '2000', officeCode: 'SYD-MP', didPrefix: '+612912', trunkPrefix: '0', carrier: 'Telstra', hasPlaces: true },
  { name: 'Tokyo', city: 'Tokyo', countryCode: 'JP', countryTexts: ['Japan', 'JP'], street: '2-7-2 Marunouchi, Chiyoda-ku', postalCode: '100-7004', officeCode: 'TYO-MR', didPrefix: '+813123', trunkPrefix: '0', carrier: 'NTT Communications', hasPlaces: true },
  { name: 'New York', city: 'New York', state: 'NY', countryCode: 'US', countryTexts: ['US', 'United States'], street: '11 Times Square', postalCode: '10036', officeCode: 'NYC-TS', didPrefix: '+121255', trunkPrefix: '1', carrier: 'Verizon', hasPlaces: true },
  { name: 'Chicago', city: 'Chicago', state: 'IL', countryCode: 'US', countryTexts: ['US', 'USA'], street: '233 S Wacker Dr', postalCode: '60606', officeCode: 'CHI-WT', didPrefix: '+131254', trunkPrefix: '1', carrier: 'AT&T', hasPlaces: false },
  { name: 'São Paulo', city: 'São Paulo', state: 'SP', countryCode: 'BR', countryTexts: ['Brazil', 'Brasil', 'BR'], street: 'Avenida Paulista 1374', postalCode: '01310-100', officeCode: 'SAO-AP', didPrefix: '+5511312', trunkPrefix: '', carrier: 'Vivo Empresas', hasPlaces: true },
  { name: 'Mexico City', city: 'Ciudad de México', countryCode: 'MX', countryTexts: ['Mexico', 'México', 'MX'], street: 'Paseo de la Reforma 505', postalCode: '06500', officeCode: 'MEX-RF', didPrefix: '+5255123', trunkPrefix: '', carrier: 'Telmex', hasPlaces: true , role: 'contact-centre' },
  { name: 'Dublin', city: 'Dublin', countryCode: 'IE', countryTexts: ['Ireland', 'IE'], street: '70 Sir John Rogerson’s Quay', postalCode: 'D02 R296', officeCode: 'DUB-JR', didPrefix: '+3531234', trunkPrefix: '0', carrier: 'eir', hasPlaces: true },
  { name: 'Warsaw', city: 'Warszawa', countryCode: 'PL', countryTexts: ['Poland', 'Polska', 'PL'], street: 'ul. Złota 59', postalCode: '00-120', officeCode: 'WAW-ZL', didPrefix: '+482212', trunkPrefix: '', carrier: 'Orange Polska', hasPlaces: false },
  { name: 'Zürich', city: 'Zürich', countryCode: 'CH', countryTexts: ['Switzerland', 'Schweiz', 'CH'], street: 'Bahnhofstrasse 45', postalCode: '8001', officeCode: 'ZRH-BH', didPrefix: '+414412', trunkPrefix: '0', carrier: 'Swisscom', hasPlaces: true },
  { name: 'Frankfurt', city: 'Frankfurt am Main', countryCode: 'DE', countryTexts: ['Germany'], street: 'Taunusanlage 12', postalCode: '60325', officeCode: 'FRA-TA', didPrefix: '+496912', trunkPrefix: '0', carrier: 'Deutsche Telekom', hasPlaces: true },
  { name: 'Hamburg', city: 'Hamburg', countryCode: 'DE', countryTexts: ['Germany', 'DE'], street: 'Am Sandtorkai 50', postalCode: '20457', officeCode: 'HAM-ST', didPrefix: '+4940325', trunkPrefix: '0', carrier: 'Vodafone', hasPlaces: false },
  { name: 'Manchester', city: 'Manchester', countryCode: 'GB', countryTexts: ['UK', 'England'], street: '1 Spinningfields', postalCode: 'M3 3JE', officeCode: 'MAN-SF', didPrefix: '+4416194', trunkPrefix: '0', carrier: 'Gamma', hasPlaces: true },
  { name: 'Edinburgh', city: 'Edinburgh', countryCode: 'GB', countryTexts: ['UK', 'Scotland'], street: '1 Exchange Crescent', postalCode: 'EH3 8UL', officeCode: 'EDI-EX', didPrefix: '+4413149', trunkPrefix: '0', carrier: 'BT', hasPlaces: true },
  { name: 'Lyon', city: 'Lyon', countryCode: 'FR', countryTexts: ['France'], street: '107 Rue Servient', postalCode: '69003', officeCode: 'LYS-PD', didPrefix: '+334721', trunkPrefix: '0', carrier: 'SFR Business', hasPlaces: true },
  { name: 'Rotterdam', city: 'Rotterdam', countryCode: 'NL', countryTexts: ['Netherlands'], street: 'Wilhelminakade 137', postalCode: '3072 AP', officeCode: 'RTM-WK', didPrefix: '+311023', trunkPrefix: '0', carrier: 'KPN', hasPlaces: false },
  { name: 'Barcelona', city: 'Barcelona', countryCode: 'ES', countryTexts: ['Spain', 'ES'], street: 'Avinguda Diagonal 640', postalCode: '08017', officeCode: 'BCN-DG', didPrefix: '+349312', trunkPrefix: '', carrier: 'Telefónica', hasPlaces: true },
  { name: 'Rome', city: 'Roma', countryCode: 'IT', countryTexts: ['Italy'], street: 'Via del Corso 184', postalCode: '00187', officeCode: 'ROM-CO', didPrefix: '+3906123', trunkPrefix: '', carrier: 'Fastweb', hasPlaces: true },
  { name: 'Melbourne', city: 'Melbourne', state: 'VIC', countryCode: 'AU', countryTexts: ['Australia'], street: '80 Collins Street', postalCode: '3000', officeCode: 'MEL-CS', didPrefix: '+613912', trunkPrefix: '0', carrier: 'Optus', hasPlaces: true },
  { name: 'Bengaluru', city: 'Bengaluru', countryCode: 'IN', countryTexts: ['India', 'IN'], street: '26/1 Dr Rajkumar Road, Malleswaram', postalCode: '560055', officeCode: 'BLR-WT', didPrefix: '+9180412', trunkPrefix: '0', carrier: 'Tata Communications', hasPlaces: true },
  { name: 'Singapore', city: 'Singapore', countryCode: 'SG', countryTexts: ['Singapore', 'SG'], street: '8 Marina View', postalCode: '018960', officeCode: 'SIN-MV', didPrefix: '+65612', trunkPrefix: '', carrier: 'Singtel', hasPlaces: true },
  { name: 'San Francisco', city: 'San Francisco', state: 'CA', countryCode: 'US', countryTexts: ['US'], street: '415 Mission St', postalCode: '94105', officeCode: 'SFO-MS', didPrefix: '+141554', trunkPrefix: '1', carrier: 'Lumen', hasPlaces: true },
  { name: 'Austin', city: 'Austin', state: 'TX', countryCode: 'US', countryTexts: ['United States'], street: '500 W 2nd St', postalCode: '78701', officeCode: 'AUS-2S', didPrefix: '+151247', trunkPrefix: '1', carrier: 'AT&T', hasPlaces: false },
  { name: 'Denver', city: 'Denver', state: 'CO', countryCode: 'US', countryTexts: ['US'], street: '1801 California St', postalCode: '80202', officeCode: 'DEN-CA', didPrefix: '+130354', trunkPrefix: '1', carrier: 'Lumen', hasPlaces: true },
  { name: 'Atlanta', city: 'Atlanta', state: 'GA', countryCode: 'US', countryTexts: ['USA'], street: '1180 Peachtree St NE', postalCode: '30309', officeCode: 'ATL-PT', didPrefix: '+140454', trunkPrefix: '1', carrier: 'AT&T', hasPlaces: true },
  { name: 'Boston', city: 'Boston', state: 'MA', countryCode: 'US', countryTexts: ['US'], street: '200 Clarendon St', postalCode: '02116', officeCode: 'BOS-CL', didPrefix: '+161754', trunkPrefix: '1', carrier: 'Verizon', hasPlaces: true },
  { name: 'Vancouver', city: 'Vancouver', state: 'BC', countryCode: 'CA', countryTexts: ['Canada'], street: '1055 W Georgia St', postalCode: 'V6E 3P3', officeCode: 'YVR-WG', didPrefix: '+160455', trunkPrefix: '1', carrier: 'Telus', hasPlaces: true },
  { name: 'Vienna', city: 'Wien', countryCode: 'AT', countryTexts: ['Austria', 'Österreich'], street: 'Kärntner Ring 5-7', postalCode: '1010', officeCode: 'VIE-KR', didPrefix: '+43151', trunkPrefix: '0', carrier: 'A1 Telekom', hasPlaces: true },
  { name: 'Brussels', city: 'Bruxelles', countryCode: 'BE', countryTexts: ['Belgium', 'Belgique'], street: 'Avenue Louise 54', postalCode: '1050', officeCode: 'BRU-AL', didPrefix: '+32221', trunkPrefix: '0', carrier: 'Proximus', hasPlaces: true },
  { name: 'Copenhagen', city: 'København', countryCode: 'DK', countryTexts: ['Denmark', 'Danmark'], street: 'Kalvebod Brygge 39', postalCode: '1560', officeCode: 'CPH-KB', didPrefix: '+45331', trunkPrefix: '', carrier: 'TDC', hasPlaces: false },
];

/** Where the tenant already runs Teams Phone: Operator Connect in one country, Direct Routing in another. */
export const OPERATOR_CONNECT_COUNTRY = 'GB';
export const DIRECT_ROUTING_COUNTRY = 'DE';
export const OPERATOR_ID_BY_COUNTRY: Record<string, string> = { GB: '3b8e7a1c-5d21-4f0a-9c3e-6f7b2d1a0e11' };

export const DEPARTMENTS = [
  'Sales', 'Marketing', 'Finance', 'Engineering', 'Customer Service', 'Human Resources', 'Legal', 'Operations', 'IT', 'Facilities', 'Procurement', 'Executive Office',
] as const;

export const JOB_TITLES: Record<string, string[]> = {
  Sales: ['Account Executive', 'Sales Manager', 'Inside Sales Representative'],
  Marketing: ['Marketing Specialist', 'Brand Manager', 'Content Writer'],
  Finance: ['Accountant', 'Financial Analyst', 'Controller'],
  Engineering: ['Software Engineer', 'Senior Engineer', 'Engineering Manager'],
  'Customer Service': ['Service Agent', 'Team Lead', 'Service Manager'],
  'Human Resources': ['HR Partner', 'Recruiter', 'Payroll Specialist'],
  Legal: ['Counsel', 'Paralegal'],
  Operations: ['Operations Analyst', 'Logistics Coordinator'],
  IT: ['Systems Administrator', 'Service Desk Analyst', 'Network Engineer'],
  Facilities: ['Facilities Coordinator', 'Receptionist'],
  Procurement: ['Buyer', 'Procurement Manager'],
  'Executive Office': ['Vice President', 'Director', 'Executive Assistant'],
};

/** Given names and surnames per country; display names keep their accents, UPNs are transliterated. */
export const NAMES: Record<string, { given: string[]; surname: string[] }> = {
  default: {
    given: ['Alex', 'Brooke', 'Carlos', 'Dana', 'Ethan', 'Fatima', 'Grace', 'Hiro', 'Ivy', 'Jamal', 'Kara', 'Liam', 'Maya', 'Noah', 'Olivia', 'Priya', 'Quinn', 'Raj', 'Sofia', 'Tom', 'Uma', 'Victor', 'Wendy', 'Xavier', 'Yara', 'Zoe'],
    surname: ['Anderson', 'Brown', 'Chen', 'Davis', 'Evans', 'Garcia', 'Harris', 'Ito', 'Johnson', 'Kim', 'Lopez', 'Miller', 'Nguyen', "O'Brien", 'Patel', 'Quintero', 'Robinson', 'Smith', 'Taylor', 'Underwood', 'Vasquez', 'Walker', 'Young', 'Zimmerman'],
  },
  DE: { given: ['Jürgen', 'Anna', 'Lukas', 'Käthe', 'Maximilian', 'Sophie', 'Björn', 'Zoë', 'Felix', 'Ümit'], surname: ['Müller', 'Schröder', 'Weiß', 'Groß', 'Schäfer', 'Becker', 'Hoffmann', 'Krüger', 'Köhler', 'Wagner'] },
  AT: { given: ['Jürgen', 'Lena', 'Florian', 'Magdalena'], surname: ['Gruber', 'Huber', 'Bauer', 'Pötzl'] },
  CH: { given: ['Reto', 'Séverine', 'Urs', 'Chloé'], surname: ['Brunner', 'Frei', 'Zürcher', 'Meier'] },
  FR: { given: ['Élodie', 'François', 'Hélène', 'Jérôme', 'Agnès', 'Benoît', 'Cécile', 'Noël'], surname: ['Lefèvre', 'Dubois', 'Moreau', 'Girard', 'Chevalier', 'Bérénger', 'Durand', 'Lemaître'] },
  BE: { given: ['Maëlle', 'Wouter', 'Anaïs', 'Pieter'], surname: ['Peeters', 'Janssens', 'Dupont', 'Maes'] },
  SE: { given: ['Åsa', 'Björn', 'Märta', 'Örjan', 'Linnéa', 'Sven'], surname: ['Öberg', 'Åkesson', 'Lindström', 'Ängström', 'Nyström', 'Ek'] },
  DK: { given: ['Søren', 'Mette', 'Jørgen', 'Freja'], surname: ['Jørgensen', 'Nielsen', 'Østergaard', 'Hansen'] },
  PL: { given: ['Łukasz', 'Małgorzata', 'Paweł', 'Zofia', 'Wojciech'], surname: ['Wójcik', 'Kowalczyk', 'Szymański', 'Żak', 'Nowak'] },
  ES: { given: ['José', 'María', 'Iñaki', 'Lucía', 'Álvaro', 'Begoña'], surname: ['García', 'Martínez', 'Núñez', 'Pérez', 'Ibáñez', 'Gómez'] },
  MX: { given: ['José', 'Guadalupe', 'Andrés', 'Ximena'], surname: ['Hernández', 'López', 'Ramírez', 'Peña'] },
  BR: { given: ['João', 'Fernanda', 'Luíza', 'Mário', 'Thaís'], surname: ['Gonçalves', 'Araújo', 'Conceição', 'Simões', 'Souza'] },
  IT: { given: ['Niccolò', 'Giulia', 'Lorenzo', 'Chiara', 'Matteo'], surname: ['Rossi', 'Bianchi', 'Esposito', 'Colombo', 'Ricci'] },
  NL: { given: ['Daan', 'Sanne', 'Jeroen', 'Eline'], surname: ['de Vries', 'van den Berg', 'Bakker', 'Visser'] },
  JP: { given: ['Haruto', 'Yui', 'Sota', 'Aoi', 'Ren'], surname: ['Satō', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe'] },
  IN: { given: ['Aarav', 'Ananya', 'Vihaan', 'Diya', 'Arjun'], surname: ['Sharma', 'Iyer', 'Reddy', 'Nair', 'Gupta'] },
  IE: { given: ['Siobhán', 'Seán', 'Aoife', 'Pádraig'], surname: ["O'Sullivan", 'Ní Bhriain', 'Murphy', 'Ó Briain'] },
};
