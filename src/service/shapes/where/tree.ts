/**
 * The checked where-clause tree: every node carries its SQL type, implicit
 * conversions are explicit `apply` nodes, and every operation knows both how
 * it evaluates in memory and how it is written in SQL (see operators.ts), so
 * the two renderings cannot drift apart.
 */
import type { SqlType } from './sql-types.js';
import type { Compare, Value } from './values.js';
import type { BoolTestKind } from './parse.js';

/** An operator, function or cast. */
export interface Fn {
  /** For messages and debugging, e.g. `int4 + int4`. */
  readonly name: string;
  /** Called only with non-NULL arguments (all these functions are strict); may return NULL. */
  readonly evaluate: (args: readonly Value[]) => Value | null;
  /** The SQL for the call, given the SQL of the (already parenthesised) arguments. */
  readonly sql: (args: readonly string[]) => string;
}

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** How two values of one comparison family compare, and whether SQL must pin `COLLATE "C"`. */
export interface Comparison {
  readonly compare: Compare;
  readonly collateC: boolean;
}

export type Expr =
  | { readonly kind: 'column'; readonly type: SqlType; readonly column: string }
  | { readonly kind: 'const'; readonly type: SqlType; readonly value: Value | null }
  | { readonly kind: 'apply'; readonly type: SqlType; readonly fn: Fn; readonly args: readonly Expr[] }
  | { readonly kind: 'and' | 'or'; readonly type: 'bool'; readonly args: readonly Expr[] }
  | { readonly kind: 'not'; readonly type: 'bool'; readonly arg: Expr }
  | {
      readonly kind: 'compare';
      readonly type: 'bool';
      readonly op: CompareOp;
      readonly cmp: Comparison;
      readonly left: Expr;
      readonly right: Expr;
    }
  | {
      readonly kind: 'in';
      readonly type: 'bool';
      readonly negated: boolean;
      readonly cmp: Comparison;
      readonly arg: Expr;
      readonly items: readonly Expr[];
    }
  | {
      readonly kind: 'distinct';
      readonly type: 'bool';
      readonly negated: boolean;
      readonly cmp: Comparison;
      readonly left: Expr;
      readonly right: Expr;
    }
  | { readonly kind: 'isNull'; readonly type: 'bool'; readonly negated: boolean; readonly arg: Expr }
  | {
      readonly kind: 'isBool';
      readonly type: 'bool';
      readonly test: BoolTestKind;
      readonly negated: boolean;
      readonly arg: Expr;
    };

export function children(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case 'column':
    case 'const':
      return [];
    case 'apply':
    case 'and':
    case 'or':
      return expr.args;
    case 'not':
    case 'isNull':
    case 'isBool':
      return [expr.arg];
    case 'compare':
    case 'distinct':
      return [expr.left, expr.right];
    case 'in':
      return [expr.arg, ...expr.items];
  }
}
