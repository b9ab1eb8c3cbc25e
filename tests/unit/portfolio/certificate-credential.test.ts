/**
 * The certificate credential: the client assertion in the Microsoft identity platform's documented
 * format (RS256; x5t#S256 and x5t; aud = token endpoint; iss = sub = client id; jti; nbf/exp five
 * minutes apart), PEM input checks whose messages never quote the PEM, and a key that never shows in
 * JSON or util.inspect.
 */
import { createHash, verify, X509Certificate } from 'node:crypto';
import { inspect } from 'node:util';
import { CertificateCredential } from '../../../shared/graph/certificate-credential';
import { teamsfxTokenAcquisition, TokenAcquisitionError } from '../../../shared/graph/token-providers';
import { certificatePart, selfSignedPem } from '../../integration/portfolio/credentials-entra';

const CLIENT = '11111111-2222-4333-8444-555555555555';
const ENDPOINT = 'https://login.microsoftonline.com/aaaaaaaa-1111-4111-8111-111111111111/oauth2/v2.0/token';

let pem: string;
let other: string;
beforeAll(() => {
  pem = selfSignedPem('unit-app');
  other = selfSignedPem('unit-other');
});

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('client assertion', () => {
  it('is an RS256 JWT naming the certificate by SHA-256 and SHA-1 thumbprint, signed by its key', () => {
    const credential = CertificateCredential.fromPem(pem, 'TEST');
    const now = Date.UTC(2026, 11, 3, 12, 0, 0);
    const [h, p, s] = credential.clientAssertion(CLIENT, ENDPOINT, now).split('.');
    const certificate = new X509Certificate(certificatePart(pem));
    expect(decode(h)).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      'x5t#S256': createHash('sha256').update(certificate.raw).digest('base64url'),
      x5t: createHash('sha1').update(certificate.raw).digest('base64url'),
    });
    const claims = decode(p);
    expect(claims).toEqual({ aud: ENDPOINT, iss: CLIENT, sub: CLIENT, jti: expect.stringMatching(/^[0-9a-f-]{36}$/), nbf: now / 1000, iat: now / 1000, exp: now / 1000 + 300 });
    expect(verify('sha256', Buffer.from(`${h}.${p}`), certificate.publicKey, Buffer.from(s, 'base64url'))).toBe(true);
    expect(verify('sha256', Buffer.from(`${h}.${p}`), new X509Certificate(certificatePart(other)).publicKey, Buffer.from(s, 'base64url'))).toBe(false);
  });

  it('takes a fresh jti for every request', () => {
    const credential = CertificateCredential.fromPem(pem, 'TEST');
    const jti = (a: string) => decode(a.split('.')[1]).jti;
    expect(jti(credential.clientAssertion(CLIENT, ENDPOINT))).not.toBe(jti(credential.clientAssertion(CLIENT, ENDPOINT)));
  });

  it('reads the certificate before the key, and escaped newlines as a one-line setting holds them', () => {
    const [key, cert] = [pem.slice(0, pem.indexOf('-----BEGIN CERTIFICATE-----')), certificatePart(pem)];
    expect(CertificateCredential.fromPem(`${cert}\n${key}`, 'TEST').thumbprintSha256).toBe(CertificateCredential.fromPem(pem, 'TEST').thumbprintSha256);
    expect(CertificateCredential.fromPem(pem.replace(/\n/g, '\\n'), 'TEST').thumbprintSha256).toBe(CertificateCredential.fromPem(pem, 'TEST').thumbprintSha256);
  });
});

describe('PEM checks name the source, never the content', () => {
  const keyOf = (p: string) => p.slice(0, p.indexOf('-----BEGIN CERTIFICATE-----'));
  it.each([
    ['no certificate', () => keyOf(pem), /AAD_APP_CLIENT_CERTIFICATE must hold .* no certificate was found/],
    ['no key', () => certificatePart(pem), /no private key was found/],
    ["another certificate's key", () => `${keyOf(other)}${certificatePart(pem)}`, /the private key does not belong to the certificate/],
    ['an encrypted key', () => '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----', /encrypted/],
    ['a damaged key', () => `-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n${certificatePart(pem)}`, /the private key could not be read/],
  ])('%s', (_name, input, message) => {
    let error: Error | undefined;
    try {
      CertificateCredential.fromPem(input(), 'AAD_APP_CLIENT_CERTIFICATE');
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toMatch(/-----|[A-Za-z0-9+/]{40}/);
  });
});

describe('the key never leaves the object', () => {
  it('JSON and util.inspect show the thumbprint only', () => {
    const credential = CertificateCredential.fromPem(pem, 'TEST');
    const holder = { auth: { clientCertificate: credential } };
    const keyBody = pem.split('\n')[1];
    expect(JSON.stringify(holder)).toBe(JSON.stringify({ auth: { clientCertificate: { certificate: `x5t#S256=${credential.thumbprintSha256}` } } }));
    expect(inspect(holder, { depth: 5 })).not.toContain(keyBody);
    expect(inspect(holder, { depth: 5 })).not.toContain('PRIVATE KEY');
  });
});

describe('the production adapter', () => {
  it('msal-node (through teamsfx) takes the key and certificate and goes on to the authority', async () => {
    const acquisition = teamsfxTokenAcquisition({ clientId: CLIENT, certificate: CertificateCredential.fromPem(pem, 'TEST'), authorityHost: 'https://127.0.0.1:1' });
    const err = await acquisition.appOnly('aaaaaaaa-1111-4111-8111-111111111111', ['https://graph.microsoft.com/.default']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TokenAcquisitionError);
    // msal-node's network failure, not teamsfx's or msal's refusal of the credential.
    expect((err as Error).message).toMatch(/Endpoints cannot be resolved/);
    expect((err as Error).message).not.toMatch(/configuration is invalid|certificate|private key/i);
  }, 30_000);
});
