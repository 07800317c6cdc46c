import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';
import { createAuthenticator, AuthError } from '../../src/service/auth/jwt.js';

const HS_KEY = new TextEncoder().encode('a'.repeat(32));
const now = () => Math.floor(Date.now() / 1000);

function hs(claims: Record<string, unknown>, alg = 'HS256', key = HS_KEY): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(key);
}

function unsigned(claims: Record<string, unknown>, trailingDot = true): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(claims)}${trailingDot ? '.' : ''}`;
}

const secure = createAuthenticator({ mode: 'secure', alg: 'HS256', key: HS_KEY, namespace: null, iss: null, aud: null });

async function failure(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AuthError);
  return (err as AuthError).message;
}

describe('secure mode', () => {
  it('accepts a valid token and reads sub (or the legacy user_id)', async () => {
    expect((await secure.authenticate(await hs({ sub: 'u1', iat: now(), exp: now() + 60 }))).userId).toBe('u1');
    expect((await secure.authenticate(await hs({ user_id: 'u2', iat: now(), exp: now() + 60 }))).userId).toBe('u2');
  });

  it('gives the legacy message for each kind of bad token', async () => {
    expect(await failure(secure.authenticate('not a token'))).toBe('Invalid token');
    expect(await failure(secure.authenticate(await hs({ sub: 'u', iat: now(), exp: now() + 60 }, 'HS384', new TextEncoder().encode('b'.repeat(48)))))).toBe(
      'Signing algorithm mismatch',
    );
    expect(await failure(secure.authenticate(await hs({ sub: 'u', iat: now(), exp: now() + 60 }, 'HS256', new TextEncoder().encode('c'.repeat(32)))))).toBe(
      'Invalid token signature',
    );
    expect(await failure(secure.authenticate(await hs({ iat: now(), exp: now() + 60 })))).toBe("Missing or invalid 'user_id'");
    expect(await failure(secure.authenticate(await hs({ sub: 'u', exp: now() + 60 })))).toBe('Missing required "iat" claim');
    expect(await failure(secure.authenticate(await hs({ sub: 'u', iat: now() })))).toBe('Missing required "exp" claim');
    expect(await failure(secure.authenticate(await hs({ sub: 'u', iat: now() - 100, exp: now() - 10 })))).toBe('Expired token');
    expect(await failure(secure.authenticate(await hs({ sub: 'u', iat: now() + 60, exp: now() + 120 })))).toBe('Token is not yet valid');
    expect(await failure(secure.authenticate(await hs({ sub: 'u', iat: now(), nbf: now() + 60, exp: now() + 120 })))).toBe('Token is not yet valid');
    // An unsigned token names alg "none": not the configured algorithm.
    expect(await failure(secure.authenticate(unsigned({ sub: 'u', iat: now(), exp: now() + 60 })))).toBe('Signing algorithm mismatch');
  });

  it('checks iss and aud when configured', async () => {
    const strict = createAuthenticator({ mode: 'secure', alg: 'HS256', key: HS_KEY, namespace: null, iss: 'me', aud: 'app' });
    expect((await strict.authenticate(await hs({ sub: 'u', iat: now(), exp: now() + 60, iss: 'me', aud: 'app' }))).userId).toBe('u');
    expect(await failure(strict.authenticate(await hs({ sub: 'u', iat: now(), exp: now() + 60, aud: 'app' })))).toBe('Missing required "iss" claim');
    expect(await failure(strict.authenticate(await hs({ sub: 'u', iat: now(), exp: now() + 60, iss: 'you', aud: 'app' })))).toMatch(/^Invalid "iss" claim value/);
    expect(await failure(strict.authenticate(await hs({ sub: 'u', iat: now(), exp: now() + 60, iss: 'me', aud: 'other' })))).toMatch(/^Invalid "aud" claim value/);
  });

  it('verifies RS256 and ES256 with PEM public keys', async () => {
    for (const [type, alg, opts] of [
      ['rsa', 'RS256', { modulusLength: 2048 }],
      ['ec', 'ES256', { namedCurve: 'P-256' }],
    ] as const) {
      const pair = generateKeyPairSync(type as 'rsa', opts as { modulusLength: number });
      const pub = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const priv = await importPKCS8(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), alg);
      const auth = createAuthenticator({ mode: 'secure', alg, key: pub, namespace: null, iss: null, aud: null });
      const token = await new SignJWT({ sub: 'pk', iat: now(), exp: now() + 60 }).setProtectedHeader({ alg }).sign(priv);
      expect((await auth.authenticate(token)).userId).toBe('pk');
    }
  });

  it('reads the user id under a namespace', async () => {
    const ns = createAuthenticator({ mode: 'secure', alg: 'HS256', key: HS_KEY, namespace: 'https://app', iss: null, aud: null });
    expect((await ns.authenticate(await hs({ 'https://app': { sub: 'inner' }, sub: 'outer', iat: now(), exp: now() + 60 }))).userId).toBe('inner');
    expect(await failure(ns.authenticate(await hs({ sub: 'outer', iat: now(), exp: now() + 60 })))).toBe("Missing or invalid 'user_id'");
  });
});

describe('insecure mode', () => {
  const insecure = createAuthenticator({ mode: 'insecure', namespace: null });
  it('accepts unsigned tokens with or without the trailing dot, and signed ones unchecked', async () => {
    expect((await insecure.authenticate(unsigned({ sub: 'a' }))).userId).toBe('a');
    expect((await insecure.authenticate(unsigned({ sub: 'b' }, false))).userId).toBe('b');
    expect((await insecure.authenticate(await hs({ sub: 'c' }, 'HS256', new TextEncoder().encode('x'.repeat(32))))).userId).toBe('c');
  });
  it('still validates time claims when present, and requires a user id', async () => {
    expect(await failure(insecure.authenticate(unsigned({ sub: 'a', exp: now() - 60 })))).toBe('Expired token');
    expect(await failure(insecure.authenticate(unsigned({ sub: 'a', nbf: now() + 60 })))).toBe('Token is not yet valid');
    expect(await failure(insecure.authenticate(unsigned({ name: 'a' })))).toBe("Missing or invalid 'user_id'");
    expect(await failure(insecure.authenticate('garbage'))).toBe('Invalid token');
    expect(await failure(insecure.authenticate('e30.bm90IGpzb24.'))).toBe('Invalid token');
  });
});
