/**
 * The Postgres types a where clause can handle: the column types a table may
 * declare (PgTypeName and enums), plus the types that only arise inside an
 * expression — numeric (decimal literals like 1.5), interval, and `unknown`,
 * Postgres' type for a quoted literal (or NULL) whose type the context has
 * not decided yet.
 */

export type PgTypeName =
  | 'int2'
  | 'int4'
  | 'int8'
  | 'float4'
  | 'float8'
  | 'bool'
  | 'text'
  | 'varchar'
  | 'uuid'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'jsonb'
  | 'bytea';

export type ColumnSpec =
  | { readonly type: PgTypeName }
  | { readonly type: 'enum'; readonly name: string; readonly values: readonly string[] };

export type BuiltinType = PgTypeName | 'numeric' | 'interval' | 'unknown';

export interface EnumType {
  readonly kind: 'enum';
  readonly name: string;
  /** Labels in the enum's sort order (the order Postgres compares them in). */
  readonly values: readonly string[];
}

export type SqlType = BuiltinType | EnumType;

export type IntType = 'int2' | 'int4' | 'int8';
export type FloatType = 'float4' | 'float8';
export type NumberType = IntType | 'numeric' | FloatType;
export type DateTimeType = 'date' | 'timestamp' | 'timestamptz';

export function isEnum(type: SqlType): type is EnumType {
  return typeof type === 'object';
}

export function isInt(type: SqlType): type is IntType {
  return type === 'int2' || type === 'int4' || type === 'int8';
}

export function isFloat(type: SqlType): type is FloatType {
  return type === 'float4' || type === 'float8';
}

export function isNumber(type: SqlType): type is NumberType {
  return isInt(type) || isFloat(type) || type === 'numeric';
}

/** text and varchar behave alike: varchar has no operators of its own. */
export function isText(type: SqlType): type is 'text' | 'varchar' {
  return type === 'text' || type === 'varchar';
}

export function isDateTime(type: SqlType): type is DateTimeType {
  return type === 'date' || type === 'timestamp' || type === 'timestamptz';
}

/** Types whose values can only be tested for NULL. */
export function isOpaque(type: SqlType): type is 'jsonb' | 'bytea' {
  return type === 'jsonb' || type === 'bytea';
}

export function sameType(a: SqlType, b: SqlType): boolean {
  if (isEnum(a) || isEnum(b)) return isEnum(a) && isEnum(b) && a.name === b.name;
  return a === b;
}

/** The name used in messages (and, for builtins, in generated casts). */
export function typeName(type: SqlType): string {
  return isEnum(type) ? type.name : type;
}

export function columnType(spec: ColumnSpec): SqlType {
  return spec.type === 'enum' ? { kind: 'enum', name: spec.name, values: spec.values } : spec.type;
}

/**
 * Position in the numeric promotion order: a number type converts implicitly
 * to every type after it (int2 → int4 → int8 → numeric → float4 → float8).
 */
export function numberRank(type: NumberType): number {
  return ['int2', 'int4', 'int8', 'numeric', 'float4', 'float8'].indexOf(type);
}

/** Postgres' own name for a type, as its error messages spell it. */
export function postgresTypeName(type: SqlType): string {
  switch (type) {
    case 'int2':
      return 'smallint';
    case 'int4':
      return 'integer';
    case 'int8':
      return 'bigint';
    case 'float4':
      return 'real';
    case 'float8':
      return 'double precision';
    case 'bool':
      return 'boolean';
    case 'varchar':
      return 'character varying';
    case 'time':
      return 'time without time zone';
    case 'timestamp':
      return 'timestamp without time zone';
    case 'timestamptz':
      return 'timestamp with time zone';
    default:
      return typeName(type);
  }
}
