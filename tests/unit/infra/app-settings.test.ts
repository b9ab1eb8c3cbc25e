/**
 * The web app's settings in infra/azure.bicep: production mode under NODE_ENV=production whatever the start
 * command, and the Teams app id that provisioning creates reaches the server (the bot's "open in tab"
 * buttons deep-link into Teams with it), in Azure and in the local toolkit flow.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** name -> value expression of each `{ name: '...' value: ... }` pair in the web app's appSettings. */
function appSettings(bicep: string): Map<string, string> {
  // The fixed settings are the first array (`appSettings: concat([...], <conditional settings>)`).
  const block = /appSettings:\s*(?:concat\(\s*)?\[([\s\S]*?)\n\s*\]/.exec(bicep)?.[1] ?? '';
  const settings = new Map<string, string>();
  for (const m of block.matchAll(/name:\s*'([A-Z_]+)'\s*\n\s*value:\s*([^\n]+)/g)) {
    settings.set(m[1] as string, (m[2] as string).replace(/\s*\/\/.*$/, '').trim());
  }
  return settings;
}

describe('infra/azure.bicep app settings', () => {
  const settings = appSettings(read('infra/azure.bicep'));

  test('the server runs with NODE_ENV=production and APP_MODE=production', () => {
    expect(settings.get('NODE_ENV')).toBe("'production'");
    expect(settings.get('APP_MODE')).toBe("'production'");
  });

  test('TEAMS_APP_ID comes from the parameter that teamsApp/create fills', () => {
    expect(settings.get('TEAMS_APP_ID')).toBe('teamsAppId');
    expect(read('infra/azure.bicep')).toMatch(/^param teamsAppId string = ''$/m);
    const parameters = JSON.parse(read('infra/azure.parameters.json')) as { parameters: Record<string, { value: string }> };
    expect(parameters.parameters.teamsAppId?.value).toBe('${{TEAMS_APP_ID}}');
    // teamsApp/create writes it before arm/deploy reads the parameters.
    const yml = read('teamsapp.yml');
    expect(yml.indexOf('teamsAppId: TEAMS_APP_ID')).toBeGreaterThan(-1);
    expect(yml.indexOf('teamsAppId: TEAMS_APP_ID')).toBeLessThan(yml.indexOf('uses: arm/deploy'));
  });

  test('the local flow writes TEAMS_APP_ID into the server settings too', () => {
    const local = read('teamsapp.local.yml');
    const envs = /createOrUpdateEnvironmentFile[\s\S]*?envs:\s*\n((?:\s{8}\S.*\n?)+)/.exec(local)?.[1] ?? '';
    expect(envs).toMatch(/^\s+TEAMS_APP_ID: \$\{\{TEAMS_APP_ID\}\}$/m);
  });
});

describe('infra/azure.parameters.json', () => {
  test('every parameter of the template without a default is given, and the MSP settings come from the environment', () => {
    const bicep = read('infra/azure.bicep');
    const parameters = JSON.parse(read('infra/azure.parameters.json')) as { parameters: Record<string, { value: string }> };
    const required = [...bicep.matchAll(/^param (\w+) \w+$/gm)].map((m) => m[1]);
    for (const name of required) expect(Object.keys(parameters.parameters)).toContain(name);
    for (const name of Object.keys(parameters.parameters)) expect(bicep).toMatch(new RegExp(`^param ${name} `, 'm'));
    expect(parameters.parameters.mspTenantIds.value).toBe('${{MSP_TENANT_IDS}}');
    expect(parameters.parameters.mspGraphCredentials.value).toBe('${{MSP_GRAPH_CREDENTIALS}}');
    // The per-customer credentials are a secret the operator passes (SECRET_* in the git-ignored user file), never a committed value.
    expect(parameters.parameters.mspCustomerCredentials).toBeUndefined();
    expect(bicep).toMatch(/@secure\(\)\n[^\n]*\nparam mspCustomerCredentials string = ''/);
    const env = read('env/.env.dev');
    for (const name of ['MSP_TENANT_IDS', 'MSP_GRAPH_CREDENTIALS', 'AAD_APP_CERTIFICATE_NAME']) expect(env).toMatch(new RegExp(`^${name}=`, 'm'));
    expect(env).not.toMatch(/^SECRET_/m);
  });
});
