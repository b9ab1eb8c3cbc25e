/**
 * Validates card JSON against the bundled Adaptive Cards 1.5 schema (adaptive-card-1.5.schema.json,
 * written from the public schema) with ajv. Also checks what the schema cannot: Teams shows at most
 * six actions, and every Action.Execute carries a verb.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import schema from './adaptive-card-1.5.schema.json';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

export function adaptiveCardErrors(card: unknown): string[] {
  const errors: string[] = [];
  if (!validate(card)) {
    for (const e of validate.errors ?? []) if (e.keyword !== 'if') errors.push(`${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
  const walk = (x: unknown, at: string): void => {
    if (Array.isArray(x)) return x.forEach((v, i) => walk(v, `${at}/${i}`));
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (Array.isArray(o.actions) && o.actions.length > 6) errors.push(`${at}/actions has ${o.actions.length} actions; Teams shows at most 6`);
    if (o.type === 'Action.Execute' && (typeof o.verb !== 'string' || !o.verb)) errors.push(`${at} Action.Execute without a verb`);
    for (const [k, v] of Object.entries(o)) walk(v, `${at}/${k}`);
  };
  walk(card, '');
  return errors;
}

/** Throws with every error when `card` is not a valid Adaptive Card 1.5. */
export function expectValidAdaptiveCard(card: unknown): void {
  const errors = adaptiveCardErrors(card);
  if (errors.length) throw new Error(`Not a valid Adaptive Card 1.5:\n  ${errors.join('\n  ')}\n${JSON.stringify(card).slice(0, 2000)}`);
}
