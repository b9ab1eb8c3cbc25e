/**
 * A hand-built two-site tenant whose plan is small enough to review by eye (the golden file):
 * Seattle on Operator Connect (a boss-delegate pair, the BTN holder, a whole-block block, a fax line,
 * a blocked user), Berlin on Direct Routing (a hunt group, a PBX-only extension that collides with a
 * Seattle extension, a person staying on the PBX).
 */
import type { EffectivePath, ReadinessGate } from '../../../../shared/domain/decision-types';
import type { NumberBlock, PbxLine } from '../../../../shared/domain/pbx-inventory';
import { PlanningSettingsSchema } from '../../../../shared/domain/planning-settings';
import type { Person } from '../../../../shared/domain/tenant-snapshot';
import type { BuildPlanInput } from '../../../../shared/domain/planning/build-plan';
import { snapshotOf } from '../../../support/snapshots';

function person(id: string, siteId: string, country: string, department = 'Sales'): Person {
  return {
    id,
    userPrincipalName: `${id}@contoso.test`,
    displayName: id[0].toUpperCase() + id.slice(1),
    department,
    accountEnabled: true,
    kind: 'user',
    teamsPhone: 'enabled',
    callingPlan: false,
    resourceAccountLicence: false,
    usageLocation: country,
    businessPhones: [],
    siteId,
  };
}

function line(siteId: string, extension: string, did: string | undefined, personId: string | undefined, deviceType: PbxLine['deviceType'] = 'ip-phone'): PbxLine {
  return {
    id: `${siteId}/${extension}`,
    extension,
    did,
    siteId,
    deviceType,
    huntGroups: [],
    callCentreAgent: false,
    voicemail: false,
    source: { file: 'lines.csv', row: 2 },
    match: personId ? { status: 'matched', personId, rule: 'upn', explanation: 'upn' } : { status: 'non-person', explanation: deviceType },
  };
}

function block(first: string, last: string, count: number, extra: Partial<NumberBlock>): NumberBlock {
  return { id: `${first}-${last}`, first, last, count, carrier: 'Lumen', portConstraint: 'partial-allowed', source: { file: 'blocks.csv', row: 2 }, ...extra };
}

export const SMALL_TODAY = '2026-02-02';

export function smallTenantInputs(): BuildPlanInput {
  const people = [
    person('alice', 'seattle', 'US'),
    person('bob', 'seattle', 'US'),
    person('carol', 'seattle', 'US'),
    person('dave', 'seattle', 'US'),
    person('erin', 'seattle', 'US'),
    person('frank', 'berlin', 'DE'),
    person('gina', 'berlin', 'DE'),
    person('hans', 'berlin', 'DE'),
    person('ida', 'berlin', 'DE', 'Finance'),
  ];
  const lines = [
    line('seattle', '0100', '+14255550100', 'dave'),
    line('seattle', '0101', '+14255550101', 'alice'),
    line('seattle', '0102', '+14255550102', 'bob'),
    line('seattle', '0103', '+14255550103', 'carol'),
    line('seattle', '0150', '+14255550150', undefined, 'fax'),
    line('seattle', '0201', '+14255550201', 'erin'),
    line('berlin', '5601', '+493012345601', 'frank'),
    line('berlin', '5602', '+493012345602', 'gina'),
    line('berlin', '5603', '+493012345603', 'ida'),
    line('berlin', '0101', undefined, 'hans'),
  ];
  const blocks = [
    block('+14255550100', '+14255550199', 100, { accountNumber: 'A-100', btn: '+14255550100', siteId: 'seattle', carrier: 'Lumen' }),
    block('+14255550200', '+14255550209', 10, { accountNumber: 'A-200', siteId: 'seattle', carrier: 'Lumen', portConstraint: 'whole-block' }),
    block('+493012345600', '+493012345699', 100, { accountNumber: 'B-1', btn: '+493012345600', siteId: 'berlin', carrier: 'Telekom' }),
  ];
  const oc = (personId: string): EffectivePath => ({ personId, siteId: 'seattle', path: 'OC', operatorId: 'contoso-oc', source: 'site-decision', decided: true });
  const dr = (personId: string): EffectivePath => ({ personId, siteId: 'berlin', path: 'DR', sbcId: 'sbc-eu', source: 'site-decision', decided: true });
  const effectivePaths: EffectivePath[] = [
    oc('alice'),
    oc('bob'),
    oc('carol'),
    oc('dave'),
    oc('erin'),
    dr('frank'),
    dr('gina'),
    { personId: 'hans', siteId: 'berlin', path: 'PBX', stayUntil: '2026-12-31', source: 'override', decided: true, reason: 'lab phone, replaced in December' },
    dr('ida'),
  ];
  const readiness: ReadinessGate[] = [
    { code: 'no-teams-phone-licence', severity: 'blocker', message: 'carol has no Teams Phone licence', fix: 'assign Teams Phone Standard', personId: 'carol', siteId: 'seattle' },
    { code: 'usage-location-mismatch', severity: 'warning', message: 'usage location differs', fix: 'check', personId: 'alice' },
  ];
  const settings = PlanningSettingsSchema.parse({
    operators: [{ id: 'contoso-oc', name: 'Contoso Telecom', countries: ['US'], portLeadTimeDays: 10, pricePerUserPerMonth: 8, enabledCountries: ['US'] }],
    sbcs: [{ id: 'sbc-eu', fqdn: 'sbc-eu.contoso.test', siteIds: ['berlin'], pricePerSessionPerYear: 1.25, readyDate: '2026-02-20', voiceRoutingPolicy: 'VRP-EU' }],
    sites: [
      { siteId: 'seattle', region: 'WA', emergencyAddress: 'validated' },
      { siteId: 'berlin', region: 'BE', emergencyAddress: 'validated', emergencyRouting: true, pbxDecommissionDate: '2026-06-30' },
    ],
    scheduling: {
      startDate: SMALL_TODAY,
      pilot: { users: ['alice@contoso.test'] },
      waveCapacity: { users: 2, sites: 2, numbers: 2 },
      minDaysBetweenWaves: 7,
      cutoverWeekdays: [2, 3, 4],
      changeFreezes: [{ from: '2026-03-02', to: '2026-03-06', reason: 'quarter close' }],
      drUploadLeadDays: 3,
    },
  });
  return {
    tenantId: 'contoso',
    snapshot: snapshotOf({
      tenantId: 'contoso',
      tenantName: 'Contoso',
      takenAt: '2026-02-01T10:00:00.000Z',
      people,
      sites: [
        { id: 'seattle', name: 'Seattle', countryCode: 'US', source: 'places' },
        { id: 'berlin', name: 'Berlin', countryCode: 'DE', source: 'places' },
      ],
    }),
    inventory: {
      importedAt: '2026-02-01T09:00:00.000Z',
      lines,
      blocks,
      groups: [
        { id: 'boss-delegate:alice', kind: 'boss-delegate', name: 'alice', lineIds: ['seattle/0101', 'seattle/0102'], personIds: ['alice', 'bob'] },
        { id: 'hunt-group:berlin-sales', kind: 'hunt-group', name: 'berlin-sales', lineIds: ['berlin/5601', 'berlin/5602'], personIds: ['frank', 'gina'] },
      ],
      warnings: [],
    },
    settings,
    effectivePaths,
    readiness,
    today: SMALL_TODAY,
    settingsVersion: 3,
  };
}

