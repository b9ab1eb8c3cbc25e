/**
 * Configuration of production Graph access (cloud, hosts, secret) and the production token adapter.
 * The teamsfx adapter is exercised as far as it can go offline: teamsfx accepts our configuration and
 * hands the request to msal-node, which needs a reachable https authority (and, for hosts it does not
 * know, instance discovery at login.microsoftonline.com). msal-node also refuses plain-http authorities,
 * which is why the local token endpoint of the other tests is reached through the loopback adapter.
 */
import { ConfigError, loadConfig } from '../../../shared/config/app-config';
import {
  createGraphAccess,
  graphAccessFor,
  loopbackOAuthTokenAcquisition,
  teamsfxTokenAcquisition,
  TokenAcquisitionError,
} from '../../../shared/graph/token-providers';

const base = {
  APP_MODE: 'production',
  BOT_ID: 'b',
  BOT_PASSWORD: 'p',
  AAD_APP_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
  ALLOWED_TENANT_IDS: 'aaaaaaaa-1111-4111-8111-111111111111',
};
const TENANT = 'aaaaaaaa-1111-4111-8111-111111111111';

describe('Graph access configuration', () => {
  it('defaults to the global cloud and needs no secret to start', () => {
    const config = loadConfig(base);
    expect(config.graph).toEqual({ cloud: 'global', baseUrl: 'https://graph.microsoft.com', authorityHost: 'https://login.microsoftonline.com' });
    expect(config.auth.clientSecret).toBeUndefined();
    expect(graphAccessFor(config)).toBeUndefined();
  });

  it.each([
    ['usgov', 'https://graph.microsoft.us', 'https://login.microsoftonline.us'],
    ['USGOVDOD', 'https://dod-graph.microsoft.us', 'https://login.microsoftonline.us'],
    ['china', 'https://microsoftgraph.chinacloudapi.cn', 'https://login.chinacloudapi.cn'],
  ])('GRAPH_CLOUD=%s takes the national cloud hosts', (cloud, baseUrl, authorityHost) => {
    const config = loadConfig({ ...base, GRAPH_CLOUD: cloud, AAD_APP_CLIENT_SECRET: 's' });
    expect(config.graph).toMatchObject({ baseUrl, authorityHost });
    const access = graphAccessFor(config)!;
    expect(access.graphBaseUrl).toBe(baseUrl);
    expect(graphAccessFor(config)).toBe(access); // one instance per configuration: shared token caches
  });

  it.each([
    [{ GRAPH_CLOUD: 'mars' }, /GRAPH_CLOUD must be one of global, usgov, usgovdod, china; got "mars"/],
    [{ GRAPH_BASE_URL: 'http://graph.example.com' }, /GRAPH_BASE_URL must be an https:\/\/ URL \(plain http only on a loopback address\)/],
    [{ AAD_APP_OAUTH_AUTHORITY_HOST: 'http://login.example.com' }, /AAD_APP_OAUTH_AUTHORITY_HOST must be an https:\/\/ URL/],
    [{ GRAPH_BASE_URL: 'not a url' }, /GRAPH_BASE_URL must be an https:\/\/ URL/],
  ])('refuses %j', (extra, message) => {
    expect(() => loadConfig({ ...base, ...extra })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...extra })).toThrow(message);
  });

  it('the plain OAuth adapter refuses anything but a loopback authority', () => {
    expect(() => loopbackOAuthTokenAcquisition({ clientId: 'c', clientSecret: 's', authorityHost: 'https://login.microsoftonline.com' })).toThrow(/loopback/);
  });
});

describe('teamsfx token adapter (production)', () => {
  const unsignedJwt = (claims: object) => `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
  const sso = unsignedJwt({ tid: TENANT, oid: 'o', exp: Math.floor(Date.now() / 1000) + 3600 });

  it('teamsfx accepts the configuration and msal-node is asked for the token; an unreachable authority is a failure, never a token', async () => {
    const acquisition = teamsfxTokenAcquisition({ clientId: base.AAD_APP_CLIENT_ID, clientSecret: 's', authorityHost: 'https://127.0.0.1:1' });
    const access = createGraphAccess({ graphBaseUrl: 'https://graph.microsoft.com', acquisition });
    for (const provider of [access.forUser(TENANT, sso), access.forTenant(TENANT)]) {
      const err = await provider.getAccessToken().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TokenAcquisitionError);
      expect((err as TokenAcquisitionError).kind).toBe('failed');
      // msal-node's error, not teamsfx's "... in configuration is invalid".
      expect((err as Error).message).toMatch(/Endpoints cannot be resolved/);
      expect((err as Error).message).not.toMatch(/configuration is invalid/);
    }
  }, 30_000);

  it('msal-node refuses a plain-http authority (hence the loopback adapter for the local token endpoint)', async () => {
    const acquisition = teamsfxTokenAcquisition({ clientId: base.AAD_APP_CLIENT_ID, clientSecret: 's', authorityHost: 'http://127.0.0.1:1' });
    await expect(acquisition.appOnly(TENANT, ['https://graph.microsoft.com/.default'])).rejects.toThrow(/Authority URIs must use https/);
  });

  it('an SSO token that is not a JWT is refused before any request', async () => {
    const acquisition = teamsfxTokenAcquisition({ clientId: base.AAD_APP_CLIENT_ID, clientSecret: 's', authorityHost: 'https://127.0.0.1:1' });
    await expect(acquisition.onBehalfOf(TENANT, 'garbage', ['https://graph.microsoft.com/.default'])).rejects.toThrow(TokenAcquisitionError);
  });
});
