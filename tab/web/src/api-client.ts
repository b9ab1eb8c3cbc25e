/** Typed calls to the server's /api, with the host's auth headers and readable errors. */
import type { TabHost } from './teams-host';
import { createActingTenant } from './features/portfolio/acting-tenant-state';
import type { TenantStatus } from '../../../shared/services/status-service';
import type { PeopleMatching, PeoplePage, SiteFacet, SiteFacetPage } from '../../../shared/services/people-query';
import type { StateCounts } from '../../../shared/domain/planning/migration-status';
import type { CollectionPage } from '../../../shared/store/store';
import type {
  BlockersView,
  Job,
  JobAnswer,
  JobStartAnswer,
  DecisionsView,
  PlanWavesView,
  OverviewView,
  PbxImportRequest,
  PbxImportPreviewView,
  PbxColumnMappingView,
  PbxColumnPreviewView,
  PbxSummaryView,
  PbxGroupsPage,
  PlanSummaryView,
  UnmetPage,
  ReadinessView,
  RouteAnswer,
  SettingsDocument,
  SiteMappingRule,
  SiteRulesPreview,
  SiteRulesSaveResult,
  SiteRulesView,
  SyncProgressView,
  SyncStartAnswer,
  WaveCommonAreaPhonesPage,
  WaveGroupsPage,
  WaveMainNumbersPage,
  WaveMembersPage,
  PersonDetailView,
  SiteDetailView,
  SettingsItemChangeView,
} from './api-types';

/** One problem with submitted input, located by JSON path (settings) or file/row/column (imports). */
export interface ApiIssue {
  path?: string;
  message: string;
  file?: string;
  row?: number;
  column?: string;
  reason?: string;
  severity?: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    /** Field-level problems the server listed (400 validation errors, import errors). */
    readonly issues: ApiIssue[] = [],
    /** The whole JSON body, for pages that need more than the message (e.g. the current version on a 409). */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

export interface Me {
  tenantId: string;
  userId: string;
  name: string;
  via: string;
  mode: 'local' | 'production';
  /** Acting for a customer (X-Tenant-Id): the role the MSP's grant gives there. */
  actingRole?: 'admin' | 'viewer';
}

export interface PeopleFilter {
  offset: number;
  limit: number;
  q?: string;
  siteId?: string;
  path?: string;
  blocked?: boolean;
  /** Server-side order: name (default), site, path or readiness. */
  sort?: string;
  dir?: 'asc' | 'desc';
  /** `sites`: the answer also lists every site with its people count (asked once, for the site filter). */
  facets?: 'sites';
}

/** How often the tab asks how a job is getting on. */
const JOB_POLL_MS = 500;
/** Jobs a download follows before giving up (each round: the inputs changed while the file was made). */
const DOWNLOAD_JOB_ROUNDS = 3;

function query(params: Record<string, string | number | boolean | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `?${s}` : '';
}

/** Server errors come as `{error: {code, message, issues?}}`; issues may use several spellings. */
function toIssues(raw: unknown): ApiIssue[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((i: Record<string, unknown>) => {
    const p = i.path;
    return {
      ...i,
      path: Array.isArray(p) ? (p.length ? p.map(String).join('.') : '(document)') : typeof p === 'string' ? p : undefined,
      message: String(i.message ?? i.reason ?? ''),
    } as ApiIssue;
  });
}

export function createApiClient(host: TabHost) {
  // The customer tenant an MSP user acts for (X-Tenant-Id); portfolio calls (`home`) go without it.
  const actingTenant = createActingTenant();
  async function send(method: string, path: string, body?: unknown, signal?: AbortSignal, home = false): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json', ...(await host.authHeaders()) };
    if (actingTenant.current && !home) headers['X-Tenant-Id'] = actingTenant.current;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  }

