/**
 * The proxy's channel to Postgres without a database: what each relayed
 * stretch is owed (a ReadyForQuery, or one answer per message after a
 * Flush), Postgres skipping to the Sync after an error, and waits that end
 * when the connection does.
 */
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { Channel } from '../../src/proxy/channel.js';
import * as backend from '../../src/proxy/wire/backend.js';

function channel(): Channel {
  return new Channel(new PassThrough(), new PassThrough());
}

const settled = async (p: Promise<unknown>): Promise<string> => {
  const state = await Promise.race([p.then(() => 'resolved', () => 'rejected'), new Promise((r) => setTimeout(() => r('pending'), 20))]);
  return state as string;
};

describe('Channel', () => {
  it('is idle once a Flush-ended stretch has all its answers, without a ReadyForQuery', async () => {
    const c = channel();
    c.relay(Buffer.alloc(0), { kind: 'answers', count: 3 });
    const idle = c.idle();
    c.onUpstreamFrame(backend.parseComplete());
    c.onUpstreamFrame(backend.bindComplete());
    expect(await settled(idle)).toBe('pending');
    c.onUpstreamFrame(backend.commandComplete('CREATE TABLE'));
    expect(await settled(idle)).toBe('resolved');
    expect(c.extendedFailed).toBe(false);
  });

  it('after an error in a Flush-ended stretch, owes nothing up to the next Sync (Postgres skips it all)', async () => {
    const c = channel();
    c.relay(Buffer.alloc(0), { kind: 'answers', count: 3 });
    c.relay(Buffer.alloc(0), { kind: 'query' });
    c.onUpstreamFrame(backend.parseComplete());
    c.onUpstreamFrame(backend.errorResponse({ severity: 'ERROR', code: '42P01', message: 'nope' }));
    expect(c.extendedFailed).toBe(true);
    expect(await settled(c.idle())).toBe('resolved');
    // More of the same until the Sync: nothing owed for it.
    c.relay(Buffer.alloc(0), { kind: 'answers', count: 2 });
    expect(await settled(c.idle())).toBe('resolved');
    c.relay(Buffer.alloc(0), { kind: 'sync' });
    expect(c.extendedFailed).toBe(false);
    const idle = c.idle();
    expect(await settled(idle)).toBe('pending');
    c.onUpstreamFrame(backend.readyForQuery('I'));
    expect(await settled(idle)).toBe('resolved');
  });

  it('fails its waits when the connection closes, at once for those that start later', async () => {
    const c = channel();
    c.relay(Buffer.alloc(0), { kind: 'query' });
    const idle = c.idle();
    c.close();
    await expect(idle).rejects.toMatchObject({ code: 'PROXY_UPSTREAM_CLOSED' });
    await expect(c.idle()).rejects.toMatchObject({ code: 'PROXY_UPSTREAM_CLOSED' });
    expect(await settled(c.hidden('SELECT 1'))).toBe('rejected');
  });
});
