/**
 * Structured logging: JSON lines for machines, a compact human form when the
 * output is a terminal. Loggers are cheap children that carry fixed fields.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LogFields = Record<string, unknown>;

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface LogSink {
  write(line: string): void;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Human-readable lines instead of JSON (default: when stdout is a TTY). */
  pretty?: boolean;
  sink?: LogSink;
}

export class Logger {
  private readonly rank: number;
  private readonly pretty: boolean;
  private readonly sink: LogSink;

  constructor(
    private readonly options: LoggerOptions,
    private readonly fields: LogFields = {},
  ) {
    this.rank = RANK[options.level];
    this.pretty = options.pretty ?? Boolean(process.stdout.isTTY);
    this.sink = options.sink ?? { write: (line) => process.stdout.write(line) };
  }

  get level(): LogLevel {
    return this.options.level;
  }

  child(fields: LogFields): Logger {
    return new Logger(this.options, { ...this.fields, ...fields });
  }

  error(msg: string, fields?: LogFields): void {
    this.log('error', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.log('warn', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.log('info', msg, fields);
  }
  debug(msg: string, fields?: LogFields): void {
    this.log('debug', msg, fields);
  }

  isEnabled(level: LogLevel): boolean {
    return RANK[level] <= this.rank;
  }

  private log(level: LogLevel, msg: string, extra?: LogFields): void {
    if (RANK[level] > this.rank) return;
    const fields = { ...this.fields, ...extra };
    this.sink.write(this.pretty ? formatPretty(level, msg, fields) : formatJson(level, msg, fields));
  }
}

function formatJson(level: LogLevel, msg: string, fields: LogFields): string {
  return JSON.stringify({ time: new Date().toISOString(), level, msg, ...normalise(fields) }) + '\n';
}

function formatPretty(level: LogLevel, msg: string, fields: LogFields): string {
  const time = new Date().toISOString().slice(11, 23);
  const rest = Object.entries(normalise(fields))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${time} ${level.toUpperCase().padEnd(5)} ${msg}${rest ? '  ' + rest : ''}\n`;
}

/** Errors do not serialise with JSON.stringify: keep their message and code. */
function normalise(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof Error) {
      const code = (v as { code?: unknown }).code;
      out[k] = code === undefined ? v.message : { message: v.message, code };
    } else if (typeof v === 'bigint') {
      out[k] = v.toString();
    } else if (v !== undefined) {
      out[k] = v;
    }
  }
  return out;
}

/** A logger that drops everything (tests, library defaults). */
export const silentLogger = new Logger({ level: 'error', pretty: false, sink: { write: () => {} } });