/** The pilot number of the Berlin hunt group in `smallTenantWithPilot`. */
export const SMALL_PILOT = '+493012345650';

function unownedLine(id: string, did: string, deviceType: PbxLine['deviceType']): PbxLine {
  return {
    id: `berlin/${id}`,
    extension: id,
    did,
    siteId: 'berlin',
    deviceType,
    huntGroups: ['berlin-sales'],
    callCentreAgent: false,
    voicemail: false,
    source: { file: 'lines.csv', row: 20 },
    match: { status: 'unmatched', explanation: 'the line has no owner' },
  };
}

/**
 * The small tenant with a pilot line (as a Skype for Business response group's LineUri is imported) and,
 * when asked, a fax line in its Berlin hunt group; `groupMembers` replaces the group's member lines.
 */
export function smallTenantWithPilot(options: { fax?: boolean; groupMembers?: string[] } = {}): BuildPlanInput {
  const input = smallTenantInputs();
  const inventory = input.inventory!;
  const pilot = unownedLine('5650', SMALL_PILOT, 'other');
  const fax = { ...unownedLine('5651', '+493012345651', 'fax'), match: { status: 'non-person' as const, explanation: 'fax' } };
  inventory.lines.push(pilot, ...(options.fax ? [fax] : []));
  const hunt = inventory.groups.find((g) => g.id === 'hunt-group:berlin-sales')!;
  hunt.lineIds = [...hunt.lineIds, pilot.id, ...(options.fax ? [fax.id] : [])].sort();
  if (options.groupMembers) {
    hunt.lineIds = [...options.groupMembers, pilot.id].sort();
    hunt.personIds = [];
  }
  return input;
}

/** Seattle's main number in `smallTenantWithMainNumber`: the line its PBX answers with an auto attendant. */
export const SMALL_MAIN = '+14255550199';

/**
 * The small tenant with Seattle's auto attendant line (main-numbers.ts): nobody at Seattle stays on the
 * PBX, so its main number moves to a Teams auto attendant with Seattle's last people, the way they go.
 */
export function smallTenantWithMainNumber(): BuildPlanInput {
  const input = smallTenantInputs();
  input.inventory!.lines.push({
    ...line('seattle', '0199', SMALL_MAIN, undefined, 'auto-attendant'),
    match: { status: 'non-person', explanation: 'auto attendant line' },
  });
  return input;
}
