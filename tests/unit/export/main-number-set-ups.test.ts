/**
 * What each wave's cutover runbook sets up for the sites' main numbers (main-number-set-ups.ts): an auto
 * attendant per main number in the wave that moves it, on a resource account named like a call queue's
 * (unique across the plan, in the domain of the site's people), the language and time zone of the site's
 * country, dial by extension where the PBX passed calls on by extension, and the steps left to a person.
 */
import type { MainNumber } from '../../../shared/domain/plan';
import { SiteAttributesSchema } from '../../../shared/domain/planning-settings';
import { autoAttendantLocale } from '../../../shared/export/auto-attendant-locale';
import { autoAttendantPrompts, PROMPT_LANGUAGES } from '../../../shared/export/auto-attendant-prompts';
import { answeringText } from '../../../shared/domain/migration-group-labels';
import { autoAttendantHolidays, MAX_HOLIDAYS_PER_ATTENDANT, scheduleDate } from '../../../shared/export/auto-attendant-holidays';
import { buildLookups } from '../../../shared/export/export-model';
import { resourceAccountRows } from '../../../shared/export/resource-account-rows';
import { mainNumberSetUpSummary, waveMainNumberSetUps } from '../../../shared/export/main-number-set-ups';
import { buildFixtureInput, buildFixturePlan } from './support/fixture-plan';

const main = (overrides: Partial<MainNumber>): MainNumber => ({ siteId: 'seattle', number: '+14255552000', path: 'DR', numberType: 'directRouting', sbcId: 'sbc1', ...overrides });

