/**
 * Capture mode: the client's messages in batches (a simple Query, or the
 * extended-protocol messages up to a Sync). A batch with nothing for the
 * proxy to do is relayed as it is, without waiting. A batch that touches an
 * electrified table, carries DDLX or records a framework migration is run
 * statement by statement inside a transaction (hidden BEGIN/COMMIT when the
 * client has none), with the proxy's own statements in between, so that the
 * migration and its capture commit or fail together.
 */
import type { Logger } from '../../util/log.js';
import { errorMessage } from '../../util/errors.js';
import type { Channel } from '../channel.js';
import * as backend from '../wire/backend.js';
import { bindValueText, type FrontendMessage } from '../wire/frontend.js';
import { serialize } from 'pg-protocol';
import { planQuery, planQueryInSlices, type Statement, type StatementPlan } from './statements.js';
import { decideTableDdl, lookupArrays, type QualifiedTable } from './electrified-ddl.js';
import { applyDdlx, type DdlxFeatures } from './ddlx-apply.js';

type Bind = Extract<FrontendMessage, { type: 'bind' }>;

interface PreparedStatement {
  readonly sql: string;
  readonly plan: StatementPlan;
}

interface Portal {
  readonly statement: PreparedStatement;
  readonly bind: Bind;
}

/** What running one step left behind. */
type StepResult = 'ok' | 'failed';

export class CaptureEngine {
  private readonly statements = new Map<string, PreparedStatement>();
  private readonly portals = new Map<string, Portal>();
  /** Inside a batch: the transaction the proxy opened for it. */
  private hiddenTx = false;

  constructor(
    private readonly channel: Channel,
    private readonly features: DdlxFeatures,
    private readonly log: Logger,
  ) {}

  /** A simple-protocol Query. */
  async query(msg: Extract<FrontendMessage, { type: 'query' }>): Promise<void> {
    const planned = this.channel.txStatus === 'E' ? null : await planQueryInSlices(msg.sql);
    if (planned === null || 'kind' in planned && planned.kind === 'unparsed') {
      this.channel.passThrough(msg.raw, 1);
      return;
    }
    if ('kind' in planned) {
      // A DDLX statement with a syntax error: nothing of the query runs.
      await this.channel.idle();
      const err = planned.error;
      this.channel.toClient(backend.errorResponse({ severity: 'ERROR', code: '42601', message: err.message, position: err.position === undefined ? undefined : planned.offset + err.position }));
      await this.abortClientTransaction();
      this.channel.toClient(backend.readyForQuery(this.channel.txStatus));
      return;
    }
    if (!planned.some((s) => needsProxy(s.plan))) {
      this.channel.passThrough(msg.raw, 1);
      return;
    }
    await this.channel.idle();
    let failed = false;
    for (const stmt of planned) {
      if ((await this.runStatement(stmt)) === 'failed') {
        failed = true;
        break;
      }
    }
    await this.finishBatch(failed);
    this.channel.toClient(backend.readyForQuery(this.channel.txStatus));
  }

  /** Extended-protocol messages up to and including a Sync. */
  async extended(batch: FrontendMessage[]): Promise<void> {
    if (this.channel.txStatus === 'E' || !batch.some((m) => this.needsProxyExtended(m))) {
      for (const m of batch) this.track(m);
      this.channel.passThrough(Buffer.concat(batch.map((m) => m.raw)), batch.filter((m) => m.type === 'sync').length);
      return;
    }
    await this.channel.idle();
    let failed = false;
    let chunk: Buffer[] = [];
    const flush = async (): Promise<StepResult> => {
      if (chunk.length === 0) return 'ok';
      const raw = Buffer.concat(chunk);
      chunk = [];
      const result = await this.channel.forward(raw, { sync: true, buffer: false });
      return result.errorFrame ? 'failed' : 'ok';
    };
    for (const m of batch) {
      if (m.type === 'sync') break;
      if (this.channel.txStatus === 'I' && !this.hiddenTx) await this.beginHidden();
      const local = this.localAnswer(m);
      if (local) {
        if ((await flush()) === 'failed') { failed = true; break; }
        if ((await local()) === 'failed') { failed = true; break; }
        continue;
      }
      this.track(m);
      if (m.type === 'execute') {
        const portal = this.portals.get(m.portal);
        if (portal && needsProxy(portal.statement.plan)) {
          if ((await flush()) === 'failed') { failed = true; break; }
          const version = portal.statement.plan.kind === 'framework-version' ? versionFromBind(portal) : null;
          if ((await this.runPlanned(portal.statement.sql, portal.statement.plan, m.raw, true, version)) === 'failed') { failed = true; break; }
          continue;
        }
      }
      chunk.push(m.raw);
    }
    if (!failed && (await flush()) === 'failed') failed = true;
    await this.finishBatch(failed);
    this.channel.toClient(backend.readyForQuery(this.channel.txStatus));
  }

  /** A FunctionCall (and what came before it): relayed, its ReadyForQuery awaited like a Query's. */
  functionCall(batch: FrontendMessage[]): void {
    for (const m of batch) this.track(m);
    this.channel.passThrough(Buffer.concat(batch.map((m) => m.raw)), 1);
  }

