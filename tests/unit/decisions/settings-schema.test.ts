import fs from 'node:fs';
import path from 'node:path';
import { SETTINGS_SCHEMA_FILE, settingsJsonSchemaText } from '../../../shared/domain/decisions/settings-json-schema';

describe('published settings JSON Schema', () => {
  it('the committed file equals the one generated from the zod schema (run `npm run schema` after changing it)', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', '..', SETTINGS_SCHEMA_FILE), 'utf8');
    expect(committed).toBe(settingsJsonSchemaText());
  });

  it('refuses unknown keys and requires what has no default', () => {
    const schema = JSON.parse(settingsJsonSchemaText());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.operators.items.required).toEqual(expect.arrayContaining(['id', 'name', 'countries', 'pricePerUserPerMonth']));
  });
});
