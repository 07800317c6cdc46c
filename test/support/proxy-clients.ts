/**
 * Real clients of the migrations proxy for end-to-end tests: psql run as a
 * child process (asynchronously: the service under test shares this
 * process's event loop), raw sockets speaking just enough of the Postgres
 * wire protocol to send bad input, and Postgres-side checks on the
 * proxy's upstream backends.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import net from 'node:net';
import type pg from 'pg';

export interface PsqlResult {
  /** Exit status (null when killed by a signal). */
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export interface PsqlOptions {
  readonly port: number;
  readonly password: string;
  readonly user?: string;
  readonly database?: string;
  /** Bytes piped to psql's standard input (COPY … FROM STDIN reads them). */
  readonly stdin?: Buffer;
  readonly applicationName?: string;
  readonly timeoutMs?: number;
}

/** Runs psql against 127.0.0.1:`port`; the child is returned with the promise of its end. */
export function psql(args: readonly string[], options: PsqlOptions): { child: ChildProcess; done: Promise<PsqlResult> } {
  let child!: ChildProcess;
  const done = new Promise<PsqlResult>((resolve) => {
    child = execFile(
      'psql',
      ['-X', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(options.port), '-U', options.user ?? 'postgres', '-d', options.database ?? 'electric', ...args],
      {
        env: {
          ...process.env,
          PGPASSWORD: options.password,
          // psql asks for TLS first: the proxy answers N and psql goes on in plain text.
          PGSSLMODE: 'prefer',
          PGCONNECT_TIMEOUT: '10',
          PGAPPNAME: options.applicationName ?? 'psql-e2e',
        },
        encoding: 'buffer',
        maxBuffer: 256 * 1024 * 1024,
        timeout: options.timeoutMs ?? 30_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, stdout, stderr: stderr.toString('utf8') });
      },
    );
    child.stdin!.on('error', () => {});
    child.stdin!.end(options.stdin);
  });
  return { child, done };
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** The backends Postgres has for an application name (the proxy passes the client's on). */
export async function backendsOf(sql: pg.Client, applicationName: string): Promise<number[]> {
  const { rows } = await sql.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
  return rows.map((r) => r.pid);
}

/** A raw TCP connection that records everything it receives. */
export interface RawConnection {
  readonly socket: net.Socket;
  received(): Buffer;
  /** Resolves when the peer has closed the connection. */
  readonly closed: Promise<void>;
}

export function rawConnection(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1');
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('data', (b: Buffer) => chunks.push(b));
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => {});
      resolve({ socket, received: () => Buffer.concat(chunks), closed });
    });
  });
}

/** A startup packet (protocol 3.0) with the given parameters. */
export function startupPacket(params: Record<string, string>): Buffer {
  const body = Buffer.concat([
    ...Object.entries(params).flatMap(([k, v]) => [Buffer.from(`${k}\0${v}\0`, 'utf8')]),
    Buffer.from([0]),
  ]);
  const out = Buffer.alloc(8 + body.length);
  out.writeInt32BE(out.length, 0);
  out.writeInt32BE(196608, 4);
  body.copy(out, 8);
  return out;
}

export interface BackendMessageSummary {
  readonly tag: string;
  /** ErrorResponse / NoticeResponse fields by their one-letter type. */
  readonly fields?: Record<string, string>;
  /** CommandComplete's tag; ReadyForQuery's transaction status. */
  readonly text?: string;
}

/** Splits what a backend sent into messages; error fields decoded. */
export function backendMessages(data: Buffer): BackendMessageSummary[] {
  const out: BackendMessageSummary[] = [];
  let offset = 0;
  while (data.length - offset >= 5) {
    const tag = String.fromCharCode(data[offset]!);
    const length = data.readInt32BE(offset + 1);
    const body = data.subarray(offset + 5, offset + 1 + length);
    if (tag === 'E' || tag === 'N') {
      const fields: Record<string, string> = {};
      let i = 0;
      while (i < body.length && body[i] !== 0) {
        const type = String.fromCharCode(body[i]!);
        const end = body.indexOf(0, i + 1);
        fields[type] = body.toString('utf8', i + 1, end);
        i = end + 1;
      }
      out.push({ tag, fields });
    } else if (tag === 'C') {
      out.push({ tag, text: body.toString('utf8', 0, body.length - 1) });
    } else if (tag === 'Z') {
      out.push({ tag, text: String.fromCharCode(body[0]!) });
    } else {
      out.push({ tag });
    }
    offset += 1 + length;
  }
  return out;
}
