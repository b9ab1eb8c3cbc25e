/**
 * The admin's site mapping rules document (`{rules: [...]}`), checked before it is saved or previewed:
 * every problem is reported by JSON path (`$.rules[2].siteName`), and a saved document always compiles
 * to rules that can match someone. Text is trimmed and country codes upper-cased, so what is stored is
 * what site derivation compares.
 */
import { z } from 'zod';
import { countryCodeFromText } from './country-names';
import { schemaIssues, type SettingsIssue } from './decisions/settings-validation';
import type { SiteMappingRule } from './site-derivation';

export interface SiteRulesDocument {
  rules: SiteMappingRule[];
}

/** Generous for any real tenant; keeps one request from compiling an unbounded number of patterns. */
export const MAX_SITE_RULES = 1000;
const MAX_TEXT = 200;

const text = (what: string) =>
  z
    .string({ error: `expected text (${what})` })
    .trim()
    .min(1, { message: `must not be empty; leave ${what} out instead`, abort: true })
    .max(MAX_TEXT, `at most ${MAX_TEXT} characters`);

const SiteMappingRuleSchema = z
  .strictObject(
    {
    /** `*` matches any run of characters (compared case- and accent-insensitively). */
    officeLocation: text('officeLocation').optional(),
    city: text('city').optional(),
    country: text('country')
      .refine((c) => !c.includes('*'), { message: 'country does not take a * wildcard: give a country name or a two-letter ISO code', abort: true })
      .refine((c) => countryCodeFromText(c) !== undefined, 'not a country this planner recognises: use a two-letter ISO code, e.g. US')
      .optional(),
    siteName: z
      .string({ error: 'required: the name of the site these people belong to' })
      .trim()
      .min(1, 'required: the name of the site these people belong to')
      .max(MAX_TEXT, `at most ${MAX_TEXT} characters`),
    countryCode: z
      .string({ error: 'expected a two-letter ISO country code, e.g. US' })
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'expected a two-letter ISO country code, e.g. US')
      .transform((c) => c.toUpperCase())
      .optional(),
    },
    { error: (issue) => (issue.code === 'invalid_type' ? 'expected a rule: {officeLocation?, city?, country?, siteName, countryCode?}' : undefined) },
  )
  .superRefine((rule, ctx) => {
    // deriveSites never applies a rule without a condition; refusing it beats saving a rule that does nothing.
    if (rule.officeLocation === undefined && rule.city === undefined && rule.country === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a rule needs at least one of officeLocation, city or country to match people on' });
    }
  });

const SiteRulesDocumentSchema = z.strictObject(
  {
    rules: z
      .array(SiteMappingRuleSchema, { error: 'required: the list of rules ([] for none)' })
      .max(MAX_SITE_RULES, `at most ${MAX_SITE_RULES} rules`),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'expected a document {"rules": [...]}' : undefined) },
);

export type SiteRulesValidation = { ok: true; document: SiteRulesDocument; issues: [] } | { ok: false; issues: SettingsIssue[] };

export function validateSiteRules(input: unknown): SiteRulesValidation {
  const parsed = SiteRulesDocumentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: schemaIssues(parsed.error) };
  return { ok: true, document: { rules: parsed.data.rules }, issues: [] };
}
