/**
 * What the proxy knows of a session's extended-protocol objects: its
 * prepared statements (with their plans) and portals, kept as Postgres
 * keeps them, so that an Execute's statement can be checked and captured
 * like a Query's. Postgres drops a named portal at the end of its
 * transaction, the unnamed statement and portal when replaced, statements
 * on Close, DEALLOCATE and DISCARD ALL; so do these records.
 */
import { bindValueText, type FrontendMessage } from '../wire/frontend.js';
import { planQuery, type StatementPlan } from './statements.js';

type Bind = Extract<FrontendMessage, { type: 'bind' }>;

export interface PreparedStatement {
  readonly sql: string;
  readonly plan: StatementPlan;
}

export interface Portal {
  readonly statement: PreparedStatement;
  readonly bind: Bind;
  /** The batch that bound it: a transaction ending after that batch drops it. */
  readonly batch: number;
}

export const PLAIN: StatementPlan = { kind: 'plain' };

/** Does running this plan need the proxy (checks, DDLX, capture, a version to note)? */
export function needsProxy(plan: StatementPlan): boolean {
  return plan.kind !== 'plain' && plan.kind !== 'transaction' && plan.kind !== 'forget';
}

export class ExtendedRecords {
  private readonly statements = new Map<string, PreparedStatement>();
  private readonly portals = new Map<string, Portal>();

  /** How many of each are recorded. */
  get sizes(): { statements: number; portals: number } {
    return { statements: this.statements.size, portals: this.portals.size };
  }

  statement(name: string): PreparedStatement | undefined {
    return this.statements.get(name);
  }

  portal(name: string): Portal | undefined {
    return this.portals.get(name);
  }

  hasStatement(name: string): boolean {
    return this.statements.has(name);
  }

  setStatement(name: string, statement: PreparedStatement): void {
    this.statements.set(name, statement);
  }

  setPortal(name: string, portal: Portal): void {
    this.portals.set(name, portal);
  }

  /** A simple Query replaces the unnamed statement and portal. */
  dropUnnamed(): void {
    this.statements.delete('');
    this.portals.delete('');
  }

  /** Does the message concern a statement the proxy must run itself? */
  needsProxy(m: FrontendMessage): boolean {
    if (m.type === 'parse') return (m.name !== '' && this.statements.has(m.name)) || needsProxy(planExtended(m.sql));
    if (m.type === 'bind') return needsProxy(this.statements.get(m.statement)?.plan ?? PLAIN);
    if (m.type === 'execute') return needsProxy(this.portals.get(m.portal)?.statement.plan ?? PLAIN);
    if (m.type === 'describe' || m.type === 'close') {
      const plan = m.target === 'P' ? this.portals.get(m.name)?.statement.plan : this.statements.get(m.name)?.plan;
      return needsProxy(plan ?? PLAIN);
    }
    return false;
  }

  /** Records what the messages create and drop; the plan of each Execute's statement, in order. */
  trackAll(messages: readonly FrontendMessage[], batch: number): (StatementPlan | null)[] {
    const effects: (StatementPlan | null)[] = [];
    for (const m of messages) {
      const effect = this.track(m, batch);
      if (m.type === 'execute') effects.push(effect);
    }
    return effects;
  }

  /** Records one message; for an Execute, returns its statement's plan. */
  track(m: FrontendMessage, batch: number): StatementPlan | null {
    if (m.type === 'parse') {
      // A named statement that exists is kept by Postgres (the Parse fails):
      // such a Parse goes through the proxy, which records it once it succeeds.
      if (m.name === '' || !this.statements.has(m.name)) this.statements.set(m.name, { sql: m.sql, plan: planExtended(m.sql) });
    } else if (m.type === 'bind') {
      const statement = this.statements.get(m.statement);
      // The unnamed portal is replaced by every Bind.
      if (statement) this.portals.set(m.portal, { statement, bind: m, batch });
      else this.portals.delete(m.portal);
    } else if (m.type === 'close') {
      if (m.target === 'S') this.statements.delete(m.name);
      else this.portals.delete(m.name);
    } else if (m.type === 'execute') {
      return this.portals.get(m.portal)?.statement.plan ?? null;
    }
    return null;
  }

  /** A DEALLOCATE or DISCARD ALL that Postgres completed. */
  forget(plan: Extract<StatementPlan, { kind: 'forget' }>): void {
    if (plan.statement !== null) this.statements.delete(plan.statement);
    else {
      // DEALLOCATE ALL and DISCARD ALL leave the unnamed statement alone.
      for (const name of this.statements.keys()) if (name !== '') this.statements.delete(name);
    }
    if (plan.portals) for (const name of this.portals.keys()) if (name !== '') this.portals.delete(name);
  }

  /** A transaction ended: its portals (bound up to this batch) are gone in Postgres. */
  forgetPortals(upToBatch: number): void {
    for (const [name, portal] of this.portals) if (portal.batch <= upToBatch) this.portals.delete(name);
  }
}

// Drivers parse the same few statements over and over.
const extendedPlans = new Map<string, StatementPlan>();

/** The plan of an extended-protocol statement (one statement at most). */
export function planExtended(sql: string): StatementPlan {
  let plan = extendedPlans.get(sql);
  if (plan) return plan;
  const planned = planQuery(sql);
  if ('kind' in planned && planned.kind === 'ddlx-syntax') {
    const { message, position } = planned.error;
    plan = { kind: 'refused', code: '42601', message, position: position === undefined ? undefined : planned.offset + position };
  } else {
    // An SQL syntax error or several statements: Postgres reports the error itself.
    plan = 'kind' in planned || planned.length !== 1 ? PLAIN : planned[0]!.plan;
  }
  if (extendedPlans.size >= 512) extendedPlans.clear();
  extendedPlans.set(sql, plan);
  return plan;
}

/** The migration version a framework's bound INSERT records, if its plan says where. */
export function versionFromBind(portal: Portal): string | null {
  const plan = portal.statement.plan;
  if (plan.kind !== 'framework-version') return null;
  if ('literal' in plan.source) return plan.source.literal;
  return bindValueText(portal.bind, plan.source.param - 1);
}