  /** Flush-terminated messages: relayed as they are. */
  relay(batch: FrontendMessage[]): void {
    for (const m of batch) this.track(m);
    this.channel.passThrough(Buffer.concat(batch.map((m) => m.raw)), 0);
  }

  // -- statements -------------------------------------------------------------

  private async runStatement(stmt: Statement): Promise<StepResult> {
    const plan = stmt.plan;
    if (plan.kind === 'transaction') {
      if (plan.action === 'begin' && this.hiddenTx) {
        // The client's BEGIN takes over the transaction the proxy opened.
        this.hiddenTx = false;
        this.channel.toClient(backend.commandComplete('BEGIN'));
        return 'ok';
      }
      if (plan.action === 'commit' || plan.action === 'rollback') this.hiddenTx = false;
      const result = await this.channel.forward(serialize.query(stmt.sql), { sync: false, buffer: false });
      return result.errorFrame ? 'failed' : 'ok';
    }
    if (this.channel.txStatus === 'I' && !this.hiddenTx) await this.beginHidden();
    if (this.channel.txStatus === 'E') return 'failed';
    const version = plan.kind === 'framework-version' && 'literal' in plan.source ? plan.source.literal : null;
    return this.runPlanned(stmt.sql, plan, serialize.query(stmt.sql), false, version);
  }

  /** Runs one statement whose plan needs the proxy; `raw` executes it upstream. */
  private async runPlanned(sql: string, plan: StatementPlan, raw: Buffer, extended: boolean, version: string | null): Promise<StepResult> {
    switch (plan.kind) {
      case 'refused':
        return this.fail({ severity: 'ERROR', code: plan.code, message: plan.message, position: plan.position });
      case 'ddlx': {
        const outcome = await applyDdlx(this.channel, plan.ddlx, sql, this.features);
        if (outcome.kind === 'refused') return this.fail(outcome.error);
        if (outcome.kind === 'failed') {
          this.channel.toClient(outcome.errorFrame);
          return 'failed';
        }
        this.channel.toClient(backend.commandComplete(outcome.tag));
        return 'ok';
      }
      case 'framework-version': {
        const result = await this.channel.forward(raw, { sync: extended, buffer: false });
        if (result.errorFrame) return 'failed';
        if (version !== null) {
          const noted = await this.channel.hidden('SELECT electric.__framework_version($1::text)', [version]);
          if (noted.errorFrame) return this.relayFailure(noted.errorFrame);
          this.log.info('migration framework version noted', { version });
        }
        return 'ok';
      }
      case 'table-ddl': {
        const { schemas, names } = lookupArrays(plan.tables);
        const lookup = await this.channel.hidden(
          'SELECT schema_name, table_name FROM electric.__electrified_among($1::text[], $2::text[])',
          [pgArray(schemas), pgArray(names)],
        );
        if (lookup.errorFrame) return this.relayFailure(lookup.errorFrame);
        const electrified: QualifiedTable[] = lookup.rows.map((r) => ({ schema: r[0]!, name: r[1]! }));
        const decision = decideTableDdl(plan.nodeType, plan.node, electrified);
        if (decision.kind === 'refuse') return this.fail({ severity: 'ERROR', code: decision.code, message: decision.message });
        if (decision.kind === 'allow') {
          const result = await this.channel.forward(raw, { sync: extended, buffer: false });
          return result.errorFrame ? 'failed' : 'ok';
        }
        // Run it, capture it, then tell the client (its answer waits for the capture).
        const result = await this.channel.forward(raw, { sync: extended, buffer: true });
        if (result.errorFrame) {
          for (const f of result.frames) this.channel.toClient(f);
          return 'failed';
        }
        const captured = await this.channel.hidden('SELECT electric.__proxy_capture($1::text, $2::text, $3::text, $4::text[])', [
          sql, decision.table.schema, decision.table.name, pgArray(decision.added),
        ]);
        if (captured.errorFrame) return this.relayFailure(captured.errorFrame);
        this.log.info('migration captured', { table: `${decision.table.schema}.${decision.table.name}`, sql });
        this.channel.toClient(backend.noticeResponse({
          severity: 'NOTICE',
          code: '00000',
          message: `Migration affecting electrified table "${decision.table.schema}"."${decision.table.name}"`,
          detail: `Capturing migration: ${sql}`,
        }));
        for (const f of result.frames) this.channel.toClient(f);
        return 'ok';
      }
      default:
        return (await this.channel.forward(raw, { sync: extended, buffer: false })).errorFrame ? 'failed' : 'ok';
    }
  }

  // -- transactions -------------------------------------------------------------

  private async beginHidden(): Promise<void> {
    const begun = await this.channel.hidden('BEGIN');
    if (begun.error) throw new Error(`the migrations proxy could not open a transaction: ${errorMessage(begun.error)}`);
    this.hiddenTx = true;
  }

