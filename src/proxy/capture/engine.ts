/**
 * Capture mode: the client's messages in batches (a simple Query, or the
 * extended-protocol messages up to a Sync or a Flush). A batch with nothing for the
 * proxy to do is relayed as it is, without waiting. A batch that touches an
 * electrified table, carries DDLX or records a framework migration is run
 * statement by statement inside a transaction (hidden BEGIN/COMMIT when the
 * client has none), with the proxy's own statements in between, so that the
 * migration and its capture commit or fail together.
 */
import type { Logger } from '../../util/log.js';
import { errorMessage } from '../../util/errors.js';
import type { Channel, Owed } from '../channel.js';
import * as backend from '../wire/backend.js';
import type { FrontendMessage } from '../wire/frontend.js';
import { serialize } from 'pg-protocol';
import { planQueryInSlices, type Statement, type StatementPlan } from './statements.js';
import { ExtendedRecords, needsProxy, planExtended, versionFromBind, type Portal, type PreparedStatement } from './extended-records.js';
import { decideTableDdl, lookupArrays, type QualifiedTable } from './electrified-ddl.js';
import { applyDdlx, type DdlxFeatures } from './ddlx-apply.js';

/** What running one step left behind. */
type StepResult = 'ok' | 'failed';

/** How a stretch of extended-protocol messages ends: a Sync, a Flush, or nothing (a Query follows). */
export type StretchEnd = 'sync' | 'flush' | 'none';

const QUERY: Owed = { kind: 'query' };
const SYNC: Owed = { kind: 'sync' };

export class CaptureEngine {
  private readonly records = new ExtendedRecords();
  /** Inside a batch: the transaction the proxy opened for it. */
  private hiddenTx = false;
  /**
   * An extended-protocol sequence the proxy runs step by step, from its first
   * stretch that needs the proxy up to the client's Sync (its hidden
   * transaction stays open in between, as Postgres' implicit one would);
   * 'failed' once a step failed: as Postgres, everything up to the Sync is
   * then ignored.
   */
  private sequence: 'none' | 'open' | 'failed' = 'none';
  /** Numbers the batches, for the portals' lifetimes. */
  private batch = 0;

  constructor(
    private readonly channel: Channel,
    private readonly features: DdlxFeatures,
    private readonly log: Logger,
  ) {}

  /** The prepared statements and portals the proxy keeps track of. */
  get recordSizes(): { statements: number; portals: number } {
    return this.records.sizes;
  }

