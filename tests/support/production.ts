/**
 * Production-mode configuration for tests: the app registration the local Entra of
 * tests/integration/production-graph/local-entra.ts knows, and the environment of a deployment with
 * bot and app credentials. Every production test signs in against the same made-up registration.
 */

/** The app registration's client id (AAD_APP_CLIENT_ID, the audience of the tab's SSO tokens). */
export const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
/** The app registration's client secret, as the local Entra checks it. */
export const CLIENT_SECRET = 'local-test-secret';

/** APP_MODE=production with bot and app credentials, allowing these tenants (comma-separated); extra adds or overrides. */
export function productionEnv(allowedTenantIds: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    APP_MODE: 'production',
    BOT_ID: '99999999-8888-4777-8666-555555555555',
    BOT_PASSWORD: 'not-a-real-secret',
    AAD_APP_CLIENT_ID: CLIENT_ID,
    ALLOWED_TENANT_IDS: allowedTenantIds,
    ...extra,
  };
}
