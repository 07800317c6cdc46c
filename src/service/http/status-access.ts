/**
 * Who may read the detailed status and /metrics. In insecure auth mode
 * anyone (as for clients). In secure mode the request carries
 * `Authorization: Bearer <token>`, verified exactly as a client's token,
 * and the token's user id must be one of ELECTRIC_STATUS_USERS.
 */
import type http from 'node:http';
import type { AuthConfig } from '../config.js';
import { AuthError, type Authenticator } from '../auth/jwt.js';
import { sendError } from './server.js';

export type AccessVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 401 | 403; readonly error: 'unauthorized' | 'forbidden'; readonly message: string };

export type StatusAccess = (req: http.IncomingMessage) => Promise<AccessVerdict>;

/** `authenticator`: the one that verifies client tokens (same key, algorithm, iss/aud). */
export function statusAccess(mode: AuthConfig['mode'], authenticator: Authenticator, users: readonly string[]): StatusAccess {
  if (mode === 'insecure') return async () => ({ ok: true });
  const allowed = new Set(users);
  return async (req) => {
    const token = bearerToken(req.headers.authorization);
    if (token === null) {
      return { ok: false, status: 401, error: 'unauthorized', message: 'A token is required: send Authorization: Bearer <token>' };
    }
    let userId: string;
    try {
      userId = (await authenticator.authenticate(token)).userId;
    } catch (err) {
      const reason = err instanceof AuthError ? err.message : 'Invalid token';
      return { ok: false, status: 401, error: 'unauthorized', message: `Authentication failed: ${reason}` };
    }
    if (!allowed.has(userId)) {
      return { ok: false, status: 403, error: 'forbidden', message: `User "${userId}" may not read the detailed status (see ELECTRIC_STATUS_USERS)` };
    }
    return { ok: true };
  };
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

/** Answers a refused request (401 asks for a bearer token); true when the request may go on. */
export async function allowed(access: StatusAccess, req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  const verdict = await access(req);
  if (verdict.ok) return true;
  if (verdict.status === 401) res.setHeader('www-authenticate', 'Bearer');
  sendError(res, verdict.status, verdict.error, verdict.message);
  return false;
}
