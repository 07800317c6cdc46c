/**
 * In-memory evaluation: the checked tree compiled into closures over a row
 * of text-form values, with Postgres' NULL semantics (three-valued AND, OR
 * and NOT; strict functions; IN and IS DISTINCT FROM as Postgres defines
 * them).
 */
import { ValueError } from './errors.js';
import { parseRowValue, type Value } from './values.js';
import type { Expr } from './tree.js';

export type RowLike = Readonly<Record<string, string | Uint8Array | null>>;
type Eval = (row: RowLike) => Value | null;

/** `cmp` of the IN list: true if an item is equal, else NULL if anything was NULL, else false. */
function inList(value: Value | null, items: readonly Eval[], compare: (a: Value, b: Value) => number, row: RowLike): boolean | null {
  if (value === null) return null;
  let sawNull = false;
  for (const item of items) {
    const v = item(row);
    if (v === null) sawNull = true;
    else if (compare(value, v) === 0) return true;
  }
  return sawNull ? null : false;
}

export function compile(expr: Expr): Eval {
  switch (expr.kind) {
    case 'column': {
      const { column, type } = expr;
      return (row) => {
        const raw = row[column];
        return raw === null || raw === undefined ? null : parseRowValue(type, raw);
      };
    }
    case 'const': {
      const value = expr.value;
      return () => value;
    }
    case 'apply': {
      const args = expr.args.map(compile);
      const { fn } = expr;
      return (row) => {
        const values: Value[] = [];
        for (const a of args) {
          const v = a(row);
          if (v === null) return null;
          values.push(v);
        }
        return fn.evaluate(values);
      };
    }
    case 'and': {
      const args = expr.args.map(compile);
      // Left to right, stopping at the first false, as Postgres' executor does.
      return (row) => {
        let sawNull = false;
        for (const a of args) {
          const v = a(row);
          if (v === false) return false;
          if (v === null) sawNull = true;
        }
        return sawNull ? null : true;
      };
    }
    case 'or': {
      const args = expr.args.map(compile);
      return (row) => {
        let sawNull = false;
        for (const a of args) {
          const v = a(row);
          if (v === true) return true;
          if (v === null) sawNull = true;
        }
        return sawNull ? null : false;
      };
    }
    case 'not': {
      const a = compile(expr.arg);
      return (row) => {
        const v = a(row);
        return v === null ? null : !v;
      };
    }
    case 'compare': {
      const left = compile(expr.left);
      const right = compile(expr.right);
      const { compare } = expr.cmp;
      const test: Record<typeof expr.op, (c: number) => boolean> = {
        '=': (c) => c === 0,
        '<>': (c) => c !== 0,
        '<': (c) => c < 0,
        '<=': (c) => c <= 0,
        '>': (c) => c > 0,
        '>=': (c) => c >= 0,
      };
      const accept = test[expr.op];
      return (row) => {
        const l = left(row);
        if (l === null) return null;
        const r = right(row);
        if (r === null) return null;
        return accept(compare(l, r));
      };
    }
    case 'in': {
      const arg = compile(expr.arg);
      const items = expr.items.map(compile);
      const { compare } = expr.cmp;
      const negated = expr.negated;
      return (row) => {
        const found = inList(arg(row), items, compare, row);
        return found === null ? null : negated ? !found : found;
      };
    }
    case 'distinct': {
      const left = compile(expr.left);
      const right = compile(expr.right);
      const { compare } = expr.cmp;
      const negated = expr.negated;
      return (row) => {
        const l = left(row);
        const r = right(row);
        const distinct = l === null || r === null ? l !== r : compare(l, r) !== 0;
        return negated ? !distinct : distinct;
      };
    }
    case 'isNull': {
      const a = compile(expr.arg);
      const negated = expr.negated;
      return (row) => (a(row) === null) !== negated;
    }
    case 'isBool': {
      const a = compile(expr.arg);
      const { test, negated } = expr;
      const target = test === 'true' ? true : test === 'false' ? false : null;
      return (row) => (a(row) === target) !== negated;
    }
  }
}

/**
 * The clause as a row predicate: true only when the expression is true. A row
 * on which evaluation fails (division by zero, overflow, text that does not
 * parse as the cast's type) does not match; Postgres would fail the query.
 */
export function predicate(expr: Expr): (row: RowLike) => boolean {
  const evaluate = compile(expr);
  return (row) => {
    try {
      return evaluate(row) === true;
    } catch (err) {
      if (err instanceof ValueError) return false;
      throw err;
    }
  };
}
