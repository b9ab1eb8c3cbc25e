/** Runs one benchmark case in this process and prints its result as one JSON line. */
import path from 'node:path';
import type { BenchDefinition } from './harness';

async function main(): Promise<void> {
  const [file, caseId] = process.argv.slice(2);
  const mod = await import(path.resolve(file));
  const def: BenchDefinition = mod.default?.cases ? mod.default : mod.default?.default;
  const c = def.cases.find((x) => x.id === caseId);
  if (!c) throw new Error(`no case ${caseId} in ${file}`);
  const prepared = c.setup ? await c.setup() : undefined;
  global.gc?.();
  const start = process.hrtime.bigint();
  const notes = (await c.run(prepared)) ?? undefined;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  if (c.teardown) await c.teardown(prepared);
  process.stdout.write(`\nBENCH_RESULT ${JSON.stringify({ seconds, peakRssMb, notes })}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
