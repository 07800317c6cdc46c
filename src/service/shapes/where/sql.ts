/**
 * The checked tree as a parameterised SQL boolean expression. Columns become
 * `"<alias>"."<column>"`, constants become `$n::<type>` parameters holding
 * their canonical text form, and every node is parenthesised, so nothing of
 * the client's text reaches the SQL and precedence cannot differ.
 *
 * The SQL assumes the service's session settings for the few conversions to
 * text that depend on them (DateStyle ISO, TimeZone UTC, extra_float_digits
 * >= 1, IntervalStyle postgres); comparisons and arithmetic do not depend on
 * the session: text comparisons pin COLLATE "C" and timestamptz conversions
 * pin AT TIME ZONE 'UTC'.
 */
import type { Expr } from './tree.js';
import { formatValue } from './values.js';
import { intervalLiteral, type Interval } from './interval.js';
import { isEnum, typeName, type SqlType } from './sql-types.js';

export function quoteIdentifier(name: string): string {
  return `"${name.split('"').join('""')}"`;
}

/** `$n::type`; enum parameters stay untyped so Postgres infers the enum from the column. */
function param(type: SqlType, value: unknown, params: unknown[]): string {
  params.push(value);
  const placeholder = `$${params.length}`;
  if (isEnum(type)) return placeholder;
  return `${placeholder}::${type === 'unknown' ? 'text' : typeName(type)}`;
}

function constantText(type: SqlType, value: NonNullable<Extract<Expr, { kind: 'const' }>['value']>): string {
  // Intervals with every field signed, so that any IntervalStyle reads them back the same.
  if (type === 'interval') return intervalLiteral(value as Interval);
  return formatValue(type, value);
}

const COLLATE_C = ' COLLATE "C"';

export function toSql(expr: Expr, alias: string, params: unknown[]): string {
  const render = (e: Expr): string => toSql(e, alias, params);
  switch (expr.kind) {
    case 'column':
      return `${quoteIdentifier(alias)}.${quoteIdentifier(expr.column)}`;
    case 'const':
      return param(expr.type, expr.value === null ? null : constantText(expr.type, expr.value), params);
    case 'apply':
      return expr.fn.sql(expr.args.map(render));
    case 'and':
    case 'or':
      return `(${expr.args.map(render).join(expr.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      return `(NOT ${render(expr.arg)})`;
    case 'compare': {
      const collate = expr.cmp.collateC ? COLLATE_C : '';
      return `(${render(expr.left)}${collate} ${expr.op} ${render(expr.right)})`;
    }
    case 'in': {
      const collate = expr.cmp.collateC ? COLLATE_C : '';
      return `(${render(expr.arg)}${collate} ${expr.negated ? 'NOT IN' : 'IN'} (${expr.items.map(render).join(', ')}))`;
    }
    case 'distinct': {
      const collate = expr.cmp.collateC ? COLLATE_C : '';
      return `(${render(expr.left)}${collate} IS ${expr.negated ? 'NOT ' : ''}DISTINCT FROM ${render(expr.right)})`;
    }
    case 'isNull':
      return `(${render(expr.arg)} IS ${expr.negated ? 'NOT ' : ''}NULL)`;
    case 'isBool':
      return `(${render(expr.arg)} IS ${expr.negated ? 'NOT ' : ''}${expr.test.toUpperCase()})`;
  }
}
