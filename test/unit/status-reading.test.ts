/**
 * readStatus against a real HTTP server on 127.0.0.1 that answers what an
 * Electric service would not: the dashboard must get either the figures
 * it can draw or a refusal it can show, never a body that throws while
 * drawing.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { readStatus } from '../../src/status/reading.js';
import { DashboardView, INITIAL_VIEW } from '../../src/status/dashboard.js';

const plainStatus = {
  status: 'ready',
  message: 'Connection to Postgres is up!',
  version: '0.1.0',
  uptimeSeconds: 5,
  postgres: { connected: true, state: 'ready', serverVersion: '16.4', embedded: true, lastError: null },
};

/** What the server answers, by path: status code and raw body. */
let answers: Record<string, { status: number; body: string }> = {};
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const answer = answers[req.url ?? ''] ?? { status: 404, body: '{"error":"not_found","message":"Not found"}' };
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function serve(detail: { status: number; body: string }, status = { status: 200, body: JSON.stringify(plainStatus) }): void {
  answers = { '/api/status/detail': detail, '/api/status': status };
}

function draw(reading: Awaited<ReturnType<typeof readStatus>>): string {
  const view = render(
    createElement(DashboardView, { url, reading, lagHistory: [], view: INITIAL_VIEW, columns: 100, rows: 30, retry: null, now: Date.now() }),
  );
  const frame = view.lastFrame() ?? '';
  view.unmount();
  return frame;
}

describe('readStatus with unexpected answers', () => {
  it('takes a status body without the figures as a refusal, and the dashboard draws it', async () => {
    serve({ status: 200, body: JSON.stringify(plainStatus) });
    const reading = await readStatus({ url });
    expect(reading).toMatchObject({ kind: 'status', ready: true, detail: null, refusal: { httpStatus: 200, message: 'the answer lacks the detailed figures' } });
    expect(draw(reading)).toContain('Detailed figures refused (HTTP 200): the answer lacks the detailed figures');
  });

  it('refuses figures whose clients or shapes it could not draw', async () => {
    const figures = {
      ...plainStatus,
      writeMode: 'direct_writes',
      replication: { state: 'ready', lag: { bytes: 0, ms: 0 }, cache: null },
      throughput: {},
      writes: { lastError: null },
      migrations: { version: null, count: 0 },
      proxy: { connections: 0 },
      clients: [],
      shapes: [],
    };
    serve({ status: 200, body: JSON.stringify(figures) });
    const whole = await readStatus({ url });
    expect(whole).toMatchObject({ kind: 'status', refusal: null, detail: { clients: [] } });
    expect(draw(whole)).toContain('Clients (0)');
    for (const broken of [{ clients: [null] }, { clients: [{ userId: 'a' }] }, { shapes: [{ table: 'public.items', where: '' }] }, { replication: { state: 'ready' } }]) {
      serve({ status: 200, body: JSON.stringify({ ...figures, ...broken }) });
      const reading = await readStatus({ url });
      expect(reading).toMatchObject({ kind: 'status', detail: null, refusal: { httpStatus: 200 } });
      expect(draw(reading)).toContain('Detailed figures refused');
    }
  });

  it('says what a non-JSON answer was', async () => {
    serve({ status: 200, body: '<html>hello</html>' });
    expect(await readStatus({ url })).toMatchObject({ kind: 'status', detail: null, refusal: { httpStatus: 200, message: 'the answer is not the detailed figures' } });
  });

  it('is not an Electric service when the public status has no postgres part', async () => {
    serve({ status: 404, body: '' }, { status: 200, body: JSON.stringify({ ...plainStatus, postgres: null }) });
    expect(await readStatus({ url })).toMatchObject({ kind: 'unreachable', error: 'not an Electric service: GET /api/status answered HTTP 200' });
  });
});
