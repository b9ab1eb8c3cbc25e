/**
 * One person as the tab's person panel shows them: licences, numbers (directory, PBX, Teams), PBX lines
 * and devices, migration groups, readiness gates with their fix, site, effective path and why, wave and
 * date, migration status. Everything is read by key - the snapshot's person record, the People view
 * row, the person's gates, their PBX lines and groups, their plan and status records - never the tenant.
 */
import type { ReadinessGate, SiteRecommendation } from '../domain/decision-types';
import type { MigrationGroup, PbxLine } from '../domain/pbx-inventory';
import type { WaveMember } from '../domain/plan';
import type { MemberStatus } from '../domain/planning/migration-status';
import type { PlanningSettings, PstnPath, SiteDecision, UserOverride } from '../domain/planning-settings';
import type { Person, Site, TenantNumber } from '../domain/tenant-snapshot';
import { createDocumentCache } from '../store/document-cache';
import type { Store } from '../store/store';
import { DECISION_SITES, personRowId, READINESS_GATES, type DecisionSiteRecord, type PersonRow } from './decisions-read-model';
import { SETTINGS_DOCUMENT } from './decision-service';
import { readPbxGroups, readPbxLines } from './pbx-record-reader';
import type { PlanPersonIndex } from './plan-person-index';
import { PLAN_DOCUMENT, type PlanHeader } from './plan-read-model';
import { findPeople, SNAPSHOT_SITES } from './snapshot-repository';
import { PEOPLE_VIEW } from './decisions-read-model';
import { siteOptions, type SiteOperatorOption, type SiteSbcOption } from './site-detail';

/** The snapshot's collections (snapshot-repository.ts), read here one record at a time. */
const SNAPSHOT_NUMBERS = 'snapshot.numbers';

/** Gates shown per person; a person rarely has more than a handful. */
const GATES_SHOWN = 50;

export class PersonNotFoundError extends Error {
  readonly code = 'not-found';
  constructor(readonly wanted: string) {
    super(`No person "${wanted}" in the synced tenant (give an object id or a user principal name).`);
    this.name = 'PersonNotFoundError';
  }
}

/** A number the person has or will have, and what Teams holds for it. */
export interface PersonNumber {
  number: string;
  /** Where the planner knows it from. */
  sources: ('directory' | 'pbx' | 'planned' | 'teams')[];
  /** Teams' record of the number, when the sync read one. */
  teams?: Pick<TenantNumber, 'numberType' | 'assignmentStatus' | 'numberSource' | 'operatorId'> & { assignedToPerson: boolean };
}

export interface PersonPathExplanation {
  path: PstnPath;
  source: 'override' | 'site-decision' | 'recommendation';
  /** Sentences: why this path (the override's reason, the site decision, or the recommendation's reasons). */
  why: string[];
}

export interface PersonDetail {
  person: Person;
  /** The People grid's row: path, source, blocker codes, extensions (absent before decisions were computed). */
  row?: PersonRow;
  site?: Pick<Site, 'id' | 'name' | 'countryCode' | 'address'>;
  unmappedReason?: string;
  effectivePath?: PersonPathExplanation;
  /** The person's override as stored (the value a change must send as `expected`), or null. */
  override: UserOverride | null;
  /** The target key the override is stored under (object id or UPN, as it was written). */
  overrideKey: string;
  siteDecision?: SiteDecision;
  recommendation?: Pick<SiteRecommendation, 'path' | 'operatorId' | 'sbcId' | 'reasons'>;
  /** What an override may name: the operators and SBCs that serve the person's site (an OC override needs an operator, DR an SBC). */
  options: { operators: SiteOperatorOption[]; sbcs: SiteSbcOption[] };
  /** Own gates and the gates of their site for their path. */
  gates: ReadinessGate[];
  numbers: PersonNumber[];
  pbxLines: PbxLine[];
  groups: { id: string; kind: MigrationGroup['kind']; name: string; people: number; lines: number }[];
  wave?: { number: number; name: string; date: string; time: string; member: WaveMember; planStale: boolean };
  status?: MemberStatus;
  settingsVersion: number | null;
}

export interface PersonDetailService {
  detail(tenantId: string, idOrUpn: string): Promise<PersonDetail>;
}

