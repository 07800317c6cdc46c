/**
 * GET /api/status says ready only when clients can be served: Postgres
 * connected and every part of the service started.
 */
import { describe, expect, it } from 'vitest';
import { statusBody } from '../../src/service/http/status-route.js';
import type { PostgresConnector } from '../../src/service/postgres/connector.js';

const connector = (state: string): PostgresConnector =>
  ({ state, serverInfo: { serverVersion: '16.14' }, lastError: null }) as unknown as PostgresConnector;

describe('statusBody', () => {
  it('is ready when Postgres is connected and every part is serving', () => {
    expect(statusBody({ connector: connector('ready'), startedAt: Date.now(), embedded: false, serving: true })).toMatchObject({
      status: 'ready',
      postgres: { connected: true, serverVersion: '16.14' },
    });
  });

  it('is "starting" while Postgres is connected but the rest is still starting (or stopping)', () => {
    expect(statusBody({ connector: connector('ready'), startedAt: Date.now(), embedded: false, serving: false })).toMatchObject({
      status: 'starting',
      postgres: { connected: true },
    });
  });

  it('reports the connector state otherwise', () => {
    expect(statusBody({ connector: connector('subscribing'), startedAt: Date.now(), embedded: true, serving: false })).toMatchObject({
      status: 'subscribing',
      message: 'Initializing connection to Postgres...',
      postgres: { connected: false, serverVersion: null },
    });
  });
});
