/**
 * What each wave's cutover runbook sets up in Teams for the sites' main numbers (main-numbers.ts): the
 * number a site's PBX answered with an auto attendant moves, in the wave of the site's last people, to a
 * Teams auto attendant on a resource account of its own. The auto attendant answers as a PBX main
 * number does, by name and, where the PBX passed calls on by extension, by extension, in the site's
 * language and time zone; outside the site's business hours (its settings) and on the public holidays of
 * its country (auto-attendant-holidays.ts) a closed greeting comes first. What no cmdlet can take from
 * the plan or the settings (the PBX's greetings and menu options, people still on the PBX) is listed as
 * a step for a person. Plain data: runbooks.ts writes it as PowerShell.
 */
import type { MainNumber, Plan } from '../domain/plan';
import type { ExportInput } from './export-input';
import { autoAttendantHolidays, type AutoAttendantHolidays } from './auto-attendant-holidays';
import { formatBusinessHours, type BusinessHoursRange } from '../domain/business-hours';
import { autoAttendantLocale, type AutoAttendantLocale } from './auto-attendant-locale';
import type { SiteAttributes } from '../domain/planning-settings';
import { autoAttendantPrompts, type AutoAttendantPrompts } from './auto-attendant-prompts';
import { isUpn } from './powershell';
import { ResourceAccountNames, servedUpn } from '../domain/planning/account-names';
import type { SkippedItem } from './runbooks';

export interface AutoAttendantSetUp {
  main: MainNumber;
  /** The auto attendant's name in Teams and its resource account's display name: "<site> main number". */
  name: string;
  /**
   * UPN of its resource account: the one the site's settings name (`autoAttendantAccount`, which the
   * tenant has already), else one the runbook creates (unique across the plan).
   */
  resourceAccount: string;
  /** The account is the tenant's own, named in the site's settings. */
  existingAccount?: true;
  /** Text-to-speech language and time zone, from the site's country (auto-attendant-locale.ts). */
  languageId: string;
  timeZoneId: string;
  /** Dial by extension besides dial by name: the PBX passed calls on through the number by extension. */
  byExtension: boolean;
  /** Its starting prompts, in its language (placeholders until the PBX's greetings are recorded). */
  prompts: AutoAttendantPrompts;
  /** The public holidays it answers as holidays, from the cutover; absent when the site's country has no calendar. */
  holidays?: AutoAttendantHolidays;
  /** The site's business hours (its settings): outside them it answers after hours. Absent: open at all hours. */
  businessHours?: BusinessHoursRange[];
  /** Who "0" reaches (the site's settings): a person's or a resource account's UPN. Absent: no operator. */
  operator?: string;
}

/** A step the runbook does not take, for a person, before the cutover. */
export interface AutoAttendantNote {
  attendant: string;
  result: 'ACTION';
  step: string;
}

export interface WaveMainNumberSetUps {
  autoAttendants: AutoAttendantSetUp[];
  notes: AutoAttendantNote[];
  /** Main numbers left to a person, with the number they are about (the Resource accounts sheet says why). */
  skipped: (SkippedItem & { number: string })[];
}

/** The main numbers a wave's runbook answers with auto attendants, in words ('' for none). */
export function mainNumberSetUpSummary(s: WaveMainNumberSetUps): string {
  const n = s.autoAttendants.length;
  return n ? `answer ${n} main number${n === 1 ? '' : 's'} with an auto attendant${n === 1 ? '' : ' each'}` : '';
}

const EMPTY: WaveMainNumberSetUps = { autoAttendants: [], notes: [], skipped: [] };

/** Worked out once per export: the runbooks and workbooks ask for every wave's. */
const byInput = new WeakMap<ExportInput, { plan: Plan; byWave: Map<number, WaveMainNumberSetUps> }>();

