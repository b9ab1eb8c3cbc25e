/**
 * infra/azure.bicep keeps every secret in Key Vault: each @secure() parameter is written only into a
 * Key Vault secret, the web app's settings hold `@Microsoft.KeyVault(SecretUri=...)` references, the
 * vault uses RBAC, and the app's identity reads it (Key Vault Secrets User and Certificate User) and is
 * the identity the references resolve with. (No Bicep compiler runs here: these read the source.)
 */
import fs from 'node:fs';
import path from 'node:path';

const bicep = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'infra', 'azure.bicep'), 'utf8');
const lines = bicep.split('\n');

/** The resource declaration a line belongs to (the nearest `resource` line above it). */
function resourceOf(index: number): string {
  for (let i = index; i >= 0; i--) if (/^resource /.test(lines[i])) return lines[i];
  return '';
}

describe('secrets in infra/azure.bicep', () => {
  const secureParams = [...bicep.matchAll(/@secure\(\)\n(?:@.*\n)*param (\w+) string/g)].map((m) => m[1]);

  it('declares the secret parameters', () => {
    expect(secureParams.sort()).toEqual(['aadAppClientSecret', 'botAadAppClientSecret', 'mspCustomerCredentials']);
  });

  it.each(['aadAppClientSecret', 'botAadAppClientSecret', 'mspCustomerCredentials'])('%s is only ever the value of a Key Vault secret', (name) => {
    const uses = lines.map((line, i) => ({ line, i })).filter(({ line }) => new RegExp(`\\b${name}\\b`).test(line) && !/^(param|@description)/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const { line, i } of uses) {
      if (new RegExp(`empty\\(${name}\\)`).test(line)) continue; // a condition, not the value
      expect({ line: line.trim(), resource: resourceOf(i) }).toEqual({ line: `value: ${name}`, resource: expect.stringContaining("'Microsoft.KeyVault/vaults/secrets@") });
    }
  });

  it('the web app reads them as Key Vault references, resolved with its user-assigned identity', () => {
    expect(bicep).toMatch(/name: 'BOT_PASSWORD'\n\s+value: botPasswordReference/);
    for (const setting of ['AAD_APP_CLIENT_SECRET', 'AAD_APP_CLIENT_CERTIFICATE', 'MSP_CUSTOMER_CREDENTIALS']) {
      expect(bicep).toMatch(new RegExp(`name: '${setting}'\\n\\s+value: '@Microsoft\\.KeyVault\\(SecretUri=\\$\\{keyVault\\.properties\\.vaultUri\\}secrets/`));
    }
    expect(bicep).toMatch(/keyVaultReferenceIdentity: identity\.id/);
    expect(bicep).toMatch(/appSettings: concat\(\[[\s\S]+\], aadAppCredentialSettings, mspSettings\)/);
  });

  it('the vault uses RBAC and the identity holds Key Vault Secrets User and Certificate User on it', () => {
    expect(bicep).toMatch(/resource keyVault 'Microsoft\.KeyVault\/vaults@[\d-]+' = \{[\s\S]*?enableRbacAuthorization: true/);
    for (const roleId of ['4633458b-17de-408a-b874-0445c86b69e6', 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba']) {
      const variable = new RegExp(`var (\\w+) = '${roleId}'`).exec(bicep)?.[1];
      expect(variable).toBeDefined();
      expect(bicep).toMatch(new RegExp(`scope: keyVault\\n\\s+properties: \\{\\n\\s+roleDefinitionId: subscriptionResourceId\\('Microsoft\\.Authorization/roleDefinitions', ${variable}\\)\\n\\s+principalId: identity\\.properties\\.principalId`));
    }
  });
});
