/**
 * One reading of a running service, as `electric status` sees it: the
 * detailed figures when the service lets us read them, else the public
 * status with the reason the figures were refused, else why the service
 * could not be reached. Never throws.
 */
import type { DetailedStatusBody, StatusBody } from '../service/http/status-route.js';
import { parseServiceUrl } from '../util/service-url.js';

export type Reading =
  | {
      readonly kind: 'status';
      readonly at: number;
      readonly ready: boolean;
      readonly status: StatusBody;
      /** null when the figures were refused (see `refusal`). */
      readonly detail: DetailedStatusBody | null;
      readonly refusal: { readonly httpStatus: number; readonly message: string } | null;
    }
  | { readonly kind: 'unreachable'; readonly at: number; readonly error: string };

export interface ReadOptions {
  /** Base URL of the service, e.g. http://127.0.0.1:5133 (see `serviceUrl`). */
  readonly url: string;
  readonly token?: string | null;
  readonly timeoutMs?: number;
}

export { DEFAULT_SERVICE_URL } from '../util/service-url.js';

/** The service URL as typed by the user (a bare host:port gets http://), or null when it is not one. */
export function serviceUrl(text: string): string | null {
  const parsed = parseServiceUrl(text);
  return 'url' in parsed ? parsed.url.href.replace(/\/+$/, '') : null;
}

export async function readStatus(options: ReadOptions): Promise<Reading> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const detail = await getJson(`${options.url}/api/status/detail`, headers, timeoutMs);
  if ('error' in detail) return { kind: 'unreachable', at: Date.now(), error: detail.error };
  if (isDetailedStatusBody(detail.body)) {
    const body = detail.body;
    return { kind: 'status', at: Date.now(), ready: body.status === 'ready', status: body, detail: body, refusal: null };
  }
  // Refused (or a service without detailed figures): the public status still tells readiness.
  const refusal = { httpStatus: detail.httpStatus, message: refusalMessage(detail.httpStatus, detail.body) };
  const plain = await getJson(`${options.url}/api/status`, {}, timeoutMs);
  if ('error' in plain) return { kind: 'unreachable', at: Date.now(), error: plain.error };
  if (!isStatusBody(plain.body)) return { kind: 'unreachable', at: Date.now(), error: `not an Electric service: GET /api/status answered HTTP ${plain.httpStatus}` };
  const status = plain.body;
  return { kind: 'status', at: Date.now(), ready: status.status === 'ready', status, detail: null, refusal };
}

async function getJson(url: string, headers: Record<string, string>, timeoutMs: number): Promise<{ httpStatus: number; body: unknown } | { error: string }> {
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    return { error: networkError(err, timeoutMs) };
  }
  let body: unknown = null;
  try {
    body = JSON.parse(await res.text());
  } catch {
    // not JSON: judged by the status code alone
  }
  return { httpStatus: res.status, body };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStatusBody(body: unknown): body is StatusBody {
  return isObject(body) && typeof body.status === 'string' && isObject(body.postgres);
}

/**
 * The parts of the detailed figures the dashboard reaches into (a missing
 * one would throw while drawing); other fields are only printed, so a
 * wrong type there shows as such instead of failing.
 */
function isDetailedStatusBody(body: unknown): body is DetailedStatusBody {
  if (!isObject(body) || !isStatusBody(body)) return false;
  return (
    isObject(body.replication) &&
    isObject(body.replication.lag) &&
    isObject(body.throughput) &&
    isObject(body.writes) &&
    isObject(body.migrations) &&
    isObject(body.proxy) &&
    Array.isArray(body.clients) &&
    body.clients.every((c) => isObject(c) && typeof c.clientId === 'string') &&
    Array.isArray(body.shapes) &&
    body.shapes.every((s) => isObject(s) && typeof s.table === 'string' && typeof s.where === 'string' && typeof s.rowsHeld === 'number')
  );
}

function refusalMessage(httpStatus: number, body: unknown): string {
  if (isStatusBody(body)) return 'the answer lacks the detailed figures';
  const message = isObject(body) ? body.message : undefined;
  if (typeof message === 'string' && message !== '') return message;
  if (httpStatus === 404) return 'this service does not serve detailed figures';
  if (httpStatus >= 200 && httpStatus < 300) return 'the answer is not the detailed figures';
  return `HTTP ${httpStatus}`;
}

/** fetch's errors carry the system error (ECONNREFUSED...) in `cause`. */
function networkError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs / 1000} s`;
  const cause = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.message === 'string' && cause.message !== '') return cause.message;
  if (cause && typeof cause.code === 'string') return cause.code;
  const message = err instanceof Error ? err.message : String(err);
  // Bun puts the code (ECONNREFUSED...) on the error itself, not always in its message.
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
