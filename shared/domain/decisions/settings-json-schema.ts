/**
 * The published JSON Schema of the planning settings, generated from the zod schema (the single source
 * of truth). Input mode: fields with defaults are optional, which is what a hand-written file may omit.
 */
import { z } from 'zod';
import { PlanningSettingsSchema } from '../planning-settings';

export const SETTINGS_SCHEMA_FILE = 'schemas/planning-settings.schema.json';

export function settingsJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PlanningSettingsSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: 'Voice Migration Planner: planning settings',
    description: 'Operators, SBCs, Calling Plan prices, site attributes, traffic, costs, path decisions and scheduling for one tenant.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** The file content: stable formatting so the committed file can be compared byte for byte. */
export function settingsJsonSchemaText(): string {
  return `${JSON.stringify(settingsJsonSchema(), null, 2)}\n`;
}