describe('waveMainNumberSetUps', () => {
  it('sets up an auto attendant for each main number in the wave that moves it, on a resource account of the site', () => {
    const input = buildFixtureInput();
    const seattle = waveMainNumberSetUps(input, 0);
    expect(seattle.autoAttendants).toEqual([
      {
        main: input.plan.waves[0].mainNumbers![0],
        name: 'Seattle main number',
        resourceAccount: 'aa-seattle@contoso.com',
        languageId: 'en-US',
        timeZoneId: 'Eastern Standard Time',
        byExtension: true,
        prompts: autoAttendantPrompts('en-US', true),
        holidays: autoAttendantHolidays('US', undefined, input.plan.waves[0].date),
      },
    ]);
    expect(seattle.skipped).toEqual([]);
    // Denver's moves in wave 1, where nobody reached the PBX through it by extension: dial by name only.
    expect(waveMainNumberSetUps(input, 1).autoAttendants).toEqual([expect.objectContaining({ name: '+Denver main number', resourceAccount: 'aa-denver@contoso.com', byExtension: false })]);
    expect(mainNumberSetUpSummary(seattle)).toBe('answer 1 main number with an auto attendant');
    expect(waveMainNumberSetUps(input, 7)).toEqual({ autoAttendants: [], notes: [], skipped: [] });
  });

  it("answers outside the site's business hours, where its settings give them, and says so", () => {
    const input = buildFixtureInput();
    const hours = [{ weekdays: [1, 2, 3, 4, 5], from: '08:00', to: '17:30' }];
    input.settings = { ...input.settings, sites: [...input.settings.sites.filter((a) => a.siteId !== 'seattle'), SiteAttributesSchema.parse({ siteId: 'seattle', businessHours: hours })] };
    const s = waveMainNumberSetUps(input, 0);
    expect(s.autoAttendants[0].businessHours).toEqual(hours);
    expect(s.notes[1].step).toBe(
      "after hours: the runbook answers outside the site's business hours (Mon-Fri 08:00-17:30, Eastern Standard Time) with a closed greeting before the same directory search; change its greeting or action where the PBX's night service does otherwise",
    );
    expect(s.notes[0].step).toMatch(/the site's settings name no operator, so "0" reaches nobody/);
    // An operator named for the site: "0" reaches it, and the steps say so.
    const withOperator = waveMainNumberSetUps({ ...input, settings: { ...input.settings, sites: input.settings.sites.map((a) => (a.siteId === 'seattle' ? { ...a, operator: 'reception@contoso.com' } : a)) } }, 0);
    expect(withOperator.autoAttendants[0].operator).toBe('reception@contoso.com');
    expect(withOperator.notes[0].step).toMatch(/; "0" reaches reception@contoso.com, the site's operator$/);
    // Denver's settings give none: open at all hours, and the step says so.
    expect(waveMainNumberSetUps(input, 1).autoAttendants[0].businessHours).toBeUndefined();
    expect(waveMainNumberSetUps(input, 1).notes[1].step).toContain("after hours: the site's settings give no business hours, so it answers as open at all hours");
  });

  it("leaves the PBX's greetings, hours and menu to a person, says which public holidays it was given, and says when blocked people are not in the directory", () => {
    const input = buildFixtureInput();
    const notes = waveMainNumberSetUps(input, 1).notes;
    expect(notes.map((n) => [n.attendant, n.result])).toEqual(Array.from({ length: 5 }, () => ['+Denver main number', 'ACTION']));
    expect(notes[0].step).toMatch(/^before the cutover, .*record its greetings and menu prompts in en-US \(the runbook sets placeholder prompts in that language\), and set its menu options to match the PBX's; the site's settings name no operator/);
    expect(notes[1].step).toMatch(/^after hours: the site's settings give no business hours, so it answers as open at all hours/);
    expect(notes[2].step).toMatch(/^holidays: the runbook gives it the public holidays of US to \d{4}-12-31 \(\d+, a holiday greeting before the same directory search\); .*add the site's own closing days$/);
    expect(notes[3].step).toMatch(/^time zone: the site's country \(US\) has several and the settings give the site no region that settles it; Eastern Standard Time/);
    expect(notes[4].step).toMatch(/^1 person at the site is blocked and stays on the PBX: not in the Teams directory yet.*option that transfers to their PBX numbers/);
    // Seattle has nobody blocked: no such step.
    expect(waveMainNumberSetUps(input, 0).notes.map((n) => n.step).join('\n')).not.toMatch(/blocked/);
  });

  it('tells the attendants of a site with several main numbers apart by the number', () => {
    const plan = buildFixturePlan();
    plan.waves[0].mainNumbers = [main({ number: '+14255552000' }), main({ number: '+14255553000', extension: '3000' })];
    expect(waveMainNumberSetUps(buildFixtureInput(plan), 0).autoAttendants.map((a) => [a.name, a.resourceAccount, a.byExtension])).toEqual([
      ['Seattle main number +14255552000', 'aa-seattle-2000@contoso.com', false],
      ['Seattle main number +14255553000', 'aa-seattle-3000@contoso.com', true],
    ]);
  });

  it('keeps names and UPNs unique across the plan: another site of the same name gets its own', () => {
    const plan = buildFixturePlan();
    plan.waves[1].mainNumbers = [main({ siteId: 'seattle-2', number: '+12065552000' })];
    const input = buildFixtureInput(plan);
    input.sites.push({ id: 'seattle-2', name: 'Seattle', countryCode: 'US', source: 'pbx' });
    expect(waveMainNumberSetUps(input, 0).autoAttendants.map((a) => [a.name, a.resourceAccount])).toEqual([['Seattle main number', 'aa-seattle@contoso.com']]);
    expect(waveMainNumberSetUps(input, 1).autoAttendants.map((a) => [a.name, a.resourceAccount])).toEqual([['Seattle main number (seattle-2)', 'aa-seattle-2@contoso.com']]);
  });

  it("answers on the tenant's own account where the site's settings name one, and never gives its UPN to a new account", () => {
    const plan = buildFixturePlan();
    plan.waves[0].mainNumbers = [main({ number: '+14255552000' }), main({ number: '+14255553000' })];
    const input = buildFixtureInput(plan);
    input.settings.sites.push(
      SiteAttributesSchema.parse({ siteId: 'seattle', autoAttendantAccount: 'Seattle.Main@contoso.com' }),
      // Another site's settings name the UPN Denver's new account would have had.
      SiteAttributesSchema.parse({ siteId: 'london', autoAttendantAccount: 'aa-denver@contoso.com' }),
    );
    const seattle = waveMainNumberSetUps(input, 0);
    // The account holds one number: the site's first main number takes it, the second a new account.
    expect(seattle.autoAttendants.map((a) => [a.main.number, a.resourceAccount, a.existingAccount])).toEqual([
      ['+14255552000', 'Seattle.Main@contoso.com', true],
      ['+14255553000', 'aa-seattle-3000@contoso.com', undefined],
    ]);
    expect(waveMainNumberSetUps(input, 1).autoAttendants.map((a) => a.resourceAccount)).toEqual(['aa-denver-2@contoso.com']);
    // The Resource accounts sheet says whose account it is.
    const rows = resourceAccountRows(input, buildLookups(input), plan.waves[0]);
    expect(rows.map((r) => [r[0], r[3], r[8].split('\n')[0]])).toEqual([
      ['Seattle.Main@contoso.com', '+14255552000', "The cutover script, on the tenant's own account (the site's settings)"],
      ['aa-seattle-3000@contoso.com', '+14255553000', 'The cutover script'],
    ]);
  });

  it('needs no served UPN for a named account, and says when the plan also gives that account a number of its own', () => {
    const bad = buildFixturePlan();
    bad.waves[1].members = bad.waves[1].members.map((m) => ({ ...m, userPrincipalName: `${m.userPrincipalName}'; x` }));
    // The named account is a wave member too (a resource account moves like a person), with a number.
    bad.waves[0].members[0] = { ...bad.waves[0].members[0], userPrincipalName: 'denver.main@contoso.com', resourceAccount: true };
    const input = buildFixtureInput(bad);
    input.settings.sites.push(SiteAttributesSchema.parse({ siteId: 'denver', autoAttendantAccount: 'Denver.Main@contoso.com' }));
    const denver = waveMainNumberSetUps(input, 1);
    expect(denver.skipped).toEqual([]);
    expect(denver.autoAttendants.map((a) => a.resourceAccount)).toEqual(['Denver.Main@contoso.com']);
    const own = bad.waves[0].members[0].numberToAssign!;
    expect(denver.notes.map((n) => n.step)).toContainEqual(
      `Denver.Main@contoso.com also takes a number of its own, ${own}, in wave 0 (Number assignments), and a resource account holds one number: whichever is assigned last replaces the other. Give one of the two numbers to another account before the cutover`,
    );
  });

  it("takes the domain of the site's first person with a plain UPN, and skips a main number nobody's UPN can name", () => {
    const plan = buildFixturePlan();
    plan.waves[1].members = plan.waves[1].members.map((m) => ({ ...m, userPrincipalName: m.userPrincipalName.replace('contoso.com', 'Fabrikam.COM') }));
    const input = buildFixtureInput(plan);
    expect(waveMainNumberSetUps(input, 1).autoAttendants[0].resourceAccount).toBe('aa-denver@fabrikam.com');

    const bad = buildFixturePlan();
    bad.waves[1].members = bad.waves[1].members.map((m) => ({ ...m, userPrincipalName: `${m.userPrincipalName}'; x` }));
    const s = waveMainNumberSetUps(buildFixtureInput(bad), 1);
    expect(s.autoAttendants).toEqual([]);
    expect(s.skipped).toEqual([{ number: '+13035550100', what: 'main number +13035550100 of +Denver', reason: expect.stringContaining('set the auto attendant up by hand') }]);
  });
});

describe('autoAttendantLocale', () => {
  it("gives the country's language and time zone, and says to check a country of several zones, an unknown one or none", () => {
    expect(autoAttendantLocale('DE')).toEqual({ languageId: 'de-DE', timeZoneId: 'W. Europe Standard Time' });
    expect(autoAttendantLocale('gb')).toEqual({ languageId: 'en-GB', timeZoneId: 'GMT Standard Time' });
    expect(autoAttendantLocale('AU')).toMatchObject({ languageId: 'en-AU', timeZoneId: 'AUS Eastern Standard Time', check: expect.stringContaining('several') });
    expect(autoAttendantLocale('ZA')).toEqual({ languageId: 'en-US', timeZoneId: 'UTC', check: expect.stringContaining("(ZA) is not in the planner's table") });
    expect(autoAttendantLocale(undefined)).toEqual({ languageId: 'en-US', timeZoneId: 'UTC', check: expect.stringContaining('the site has no country') });
  });

  it("settles a country of several zones by the site's region (US state, Canadian province, Australian state)", () => {
    expect(autoAttendantLocale('US', 'WA')).toEqual({ languageId: 'en-US', timeZoneId: 'Pacific Standard Time' });
    expect(autoAttendantLocale('US', 'az')).toEqual({ languageId: 'en-US', timeZoneId: 'US Mountain Standard Time' });
    expect(autoAttendantLocale('CA', 'ON')).toEqual({ languageId: 'en-CA', timeZoneId: 'Eastern Standard Time' });
    expect(autoAttendantLocale('AU', 'WA')).toEqual({ languageId: 'en-AU', timeZoneId: 'W. Australia Standard Time' });
    // A region the table does not know leaves the country's most populous zone, to be checked.
    expect(autoAttendantLocale('US', 'XX')).toMatchObject({ timeZoneId: 'Eastern Standard Time', check: expect.stringContaining('no region that settles it') });
    // A single-zone country needs no region.
    expect(autoAttendantLocale('DE', 'BY')).toEqual({ languageId: 'de-DE', timeZoneId: 'W. Europe Standard Time' });
    // A region of another language: Quebec speaks French, Geneva French, Ticino Italian; Zurich keeps German.
    expect(autoAttendantLocale('CA', 'QC')).toEqual({ languageId: 'fr-CA', timeZoneId: 'Eastern Standard Time' });
    expect(autoAttendantLocale('CH', 'GE')).toEqual({ languageId: 'fr-CH', timeZoneId: 'W. Europe Standard Time' });
    expect(autoAttendantLocale('CH', 'ti')).toEqual({ languageId: 'it-IT', timeZoneId: 'W. Europe Standard Time' });
    expect(autoAttendantLocale('CH', 'ZH')).toEqual({ languageId: 'de-CH', timeZoneId: 'W. Europe Standard Time' });
    expect(autoAttendantPrompts(autoAttendantLocale('CA', 'QC').languageId, false).menu).toBe('Veuillez indiquer le nom de la personne que vous souhaitez joindre.');
  });
});

describe('autoAttendantHolidays', () => {
  it("gives the public holidays of the site's country and region from the cutover to the end of the next year, one schedule per holiday", () => {
    const gb = autoAttendantHolidays('GB', undefined, '2027-03-01')!;
    expect(gb).toMatchObject({ calendar: 'GB', from: '2027-03-01', to: '2028-12-31', left: [] });
    const christmas = gb.schedules.find((h) => h.name === 'Christmas Day (GB)')!;
    expect(christmas.ranges).toEqual([
      { start: '25/12/2027', end: '26/12/2027' },
      { start: '25/12/2028', end: '26/12/2028' },
    ]);
    // New Year's Day 2027 is before the cutover: only 2028's.
    expect(gb.schedules.find((h) => h.name.startsWith("New Year's Day"))!.ranges).toEqual([{ start: '1/1/2028', end: '2/1/2028' }]);
    // In the order of their first day after the cutover.
    const firsts = gb.schedules.map((h) => h.ranges[0].start.split('/').reverse().map(Number));
    expect(firsts).toEqual([...firsts].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]));
    // A region's own holidays: Bavaria has Epiphany, Berlin does not.
    const epiphany = (h: { name: string }) => /Heilige Drei Könige/.test(h.name);
    expect(autoAttendantHolidays('DE', 'BY', '2027-03-01')!.schedules.some(epiphany)).toBe(true);
    expect(autoAttendantHolidays('DE', 'BY', '2027-03-01')!.calendar).toBe('DE-BY');
    expect(autoAttendantHolidays('DE', 'BE', '2027-03-01')!.schedules.some(epiphany)).toBe(false);
    expect(autoAttendantHolidays(undefined, undefined, '2027-03-01')).toBeUndefined();
    expect(autoAttendantHolidays('Germany', undefined, '2027-03-01')).toBeUndefined();
  });

  it('makes one range of a holiday of several days, and keeps to the 20 holiday sets an auto attendant takes', () => {
    // A calendar (as the lookup gives it) with a three-day holiday and more holidays than an auto attendant takes.
    const days = new Map<string, string>([
      ['2027-04-01', 'Spring Festival'],
      ['2027-04-02', 'Spring Festival'],
      ['2027-04-03', 'Spring Festival'],
      ['2028-04-10', 'Spring Festival'],
    ]);
    for (let i = 1; i <= MAX_HOLIDAYS_PER_ATTENDANT + 2; i++) days.set(`2027-06-${String(i).padStart(2, '0')}`, `Day ${i}`);
    const lookup = { holidaysOfYear: (year: number) => new Map([...days].filter(([date]) => date.startsWith(`${year}-`))) };
    const h = autoAttendantHolidays('ZZ', undefined, '2027-01-01', lookup)!;
    expect(h.schedules[0]).toEqual({ name: 'Spring Festival (ZZ)', ranges: [{ start: '1/4/2027', end: '4/4/2027' }, { start: '10/4/2028', end: '11/4/2028' }] });
    expect(h.schedules).toHaveLength(MAX_HOLIDAYS_PER_ATTENDANT);
    expect(h.left).toEqual(['Day 20', 'Day 21', 'Day 22']);
    expect(scheduleDate('2027-01-05')).toBe('5/1/2027');
  });
});

describe('autoAttendantPrompts', () => {
  it("gives the starting prompts in the attendant's language, English for a language without its own", () => {
    expect(autoAttendantPrompts('en-US', false)).toEqual({
      menu: 'Please enter the name of the person you are calling.',
      menuWithOperator: 'Please enter the name of the person you are calling. To reach the operator, press 0.',
      closed: 'Thank you for calling. Our office is closed now.',
      holiday: 'Thank you for calling. Our office is closed today for a public holiday.',
    });
    expect(autoAttendantPrompts('de-DE', true).menu).toBe('Bitte nennen Sie den Namen oder die Durchwahl der Person, die Sie anrufen möchten.');
    expect(autoAttendantPrompts('it-IT', false).holiday).toBe('Grazie per aver chiamato. Oggi i nostri uffici sono chiusi per festività.');
    expect(autoAttendantPrompts('fi-FI', false)).toEqual(autoAttendantPrompts('en-GB', false));
    // With an operator, "press 0" follows the menu prompt (Japanese runs its sentences together).
    expect(autoAttendantPrompts('en-US', false).menuWithOperator).toBe('Please enter the name of the person you are calling. To reach the operator, press 0.');
    expect(autoAttendantPrompts('ja-JP', true).menuWithOperator).toBe('おつなぎする方のお名前または内線番号をおっしゃってください。受付におつなぎする場合は0を押してください。');
    // Every language of the locale table has its own (an English voice is only for English sites).
    const tableLanguages = ['US', 'CA', 'MX', 'BR', 'GB', 'IE', 'DE', 'AT', 'CH', 'NL', 'IT', 'SE', 'FR', 'BE', 'DK', 'ES', 'PL', 'IN', 'SG', 'JP', 'AU'].map((c) => autoAttendantLocale(c).languageId.slice(0, 2));
    expect(tableLanguages.filter((l) => !PROMPT_LANGUAGES.includes(l))).toEqual([]);
    // Each language's prompts differ from one another and from English's, except English itself.
    for (const language of PROMPT_LANGUAGES) {
      const p = { ...autoAttendantPrompts(language, false), extension: autoAttendantPrompts(language, true).menu };
      expect(new Set(Object.values(p)).size).toBe(5);
      if (language !== 'en') expect(p.menu).not.toBe(autoAttendantPrompts('en', false).menu);
    }
  });
});

describe('answeringText', () => {
  it('says in one line how a main number will be answered, as the wave panel, the CLI and the bot show it', () => {
    expect(
      answeringText({
        account: 'ra-aa-milan@contoso.com',
        operator: 'reception@contoso.com',
        languageId: 'it-IT',
        timeZoneId: 'W. Europe Standard Time',
        businessHours: 'Mon-Fri 09:00-13:00, Mon-Fri 14:00-18:00',
        holidays: { calendar: 'IT', count: 13, to: '2028-12-31' },
      }),
    ).toBe(
      "on ra-aa-milan@contoso.com (the tenant's account) · it-IT, W. Europe Standard Time · 0 for reception@contoso.com · open Mon-Fri 09:00-13:00, Mon-Fri 14:00-18:00 · 13 public holidays of IT to 2028-12-31",
    );
    expect(answeringText({ languageId: 'en-US', timeZoneId: 'UTC' })).toBe('on a new resource account · en-US, UTC · open at all hours · no public holidays known');
  });
});