  async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, home = false): Promise<T> {
    const res = await send(method, path, body, signal, home);
    const payload = res.headers.get('content-type')?.includes('json') ? await res.json() : undefined;
    if (!res.ok) {
      const err = payload?.error ?? {};
      throw new ApiError(
        err.message ?? `${res.status} ${res.statusText}`,
        res.status,
        err.code ?? 'error',
        toIssues(err.issues ?? err.errors ?? payload?.issues ?? payload?.errors),
        payload,
      );
    }
    return payload as T;
  }

  /**
   * Downloads a file with the auth header (inside Teams a plain link would carry no token). A file
   * the server makes in a job (the rollout workbook) answers 202 {job}: the job is followed to its
   * end and the file asked for again.
   */
  async function download(path: string, fallbackName: string, options: { onProgress?: (job: Job) => void; body?: unknown } = {}): Promise<void> {
    // A body (the ids of a grid's rows) makes it a POST; every other download is a GET.
    const ask = () => (options.body === undefined ? send('GET', path) : send('POST', path, options.body));
    let res = await ask();
    for (let round = 0; res.status === 202 && round < DOWNLOAD_JOB_ROUNDS; round++) {
      const { job: started } = (await res.json()) as JobStartAnswer;
      options.onProgress?.(started);
      await finishJob(started.id, { onProgress: options.onProgress });
      res = await ask();
    }
    if (!res.ok || res.status === 202) {
      const payload = res.headers.get('content-type')?.includes('json') ? await res.json() : undefined;
      const message = res.status === 202 ? 'The file changed while it was being prepared; download it again.' : `${res.status} ${res.statusText}`;
      throw new ApiError(payload?.error?.message ?? message, res.status, payload?.error?.code ?? 'error');
    }
    const blob = await res.blob();
    const disposition = res.headers.get('content-disposition') ?? '';
    const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = decodeURIComponent(name);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /** One job of the tenant; a finished one with its detail (lists paged by offset/limit). */
  const job = <Detail = Record<string, unknown>>(id: string, page: { offset?: number; limit?: number } = {}) =>
    call<JobAnswer<Detail>>('GET', `/jobs/${encodeURIComponent(id)}${query(page)}`);

  /**
   * Polls a job until it ends. Resolves with the succeeded job and its detail; a failed job throws an
   * ApiError with the job's message and the located issues of its detail (an import's errors).
   */
  async function finishJob<Detail = Record<string, unknown>>(
    id: string,
    options: { limit?: number; onProgress?: (job: Job) => void; stopped?: () => boolean } = {},
  ): Promise<JobAnswer<Detail>> {
    for (;;) {
      const answer = await job<Detail>(id, { limit: options.limit });
      const { state, error } = answer.job;
      if (state === 'succeeded') return answer;
      if (state === 'failed') {
        const detail = answer.detail as { errors?: unknown; issues?: unknown } | undefined;
        throw new ApiError(error?.message ?? 'The job failed.', 0, error?.code ?? 'failed', toIssues(detail?.errors ?? detail?.issues), answer);
      }
      options.onProgress?.(answer.job);
      if (options.stopped?.()) return answer;
      await new Promise((r) => setTimeout(r, JOB_POLL_MS));
    }
  }

  return {
    me: () => call<Me>('GET', '/me'),
    status: () => call<TenantStatus>('GET', '/status'),
    startSync: () => call<SyncStartAnswer>('POST', '/sync', {}),
    syncProgress: () => call<SyncProgressView>('GET', '/sync/progress'),
    people: (f: PeopleFilter, signal?: AbortSignal) =>
      call<PeoplePage>('GET', `/people${query({ ...f, blocked: f.blocked })}`, undefined, signal),
    /** Every site with its people count, page after page (one page for a tenant of up to 2,000 sites). */
    allSites: async (): Promise<SiteFacet[]> => {
      const sites: SiteFacet[] = [];
      for (;;) {
        const page = await call<SiteFacetPage>('GET', `/sites${query({ offset: sites.length })}`);
        sites.push(...page.items);
        if (page.items.length === 0 || sites.length >= page.total) return sites;
      }
    },
    /**
     * Each site's progress against the plan (its people done, in progress, blocked...), by site id:
     * every page of the status's site counts (a few thousand sites at most).
     */
    allSiteProgress: async (): Promise<Map<string, StateCounts>> => {
      const bySite = new Map<string, StateCounts>();
      for (let offset = 0; ; ) {
        const page = await call<CollectionPage<{ siteId: string; counts: StateCounts }>>('GET', `/migration-status/sites${query({ offset, limit: 1000 })}`);
        for (const s of page.items) bySite.set(s.siteId, s.counts);
        offset += page.items.length;
        if (page.items.length === 0 || offset >= page.total) return bySite;
      }
    },
    /** Everyone the People grid's filters match (select all matching), with their stored overrides; over `limit` the count only. */
    peopleMatching: (f: Omit<PeopleFilter, 'offset' | 'limit' | 'sort' | 'dir'>, limit?: number) =>
      call<PeopleMatching>('GET', `/people/matching${query({ ...f, limit })}`),
    pbxSummary: () => call<PbxSummaryView>('GET', '/pbx/summary'),
    /** The PBX migration groups a page at a time; `q` searches their names (the pins' group picker). */
    pbxGroups: (f: { q?: string; offset?: number; limit?: number }, signal?: AbortSignal) =>
      call<PbxGroupsPage>('GET', `/pbx/groups${query(f)}`, undefined, signal),
    /** Queues the import; follow it with finishJob (the report is the finished job's detail). */
    pbxImport: (req: PbxImportRequest) => call<JobStartAnswer>('POST', '/pbx/import', req),
    /**
     * What importing these files would store and replace; nothing is stored. The server answers when its
     * preview job ends (files with errors: an ApiError listing them); one that outlives its wait is followed here.
     */
    pbxPreview: async (req: Omit<PbxImportRequest, 'expectedVersion'>) => {
      const answer = await call<JobStartAnswer & { preview?: PbxImportPreviewView }>('POST', '/pbx/import/preview', req);
      if (answer.preview) return answer.preview;
      const done = await finishJob<PbxImportPreviewView>(answer.job.id, { limit: 500 });
      return done.detail!;
    },
    pbxMapping: () => call<PbxColumnMappingView>('GET', '/pbx/mapping'),
    savePbxMapping: (mapping: unknown, expectedVersion: number | null) => call<PbxColumnMappingView>('PUT', '/pbx/mapping', { mapping, expectedVersion }),
    /** The header of the lines export as the import would read it (send its first part only). */
    pbxColumns: (linesCsv: string, mapping?: unknown) => call<PbxColumnPreviewView>('POST', '/pbx/columns', { linesCsv, ...(mapping ? { mapping } : {}) }),
    settings: () => call<SettingsDocument>('GET', '/settings'),
    saveSettings: (settings: unknown, expectedVersion: number | null) =>
      call<SettingsDocument>('PUT', '/settings', { settings, expectedVersion }),
    /** Validation only: the server checks the document without saving it. */
    validateSettings: (settings: unknown) => call<{ valid: boolean; issues?: ApiIssue[] }>('POST', '/settings/validate', { settings }),
    siteRules: () => call<SiteRulesView>('GET', '/site-rules'),
    /**
     * What the rules would change against the stored snapshot; nothing is saved. The server checks the
     * rules (400 by JSON path), then derives the sites in a job: followed here to its end.
     */
    previewSiteRules: async (rules: SiteMappingRule[], options: { stopped?: () => boolean } = {}) => {
      const { job: started } = await call<JobStartAnswer>('POST', '/site-rules/preview', { rules });
      const done = await finishJob<SiteRulesPreview>(started.id, { limit: 1000, stopped: options.stopped });
      return done.job.state === 'succeeded' ? done.detail : undefined;
    },
    /**
     * `apply`: also re-derive the stored snapshot's sites now rather than at the next sync. The server
     * does that in a job and answers when it ends; a job queued behind another (a sync) is followed here.
     */
    saveSiteRules: async (rules: SiteMappingRule[], expectedVersion: number | null, apply: boolean): Promise<SiteRulesSaveResult> => {
      const answer = await call<SiteRulesSaveResult | JobStartAnswer>('PUT', '/site-rules', { rules, expectedVersion, apply });
      if (!('job' in answer)) return answer;
      return (await finishJob(answer.job.id)).job.result as unknown as SiteRulesSaveResult;
    },
    decisions: () => call<DecisionsView>('GET', '/decisions'),
    readiness: (params: Record<string, string | undefined> = {}) => call<ReadinessView>('GET', `/readiness${query(params)}`),
    /** Queues a plan build; follow it with finishJob. */
    makePlan: (body: { today?: string } = {}) => call<JobStartAnswer>('POST', '/plan', body),
    planSummary: () => call<PlanSummaryView>('GET', '/plan/summary'),
    planWaves: () => call<PlanWavesView>('GET', '/plan/waves'),
    planUnmet: (code: string, offset: number, limit: number) => call<UnmetPage>('GET', `/plan/unmet${query({ code, offset, limit })}`),
    planBlockers: (wave?: number) => call<BlockersView>('GET', `/plan/blockers${query({ wave })}`),
    waveMembers: (wave: number, offset: number, limit: number) =>
      call<WaveMembersPage>('GET', `/plan/waves/${wave}/members${query({ offset, limit })}`),
    waveGroups: (wave: number, offset: number, limit: number) => call<WaveGroupsPage>('GET', `/plan/waves/${wave}/groups${query({ offset, limit })}`),
    waveMainNumbers: (wave: number, offset: number, limit: number) =>
      call<WaveMainNumbersPage>('GET', `/plan/waves/${wave}/main-numbers${query({ offset, limit })}`),
    waveCommonAreaPhones: (wave: number, offset: number, limit: number) =>
      call<WaveCommonAreaPhonesPage>('GET', `/plan/waves/${wave}/common-area-phones${query({ offset, limit })}`),
    route: (number: string, date: string) => call<RouteAnswer>('GET', `/route${query({ number, date })}`),
    overview: () => call<OverviewView>('GET', '/overview'),
    /** One person for the person panel, by object id or UPN. */
    person: (idOrUpn: string, signal?: AbortSignal) => call<PersonDetailView>('GET', `/people/${encodeURIComponent(idOrUpn)}`, undefined, signal),
    /** One site for the site panel. */
    site: (siteId: string, signal?: AbortSignal) => call<SiteDetailView>('GET', `/sites/${encodeURIComponent(siteId)}`, undefined, signal),
    /**
     * Per-item settings changes (a site's decision, a person's override, a section), each with the item
     * as read; a 409 ApiError's body carries `error.conflicts` with both versions.
     */
    changeSettings: (changes: SettingsItemChangeView[]) => call<SettingsDocument>('PATCH', '/settings', { changes }),
    /** The People grid's current view (filters, search, order) as a workbook. */
    downloadPeople: (f: Omit<PeopleFilter, 'offset' | 'limit'>) => download(`/people/export.xlsx${query({ ...f })}`, 'people.xlsx'),
    /** The Sites grid's rows, in the order shown, as a workbook. */
    downloadSites: (siteIds: string[]) => download('/sites/export.xlsx', 'sites.xlsx', { body: { siteIds } }),
    job,
    finishJob,
    download,
    call,
    /** A call for the signed-in (MSP) tenant whatever customer is chosen: the portfolio and the switcher. */
    homeCall: <T>(method: string, path: string, body?: unknown) => call<T>(method, path, body, undefined, true),
    actingTenant,
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The message to show for any thrown value. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
