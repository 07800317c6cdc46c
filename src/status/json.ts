/**
 * `electric status --json`: one document per reading, and the exit code
 * scripts branch on (0 ready, 1 not ready, 2 unreachable).
 */
import type { Reading } from './reading.js';

export const EXIT = { READY: 0, NOT_READY: 1, UNREACHABLE: 2 } as const;

export function exitCodeOf(reading: Reading): number {
  if (reading.kind === 'unreachable') return EXIT.UNREACHABLE;
  return reading.ready ? EXIT.READY : EXIT.NOT_READY;
}

/**
 * The service's own document (the detailed one when readable), with the
 * URL it came from; `detailError` says why the figures are missing.
 */
export function jsonDocument(service: string, reading: Reading): Record<string, unknown> {
  const at = new Date(reading.at).toISOString();
  if (reading.kind === 'unreachable') return { service, at, status: 'unreachable', error: reading.error };
  const body = reading.detail ?? reading.status;
  return {
    service,
    at,
    ...body,
    ...(reading.refusal ? { detailError: `HTTP ${reading.refusal.httpStatus}: ${reading.refusal.message}` } : {}),
  };
}
