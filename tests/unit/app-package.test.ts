/**
 * Teams app package, Entra manifest, toolkit project files and infra parameters: offline checks.
 *
 * (a) the manifest, filled from env/.env.<env> (+ the offline sample ids), is valid against the official
 *     Teams v1.22 JSON schema bundled in @microsoft/app-manifest, and a broken copy is rejected;
 * (b) icons: sizes from the PNG header, outline is white on transparent (RGBA);
 * (c) every ${{VAR}} is available when the toolkit needs it (rule below);
 * (d) the bot command list and file support;
 * (e) the packaging code produces a zip with manifest.json, color.png and outline.png at its root.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import JSZip from 'jszip';
import {
  buildAppPackage,
  decodePng,
  fillPlaceholders,
  listPlaceholders,
  loadEnvFile,
  loadEnvironment,
  MissingVariablesError,
  parseEnv,
  readPngSize,
  teamsSchemaPath,
  validateTeamsManifest,
} from '../../scripts/lib/app-package';
import { parseArgs } from '../../scripts/package-app';
import { BOT_COMMANDS } from '../../bot/cards';
import { parseIntent } from '../../bot/understanding/intents';
import { normalise } from '../../bot/understanding/normalise';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const readJson = <T = Record<string, unknown>>(rel: string): T => JSON.parse(read(rel)) as T;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ENVS = ['dev', 'local'] as const;

/** The manifest filled the way `npm run package -- --env <env> --sample` fills it. */
function filledManifest(env: string): Json {
  const { values } = loadEnvironment(ROOT, env, { sample: true });
  return JSON.parse(fillPlaceholders(read('appPackage/manifest.json'), values, { jsonEscape: true })) as Json;
}

function expectValid(manifest: unknown): void {
  const result = validateTeamsManifest(manifest);
  if (!result.valid) console.error(`Teams schema errors:\n  ${result.errors.join('\n  ')}`);
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
}

