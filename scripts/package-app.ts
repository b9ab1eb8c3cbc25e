/**
 * Builds the Teams app package offline:
 *   appPackage/build/manifest.<env>.json and appPackage/build/appPackage.<env>.zip
 * from appPackage/manifest.json with every ${{VAR}} filled from env/.env.<env>, env/.env.<env>.user
 * and the process environment (highest priority), after validating it against the official Teams schema.
 *
 *   npm run package                          # --env dev
 *   npm run package -- --env local
 *   npm run package -- --env dev --sample    # fake ids from env/offline-sample.dev.env, for tests only
 *   npm run package -- --env dev --out-dir some/folder
 *
 * Ids such as TEAMS_APP_ID or BOT_ID are written by provisioning; until then the build fails and names
 * the variables that are missing, unless --sample is given.
 */
import * as path from 'node:path';
import { buildAppPackage } from './lib/app-package';

export interface PackageArgs {
  env: string;
  sample: boolean;
  outDir?: string;
}

export function parseArgs(argv: readonly string[]): PackageArgs {
  const args: PackageArgs = { env: 'dev', sample: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--env':
        args.env = value();
        break;
      case '--sample':
        args.sample = true;
        break;
      case '--out-dir':
        args.outDir = value();
        break;
      case '--help':
      case '-h':
        throw new Error('usage: npm run package -- [--env dev|local] [--sample] [--out-dir <folder>]');
      default:
        throw new Error(`Unknown argument: ${arg}`);
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const rootDir = path.resolve(__dirname, '..');
  const built = await buildAppPackage({
    rootDir,
    env: args.env,
    sample: args.sample,
    overrides: process.env,
    outDir: args.outDir ? path.resolve(args.outDir) : undefined,
  });
  const rel = (p: string): string => path.relative(process.cwd(), p) || p;
  console.log(`Environment ${args.env}: ${built.envFiles.map(rel).join(', ')}`);
  console.log(`Wrote ${rel(built.manifestPath)}`);
  console.log(`Wrote ${rel(built.zipPath)}`);
  if (args.sample) console.log('Built with sample ids (--sample): for offline checks only, do not upload this package.');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
