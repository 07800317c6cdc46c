/**
 * Client authentication: the JWT a client presents in `SatAuthReq.token`.
 *
 * Secure mode verifies the signature with the configured algorithm and key
 * (jose); insecure mode only decodes (unsigned `header.payload[.]` tokens
 * are accepted). Both check the time claims with 2 s of allowed drift and
 * read the user id from `sub` (or the legacy `user_id`), under
 * AUTH_JWT_NAMESPACE when one is set. Error messages are the legacy ones.
 */
import { errors as joseErrors, importSPKI, jwtVerify, type JWTPayload } from 'jose';
import type { AuthConfig } from '../config.js';
import { ElectricError } from '../../util/errors.js';

const CLOCK_DRIFT_SECONDS = 2;

export class AuthError extends ElectricError {
  constructor(message: string) {
    super('AUTH_FAILED', message);
  }
}

export interface AuthResult {
  readonly userId: string;
  readonly claims: JWTPayload;
  /** Unix seconds, when the token has an `exp`. */
  readonly expiresAt: number | null;
}

export interface Authenticator {
  authenticate(token: string): Promise<AuthResult>;
}

export function createAuthenticator(config: AuthConfig): Authenticator {
  return config.mode === 'insecure' ? new InsecureAuthenticator(config.namespace) : new SecureAuthenticator(config);
}

class InsecureAuthenticator implements Authenticator {
  constructor(private readonly namespace: string | null) {}

  async authenticate(token: string): Promise<AuthResult> {
    const parts = token.split('.');
    if (parts.length < 2 || parts.length > 3) throw new AuthError('Invalid token');
    let claims: JWTPayload;
    try {
      JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as JWTPayload;
    } catch {
      throw new AuthError('Invalid token');
    }
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new AuthError('Invalid token');
    checkTimes(claims, false);
    return { userId: userIdOf(claims, this.namespace), claims, expiresAt: typeof claims.exp === 'number' ? claims.exp : null };
  }
}

class SecureAuthenticator implements Authenticator {
  private key: Promise<Awaited<ReturnType<typeof importSPKI>> | Uint8Array>;

  constructor(private readonly config: Extract<AuthConfig, { mode: 'secure' }>) {
    const { alg, key } = config;
    this.key = typeof key === 'string' ? importSPKI(key, alg) : Promise.resolve(key);
  }

  async authenticate(token: string): Promise<AuthResult> {
    const { alg, iss, aud, namespace } = this.config;
    let claims: JWTPayload;
    try {
      const result = await jwtVerify(token, await this.key, {
        algorithms: [alg],
        issuer: iss ?? undefined,
        audience: aud ?? undefined,
        clockTolerance: CLOCK_DRIFT_SECONDS,
        requiredClaims: ['iat', 'exp'],
      });
      claims = result.payload;
    } catch (err) {
      throw new AuthError(messageFor(err));
    }
    checkTimes(claims, true);
    return { userId: userIdOf(claims, namespace), claims, expiresAt: typeof claims.exp === 'number' ? claims.exp : null };
  }
}

function messageFor(err: unknown): string {
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'Signing algorithm mismatch';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'Invalid token signature';
  if (err instanceof joseErrors.JWTExpired) return 'Expired token';
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.reason === 'missing') return `Missing required "${err.claim}" claim`;
    if (err.claim === 'nbf' || err.claim === 'iat') return 'Token is not yet valid';
    return `Invalid "${err.claim}" claim value: ${err.message}`;
  }
  return 'Invalid token';
}

/** iat and nbf not in the future, exp not in the past (with drift); in insecure mode only when present. */
function checkTimes(claims: JWTPayload, required: boolean): void {
  const now = Math.floor(Date.now() / 1000);
  for (const claim of ['iat', 'nbf', 'exp'] as const) {
    const value = claims[claim];
    if (value === undefined) {
      if (required && claim !== 'nbf') throw new AuthError(`Missing required "${claim}" claim`);
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new AuthError(`Invalid "${claim}" claim value: not a number`);
    if (claim === 'exp' && value < now - CLOCK_DRIFT_SECONDS) throw new AuthError('Expired token');
    if (claim !== 'exp' && value > now + CLOCK_DRIFT_SECONDS) throw new AuthError('Token is not yet valid');
  }
}

function userIdOf(claims: JWTPayload, namespace: string | null): string {
  const scope = namespace === null ? claims : (claims[namespace] as Record<string, unknown> | undefined);
  const candidate = scope && typeof scope === 'object' ? (scope.sub ?? scope.user_id) : undefined;
  if (typeof candidate !== 'string' || candidate.trim() === '') throw new AuthError("Missing or invalid 'user_id'");
  return candidate;
}