/** The main-number set-ups of one wave. */
export function waveMainNumberSetUps(input: ExportInput, waveNumber: number): WaveMainNumberSetUps {
  let index = byInput.get(input);
  // Keyed by the input, whose site names the set-ups use; worked out again if the plan was swapped.
  if (!index || index.plan !== input.plan) byInput.set(input, (index = { plan: input.plan, byWave: setUpsByWave(input) }));
  return index.byWave.get(waveNumber) ?? EMPTY;
}

/** How a site's new auto attendant answers: its language, time zone, business hours, public holidays and operator. */
export interface AttendantCallHandling {
  locale: AutoAttendantLocale;
  holidays?: AutoAttendantHolidays;
  businessHours?: BusinessHoursRange[];
  /** Who "0" reaches: a person's or a resource account's UPN. */
  operator?: string;
}

/**
 * A site's call handling from its country and its attributes in the settings, for an attendant set up
 * on `cutover`: what the runbook builds, and what the wave panel shows before it runs.
 */
export function attendantCallHandling(
  countryCode: string | undefined,
  attributes: Pick<SiteAttributes, 'region' | 'businessHours' | 'operator'> | undefined,
  cutover: string,
): AttendantCallHandling {
  const holidays = autoAttendantHolidays(countryCode, attributes?.region, cutover);
  return {
    locale: autoAttendantLocale(countryCode, attributes?.region),
    ...(holidays && { holidays }),
    ...(attributes?.businessHours?.length && { businessHours: attributes.businessHours }),
    ...(isUpn(attributes?.operator) && { operator: attributes.operator }),
  };
}

