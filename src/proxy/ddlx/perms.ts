/**
 * DDLX permission statements as `SatPerms.DDLX`, the message the proxy
 * stores in `electric.ddlx_commands.ddlx`. Field for field what the legacy
 * service builds: one Grant/Revoke per privilege, and the same ids (a SHA-1
 * over the fields that identify the command, in lower-case unpadded
 * base32), so that a grant and the revoke that undoes it share an id.
 */
import { createHash } from 'node:crypto';
import { Electric } from '../../protocol/generated/satellite.js';
import type { GrantRole, PermissionsStatement, Privilege, QualifiedName, TableRef } from './ast.js';

const SatPerms = Electric.Satellite.SatPerms;

export type SatPermsDdlx = Electric.Satellite.SatPerms.IDDLX;
type ProtoGrant = Electric.Satellite.SatPerms.IGrant;
type ProtoTable = Electric.Satellite.SatPerms.ITable;
type ProtoRoleName = Electric.Satellite.SatPerms.IRoleName;

const PRIVILEGE: Readonly<Record<Privilege, Electric.Satellite.SatPerms.Privilege>> = {
  SELECT: SatPerms.Privilege.SELECT,
  INSERT: SatPerms.Privilege.INSERT,
  UPDATE: SatPerms.Privilege.UPDATE,
  DELETE: SatPerms.Privilege.DELETE,
};

export function toSatPermsDdlx(stmt: PermissionsStatement): SatPermsDdlx {
  switch (stmt.kind) {
    case 'grant':
      return {
        grants: stmt.privileges.map((privilege) => {
          const grant: ProtoGrant = {
            table: table(stmt.table),
            role: roleName(stmt.role),
            privilege: PRIVILEGE[privilege],
            ...(stmt.columns === null ? {} : { columns: { names: [...stmt.columns] } }),
            ...(stmt.scope === null ? {} : { scope: table(stmt.scope) }),
            // The legacy grammar's USING path is bare column names; only the column is known here.
            ...(stmt.using === null ? {} : { path: { columns: stmt.using.map((column) => ({ column })) } }),
            ...(stmt.where === null ? {} : { check: stmt.where.text }),
          };
          return { id: grantId(stmt.table, stmt.role, stmt.scope, privilege), ...grant };
        }),
      };
    case 'revoke':
      return {
        revokes: stmt.privileges.map((privilege) => ({
          id: grantId(stmt.table, stmt.role, stmt.scope, privilege),
          table: table(stmt.table),
          role: roleName(stmt.role),
          privilege: PRIVILEGE[privilege],
          ...(stmt.scope === null ? {} : { scope: table(stmt.scope) }),
        })),
      };
    case 'assign':
    case 'unassign': {
      const userTable = stmt.user.table;
      const roleColumn = stmt.role.kind === 'column' ? stmt.role.column.column : null;
      const roleName = stmt.role.kind === 'named' ? stmt.role.name : null;
      const fields = {
        id: commandId([
          tableFingerprint(userTable),
          stmt.user.column,
          roleColumn,
          roleName,
          stmt.scope === null ? null : tableFingerprint(stmt.scope),
        ]),
        table: table(userTable),
        userColumn: stmt.user.column,
        ...(roleColumn === null ? {} : { roleColumn }),
        ...(roleName === null ? {} : { roleName }),
        ...(stmt.scope === null ? {} : { scope: table(stmt.scope) }),
      };
      if (stmt.kind === 'unassign') return { unassigns: [fields] };
      return { assigns: [{ ...fields, ...(stmt.if === null ? {} : { if: stmt.if.text }) }] };
    }
    case 'sqlite':
      return { sqlite: [{ stmt: stmt.statement }] };
  }
}

export function encodeSatPermsDdlx(stmt: PermissionsStatement): Uint8Array {
  return SatPerms.DDLX.encode(toSatPermsDdlx(stmt)).finish();
}

function table(ref: TableRef): ProtoTable {
  return { schema: ref.schema, name: ref.name };
}

function roleName(role: GrantRole): ProtoRoleName {
  if (role.kind === 'predefined') {
    return { predefined: role.role === 'AUTHENTICATED' ? SatPerms.PredefinedRole.AUTHENTICATED : SatPerms.PredefinedRole.ANYONE };
  }
  return { application: role.name };
}

function tableFingerprint(name: QualifiedName): string {
  return `${name.schema}.${name.name}`;
}

function roleFingerprint(role: GrantRole): string {
  if (role.kind === 'predefined') return role.role === 'AUTHENTICATED' ? '__electric__.__authenticated__' : '__electric__.__anyone__';
  return role.name;
}

/** Grants and revokes are identified by table, role, scope and privilege. */
function grantId(on: TableRef, role: GrantRole, scope: TableRef | null, privilege: Privilege): string {
  return commandId([tableFingerprint(on), roleFingerprint(role), scope === null ? null : tableFingerprint(scope), privilege]);
}

/** SHA-1 of the parts joined by newlines, a missing part hashed as one NUL byte. */
export function commandId(parts: readonly (string | null)[]): string {
  const hash = createHash('sha1');
  parts.forEach((part, i) => {
    if (i > 0) hash.update('\n');
    hash.update(part === null ? '\0' : part, 'utf8');
  });
  return base32Lower(hash.digest());
}

const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32, lower case, without padding. */
export function base32Lower(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}