const sameUser = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function createPersonDetailService(store: Store, index: PlanPersonIndex): PersonDetailService {
  const documents = createDocumentCache(store);

  async function gatesOf(tenantId: string, person: Person, row: PersonRow | undefined, siteRecord: DecisionSiteRecord | undefined): Promise<ReadinessGate[]> {
    const own = await store.pageCollection<ReadinessGate>(tenantId, READINESS_GATES, { key: `person:${person.id}`, limit: GATES_SHOWN });
    const gates = [...own.items];
    // Site gates hold the person when they are about the person's path (or every path).
    const siteCodes = siteRecord?.readiness?.siteBlockers ?? [];
    if (person.siteId && siteCodes.length) {
      for (const code of new Set(siteCodes)) {
        const page = await store.pageCollection<ReadinessGate>(tenantId, READINESS_GATES, { allKeys: [`site:${person.siteId}`, `code:${code}`], limit: 20 });
        gates.push(...page.items.filter((g) => !g.personId && (!g.path || g.path === row?.path)));
      }
    }
    return gates;
  }

  async function numbersOf(tenantId: string, person: Person, lines: PbxLine[], member: WaveMember | undefined, status: MemberStatus | undefined): Promise<PersonNumber[]> {
    const found = new Map<string, PersonNumber>();
    const add = (n: string | undefined, source: PersonNumber['sources'][number]) => {
      if (!n) return;
      const e = found.get(n) ?? found.set(n, { number: n, sources: [] }).get(n)!;
      if (!e.sources.includes(source)) e.sources.push(source);
    };
    for (const b of person.businessPhones) add(b.e164 ?? b.raw, 'directory');
    for (const l of lines) add(l.did, 'pbx');
    add(member?.numberToAssign, 'planned');
    add(member?.privateNumber, 'planned');
    for (const a of status?.actual ?? []) add(a.number, 'teams');
    await Promise.all(
      [...found.values()]
        .filter((n) => n.number.startsWith('+'))
        .map(async (n) => {
          const t = await store.getRecord<TenantNumber>(tenantId, SNAPSHOT_NUMBERS, n.number);
          if (t) {
            n.teams = {
              numberType: t.numberType,
              assignmentStatus: t.assignmentStatus,
              numberSource: t.numberSource,
              ...(t.operatorId && { operatorId: t.operatorId }),
              assignedToPerson: t.assignmentTargetId === person.id,
            };
          }
        }),
    );
    return [...found.values()];
  }

  function explain(row: PersonRow | undefined, override: UserOverride | null, decision: SiteDecision | undefined, rec: SiteRecommendation | undefined, site: Site | undefined): PersonPathExplanation | undefined {
    if (!row?.path) return undefined;
    const source = (row.pathSource ?? 'recommendation') as PersonPathExplanation['source'];
    const siteName = site?.name ?? row.siteName ?? 'their site';
    let why: string[];
    if (source === 'override') why = [`Overridden for this person: ${override?.reason ?? 'no reason recorded'}.`];
    else if (source === 'site-decision') why = [`${siteName} is decided on ${decision?.path ?? row.path}.`, ...(decision?.note ? [decision.note] : [])];
    else why = [`Not decided yet: the recommendation for ${siteName}.`, ...(rec?.reasons ?? [])];
    return { path: row.path, source, why };
  }

  return {
    async detail(tenantId, idOrUpn) {
      const [person] = await findPeople(store, tenantId, [idOrUpn]);
      if (!person) throw new PersonNotFoundError(idOrUpn);
      const [row, site, siteRecord, settingsDoc, planHeader] = await Promise.all([
        store.getRecord<PersonRow>(tenantId, PEOPLE_VIEW, personRowId(person)),
        person.siteId ? store.getRecord<Site>(tenantId, SNAPSHOT_SITES, person.siteId) : undefined,
        person.siteId ? store.getRecord<DecisionSiteRecord>(tenantId, DECISION_SITES, person.siteId) : undefined,
        documents.get<PlanningSettings>(tenantId, SETTINGS_DOCUMENT),
        documents.get<PlanHeader>(tenantId, PLAN_DOCUMENT),
      ]);
      const settings = settingsDoc?.data;
      const users = settings?.decisions?.users ?? [];
      const override = users.find((u) => sameUser(u.user, person.id)) ?? users.find((u) => sameUser(u.user, person.userPrincipalName)) ?? null;
      const decision = person.siteId ? settings?.decisions?.sites?.find((d) => d.siteId === person.siteId) : undefined;

      const [memberRef, statusRef, pbxLines, groups] = await Promise.all([
        index.memberRecord(tenantId, person.id),
        index.statusRecord(tenantId, person.id),
        readPbxLines(store, tenantId, row?.lineIds ?? []),
        readPbxGroups(store, tenantId, row?.groupIds ?? []),
      ]);
      const [foundMember, foundStatus] = await Promise.all([
        memberRef ? store.getRecord<WaveMember>(tenantId, memberRef.collection, memberRef.id) : undefined,
        statusRef ? store.getRecord<MemberStatus>(tenantId, statusRef.collection, statusRef.id) : undefined,
      ]);
      // An index and its records are read apart: a plan or sync stored in between could point at someone else.
      const member = foundMember?.personId === person.id ? foundMember : undefined;
      const status = foundStatus?.personId === person.id ? foundStatus : undefined;
      const waveNumber = member && memberRef ? Number(memberRef.id.split(':')[0]) : undefined;
      const waveRow = waveNumber !== undefined ? planHeader?.data.waves.find((w) => w.number === waveNumber) : undefined;

      const rec = siteRecord?.recommendation;
      return {
        person,
        ...(row && { row }),
        ...(site && { site: { id: site.id, name: site.name, countryCode: site.countryCode, address: site.address } }),
        ...(!person.siteId && row?.unmappedReason && { unmappedReason: row.unmappedReason }),
        effectivePath: explain(row, override, decision, rec, site),
        override,
        overrideKey: override?.user ?? person.userPrincipalName,
        ...(decision && { siteDecision: decision }),
        ...(rec && { recommendation: { path: rec.path, operatorId: rec.operatorId, sbcId: rec.sbcId, reasons: rec.reasons } }),
        options: person.siteId ? siteOptions(settings, person.siteId, site?.countryCode) : { operators: [], sbcs: [] },
        gates: await gatesOf(tenantId, person, row, siteRecord),
        numbers: await numbersOf(tenantId, person, pbxLines, member, status),
        pbxLines,
        groups: groups.map((g) => ({ id: g.id, kind: g.kind, name: g.name, people: g.personIds.length, lines: g.lineIds.length })),
        ...(member &&
          waveRow && {
            wave: {
              number: waveRow.number,
              name: waveRow.name,
              date: waveRow.date,
              time: waveRow.time,
              member,
              planStale: (settingsDoc?.version ?? 0) !== planHeader!.data.settingsVersion,
            },
          }),
        ...(status && { status }),
        settingsVersion: settingsDoc?.version ?? null,
      };
    },
  };
}