  /** Ends a batch: commits or rolls back the proxy's transaction. */
  private async finishBatch(failed: boolean): Promise<void> {
    if (this.hiddenTx) {
      this.hiddenTx = false;
      if (failed || this.channel.txStatus === 'E') {
        await this.channel.hidden('ROLLBACK');
      } else {
        const committed = await this.channel.hidden('COMMIT');
        if (committed.errorFrame) this.channel.toClient(committed.errorFrame);
      }
      return;
    }
    if (failed) await this.abortClientTransaction();
  }

  /**
   * After a refusal inside the client's own transaction, the transaction is
   * failed, as if Postgres had refused the statement: later statements get
   * 25P02 and COMMIT rolls back.
   */
  private async abortClientTransaction(): Promise<void> {
    if (this.channel.txStatus !== 'T') return;
    await this.channel.hidden(`DO $electric$ BEGIN RAISE EXCEPTION 'statement refused by the Electric migrations proxy'; END $electric$`);
  }

  private fail(error: backend.ErrorFields): StepResult {
    this.channel.toClient(backend.errorResponse(error));
    return 'failed';
  }

  private relayFailure(errorFrame: Buffer): StepResult {
    this.channel.toClient(errorFrame);
    return 'failed';
  }

  // -- extended protocol bookkeeping ------------------------------------------------

  private needsProxyExtended(m: FrontendMessage): boolean {
    if (m.type === 'parse') return needsProxy(planExtended(m.sql));
    if (m.type === 'bind') return needsProxy(this.statements.get(m.statement)?.plan ?? PLAIN);
    if (m.type === 'execute') return needsProxy(this.portals.get(m.portal)?.statement.plan ?? PLAIN);
    if (m.type === 'describe' || m.type === 'close') {
      const plan = m.target === 'P' ? this.portals.get(m.name)?.statement.plan : this.statements.get(m.name)?.plan;
      return needsProxy(plan ?? PLAIN);
    }
    return false;
  }

  private track(m: FrontendMessage): void {
    if (m.type === 'parse') this.statements.set(m.name, { sql: m.sql, plan: planExtended(m.sql) });
    else if (m.type === 'bind') {
      const statement = this.statements.get(m.statement);
      if (statement) this.portals.set(m.portal, { statement, bind: m });
    } else if (m.type === 'close') {
      if (m.target === 'S') this.statements.delete(m.name);
      else this.portals.delete(m.name);
    }
  }

  /**
   * DDLX never reaches Postgres (it is not SQL): the proxy answers the
   * messages about a DDLX statement itself.
   */
  private localAnswer(m: FrontendMessage): (() => Promise<StepResult>) | null {
    const ddlxStatement = (name: string): PreparedStatement | null => {
      const s = this.statements.get(name);
      return s && s.plan.kind === 'ddlx' ? s : null;
    };
    const ddlxPortal = (name: string): Portal | null => {
      const p = this.portals.get(name);
      return p && p.statement.plan.kind === 'ddlx' ? p : null;
    };
    switch (m.type) {
      case 'parse': {
        const plan = planExtended(m.sql);
        if (plan.kind !== 'ddlx' && plan.kind !== 'refused') return null;
        return async () => {
          this.statements.set(m.name, { sql: m.sql.trim(), plan });
          if (plan.kind === 'refused') return this.fail({ severity: 'ERROR', code: plan.code, message: plan.message, position: plan.position });
          this.channel.toClient(backend.parseComplete());
          return 'ok';
        };
      }
      case 'bind': {
        const s = ddlxStatement(m.statement);
        if (!s) return null;
        return async () => {
          this.portals.set(m.portal, { statement: s, bind: m });
          this.channel.toClient(backend.bindComplete());
          return 'ok';
        };
      }
      case 'describe': {
        const virtual = m.target === 'S' ? ddlxStatement(m.name) : ddlxPortal(m.name);
        if (!virtual) return null;
        return async () => {
          if (m.target === 'S') this.channel.toClient(backend.parameterDescription([]));
          this.channel.toClient(backend.noData());
          return 'ok';
        };
      }
      case 'execute': {
        const portal = ddlxPortal(m.portal);
        if (!portal) return null;
        return () => this.runPlanned(portal.statement.sql, portal.statement.plan, m.raw, true, null);
      }
      case 'close': {
        const virtual = m.target === 'S' ? ddlxStatement(m.name) : ddlxPortal(m.name);
        if (!virtual) return null;
        return async () => {
          this.track(m);
          this.channel.toClient(backend.closeComplete());
          return 'ok';
        };
      }
      default:
        return null;
    }
  }
}

const PLAIN: StatementPlan = { kind: 'plain' };

function needsProxy(plan: StatementPlan): boolean {
  return plan.kind !== 'plain' && plan.kind !== 'transaction';
}

// Drivers parse the same few statements over and over.
const extendedPlans = new Map<string, StatementPlan>();

/** The plan of an extended-protocol statement (one statement at most). */
function planExtended(sql: string): StatementPlan {
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

function versionFromBind(portal: Portal): string | null {
  const plan = portal.statement.plan;
  if (plan.kind !== 'framework-version') return null;
  if ('literal' in plan.source) return plan.source.literal;
  return bindValueText(portal.bind, plan.source.param - 1);
}

/** A text[] literal for a bound parameter. */
function pgArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}
