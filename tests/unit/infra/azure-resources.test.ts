/**
 * infra/azure.bicep read as text (no Bicep compiler offline): the secure defaults of the web app and the
 * storage account, the App Service health check on the server's liveness route, and names that must be
 * unique across all of Azure carrying the resource group's hash.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
const bicep = read('infra/azure.bicep');

/** The text of one top-level `resource <symbol> ...` or `module <symbol> ...` declaration. */
function declaration(symbol: string): string {
  const start = new RegExp(`^(?:resource|module) ${symbol} `, 'm').exec(bicep);
  if (!start) throw new Error(`no declaration ${symbol} in infra/azure.bicep`);
  const rest = bicep.slice(start.index);
  const end = /\n}\n/.exec(rest);
  return end ? rest.slice(0, end.index + 2) : rest;
}

describe('infra/azure.bicep web app', () => {
  const webApp = declaration('webApp');

  test('HTTPS only, TLS 1.2, no FTP, always on', () => {
    expect(webApp).toMatch(/^\s+httpsOnly: true$/m);
    expect(webApp).toMatch(/^\s+minTlsVersion: '1\.2'$/m);
    expect(webApp).toMatch(/^\s+ftpsState: 'Disabled'$/m);
    expect(webApp).toMatch(/^\s+alwaysOn: true$/m);
    expect(webApp).toMatch(/^\s+linuxFxVersion: 'NODE\|20-lts'$/m);
  });

  test('the App Service health check pings the server\'s liveness route', () => {
    expect(webApp).toMatch(/^\s+healthCheckPath: '\/healthz'$/m);
    // The route exists and answers without authentication.
    expect(read('server/app.ts')).toMatch(/app\.get\('\/healthz',/);
  });
});

describe('infra/azure.bicep storage account', () => {
  test('identity only, TLS 1.2, nothing public, soft delete', () => {
    const storage = declaration('storage');
    expect(storage).toMatch(/^\s+minimumTlsVersion: 'TLS1_2'$/m);
    expect(storage).toMatch(/^\s+supportsHttpsTrafficOnly: true$/m);
    expect(storage).toMatch(/^\s+allowBlobPublicAccess: false$/m);
    expect(storage).toMatch(/^\s+allowSharedKeyAccess: false$/m);
    const blobService = declaration('blobService');
    expect(blobService).toMatch(/deleteRetentionPolicy: \{\s*enabled: true/);
    expect(blobService).toMatch(/containerDeleteRetentionPolicy: \{\s*enabled: true/);
  });
});

describe('names unique across Azure', () => {
  test('the bot resource is named with the resource group hash, like the web app', () => {
    expect(bicep).toMatch(/^var webAppName = '\$\{baseName\}-\$\{uniqueSuffix\}'$/m);
    const bot = declaration('azureBotRegistration');
    expect(bot).toMatch(/^\s+botServiceName: '\$\{baseName\}-\$\{uniqueSuffix\}'$/m);
    // The module uses the name it is given.
    const module = read('infra/botRegistration/azurebot.bicep');
    expect(module).toMatch(/^param botServiceName string/m);
    expect(module).toMatch(/^\s+name: botServiceName$/m);
  });
});
