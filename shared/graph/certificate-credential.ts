/**
 * An app registration's certificate credential: the private key and X.509 certificate (PEM, from
 * configuration or a file) and the signed client assertion the Microsoft identity platform takes in
 * place of a client secret (`client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer`).
 *
 * The assertion follows the platform's documented format: an RS256 JWT whose header names the
 * certificate by its SHA-256 thumbprint (`x5t#S256`, and the SHA-1 `x5t` older endpoints read), with
 * aud = the token endpoint, iss = sub = the client id, a fresh jti, and a short nbf..exp window.
 *
 * The private key lives only inside this object (a KeyObject in a private field): it has no
 * enumerable property, so a configuration that is logged, serialised or sent to a worker never
 * carries it.
 */
import { createHash, createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';

/** How long a signed assertion is valid: the platform advises 5-10 minutes at most. */
const ASSERTION_LIFETIME_SECONDS = 5 * 60;

export class CertificateCredential {
  readonly #privateKey: KeyObject;
  readonly #pem: string;
  /** Base64url SHA-256 thumbprint of the certificate's DER encoding (the `x5t#S256` header). */
  readonly thumbprintSha256: string;
  /** Base64url SHA-1 thumbprint (the `x5t` header). */
  readonly thumbprintSha1: string;
  /** The certificate's subject and expiry, for messages (never the key). */
  readonly subject: string;
  readonly validTo: string;

  private constructor(privateKey: KeyObject, certificate: X509Certificate, pem: string) {
    this.#privateKey = privateKey;
    this.#pem = pem;
    this.thumbprintSha256 = createHash('sha256').update(certificate.raw).digest('base64url');
    this.thumbprintSha1 = createHash('sha1').update(certificate.raw).digest('base64url');
    this.subject = certificate.subject.replace(/\n/g, ', ');
    this.validTo = new Date(certificate.validTo).toISOString();
  }

  /**
   * Reads a PEM holding an unencrypted private key and its certificate (in either order, as App
   * Service hands over a Key Vault certificate created with content type application/x-pem-file).
   * `source` names where it came from (a variable or file) in errors, which never quote the PEM.
   */
  static fromPem(pem: string, source: string): CertificateCredential {
    const text = pem.replace(/\\n/g, '\n');
    const keyBlock = /-----BEGIN (?:RSA )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA )?PRIVATE KEY-----/.exec(text)?.[0];
    const certBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text)?.[0];
    if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text)) throw new Error(`${source}: the private key is encrypted; give it unencrypted (Key Vault keeps it protected).`);
    if (!keyBlock || !certBlock) {
      throw new Error(`${source} must hold a PEM private key (BEGIN PRIVATE KEY) and its certificate (BEGIN CERTIFICATE); ${!keyBlock ? 'no private key' : 'no certificate'} was found.`);
    }
    let key: KeyObject;
    let certificate: X509Certificate;
    try {
      key = createPrivateKey(keyBlock);
    } catch {
      throw new Error(`${source}: the private key could not be read.`);
    }
    try {
      certificate = new X509Certificate(certBlock);
    } catch {
      throw new Error(`${source}: the certificate could not be read.`);
    }
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`${source}: the key must be RSA (the platform signs assertions with RS256); got ${key.asymmetricKeyType}.`);
    if (!certificate.checkPrivateKey(key)) throw new Error(`${source}: the private key does not belong to the certificate.`);
    return new CertificateCredential(key, certificate, `${keyBlock}\n${certBlock}\n`);
  }

  /**
   * The signed client assertion for one token request at `tokenEndpoint`
   * (`<authority>/<tenant>/oauth2/v2.0/token`); `now` in epoch milliseconds.
   */
  clientAssertion(clientId: string, tokenEndpoint: string, now: number = Date.now()): string {
    const header = { alg: 'RS256', typ: 'JWT', 'x5t#S256': this.thumbprintSha256, x5t: this.thumbprintSha1 };
    const issued = Math.floor(now / 1000);
    const claims = { aud: tokenEndpoint, iss: clientId, sub: clientId, jti: randomUUID(), nbf: issued, iat: issued, exp: issued + ASSERTION_LIFETIME_SECONDS };
    const signingInput = `${base64url(header)}.${base64url(claims)}`;
    const signature = sign('sha256', Buffer.from(signingInput), this.#privateKey).toString('base64url');
    return `${signingInput}.${signature}`;
  }

  /** Key and certificate as one PEM, for msal-node (through teamsfx's certificateContent) only. */
  pemForMsal(): string {
    return this.#pem;
  }

  /** What a log or a serialised configuration shows: the thumbprint, never the key. */
  toJSON(): { certificate: string } {
    return { certificate: `x5t#S256=${this.thumbprintSha256}` };
  }
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
