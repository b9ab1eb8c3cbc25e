/**
 * `vmp site-rules`: the tenant's site mapping rules (document `site-mapping-rules`, `{rules: [...]}`) and
 * how many people map to no site. `--preview <file>` shows what the rules in a file would change against
 * the stored snapshot without saving; `--set <file>` saves them as the next version and shows what they
 * change; with `--apply` the stored snapshot's sites are re-derived now rather than at the next sync.
 * Invalid rules: exit 2 with every error and its JSON path, nothing saved.
 */
import type { SiteMappingRule } from '../../shared/domain/site-derivation';
import type { SiteRulesPreview, SiteRulesSaveResult, SiteRulesView } from '../../shared/services/site-rules-service';
import { CliError, EXIT, GlobalOptions, printResult } from '../cli-context';
import { withTenant } from '../services';
import { readJsonFile, rethrowSiteRulesRejection } from '../input-files';
import { counted } from '../../shared/domain/counted';

function people(n: number): string {
  return `${n} ${n === 1 ? 'person' : 'people'}`;
}

function describeRule(rule: SiteMappingRule): string {
  const when = [
    rule.officeLocation !== undefined && `officeLocation "${rule.officeLocation}"`,
    rule.city !== undefined && `city "${rule.city}"`,
    rule.country !== undefined && `country "${rule.country}"`,
  ].filter(Boolean);
  return `${when.join(' and ')} -> ${rule.siteName}${rule.countryCode ? ` (${rule.countryCode})` : ''}`;
}

function formatRules(view: SiteRulesView): string {
  const out = [
    view.version === null
      ? 'Site mapping rules: none saved yet.'
      : `Site mapping rules: version ${view.version}, saved by ${view.updatedBy ?? 'unknown'} at ${view.updatedAt ?? 'an unknown time'}, ${counted(view.rules.length, 'rule')}.`,
  ];
  view.rules.forEach((r, i) => out.push(`  ${i + 1}. ${describeRule(r)}`));
  const s = view.snapshot;
  if (!s) out.push('No snapshot yet: the first sync applies the rules.');
  else {
    out.push(
      `Snapshot taken at ${s.takenAt}: ${people(s.unmappedPeople)} map to no site` +
        (s.appliedRulesVersion !== undefined ? `; rules version ${s.appliedRulesVersion} applied to it.` : '.'),
    );
    if (s.note) out.push(`  note: ${s.note}`);
  }
  return out.join('\n');
}

function formatPreview(p: SiteRulesPreview): string {
  const out = [`Against the snapshot taken at ${p.snapshotTakenAt} (${people(p.people)}):`];
  for (const r of p.rules) out.push(`  ${r.index + 1}. -> ${r.siteName} [${r.siteId}${r.newSite ? ', new site' : ''}]: ${people(r.people)}`);
  out.push(`  Unmapped: ${p.unmapped.before} -> ${p.unmapped.after}; ${people(p.peopleMoving)} ${p.peopleMoving === 1 ? 'changes' : 'change'} site.`);
  const refs = (list: { id: string }[]) => list.map((s) => s.id).join(', ');
  out.push(
    `  Sites: ${p.sites.before} -> ${p.sites.after}` +
      (p.sites.added.length ? `; new: ${refs(p.sites.added)}` : '') +
      (p.sites.removed.length ? `; gone: ${refs(p.sites.removed)}` : '') +
      '.',
  );
  if (p.unmapped.sample.length) {
    out.push(`  Still unmapped (${p.unmapped.sample.length} of ${p.unmapped.after}):`);
    for (const u of p.unmapped.sample) out.push(`    ${u.displayName} <${u.userPrincipalName}>${u.newlyUnmapped ? ' (loses its site)' : ''}: ${u.reason}`);
  }
  for (const n of p.notes) out.push(`  note: ${n}`);
  return out.join('\n');
}

function formatSaved(saved: SiteRulesSaveResult, preview: SiteRulesPreview | undefined): string {
  const out = [`Site mapping rules saved as version ${saved.version}.`];
  if (saved.applied) {
    const a = saved.applied;
    out.push(`Applied to the stored snapshot: ${people(a.peopleMoving)} changed site; unmapped ${a.unmappedBefore} -> ${a.unmappedAfter}; ${a.sites} sites.`);
  } else {
    if (saved.notApplied) out.push(`Not applied: ${saved.notApplied}`);
    else out.push('The next sync applies them (or run again with --apply).');
    if (preview) out.push(formatPreview(preview));
  }
  return out.join('\n');
}

export interface SiteRulesOptions {
  preview?: string;
  set?: string;
  apply?: boolean;
}

export async function runSiteRules(options: GlobalOptions, cmd: SiteRulesOptions): Promise<void> {
  if (cmd.preview && cmd.set) throw new CliError('Give either --preview or --set, not both.', EXIT.badInput);
  if (cmd.apply && !cmd.set) throw new CliError('--apply needs --set <file>.', EXIT.badInput);
  const file = cmd.set ?? cmd.preview;
  const input = file === undefined ? undefined : readJsonFile(file, 'site rules file');
  await withTenant(options, async (services, tenantId) => {
    const rules = services.siteRules;
    if (cmd.preview) {
      let preview: SiteRulesPreview;
      try {
        preview = await rules.preview(tenantId, input);
      } catch (err) {
        rethrowSiteRulesRejection(err, cmd.preview);
      }
      printResult(options, { tenantId, preview }, () => formatPreview(preview));
      return;
    }
    if (cmd.set) {
      const current = await rules.get(tenantId);
      let saved: SiteRulesSaveResult;
      try {
        saved = await rules.save(tenantId, 'cli', input, current.version, { apply: cmd.apply === true });
      } catch (err) {
        rethrowSiteRulesRejection(err, cmd.set);
      }
      // Not applied: show what the next sync will change.
      const preview = !saved.applied && current.snapshot ? await rules.preview(tenantId, input) : undefined;
      printResult(options, { tenantId, ...saved, ...(preview && { preview }) }, () => formatSaved(saved, preview));
      return;
    }
    const view = await rules.get(tenantId);
    printResult(options, { tenantId, ...view }, () => formatRules(view));
  });
}
