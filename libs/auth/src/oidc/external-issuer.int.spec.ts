import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnavailableError, ValidationError } from '@parley/contracts';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { InvalidTokenError, type TokenRejection } from '../errors.js';
import { ExternalIssuer } from './external-issuer.js';

type Alg = 'RS256' | 'ES256';
const CLIENT = 'parley-chat';

/** A minimal OpenID provider on loopback: discovery and JWKS, RSA and EC keys, plus a key it never publishes. */
async function startFakeIssuer(options: { claimIssuer?: string } = {}) {
  const keys = new Map<string, { alg: Alg; privateKey: CryptoKey; jwk: JWK }>();
  for (const [kid, alg] of [['rsa-1', 'RS256'], ['ec-1', 'ES256'], ['hidden', 'ES256']] as const) {
    const pair = await generateKeyPair(alg, { extractable: true });
    keys.set(kid, { alg, privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' } });
  }
  let base = '';
  let down = false;
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (down) {
      res.statusCode = 503;
      res.end('{}');
    } else if (req.url === '/realm/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer: options.claimIssuer ?? `${base}/realm`, jwks_uri: `${base}/realm/certs`, response_types_supported: ['code'] }));
    } else if (req.url === '/realm/certs') {
      res.end(JSON.stringify({ keys: [...keys].filter(([kid]) => kid !== 'hidden').map(([, key]) => key.jwk) }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuerUrl = `${base}/realm`;
  return {
    issuerUrl,
    /** Makes every request answer 503 (true) or be served again (false). */
    setDown: (value: boolean) => (down = value),
    async sign(claims: JWTPayload, kid = 'rsa-1') {
      const key = keys.get(kid)!;
      const iat = Math.floor(Date.now() / 1000);
      const base = { iss: issuerUrl, aud: CLIENT, sub: 'f:1234', iat, exp: iat + 300, preferred_username: 'alice', email: 'alice@example.com', name: 'Alice' };
      return new SignJWT({ ...base, ...claims }).setProtectedHeader({ alg: key.alg, kid, typ: 'JWT' }).sign(key.privateKey);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function rejection(promise: Promise<unknown>): Promise<TokenRejection> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  return (error as InvalidTokenError).reason;
}

describe('ExternalIssuer against a local OpenID provider', () => {
  let idp: Awaited<ReturnType<typeof startFakeIssuer>>;
  let trusted: ExternalIssuer;

  beforeAll(async () => {
    idp = await startFakeIssuer();
    trusted = new ExternalIssuer({ issuerUrl: idp.issuerUrl, clientId: CLIENT });
  });
  afterAll(() => idp?.stop());

  it('verifies RS256 and ES256 ID tokens found through discovery', async () => {
    const identity = { subject: 'f:1234', username: 'alice', email: 'alice@example.com', name: 'Alice' };
    expect(await trusted.verify(await idp.sign({}, 'rsa-1'))).toEqual(identity);
    expect(await trusted.verify(await idp.sign({}, 'ec-1'))).toEqual(identity);
  });

  it('reads the user name from the configured claim and leaves out an unverified email', async () => {
    const byUpn = new ExternalIssuer({ issuerUrl: idp.issuerUrl, clientId: CLIENT, usernameClaim: 'upn' });
    const token = await idp.sign({ upn: 'alice@corp', email_verified: false, name: undefined });
    expect(await byUpn.verify(token)).toEqual({ subject: 'f:1234', username: 'alice@corp' });
    expect(await rejection(byUpn.verify(await idp.sign({})))).toBe('malformed');
  });

  it('refuses tokens for another client, from another issuer, expired or not yet valid', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await rejection(trusted.verify(await idp.sign({ aud: 'someone-else' })))).toBe('wrong-audience');
    expect(await rejection(trusted.verify(await idp.sign({ aud: [CLIENT, 'other'] })))).toBe('wrong-audience');
    await expect(trusted.verify(await idp.sign({ aud: [CLIENT, 'other'], azp: CLIENT }))).resolves.toMatchObject({ username: 'alice' });
    expect(await rejection(trusted.verify(await idp.sign({ iss: 'https://evil.example.com' })))).toBe('wrong-issuer');
    expect(await rejection(trusted.verify(await idp.sign({ iat: now - 600, exp: now - 31 })))).toBe('expired');
    expect(await rejection(trusted.verify(await idp.sign({ nbf: now + 120 })))).toBe('not-yet-valid');
  });

  it('refuses tampered, unknown-key, unsigned and malformed tokens', async () => {
    const [header, payload, signature] = (await idp.sign({})).split('.');
    const other = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), preferred_username: 'admin' })).toString('base64url');
    expect(await rejection(trusted.verify(`${header}.${other}.${signature}`))).toBe('bad-signature');
    expect(await rejection(trusted.verify(await idp.sign({}, 'hidden')))).toBe('unknown-key');
    expect(await rejection(trusted.verify(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`))).toBe('malformed');
    expect(await rejection(trusted.verify('not.a.jwt'))).toBe('malformed');
    expect(await rejection(trusted.verify(await idp.sign({ sub: undefined })))).toBe('malformed');
  });

  it('checks the nonce of the sign-in when given one', async () => {
    await expect(trusted.verify(await idp.sign({ nonce: 'n-1' }), { nonce: 'n-1' })).resolves.toMatchObject({ username: 'alice' });
    expect(await rejection(trusted.verify(await idp.sign({ nonce: 'n-2' }), { nonce: 'n-1' }))).toBe('malformed');
  });

  it('refuses to trust a discovery document that names another issuer', async () => {
    const liar = await startFakeIssuer({ claimIssuer: 'https://login.example.com' });
    const issuer = new ExternalIssuer({ issuerUrl: liar.issuerUrl, clientId: CLIENT });
    await expect(issuer.verify(await liar.sign({}))).rejects.toThrow(/names issuer https:\/\/login\.example\.com/);
    await expect(issuer.verify(await liar.sign({}))).rejects.toBeInstanceOf(UnavailableError);
    await liar.stop();
  });

  it('answers UnavailableError while the issuer fails, and discovers again once it is back', async () => {
    const flaky = await startFakeIssuer();
    const issuer = new ExternalIssuer({ issuerUrl: flaky.issuerUrl, clientId: CLIENT, timeoutMs: 1_000 });
    const token = await flaky.sign({});
    flaky.setDown(true);
    await expect(issuer.verify(token)).rejects.toThrow(/answered HTTP 503/);
    flaky.setDown(false);
    await expect(issuer.verify(token)).resolves.toMatchObject({ username: 'alice' });
    await flaky.stop();
    const unreachable = new ExternalIssuer({ issuerUrl: flaky.issuerUrl, clientId: CLIENT, timeoutMs: 1_000 });
    await expect(unreachable.verify(token)).rejects.toBeInstanceOf(UnavailableError);
  });

  it('refuses an issuer URL that would fetch keys in clear text', () => {
    for (const issuerUrl of ['http://login.example.com/realm', 'not a url', 'https://login.example.com/?x=1']) {
      expect(() => new ExternalIssuer({ issuerUrl, clientId: CLIENT })).toThrow(ValidationError);
    }
    expect(() => new ExternalIssuer({ issuerUrl: 'https://login.example.com/realm', clientId: CLIENT })).not.toThrow();
  });
});