  /** A simple-protocol Query. */
  async query(msg: Extract<FrontendMessage, { type: 'query' }>): Promise<void> {
    this.batch++;
    // Postgres ignores a Query, as everything else, until the failed sequence's Sync.
    if (this.sequence === 'failed') return;
    if (this.sequence === 'open') await this.endSequence(false, false);
    this.records.dropUnnamed();
    const planned = this.channel.txStatus === 'E' ? null : await planQueryInSlices(msg.sql);
    if (planned === null || 'kind' in planned && planned.kind === 'unparsed') {
      this.channel.relay(msg.raw, QUERY, this.watcher([]));
      return;
    }
    if ('kind' in planned) {
      // A DDLX statement with a syntax error: nothing of the query runs.
      if (!(await this.settled())) return;
      const err = planned.error;
      this.channel.toClient(backend.errorResponse({ severity: 'ERROR', code: '42601', message: err.message, position: err.position === undefined ? undefined : planned.offset + err.position }));
      await this.abortClientTransaction();
      this.channel.toClient(backend.readyForQuery(this.channel.txStatus));
      return;
    }
    if (!planned.some((s) => needsProxy(s.plan))) {
      this.channel.relay(msg.raw, QUERY, this.watcher(planned.map((s) => s.plan)));
      return;
    }
    if (!(await this.settled())) return;
    const only = planned.length === 1 ? planned[0]!.plan : null;
    if (only?.kind === 'table-ddl' && this.channel.txStatus === 'I' && runsOnlyOutsideTransactions(only)) {
      // CREATE INDEX CONCURRENTLY and the like: Postgres refuses them in a
      // transaction block, so on tables that are not electrified they go
      // through as they are (on an electrified one the checks refuse them).
      const lookup = await this.electrifiedAmong(only);
      if ('tables' in lookup && lookup.tables.length === 0) {
        this.channel.relay(msg.raw, QUERY, this.watcher(planned.map((s) => s.plan)));
        return;
      }
    }
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

  /**
   * Extended-protocol messages up to a Sync, a Flush, or a Query (then
   * `end` is 'none' and the batch holds no terminator). A stretch with
   * nothing for the proxy is relayed as it is; otherwise the proxy runs it,
   * and every later stretch up to the Sync, step by step.
   */
  async extended(batch: FrontendMessage[], end: StretchEnd): Promise<void> {
    this.batch++;
    const messages = end === 'none' ? batch : batch.slice(0, -1);
    if (this.sequence === 'failed') {
      if (end === 'sync') await this.endSequence(true);
      return;
    }
    if (this.sequence === 'none' && (this.channel.txStatus === 'E' || !messages.some((m) => this.records.needsProxy(m)))) {
      const effects = this.records.trackAll(messages, this.batch);
      const owed: Owed = end === 'sync' ? SYNC : { kind: 'answers', count: messages.filter(isAnswered).length };
      this.channel.relay(Buffer.concat(batch.map((m) => m.raw)), owed, this.watcher(effects));
      return;
    }
    if (this.sequence === 'none') {
      if (!(await this.settled())) {
        // Postgres ignores these up to the Sync, whatever they are.
        this.channel.relay(Buffer.concat(batch.map((m) => m.raw)), end === 'sync' ? SYNC : { kind: 'answers', count: 0 });
        return;
      }
      this.sequence = 'open';
    }
    const failed = (await this.runStretch(messages)) === 'failed';
    if (end === 'sync') await this.endSequence(failed);
    else if (failed) this.sequence = 'failed';
  }

  /** A FunctionCall: relayed, its ReadyForQuery awaited like a Query's. */
  async functionCall(msg: FrontendMessage): Promise<void> {
    this.batch++;
    if (this.sequence === 'failed') return;
    if (this.sequence === 'open') await this.endSequence(false, false);
    this.channel.relay(msg.raw, QUERY, this.watcher([]));
  }

  /**
   * Waits for Postgres to answer everything relayed before; false when a
   * Flush-ended stretch among them failed, so that Postgres now ignores
   * everything up to the client's Sync (and the proxy must do the same).
   */
  private async settled(): Promise<boolean> {
    await this.channel.idle();
    return !this.channel.extendedFailed;
  }

  /** Runs extended-protocol messages one step at a time (the proxy's own Sync after each step). */
  private async runStretch(messages: readonly FrontendMessage[]): Promise<StepResult> {
    let chunk: Buffer[] = [];
    let chunkEffects: (StatementPlan | null)[] = [];
    const flush = async (): Promise<StepResult> => {
      if (chunk.length === 0) return 'ok';
      const raw = Buffer.concat(chunk);
      const watch = this.watcher(chunkEffects);
      chunk = [];
      chunkEffects = [];
      const result = await this.channel.forward(raw, { sync: true, buffer: false, watch });
      return result.errorFrame ? 'failed' : 'ok';
    };
    for (const m of messages) {
      await this.inTransaction();
      const local = this.localAnswer(m);
      if (local) {
        if ((await flush()) === 'failed') return 'failed';
        await this.inTransaction(); // a COMMIT in what was just flushed may have ended it
        if ((await local()) === 'failed') return 'failed';
        continue;
      }
      if (m.type === 'parse' && m.name !== '' && this.records.hasStatement(m.name)) {
        // Postgres keeps the statement it has under this name (if its Parse
        // succeeded): the record changes only when this Parse succeeds.
        if ((await flush()) === 'failed') return 'failed';
        const result = await this.channel.forward(m.raw, { sync: true, buffer: false });
        if (result.errorFrame) return 'failed';
        this.records.setStatement(m.name, { sql: m.sql, plan: planExtended(m.sql) });
        continue;
      }
      const effect = this.records.track(m, this.batch);
      if (m.type === 'execute') {
        const portal = this.records.portal(m.portal);
        const plan = portal?.statement.plan;
        if (portal && plan && needsProxy(plan)) {
          if ((await flush()) === 'failed') return 'failed';
          await this.inTransaction(); // a COMMIT in what was just flushed may have ended it
          const version = plan.kind === 'framework-version' ? versionFromBind(portal) : null;
          if ((await this.runPlanned(portal.statement.sql, plan, m.raw, true, version)) === 'failed') return 'failed';
          continue;
        }
        if (plan?.kind === 'transaction' && plan.action === 'begin' && this.hiddenTx) {
          // The client's BEGIN takes over the transaction the proxy opened.
          if ((await flush()) === 'failed') return 'failed';
          this.hiddenTx = false;
          this.channel.toClient(backend.commandComplete('BEGIN'));
          continue;
        }
        if (plan?.kind === 'transaction' && (plan.action === 'commit' || plan.action === 'rollback')) this.hiddenTx = false;
        chunkEffects.push(effect);
      }
      chunk.push(m.raw);
    }
    return flush();
  }

  /** The client's Sync (or a Query) ends the sequence the proxy was running. */
  private async endSequence(failed: boolean, ready = true): Promise<void> {
    this.sequence = 'none';
    await this.finishBatch(failed);
    if (ready) this.channel.toClient(backend.readyForQuery(this.channel.txStatus));
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
      const result = await this.channel.forward(serialize.query(stmt.sql), { sync: false, buffer: false, watch: this.watcher([plan]) });
      return result.errorFrame ? 'failed' : 'ok';
    }
    await this.inTransaction();
    if (this.channel.txStatus === 'E') {
      // The client's transaction failed meanwhile (a pipelined query): Postgres' own answer.
      return this.fail({ severity: 'ERROR', code: '25P02', message: 'current transaction is aborted, commands ignored until end of transaction block' });
    }
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
        const lookup = await this.electrifiedAmong(plan);
        if ('errorFrame' in lookup) return this.relayFailure(lookup.errorFrame);
        const decision = decideTableDdl(plan.nodeType, plan.node, lookup.tables);
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
        return (await this.channel.forward(raw, { sync: extended, buffer: false, watch: this.watcher([plan]) })).errorFrame ? 'failed' : 'ok';
    }
  }

  /** Which of the tables the DDL names are electrified (or the error frame of the lookup). */
  private async electrifiedAmong(plan: Extract<StatementPlan, { kind: 'table-ddl' }>): Promise<{ tables: QualifiedTable[] } | { errorFrame: Buffer }> {
    const { schemas, names } = lookupArrays(plan.tables);
    const lookup = await this.channel.hidden('SELECT schema_name, table_name FROM electric.__electrified_among($1::text[], $2::text[])', [
      pgArray(schemas),
      pgArray(names),
    ]);
    if (lookup.errorFrame) return { errorFrame: lookup.errorFrame };
    return { tables: lookup.rows.map((r) => ({ schema: r[0]!, name: r[1]! })) };
  }

  // -- transactions -------------------------------------------------------------

  /** Opens the proxy's hidden transaction unless one (the client's or ours) is open. */
  private async inTransaction(): Promise<void> {
    if (this.channel.txStatus === 'I' && !this.hiddenTx) await this.beginHidden();
  }

  private async beginHidden(): Promise<void> {
    const begun = await this.channel.hidden('BEGIN');
    if (begun.error) throw new Error(`the migrations proxy could not open a transaction: ${errorMessage(begun.error)}`);
    // 25001: a BEGIN the client sent in a Flush-ended stretch had already
    // opened one (ReadyForQuery had not told yet): it is the client's.
    this.hiddenTx = !begun.notices.includes('25001');
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
    } else if (failed) await this.abortClientTransaction();
    if (this.channel.txStatus === 'I') this.records.forgetPortals(this.batch);
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

  /**
   * Watches a relayed stretch's answer: the n-th completed statement (a
   * CommandComplete, an empty query, a suspended portal) is the n-th of
   * `plans`, and a DEALLOCATE or DISCARD ALL that completed drops what it
   * dropped in Postgres; a ReadyForQuery outside a transaction drops the
   * portals bound up to this batch (later ones belong to later batches).
   */
  private watcher(plans: readonly (StatementPlan | null)[]): (frame: Buffer) => void {
    const batch = this.batch;
    let next = 0;
    return (frame) => {
      const tag = frame[0];
      if (tag === 0x43 /* C */ || tag === 0x49 /* I */ || tag === 0x73 /* s */) {
        const plan = plans[next++];
        if (tag === 0x43 && plan?.kind === 'forget') this.records.forget(plan);
      } else if (tag === 0x5a /* Z */ && frame[5] === 0x49 /* I */) {
        this.records.forgetPortals(batch);
      }
    };
  }

  /**
   * DDLX never reaches Postgres (it is not SQL): the proxy answers the
   * messages about a DDLX statement itself.
   */
  private localAnswer(m: FrontendMessage): (() => Promise<StepResult>) | null {
    const ddlxStatement = (name: string): PreparedStatement | null => {
      const s = this.records.statement(name);
      return s && s.plan.kind === 'ddlx' ? s : null;
    };
    const ddlxPortal = (name: string): Portal | null => {
      const p = this.records.portal(name);
      return p && p.statement.plan.kind === 'ddlx' ? p : null;
    };
    switch (m.type) {
      case 'parse': {
        const plan = planExtended(m.sql);
        if (plan.kind !== 'ddlx' && plan.kind !== 'refused') return null;
        return async () => {
          if (m.name !== '' && this.records.hasStatement(m.name)) {
            return this.fail({ severity: 'ERROR', code: '42P05', message: `prepared statement "${m.name}" already exists` });
          }
          // A refused Parse creates no statement, in Postgres as here: the name stays free for a corrected one.
          if (plan.kind === 'refused') return this.fail({ severity: 'ERROR', code: plan.code, message: plan.message, position: plan.position });
          this.records.setStatement(m.name, { sql: m.sql.trim(), plan });
          this.channel.toClient(backend.parseComplete());
          return 'ok';
        };
      }
      case 'bind': {
        const s = ddlxStatement(m.statement);
        if (!s) return null;
        return async () => {
          this.records.setPortal(m.portal, { statement: s, bind: m, batch: this.batch });
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
          this.records.track(m, this.batch);
          this.channel.toClient(backend.closeComplete());
          return 'ok';
        };
      }
      default:
        return null;
    }
  }
}

/** Messages Postgres answers one by one (everything in a stretch but its Sync or Flush). */
function isAnswered(m: FrontendMessage): boolean {
  return m.type === 'parse' || m.type === 'bind' || m.type === 'describe' || m.type === 'execute' || m.type === 'close';
}

/** A text[] literal for a bound parameter. */
function pgArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}

/** DDL Postgres runs only outside a transaction block (CONCURRENTLY). */
function runsOnlyOutsideTransactions(plan: Extract<StatementPlan, { kind: 'table-ddl' }>): boolean {
  if (plan.nodeType === 'IndexStmt') return plan.node.concurrent === true;
  if (plan.nodeType !== 'AlterTableStmt') return false;
  return ((plan.node.cmds ?? []) as { AlterTableCmd?: { def?: { PartitionCmd?: { concurrent?: boolean } } } }[]).some(
    (c) => c.AlterTableCmd?.def?.PartitionCmd?.concurrent === true,
  );
}
