/**
 * A PowerShell single-quoted string literal: the one way a value from the plan, the directory or the
 * settings reaches a script (see shared/export/powershell.ts for the rule). Here, apart from the
 * exporters, because the migration status writes its fix-up commands too.
 */
const PS_SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;
const HAS_PS_SINGLE_QUOTE = /['\u2018\u2019\u201A\u201B]/;

/** A PowerShell single-quoted string literal holding exactly `value`: each of the four quote characters is doubled. */
export function psQuote(value: string): string {
  // Most values hold no quote at all: skip the replace (100,000 users, several values each).
  if (!HAS_PS_SINGLE_QUOTE.test(value)) return `'${value}'`;
  return `'${value.replace(PS_SINGLE_QUOTES, (q) => q + q)}'`;
}
