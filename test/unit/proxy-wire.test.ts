/**
 * The proxy's wire pieces without sockets: framing across chunk boundaries,
 * decoding what clients send (built with pg-protocol's serializer, as `pg`
 * sends it), the MD5 answer, startup options, and the mode by user/database.
 */
import { describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { serialize } from 'pg-protocol';
import { FrameReader } from '../../src/proxy/wire/frames.js';
import { bindValueText, decodeFrontend, decodeStartup } from '../../src/proxy/wire/frontend.js';
import { md5Response } from '../../src/proxy/auth.js';
import { forwardedOptions } from '../../src/proxy/upstream.js';
import { modeFor } from '../../src/proxy/session.js';

describe('FrameReader', () => {
  it('splits messages at any chunk boundary and keeps the rest', () => {
    const bytes = Buffer.concat([serialize.query('SELECT 1'), serialize.parse({ name: 's', text: 'SELECT $1' }), serialize.sync()]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const reader = new FrameReader(true);
      const frames = [...reader.push(bytes.subarray(0, cut)), ...reader.push(bytes.subarray(cut))];
      expect(frames.map((f) => String.fromCharCode(f[0]!))).toEqual(['Q', 'P', 'S']);
    }
  });

  it('reads one untagged startup packet, then tagged messages after the switch', () => {
    const reader = new FrameReader(false);
    const startup = serialize.startup({ user: 'u', database: 'd' });
    const frames = reader.push(Buffer.concat([startup, serialize.password('secret')]));
    expect(frames).toHaveLength(1);
    expect(decodeStartup(frames[0]!)).toEqual({ kind: 'startup', protocol: 196608, params: { user: 'u', database: 'd', client_encoding: 'UTF8' } });
    reader.expectTagged();
    const [password] = reader.push(Buffer.alloc(0));
    expect(decodeFrontend(password!)).toMatchObject({ type: 'password', text: 'secret' });
  });

  it('joins a big message once, not once per chunk (a 20 MB seed file arrives in hundreds of pieces)', () => {
    const big = serialize.query(`SELECT '${'x'.repeat(4 * 1024 * 1024)}'`);
    const reader = new FrameReader(true);
    const concat = vi.spyOn(Buffer, 'concat');
    try {
      const frames: Buffer[] = [];
      for (let at = 0; at < big.length; at += 65536) frames.push(...reader.push(big.subarray(at, at + 65536)));
      expect(frames).toHaveLength(1);
      expect(frames[0]!.equals(big)).toBe(true);
      expect(concat.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      concat.mockRestore();
    }
  });

  it('refuses an absurd length instead of waiting for it', () => {
    const reader = new FrameReader(true);
    const bad = Buffer.from([0x51, 0x7f, 0xff, 0xff, 0xff]);
    expect(() => reader.push(bad)).toThrow(/invalid message length/);
    expect(() => new FrameReader(true).push(Buffer.from([0x51, 0, 0, 0, 2]))).toThrow(/invalid message length/);
  });
});

describe('decodeStartup', () => {
  it('knows SSL, GSSENC and cancel requests', () => {
    expect(decodeStartup(serialize.requestSsl())).toEqual({ kind: 'ssl' });
    const gss = Buffer.alloc(8);
    gss.writeInt32BE(8, 0);
    gss.writeInt32BE(80877104, 4);
    expect(decodeStartup(gss)).toEqual({ kind: 'gssenc' });
    expect(decodeStartup(serialize.cancel(42, 7))).toEqual({ kind: 'cancel', processId: 42, secretKey: 7 });
  });
});

describe('decodeFrontend', () => {
  it('decodes the extended-protocol messages pg sends', () => {
    expect(decodeFrontend(serialize.parse({ name: 'st', text: 'INSERT INTO t VALUES ($1)', types: [25] }))).toMatchObject({
      type: 'parse', name: 'st', sql: 'INSERT INTO t VALUES ($1)', paramTypes: [25],
    });
    const bind = decodeFrontend(serialize.bind({ portal: 'p', statement: 'st', values: ['20240101_init', null] }));
    expect(bind).toMatchObject({ type: 'bind', portal: 'p', statement: 'st' });
    if (bind.type !== 'bind') throw new Error('not a bind');
    expect(bindValueText(bind, 0)).toBe('20240101_init');
    expect(bindValueText(bind, 1)).toBeNull();
    expect(decodeFrontend(serialize.execute({ portal: 'p', rows: 5 }))).toMatchObject({ type: 'execute', portal: 'p', maxRows: 5 });
    expect(decodeFrontend(serialize.describe({ type: 'S', name: 'st' }))).toMatchObject({ type: 'describe', target: 'S', name: 'st' });
    expect(decodeFrontend(serialize.close({ type: 'P', name: 'p' }))).toMatchObject({ type: 'close', target: 'P', name: 'p' });
    expect(decodeFrontend(serialize.flush())).toMatchObject({ type: 'flush' });
    expect(decodeFrontend(serialize.copyDone())).toMatchObject({ type: 'copy', done: true });
  });

  it('reads binary bigint parameters (Ecto versions)', () => {
    const raw = serialize.bind({ statement: 's', values: [Buffer.from([0, 0, 0x12, 0x6a, 0x3b, 0x5e, 0x6c, 0x80])], binary: true });
    const bind = decodeFrontend(raw);
    if (bind.type !== 'bind') throw new Error('not a bind');
    expect(bindValueText(bind, 0)).toBe(String(0x126a3b5e6c80));
  });

  it('refuses a message that ends early', () => {
    const truncated = Buffer.from([0x50, 0, 0, 0, 6, 0x61, 0x62]); // Parse without its strings' ends
    expect(() => decodeFrontend(truncated)).toThrow(/unterminated string|ends early/);
  });
});

describe('md5Response', () => {
  it('is what libpq sends: md5 + md5(md5(password + user) + salt)', () => {
    const salt = Buffer.from([1, 2, 3, 4]);
    const inner = createHash('md5').update('pwalice').digest('hex');
    const outer = createHash('md5').update(Buffer.concat([Buffer.from(inner), salt])).digest('hex');
    expect(md5Response('pw', 'alice', salt)).toBe(`md5${outer}`);
  });
});

describe('forwardedOptions', () => {
  it('passes startup parameters as -c options, escaping spaces and backslashes', () => {
    expect(forwardedOptions({ user: 'u', database: 'd', application_name: 'psql', client_encoding: 'UTF8', DateStyle: 'ISO, MDY', options: '-c search_path=app' }))
      .toBe('-c search_path=app -c client_encoding=UTF8 -c DateStyle=ISO,\\ MDY');
    expect(forwardedOptions({ 'bad key;': 'x', a: 'b\\c' })).toBe('-c a=b\\\\c');
  });
});

describe('modeFor', () => {
  it('chooses the mode by user and database', () => {
    expect(modeFor('postgres', 'electric')).toBe('capture');
    expect(modeFor('transparent', 'electric')).toBe('transparent');
    expect(modeFor('postgres', 'prisma_migrate_shadow_db_5f1c')).toBe('shadow');
  });
});
