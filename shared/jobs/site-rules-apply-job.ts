/**
 * The `site-rules-apply` job: the site rules service's own save with `apply`, which re-derives every
 * person's site over the whole stored snapshot and stores rules and people in one commit. At 100,000
 * people that is seconds of parsing and deriving, which held the event loop for 2.6 s when it ran in
 * the request. A stale version or bad rules fail the job with the service's error (conflict,
 * bad-input), which the route answers as 409 or 400. Loaded only by a worker running one.
 */
import type { SiteRulesDocument } from '../domain/site-rules-validation';
import { createSiteRulesService } from '../services/site-rules-service';
import { readInput, type JobContext, type JobOutcome } from './job-handlers';

/** The job's input artefact: the rules as the admin sent them and the version they read. */
export interface SiteRulesApplyInput {
  document: SiteRulesDocument;
  expectedVersion: number | null;
  /** Who saves them, as the audit names them. */
  actor: string;
}

export async function runSiteRulesApplyJob(ctx: JobContext): Promise<JobOutcome> {
  const { store, job } = ctx;
  const input = await readInput<SiteRulesApplyInput>(ctx);
  ctx.progress({ phase: 'applying', message: 'Saving the rules and deriving every person\'s site over the stored snapshot' });
  const saved = await createSiteRulesService(store, ctx.now).save(job.tenantId, input.actor, input.document, input.expectedVersion, { apply: true });
  return { result: { ...saved } };
}
