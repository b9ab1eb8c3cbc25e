/** `npm run schema`: writes schemas/planning-settings.schema.json from the zod schema (a test checks it is current). */
import fs from 'node:fs';
import path from 'node:path';
import { SETTINGS_SCHEMA_FILE, settingsJsonSchemaText } from '../shared/domain/decisions/settings-json-schema';

const file = path.join(__dirname, '..', SETTINGS_SCHEMA_FILE);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, settingsJsonSchemaText());
process.stdout.write(`wrote ${SETTINGS_SCHEMA_FILE}\n`);