function setUpsByWave(input: ExportInput): Map<number, WaveMainNumberSetUps> {
  const sites = new Map(input.sites.map((s) => [s.id, s]));
  const attributes = new Map(input.settings.sites.map((s) => [s.siteId, s]));
  const accounts = new ResourceAccountNames();
  // Accounts the sites' settings name, each for the site's first main number in the plan.
  const named = new Map<string, string>();
  for (const a of input.settings.sites) {
    if (!isUpn(a.autoAttendantAccount)) continue;
    named.set(a.siteId, a.autoAttendantAccount);
    accounts.reserve(a.autoAttendantAccount);
  }
  const ownNumbers = named.size ? numbersOfAccounts(input.plan, new Set([...named.values()].map((u) => u.toLowerCase()))) : new Map<string, OwnNumber>();
  const names = new Set<string>();
  const byWave = new Map<number, WaveMainNumberSetUps>();
  for (const wave of input.plan.waves) {
    const mains = wave.mainNumbers ?? [];
    if (!mains.length) continue;
    const into: WaveMainNumberSetUps = { autoAttendants: [], notes: [], skipped: [] };
    byWave.set(wave.number, into);
    const perSite = new Map<string, number>();
    for (const m of mains) perSite.set(m.siteId, (perSite.get(m.siteId) ?? 0) + 1);
    for (const main of mains) {
      const site = sites.get(main.siteId);
      const siteName = site?.name ?? main.siteId;
      const several = perSite.get(main.siteId)! > 1;
      const existing = named.get(main.siteId);
      if (existing) named.delete(main.siteId);
      // A new account takes the domain of a user it serves.
      const served = existing ?? servedUpn(wave, main.siteId);
      if (!served) {
        into.skipped.push({ number: main.number, what: `main number ${main.number} of ${siteName}`, reason: 'no user of the wave has a plain UPN (name@domain) whose domain its resource account could take; set the auto attendant up by hand' });
        continue;
      }
      // A site with several main numbers gets an attendant for each, told apart by the number.
      let name = `${siteName} main number${several ? ` ${main.number}` : ''}`;
      // The runbook finds an attendant by its name: two sites of one name must not share one.
      if (names.has(name)) name = `${name} (${main.siteId})`;
      names.add(name);
      const { locale, holidays, businessHours, operator } = attendantCallHandling(site?.countryCode, attributes.get(main.siteId), wave.date);
      const byExtension = !!main.extension || !!main.linesRingingThrough;
      const setUp: AutoAttendantSetUp = {
        main,
        name,
        resourceAccount: existing ?? accounts.next('aa', several ? `${siteName} ${main.number.replace(/\D/g, '').slice(-4)}` : siteName, 'site', served),
        ...(existing && { existingAccount: true as const }),
        languageId: locale.languageId,
        timeZoneId: locale.timeZoneId,
        byExtension,
        prompts: autoAttendantPrompts(locale.languageId, byExtension),
        ...(holidays && { holidays }),
        ...(businessHours && { businessHours }),
        ...(operator && { operator }),
      };
      into.autoAttendants.push(setUp);
      const hand = (step: string) => into.notes.push({ attendant: name, result: 'ACTION', step });
      const own = existing ? ownNumbers.get(existing.toLowerCase()) : undefined;
      if (own && own.number !== main.number) {
        hand(
          `${existing} also takes a number of its own, ${own.number}, in wave ${own.wave} (Number assignments), and a resource account holds one number: ` +
            'whichever is assigned last replaces the other. Give one of the two numbers to another account before the cutover',
        );
      }
      hand(
        `before the cutover, make it answer as the PBX's auto attendant does: record its greetings and menu prompts in ${locale.languageId} ` +
          "(the runbook sets placeholder prompts in that language), and set its menu options to match the PBX's" +
          (setUp.operator ? `; "0" reaches ${setUp.operator}, the site's operator` : "; the site's settings name no operator, so \"0\" reaches nobody: name one (the site's attributes) where the PBX had one"),
      );
      hand(
        businessHours
          ? `after hours: the runbook answers outside the site's business hours (${formatBusinessHours(businessHours)}, ${locale.timeZoneId}) with a closed greeting before the same directory search; change its greeting or action where the PBX's night service does otherwise`
          : "after hours: the site's settings give no business hours, so it answers as open at all hours; give them (the site's attributes), or set its after-hours call flow",
      );
      hand(
        holidays
          ? `holidays: the runbook gives it the public holidays of ${holidays.calendar} to ${holidays.to} (${holidays.schedules.length}, a holiday greeting before the same directory search); change their greeting or action where the PBX closes, and add the site's own closing days` +
              (holidays.left.length ? `; ${holidays.left.join(', ')} do not fit the 20 holiday sets an auto attendant takes: add their dates to one of its sets` : '')
          : `holidays: the planner knows no public holidays for ${site?.countryCode ?? 'its country'}; add its holidays (holiday call flows)`,
      );
      if (locale.check) hand(locale.check);
      const blocked = blockedPeopleAt(input.plan, wave.number, main.siteId);
      if (blocked) {
        hand(
          `${blocked} ${blocked === 1 ? 'person' : 'people'} at the site ${blocked === 1 ? 'is' : 'are'} blocked and stay${blocked === 1 ? 's' : ''} on the PBX: ` +
            'not in the Teams directory yet, its directory search does not find them; give the menu an option that transfers to their PBX numbers until they move',
        );
      }
    }
  }
  return byWave;
}

interface OwnNumber {
  number: string;
  wave: number;
}

/** The numbers the plan gives the named accounts as wave members (a resource account moves like a person). */
function numbersOfAccounts(plan: Plan, upns: ReadonlySet<string>): Map<string, OwnNumber> {
  const out = new Map<string, OwnNumber>();
  for (const w of plan.waves) {
    for (const m of w.members) {
      if (!m.numberToAssign || !m.userPrincipalName) continue;
      const upn = m.userPrincipalName.toLowerCase();
      if (upns.has(upn)) out.set(upn, { number: m.numberToAssign, wave: w.number });
    }
  }
  return out;
}

/** The people the plan says are still blocked at the site when its main number moves (build-plan.ts). */
function blockedPeopleAt(plan: Plan, waveNumber: number, siteId: string): number {
  const people = new Set<string>();
  for (const u of plan.unmet) {
    if (u.code !== 'main-number-before-blocked-people' || !u.siteIds?.includes(siteId)) continue;
    if (u.waveNumber !== undefined && u.waveNumber !== waveNumber) continue;
    for (const id of u.personIds ?? []) people.add(id);
  }
  return people.size;
}
