/**
 * What a connection writes to its client: frames (corked until the end of
 * the event-loop turn), each table's SatRelation before the first op that
 * names it, and initial data in frames of bounded size.
 */
import type WebSocket from 'ws';
import { encodeFrame, encodeRow, type Frame, type ISatTransOp } from '../../protocol/index.js';
import type { Row } from '../replication/types.js';
import type { CatalogTable } from '../schema/catalog.js';
import type { MigrateOp } from '../schema/migration-ops.js';
import type { TaggedRow } from '../schema/tagged-rows.js';
import type { OutOp, TableLookup } from '../shapes/live-filter.js';
import type { ConnectionState } from './connection.js';
import { OpLogWriter } from './op-log-writer.js';
import { batchWritesThisTurn } from './write-batching.js';
import { binaryFrame, binaryFrameHeader, rawSocketOf } from './ws-frames.js';

/** Initial data goes out in SatOpLog frames of about this size. */
const INITIAL_DATA_FRAME_BYTES = 256 << 10;

/**
 * Used synchronously only (finish() copies the frame out), so one writer
 * serves every connection: a subscription costs no buffer of its own, which
 * with a thousand clients subscribing at once is a third of a GB less to
 * allocate and collect.
 */
const initialDataWriter = new OpLogWriter(INITIAL_DATA_FRAME_BYTES + (64 << 10));

/** Rows of one table, as initial data sends them. */
export interface TableRows {
  readonly table: CatalogTable;
  readonly rows: readonly TaggedRow[];
}

/** A stream waiting for its socket to drain checks again after this long at the latest. */
const DRAIN_RECHECK_MS = 50;

export class OutgoingFrames {
  private readonly relationsSent = new Set<number>();
  private sentBytes = 0;
  /** The socket under `ws`, written to directly with frames built once per message. */
  private readonly raw: ReturnType<typeof rawSocketOf>;

  constructor(
    private readonly ws: WebSocket,
    private readonly connection: Pick<ConnectionState, 'closed'>,
    private readonly tables: TableLookup,
  ) {
    this.raw = rawSocketOf(ws);
  }

  /** Bytes written so far (for the status figures). */
  get bytesSent(): number {
    return this.sentBytes;
  }

  /** Bytes still waiting in the socket. */
  get buffered(): number {
    return this.ws.bufferedAmount;
  }

  /**
   * Resolves once the socket has taken what was waiting (or closed), or
   * after a short while at the latest: the caller checks `buffered` again.
   * (Under Bun, `bufferedAmount` can stay above the mark after the socket's
   * last 'drain', so an event alone could wait for ever.)
   */
  drained(): Promise<void> {
    const socket = this.raw;
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        socket?.off('drain', done);
        socket?.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, socket ? DRAIN_RECHECK_MS : 10);
      socket?.once('drain', done);
      socket?.once('close', done);
    });
  }

  send(frame: Frame): void {
    this.sendBytes(encodeFrame(frame));
  }

  /**
   * An encoded frame to the socket. `shared`: the same bytes go to many
   * connections (a transaction's frame), so their WebSocket frame is built
   * once; a frame of this connection alone goes out as header + payload,
   * uncopied (the socket is corked: one write).
   */
  sendBytes(bytes: Uint8Array, shared = false): void {
    if (this.connection.closed || this.ws.readyState !== this.ws.OPEN) return;
    batchWritesThisTurn(this.ws);
    this.sentBytes += bytes.byteLength;
    if (!this.raw) this.ws.send(bytes, { binary: true });
    else if (shared) this.raw.write(binaryFrame(bytes));
    else {
      this.raw.write(binaryFrameHeader(bytes.byteLength));
      this.raw.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    }
  }

  /** SatRelation before the first op of a table on this connection. */
  ensureRelation(table: CatalogTable): void {
    if (this.relationsSent.has(table.oid)) return;
    this.relationsSent.add(table.oid);
    this.send({
      type: 'SatRelation',
      message: {
        schemaName: table.schema,
        tableType: 0,
        tableName: table.name,
        relationId: table.oid,
        columns: table.columns.map((c) => ({ name: c.name, type: c.typeName, primaryKey: c.isPk, isNullable: c.nullable })),
      },
    });
  }

  /** Tables changed (a migration): their relations go out again before their next op. */
  forgetRelations(): void {
    this.relationsSent.clear();
  }

  /**
   * The relations of tables a migration created or altered: the official
   * client learns a table's columns for its own writes only from these.
   */
  sendMigratedRelations(ops: readonly ISatTransOp[]): void {
    if (ops.length === 0) return; // the common case, on every transaction
    for (const name of migratedTables(ops)) {
      const table = this.tables('public', name);
      if (table) this.ensureRelation(table);
    }
  }

  /**
   * Initial data as inserts, in SatOpLog frames of about 256 KiB each (the
   * client gathers the ops of every frame until SatShapeDataEnd).
   */
  sendInitialRows(admitted: readonly TableRows[]): void {
    const writer = initialDataWriter;
    writer.reset();
    for (const { table, rows } of admitted) {
      for (const row of rows) {
        writer.insert(table, row.record, row.tags);
        if (writer.byteLength < INITIAL_DATA_FRAME_BYTES) continue;
        this.sendBytes(writer.finish());
        writer.reset();
      }
    }
    if (writer.opCount > 0) this.sendBytes(writer.finish());
  }

  /** A filtered op as a SatTransOp (its table's relation goes out first). */
  dataOp(op: OutOp): ISatTransOp {
    this.ensureRelation(op.table);
    const relationId = op.table.oid;
    switch (op.kind) {
      case 'insert':
        return { insert: { relationId, rowData: row(op.table, op.record), tags: [...op.tags] } };
      case 'update':
        return {
          update: { relationId, rowData: row(op.table, op.record), oldRowData: op.oldRecord ? row(op.table, op.oldRecord) : undefined, tags: [...op.tags] },
        };
      case 'delete':
        return { delete: { relationId, oldRowData: row(op.table, op.oldRecord), tags: [...op.tags] } };
      case 'gone':
        return { gone: { relationId, pkData: row(op.table, op.pk) } };
    }
  }
}

function row(table: CatalogTable, record: Row) {
  return encodeRow(table.columns.map((c) => record[c.name] ?? null));
}

/** The tables named by a transaction's migrate ops, each once. */
export function migratedTables(ops: readonly ISatTransOp[]): string[] {
  return [...new Set(ops.flatMap((op) => (op.migrate?.table?.name ? [op.migrate.table.name] : [])))];
}

export function migrateOp(op: MigrateOp): ISatTransOp {
  return { migrate: op };
}