// ---------------------------------------------------------------------------
// (a) schema validation
// ---------------------------------------------------------------------------
describe('(a) manifest against the official Teams schema (offline)', () => {
  test('the bundled v1.22 schema is present and matches the manifest header', () => {
    const manifest = readJson('appPackage/manifest.json');
    expect(manifest.manifestVersion).toBe('1.22');
    expect(manifest.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json');
    expect(fs.existsSync(teamsSchemaPath('1.22'))).toBe(true);
    // The template itself is valid JSON and only uses ${{VAR}} inside strings.
    expect(listPlaceholders(read('appPackage/manifest.json')).length).toBeGreaterThan(0);
  });

  test.each(ENVS)('manifest filled for %s validates', (env) => {
    const manifest = filledManifest(env);
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expectValid(manifest);
    expect((manifest.name.short as string).length).toBeLessThanOrEqual(30);
  });

  test('a broken copy fails validation (the check can fail)', () => {
    const tooLongName = filledManifest('dev');
    tooLongName.name.short = 'V'.repeat(40);
    const result = validateTeamsManifest(tooLongName);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toContain('/name/short');

    const badBot = filledManifest('dev');
    badBot.bots[0].botId = 'not-a-guid';
    badBot.accentColor = 'purple';
    const badBotResult = validateTeamsManifest(badBot);
    expect(badBotResult.valid).toBe(false);
    expect(badBotResult.errors.join('\n')).toContain('/bots/0/botId');
    expect(badBotResult.errors.join('\n')).toContain('/accentColor');

    const noDeveloper = filledManifest('dev');
    delete noDeveloper.developer;
    expect(validateTeamsManifest(noDeveloper).valid).toBe(false);
  });

  test('an APP_NAME_SUFFIX that pushes the short name past 30 characters is caught', () => {
    const { values } = loadEnvironment(ROOT, 'dev', { sample: true });
    const manifest = JSON.parse(
      fillPlaceholders(read('appPackage/manifest.json'), { ...values, APP_NAME_SUFFIX: ' (development)' }, { jsonEscape: true }),
    ) as Json;
    expect(validateTeamsManifest(manifest).valid).toBe(false);
  });
});

// ---------------------------------------------------------------------------
// (b) icons
// ---------------------------------------------------------------------------
describe('(b) icons', () => {
  const manifest = readJson<Json>('appPackage/manifest.json');

  test('color.png is 192x192 and opaque, with the accent colour as background', () => {
    const png = fs.readFileSync(path.join(ROOT, 'appPackage', manifest.icons.color as string));
    const header = readPngSize(png);
    expect([header.width, header.height]).toEqual([192, 192]);
    const image = decodePng(png);
    if (image.channels === 4) {
      for (let i = 3; i < image.pixels.length; i += 4) expect(image.pixels[i]).toBe(255);
    } else {
      expect(image.channels).toBe(3);
    }
    const accent = (manifest.accentColor as string).slice(1).toLowerCase();
    const corner = Array.from(image.pixels.subarray(0, 3), (b) => b.toString(16).padStart(2, '0')).join('');
    expect(corner).toBe(accent);
  });

  test('outline.png is 32x32 RGBA, white glyph on a transparent background', () => {
    const png = fs.readFileSync(path.join(ROOT, 'appPackage', manifest.icons.outline as string));
    const header = readPngSize(png);
    expect([header.width, header.height]).toEqual([32, 32]);
    expect(header.colorType).toBe(6); // RGBA
    const image = decodePng(png);
    let transparent = 0;
    let opaque = 0;
    for (let i = 0; i < image.pixels.length; i += 4) {
      const [r, g, b, a] = [image.pixels[i], image.pixels[i + 1], image.pixels[i + 2], image.pixels[i + 3]];
      if (a === 0) transparent++;
      else expect([r, g, b]).toEqual([255, 255, 255]);
      if (a === 255) opaque++;
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.4);
    expect(opaque).toBeGreaterThan(32 * 32 * 0.1);
    // Corners are empty: the glyph does not touch the edge.
    expect(image.pixels[3]).toBe(0);
    expect(image.pixels[image.pixels.length - 1]).toBe(0);
  });

  test('readPngSize rejects non-PNG data', () => {
    expect(() => readPngSize(Buffer.from('not a png at all, definitely not a png'))).toThrow('Not a PNG');
  });
});

// ---------------------------------------------------------------------------
// (c) every ${{VAR}} is available when the toolkit needs it
// ---------------------------------------------------------------------------
/*
 * Rule. The toolkit project for an environment is its yml (dev: teamsapp.yml, local: teamsapp.local.yml)
 * plus env/.env.<env>. A step of the yml may use a variable - directly in its `with:` block or inside a file
 * it consumes (manifestPath: appPackage/manifest.json or appPackage/aad.manifest.json,
 * parameters: infra/azure.parameters.json) - only if the variable
 *   1. has a value in env/.env.<env>, or is a key there whose empty value is filled outside provisioning
 *      (FILLED_OUTSIDE_PROVISIONING below: the toolkit prompts, the dev tunnel writes it, or empty is fine), or
 *   2. is written by an EARLIER step: `writeToEnvironmentFile` values, `::set-teamsfx-env NAME=` lines of a
 *      `script` step, the outputs of the Bicep template deployed by an `arm/deploy` step, or
 *      AAD_APP_ACCESS_AS_USER_PERMISSION_ID, which `aadApp/update` generates (for its own use too) when empty;
 *      deploy and publish may use everything provision writes.
 * Also:
 *   3. SECRET_* variables are never in the committed env files: they only come from provisioning, which
 *      stores them in the git-ignored env/.env.<env>.user;
 *   4. a variable that provisioning writes is empty in the committed env file (a committed id would make
 *      the toolkit reuse it instead of creating the resource);
 *   5. a used variable left empty in the env file is either written by provisioning or listed in
 *      FILLED_OUTSIDE_PROVISIONING below with the reason.
 */
const FILLED_OUTSIDE_PROVISIONING: Record<string, string> = {
  AZURE_SUBSCRIPTION_ID: 'the toolkit asks for a subscription when empty',
  AZURE_RESOURCE_GROUP_NAME: 'the toolkit asks for a resource group when empty',
  BOT_ENDPOINT: 'local: written by the dev tunnel task (or by hand) before provisioning',
  BOT_DOMAIN: 'local: written by the dev tunnel task (or by hand) before provisioning',
  ALLOWED_TENANT_IDS: 'optional: empty means the home tenant only',
  MSP_TENANT_IDS: 'optional: empty means no MSP portfolio',
  AAD_APP_CERTIFICATE_NAME: "optional: empty means the app signs in with its secret",
  APP_NAME_SUFFIX: 'optional: empty in production',
};
const GENERATED_BY_ACTION: Record<string, string[]> = {
  'aadApp/update': ['AAD_APP_ACCESS_AS_USER_PERMISSION_ID'],
};

interface Step {
  stage: 'provision' | 'deploy' | 'publish';
  uses: string;
  name: string;
  text: string;
  writes: string[];
  consumes: string[];
}

/** Minimal reader for the toolkit yml: top-level stages, `- uses:` steps, writeToEnvironmentFile blocks. */
function parseToolkitYml(yml: string): { header: string[]; version?: string; steps: Step[] } {
  const lines = yml.split(/\r?\n/);
  const steps: Step[] = [];
  let stage: Step['stage'] | undefined;
  let current: Step | undefined;
  let version: string | undefined;
  for (const line of lines) {
    if (/^\s*#/.test(line) || line.trim() === '') continue;
    const top = /^([A-Za-z][\w]*):\s*(.*)$/.exec(line);
    if (top) {
      stage = ['provision', 'deploy', 'publish'].includes(top[1] as string) ? (top[1] as Step['stage']) : undefined;
      if (top[1] === 'version') version = (top[2] as string).trim();
      current = undefined;
      continue;
    }
    if (!stage) continue;
    const uses = /^ {2}- uses:\s*(\S+)/.exec(line);
    if (uses) {
      current = { stage, uses: uses[1] as string, name: '', text: '', writes: [], consumes: [] };
      steps.push(current);
    }
    if (current) current.text += `${line.replace(/\s+#.*$/, '')}\n`;
  }
  for (const step of steps) {
    step.name = /^\s+name:\s*(.+)$/m.exec(step.text)?.[1] ?? step.uses;
    const block = /^(\s+)writeToEnvironmentFile:\s*\n((?:\1\s+\S.*\n)+)/m.exec(step.text);
    if (block) {
      for (const m of (block[2] as string).matchAll(/^\s+\w+:\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/gm)) step.writes.push(m[1] as string);
    }
    for (const m of step.text.matchAll(/::set-teamsfx-env ([A-Za-z_][A-Za-z0-9_]*)=/g)) step.writes.push(m[1] as string);
    step.writes.push(...(GENERATED_BY_ACTION[step.uses] ?? []));
    for (const m of step.text.matchAll(/^\s+(?:manifestPath|parameters):\s*(\S+)\s*$/gm)) {
      step.consumes.push(path.normalize(m[1] as string));
    }
    if (step.uses === 'arm/deploy') {
      for (const m of step.text.matchAll(/^\s+- path:\s*(\S+\.bicep)\s*$/gm)) {
        step.writes.push(...bicepOutputs(read(m[1] as string)));
      }
    }
  }
  return { header: lines.slice(0, 1), version, steps };
}

function bicepOutputs(bicep: string): string[] {
  return [...bicep.matchAll(/^output\s+([A-Za-z_][A-Za-z0-9_]*)\s+\w+\s*=/gm)].map((m) => m[1] as string);
}

const FLOWS = [
  { env: 'dev', yml: 'teamsapp.yml', mustConsume: ['appPackage/manifest.json', 'appPackage/aad.manifest.json', 'infra/azure.parameters.json'] },
  { env: 'local', yml: 'teamsapp.local.yml', mustConsume: ['appPackage/manifest.json', 'appPackage/aad.manifest.json'] },
] as const;

describe('(c) placeholders are defined, written by provisioning, Bicep outputs or secrets', () => {
  test.each(FLOWS)('$yml header: schema comment and version v1.8', ({ yml }) => {
    const parsed = parseToolkitYml(read(yml));
    expect(parsed.header[0]).toBe('# yaml-language-server: $schema=https://aka.ms/teams-toolkit/v1.8/yaml.schema.json');
    expect(parsed.version).toBe('v1.8');
  });

  test.each(FLOWS)('$yml: every variable is available when its step runs', ({ env, yml, mustConsume }) => {
    const envFile = loadEnvFile(path.join(ROOT, 'env', `.env.${env}`));
    const { steps } = parseToolkitYml(read(yml));
    const provisionWrites = new Set(steps.filter((s) => s.stage === 'provision').flatMap((s) => s.writes));

    const problems: string[] = [];
    const consumed = new Set<string>();
    const writtenSoFar = new Set<string>();
    for (const step of steps) {
      const fromEnvFile = Object.keys(envFile).filter((k) => envFile[k] !== '' || FILLED_OUTSIDE_PROVISIONING[k] !== undefined);
    const available = new Set([
      ...fromEnvFile,
      ...writtenSoFar,
      ...(GENERATED_BY_ACTION[step.uses] ?? []), // generated by the step itself before it reads its files
      ...(step.stage === 'provision' ? [] : provisionWrites),
    ]);
      const needed = new Map<string, string>();
      for (const v of listPlaceholders(step.text)) needed.set(v, `${step.uses} (${step.name})`);
      for (const file of step.consumes) {
        consumed.add(file.split(path.sep).join('/'));
        for (const v of listPlaceholders(read(file))) if (!needed.has(v)) needed.set(v, `${file} via ${step.uses}`);
      }
      for (const [v, where] of needed) {
        if (!available.has(v)) problems.push(`${v} is used by ${where} before anything defines it`);
      }
      for (const w of step.writes) writtenSoFar.add(w);
    }
    if (problems.length > 0) console.error(problems.join('\n'));
    expect(problems).toEqual([]);
    for (const file of mustConsume) expect([...consumed]).toContain(file);
  });

  test.each(FLOWS)('env/.env.$env: no secrets, no committed provisioned ids, empty values are explained', ({ env, yml }) => {
    const envFile = loadEnvFile(path.join(ROOT, 'env', `.env.${env}`));
    const { steps } = parseToolkitYml(read(yml));
    const provisionWrites = new Set(steps.filter((s) => s.stage === 'provision').flatMap((s) => s.writes));
    const used = new Set(steps.flatMap((s) => [...listPlaceholders(s.text), ...s.consumes.flatMap((f) => listPlaceholders(read(f)))]));

    expect(envFile.TEAMSFX_ENV).toBe(env);
    expect(Object.keys(envFile).filter((k) => k.startsWith('SECRET_'))).toEqual([]);
    for (const secret of [...used].filter((v) => v.startsWith('SECRET_'))) {
      expect({ secret, writtenByProvision: provisionWrites.has(secret) }).toEqual({ secret, writtenByProvision: true });
    }
    const committedIds = Object.entries(envFile).filter(([k, v]) => provisionWrites.has(k) && v !== '');
    expect(committedIds).toEqual([]);
    const unexplained = [...used].filter(
      (v) => envFile[v] === '' && !provisionWrites.has(v) && FILLED_OUTSIDE_PROVISIONING[v] === undefined,
    );
    expect(unexplained).toEqual([]);
  });

  test('every placeholder of the appPackage and infra files is covered by the dev flow', () => {
    const files = ['appPackage/manifest.json', 'appPackage/aad.manifest.json', 'infra/azure.parameters.json'];
    const envFile = loadEnvFile(path.join(ROOT, 'env', '.env.dev'));
    const writes = new Set(parseToolkitYml(read('teamsapp.yml')).steps.flatMap((s) => s.writes));
    const bicep = new Set(bicepOutputs(read('infra/azure.bicep')));
    for (const file of files) {
      for (const v of listPlaceholders(read(file))) {
        const ok = v in envFile || writes.has(v) || bicep.has(v);
        expect({ file, variable: v, defined: ok }).toEqual({ file, variable: v, defined: true });
      }
    }
  });

  test('Bicep outputs are the ones the yml and manifests consume', () => {
    expect(bicepOutputs(read('infra/azure.bicep')).sort()).toEqual(
      ['AZURE_APP_SERVICE_RESOURCE_ID', 'AZURE_STORAGE_ACCOUNT_URL', 'BOT_DOMAIN', 'BOT_ENDPOINT', 'TAB_DOMAIN', 'TAB_ENDPOINT'].sort(),
    );
    // Every Bicep parameter without a default is supplied by azure.parameters.json, and vice versa.
    const bicep = read('infra/azure.bicep');
    const declared = [...bicep.matchAll(/^param\s+(\w+)\s+\w+(\s*=)?/gm)];
    const required = declared.filter((m) => !m[2]).map((m) => m[1] as string);
    const supplied = Object.keys(readJson<Json>('infra/azure.parameters.json').parameters as Json);
    for (const p of required) expect(supplied).toContain(p);
    for (const p of supplied) expect(declared.map((m) => m[1])).toContain(p);
  });

  test('provision runs the expected actions in order', () => {
    const uses = (yml: string, stage: Step['stage']): string[] =>
      parseToolkitYml(read(yml)).steps.filter((s) => s.stage === stage).map((s) => s.uses);
    expect(uses('teamsapp.yml', 'provision')).toEqual([
      'teamsApp/create', 'aadApp/create', 'botAadApp/create', 'arm/deploy', 'aadApp/update',
      'teamsApp/validateManifest', 'teamsApp/zipAppPackage', 'teamsApp/validateAppPackage', 'teamsApp/update',
    ]);
    expect(uses('teamsapp.yml', 'deploy')).toEqual(['cli/runNpmCommand', 'cli/runNpmCommand', 'azureAppService/zipDeploy']);
    expect(uses('teamsapp.yml', 'publish')).toEqual([
      'teamsApp/validateManifest', 'teamsApp/zipAppPackage', 'teamsApp/validateAppPackage', 'teamsApp/publishAppPackage',
    ]);
    expect(uses('teamsapp.local.yml', 'provision')).toEqual([
      'teamsApp/create', 'aadApp/create', 'botAadApp/create', 'botFramework/create', 'script', 'aadApp/update',
      'teamsApp/validateManifest', 'teamsApp/zipAppPackage', 'teamsApp/validateAppPackage', 'teamsApp/update',
    ]);
    expect(uses('teamsapp.local.yml', 'deploy')).toEqual(['file/createOrUpdateEnvironmentFile']);
    const local = read('teamsapp.local.yml');
    expect(local).toMatch(/messagingEndpoint: \$\{\{BOT_ENDPOINT\}\}\/api\/messages/);
    for (const key of ['APP_MODE: local', 'PORT: 3978', 'BOT_ID:', 'BOT_PASSWORD:', 'AAD_APP_CLIENT_ID:']) expect(local).toContain(key);
    expect(read('teamsapp.yml')).toMatch(/resourceId: \$\{\{AZURE_APP_SERVICE_RESOURCE_ID\}\}/);
  });
});

// ---------------------------------------------------------------------------
// Entra app manifest
// ---------------------------------------------------------------------------
describe('Entra app manifest (appPackage/aad.manifest.json)', () => {
  const aad = readJson<Json>('appPackage/aad.manifest.json');

  test('SSO for Teams: access_as_user, api:// URI, pre-authorised Teams and Microsoft 365 clients', () => {
    expect(aad.signInAudience).toBe('AzureADMultipleOrgs');
    expect(aad.accessTokenAcceptedVersion).toBe(2);
    expect(aad.identifierUris).toEqual(['api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}']);
    const scope = (aad.oauth2Permissions as Json[]).find((p) => p.value === 'access_as_user');
    expect(scope).toBeDefined();
    const clients = [
      '1fec8e78-bce4-4aaf-ab1b-5451cc387264', // Teams desktop / mobile
      '5e3ce6c0-2b1f-4285-8d4b-75ee78787346', // Teams web
      '4765445b-32c6-49b0-83e6-1d93765276ca', // Microsoft 365 web
      '0ec893e0-5785-4de6-99da-4ed124e5296c', // Microsoft 365 desktop
      'd3590ed6-52b3-4102-aeff-aad2292ab01c', // Microsoft 365 mobile / Outlook desktop
      'bc59ab01-8403-45c6-8796-ac3ef710b3e3', // Outlook web
      '27922004-5251-4030-b22d-91ecd9a37ea4', // Outlook mobile
    ];
    const pre = aad.preAuthorizedApplications as Json[];
    expect(pre.map((p) => p.appId).sort()).toEqual([...clients].sort());
    for (const p of pre) expect(p.permissionIds).toEqual([scope?.id]);
    expect((aad.replyUrlsWithType as Json[]).map((r) => r.url)).toContain('${{TAB_ENDPOINT}}/auth-end.html');
  });

  test('directory roles (wids) are emitted in tokens', () => {
    expect(aad.groupMembershipClaims).toBe('DirectoryRole');
    const claims = (aad.optionalClaims.accessToken as Json[]).map((c) => c.name);
    expect(claims).toContain('idtyp');
  });

  test('Microsoft Graph permissions: delegated for the sync, application for the bot role check', () => {
    // Scope ids of Microsoft Graph (00000003-0000-0000-c000-000000000000) delegated permissions.
    // TeamsTelephoneNumber.Read.All and LicenseAssignment.Read.All (the tenant's SKUs, so that licences are
    // read as SKU ids instead of every service plan) are given by name: the toolkit resolves names to ids
    // in aadApp/update.
    const scopes: Record<string, string> = {
      'e1fe6dd8-ba31-4d61-89e7-88639da4683d': 'User.Read',
      'a154be20-db9c-4678-8ab7-66f6cc099a59': 'User.Read.All',
      'cb8f45a0-5c2e-4ea1-b803-84b870a7d7ec': 'Place.Read.All',
      'TeamsTelephoneNumber.Read.All': 'TeamsTelephoneNumber.Read.All',
      'LicenseAssignment.Read.All': 'LicenseAssignment.Read.All',
      '5c469ce4-dab5-4afd-b9de-14f1ba4004a7': 'TeamsUserConfiguration.Read.All',
    };
    // Application permissions: the bot reads a sender's directory roles app-only in their tenant, and an
    // MSP's scheduled customer syncs read the tenant app-only (the organization, users, places, Teams
    // numbers and user configurations, the SKUs, which Organization.Read.All also covers): each endpoint's
    // least privileged application permission.
    const roles: Record<string, string> = {
      'df021288-bdef-4463-88db-98f22de89214': 'User.Read.All',
      '483bed4a-2ad3-4361-a73b-c83ccdbdc53c': 'RoleManagement.Read.Directory',
      'Organization.Read.All': 'Organization.Read.All',
      'Place.Read.All': 'Place.Read.All',
      'TeamsTelephoneNumber.Read.All': 'TeamsTelephoneNumber.Read.All',
      'TeamsUserConfiguration.Read.All': 'TeamsUserConfiguration.Read.All',
    };
    const rra = aad.requiredResourceAccess as Json[];
    expect(rra).toHaveLength(1);
    expect(rra[0]?.resourceAppId).toBe('00000003-0000-0000-c000-000000000000');
    const access = rra[0]?.resourceAccess as Json[];
    expect(access.filter((a) => a.type === 'Scope').map((a) => a.id).sort()).toEqual(Object.keys(scopes).sort());
    expect(access.filter((a) => a.type === 'Role').map((a) => a.id).sort()).toEqual(Object.keys(roles).sort());
    expect(access.every((a) => a.type === 'Scope' || a.type === 'Role')).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// (d) bot
// ---------------------------------------------------------------------------
describe('(d) bot and tab', () => {
  const manifest = filledManifest('dev');

  test('bot: personal + team + group chat, files, conversational, every command the bot understands', () => {
    expect(manifest.bots).toHaveLength(1);
    const bot = manifest.bots[0] as Json;
    expect(bot.botId).toBe(loadEnvironment(ROOT, 'dev', { sample: true }).values.BOT_ID);
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.supportsFiles).toBe(true);
    expect(bot.isNotificationOnly).toBe(false);
    // Every scope the bot is in has one command list, and each lists the help card's menu commands, in order,
    // within Teams' limits (10 commands; title 32 and description 128 characters); a command answered only
    // in a personal chat (customers) is not offered in channels and group chats.
    const listed = (bot.commandLists as Json[]).flatMap((list) => list.scopes as string[]);
    expect([...listed].sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of bot.commandLists as Json[]) {
      const commands = list.commands as Json[];
      const personal = (list.scopes as string[]).includes('personal');
      expect(personal ? list.scopes : [...(list.scopes as string[])].sort()).toEqual(personal ? ['personal'] : ['groupChat', 'team']);
      expect(commands.map((c) => c.title)).toEqual(BOT_COMMANDS.filter((c) => c.menu !== false && (personal || !c.personalOnly)).map((c) => c.name));
      expect(commands.length).toBeLessThanOrEqual(10);
      for (const c of commands) {
        expect(String(c.title).length).toBeLessThanOrEqual(32);
        expect(String(c.description).length).toBeLessThanOrEqual(128);
      }
    }
    // The portfolio questions are on the menu (issue 17); help stays in the help card and is understood.
    expect(BOT_COMMANDS.map((c) => c.name)).toEqual(expect.arrayContaining(['customers', 'help']));
  });

  test('a command picked from the menu is understood as it is inserted (the bare command word)', () => {
    for (const c of BOT_COMMANDS) expect(parseIntent(normalise(c.name)).kind).not.toBe('status-of');
    for (const c of BOT_COMMANDS) expect(parseIntent(normalise(c.example)).kind).not.toBe('unknown');
    expect(parseIntent(normalise('customers'))).toEqual({ kind: 'portfolio', question: { about: 'overview' } });
  });

  test('personal tab opens the tab in Teams mode; SSO resource and valid domain match', () => {
    const tab = (manifest.staticTabs as Json[]).find((t) => t.entityId === 'plan');
    expect(tab?.scopes).toEqual(['personal']);
    expect(tab?.contentUrl).toBe('https://vmp-dev.example.net/index.html?inTeams=1');
    expect(manifest.validDomains).toEqual(['vmp-dev.example.net']);
    expect(manifest.webApplicationInfo).toEqual({
      id: '00000000-0000-0000-0000-00000000a002',
      resource: 'api://vmp-dev.example.net/00000000-0000-0000-0000-00000000a002',
    });
  });
});

// ---------------------------------------------------------------------------
// (e) packaging
// ---------------------------------------------------------------------------
describe('(e) npm run package', () => {
  let outDir: string;
  beforeEach(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-app-package-'));
  });
  afterEach(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  test.each(ENVS)('builds appPackage.%s.zip with manifest.json, color.png and outline.png at the root', async (env) => {
    const built = await buildAppPackage({ rootDir: ROOT, env, sample: true, outDir });
    expect(path.basename(built.zipPath)).toBe(`appPackage.${env}.zip`);
    expect(path.basename(built.manifestPath)).toBe(`manifest.${env}.json`);

    const zip = await JSZip.loadAsync(fs.readFileSync(built.zipPath));
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifestText = await zip.file('manifest.json')!.async('string');
    expect(manifestText).toBe(fs.readFileSync(built.manifestPath, 'utf8'));
    expect(manifestText).not.toContain('${{');
    expectValid(JSON.parse(manifestText));
    for (const icon of ['color.png', 'outline.png']) {
      const inZip = await zip.file(icon)!.async('nodebuffer');
      expect(inZip.equals(fs.readFileSync(path.join(ROOT, 'appPackage', icon)))).toBe(true);
    }
  });

  test('without provisioned ids it fails and names the missing variables', async () => {
    await expect(buildAppPackage({ rootDir: ROOT, env: 'dev', outDir })).rejects.toThrow(/TEAMS_APP_ID.*BOT_ID|BOT_ID.*TEAMS_APP_ID/);
    expect(fs.readdirSync(outDir)).toEqual([]);
  });

  test('process environment values override the env files', async () => {
    const built = await buildAppPackage({
      rootDir: ROOT, env: 'dev', sample: true, outDir,
      overrides: { TEAMS_APP_ID: '11111111-2222-3333-4444-555555555555', PATH: '/ignored' },
    });
    expect(built.manifest.id).toBe('11111111-2222-3333-4444-555555555555');
  });

  test('argument parsing', () => {
    expect(parseArgs([])).toEqual({ env: 'dev', sample: false });
    expect(parseArgs(['--env', 'local', '--sample'])).toEqual({ env: 'local', sample: true });
    expect(parseArgs(['--env=local', '--out-dir', 'x'])).toEqual({ env: 'local', sample: false, outDir: 'x' });
    expect(() => parseArgs(['--env'])).toThrow('--env needs a value');
    expect(() => parseArgs(['--bogus'])).toThrow('Unknown argument');
  });
});

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------
describe('placeholder and env helpers', () => {
  test('listPlaceholders finds unique names, spaces inside braces allowed', () => {
    expect(listPlaceholders('${{A}} ${{ B }} ${{A}} $B {{C}} ${{1X}}')).toEqual(['A', 'B']);
  });

  test('fillPlaceholders names undefined and empty variables', () => {
    expect(fillPlaceholders('x${{A}}y${{ B }}', { A: '1', B: '2' })).toBe('x1y2');
    expect(fillPlaceholders('${{APP_NAME_SUFFIX}}', { APP_NAME_SUFFIX: '' })).toBe('');
    try {
      fillPlaceholders('${{A}}${{B}}${{C}}', { A: '1', B: '' }, { context: 'test.json' });
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(MissingVariablesError);
      expect((error as MissingVariablesError).missing).toEqual(['C']);
      expect((error as MissingVariablesError).empty).toEqual(['B']);
      expect((error as Error).message).toBe('Cannot fill placeholders in test.json: undefined variable(s): C; empty variable(s): B');
    }
  });

  test('jsonEscape keeps the JSON intact whatever the value', () => {
    const text = fillPlaceholders('{"a": "${{A}}"}', { A: 'say "hi" \\ \n' }, { jsonEscape: true });
    expect(JSON.parse(text)).toEqual({ a: 'say "hi" \\ \n' });
  });

  test('parseEnv: comments, quotes, export, empty values', () => {
    expect(
      parseEnv('# c\nA=1\nexport B = two \nC="x # y"\nD=\'q\'\nE=v # note\nF=\n\nnot a line\n'),
    ).toEqual({ A: '1', B: 'two', C: 'x # y', D: 'q', E: 'v', F: '' });
  });

  test('loadEnvironment: later empty values never erase earlier ones; .user wins', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-env-'));
    try {
      fs.mkdirSync(path.join(root, 'env'));
      fs.writeFileSync(path.join(root, 'env', 'offline-sample.t.env'), 'ID=sample\nX=s\n');
      fs.writeFileSync(path.join(root, 'env', '.env.t'), 'ID=\nX=env\nY=\n');
      fs.writeFileSync(path.join(root, 'env', '.env.t.user'), 'SECRET_Z=z\nX=user\n');
      expect(loadEnvironment(root, 't', { sample: true }).values).toEqual({ ID: 'sample', X: 'user', Y: '', SECRET_Z: 'z' });
      expect(loadEnvironment(root, 't').values).toEqual({ ID: '', X: 'user', Y: '', SECRET_Z: 'z' });
      expect(() => loadEnvironment(root, '../t')).toThrow('Invalid environment name');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
