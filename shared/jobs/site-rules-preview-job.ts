/**
 * The `site-rules-preview` job: the site rules service's own preview (site derivation re-run over the
 * whole stored snapshot) with the candidate rules from the job's input artefact. The preview is the
 * job's detail (result artefact); the job record keeps its counts. Loaded only by a worker running one.
 */
import { createSiteRulesService, type SiteRulesPreview } from '../services/site-rules-service';
import { readInput, type JobContext, type JobOutcome } from './job-handlers';
import { jobResultArtefact } from './job-types';

export async function runSiteRulesPreviewJob(ctx: JobContext): Promise<JobOutcome> {
  const { store, job } = ctx;
  const input = await readInput<unknown>(ctx);
  ctx.progress({ phase: 'previewing', message: 'Deriving sites over the stored snapshot with the candidate rules' });
  const preview: SiteRulesPreview = await createSiteRulesService(store, ctx.now).preview(job.tenantId, input);
  const resultArtefact = jobResultArtefact(job.id);
  await store.artefacts.put(job.tenantId, resultArtefact, JSON.stringify(preview));
  return {
    result: {
      rules: preview.rules.length,
      people: preview.people,
      peopleMoving: preview.peopleMoving,
      unmapped: { before: preview.unmapped.before, after: preview.unmapped.after },
      sites: { before: preview.sites.before, after: preview.sites.after },
      exact: preview.exact,
    },
    resultArtefact,
  };
}
