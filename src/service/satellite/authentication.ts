/**
 * A connection's authentication. The first `authenticate` admits the client
 * (one connection per client id) and fixes its user; later ones renew the
 * token for the same client and user. Every refusal closes the connection.
 */
import type { Authenticator } from '../auth/jwt.js';
import { AuthError } from '../auth/jwt.js';
import { errorMessage } from '../../util/errors.js';
import { ERROR_CODE } from './codes.js';
import type { ConnectionState } from './connection.js';
import type { RpcChannel } from './rpc.js';

export interface AuthenticateRequest {
  readonly id?: string | null;
  readonly token?: string | null;
}

export interface AuthenticationDeps {
  readonly instanceId: string;
  readonly authenticator: Authenticator;
  /** Registers the client id for this connection; false when it is already connected. */
  claim(clientId: string): boolean;
  /** The client is admitted (called before the answer goes out). */
  admitted(clientId: string): void;
}

export class ClientAuthentication {
  private id: string | null = null;
  private user: string | null = null;

  constructor(
    private readonly connection: Pick<ConnectionState, 'log' | 'closed'>,
    private readonly rpc: Pick<RpcChannel, 'reply' | 'refuse'>,
    private readonly deps: AuthenticationDeps,
  ) {}

  /** The admitted client's id (null until then). */
  get clientId(): string | null {
    return this.id;
  }

  get userId(): string | null {
    return this.user;
  }

  /** Answers an `authenticate` request; true when it admitted a new client (not a renewal, not a refusal). */
  async handle(requestId: number, req: AuthenticateRequest): Promise<boolean> {
    const id = req.id ?? '';
    const token = req.token ?? '';
    if (this.id) {
      if (id !== this.id) {
        this.rpc.refuse('authenticate', requestId, { errorType: ERROR_CODE.INVALID_REQUEST, message: 'Already authenticated' });
        return false;
      }
      try {
        const renewed = await this.deps.authenticator.authenticate(token);
        if (renewed.userId !== this.user) {
          this.rpc.refuse('authenticate', requestId, { errorType: ERROR_CODE.INVALID_REQUEST, message: "Authentication failed: can't change user ID on renewal" });
          return false;
        }
      } catch (err) {
        this.rpc.refuse('authenticate', requestId, { errorType: ERROR_CODE.AUTH_REQUIRED, message: `Authentication failed: ${errorMessage(err)}` });
        return false;
      }
      this.rpc.reply('authenticate', requestId, { id: this.deps.instanceId, headers: [] });
      return false;
    }
    if (id === '' || token === '') {
      this.rpc.refuse('authenticate', requestId, { errorType: ERROR_CODE.INVALID_REQUEST, message: 'Not authenticated' });
      return false;
    }
    let userId: string;
    try {
      userId = (await this.deps.authenticator.authenticate(token)).userId;
    } catch (err) {
      const reason = err instanceof AuthError ? err.message : 'Invalid token';
      this.rpc.refuse('authenticate', requestId, { errorType: ERROR_CODE.AUTH_REQUIRED, message: `Authentication failed: ${reason}` });
      return false;
    }
    // Checked after the wait: a claim made for a closed connection would
    // never be released, and a second authenticate may have won meanwhile.
    if (this.connection.closed) return false;
    if (this.id !== null) {
      this.rpc.refuse('authenticate', requestId, { errorType: ERROR_CODE.INVALID_REQUEST, message: 'Already authenticated' });
      return false;
    }
    if (!this.deps.claim(id)) {
      this.rpc.refuse('authenticate', requestId, { errorType: ERROR_CODE.INVALID_REQUEST, message: 'Attempted multiple connections from the same client' });
      return false;
    }
    this.id = id;
    this.user = userId;
    this.deps.admitted(id);
    this.connection.log.info('client authenticated', { clientId: id, userId });
    this.rpc.reply('authenticate', requestId, { id: this.deps.instanceId, headers: [] });
    return true;
  }
}
