/**
 * The checks of a Satellite WebSocket upgrade (spec §2.3), in order:
 * exactly one `electric.<major>.<minor>` subprotocol, a version this server
 * speaks, and Postgres ready. Pure, so that every refusal is unit-tested.
 */
import { MAX_PROTOCOL_VERSION, MIN_PROTOCOL_VERSION } from '../../version.js';

export type UpgradeVerdict =
  | { readonly ok: true; readonly protocol: string; readonly version: string }
  | { readonly ok: false; readonly status: 400 | 503; readonly message: string };

type Semver = [number, number, number];

function parseSemver(text: string): Semver | null {
  const m = /^(\d{1,6})\.(\d{1,6})\.(\d{1,6})$/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function compare(a: Semver, b: Semver): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export function checkUpgrade(protocolHeader: string | undefined, postgresState: string): UpgradeVerdict {
  const offered = (protocolHeader ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.startsWith('electric.'));
  const missing: UpgradeVerdict = { ok: false, status: 400, message: 'Missing satellite websocket subprotocol' };
  if (offered.length !== 1) return missing;
  const protocol = offered[0]!;
  const suffix = protocol.slice('electric.'.length);
  if (Buffer.byteLength(suffix) >= 20) return missing;
  const version = parseSemver(`${suffix}.0`);
  if (!version) return missing;
  const min = parseSemver(MIN_PROTOCOL_VERSION)!;
  const max = parseSemver(MAX_PROTOCOL_VERSION)!;
  if (compare(version, min) < 0 || compare(version, max) > 0) {
    return {
      ok: false,
      status: 400,
      message: `Cannot connect satellite version ${version.join('.')}: this server requires >= ${MIN_PROTOCOL_VERSION} and <= ${MAX_PROTOCOL_VERSION}`,
    };
  }
  if (postgresState !== 'ready') {
    return { ok: false, status: 503, message: `Postgres connection is not ready: ${postgresState}` };
  }
  return { ok: true, protocol: `electric.${version[0]}.${version[1]}`, version: version.join('.') };
}
