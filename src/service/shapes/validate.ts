/**
 * Validates a `subscribe` request (spec §8.1, checks in that order) into a
 * Subscription, or the `SatSubsError` the client gets.
 */
import type { CatalogTable, SchemaCatalog } from '../schema/catalog.js';
import { compileWhere, WhereClauseError, type ColumnSpec, type PgTypeName } from './where/index.js';
import type { ShapeRequest, Subscription } from './shape.js';

/** SatShapeReqError codes. */
export const SHAPE_ERROR = {
  TABLE_NOT_FOUND: 1,
  EMPTY_SHAPE_DEFINITION: 3,
  INVALID_WHERE_CLAUSE: 5,
  INVALID_INCLUDE_TREE: 6,
} as const;

export interface ShapeRequestError {
  readonly code: number;
  readonly message: string;
  readonly requestId: string;
}

export interface SubscriptionError {
  readonly message: string;
  readonly shapeRequestError: ShapeRequestError[];
}

export interface SelectInput {
  readonly tablename?: string | null;
  readonly where?: string | null;
  readonly include?: readonly unknown[] | null;
  readonly schemaname?: string | null;
}

export interface SubscribeInput {
  readonly subscriptionId?: string | null;
  readonly shapeRequests?: readonly { readonly requestId?: string | null; readonly shapeDefinition?: { readonly selects?: readonly SelectInput[] | null } | null }[] | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ID_BYTES = 128;

const COLUMN_TYPES: ReadonlySet<string> = new Set<PgTypeName>([
  'int2', 'int4', 'int8', 'float4', 'float8', 'bool', 'text', 'varchar', 'uuid', 'date', 'time', 'timestamp', 'timestamptz', 'jsonb', 'bytea',
]);

export function columnSpecs(table: CatalogTable): Map<string, ColumnSpec> {
  const specs = new Map<string, ColumnSpec>();
  for (const c of table.columns) {
    if (c.enumValues) specs.set(c.name, { type: 'enum', name: c.typeName, values: c.enumValues });
    else if (COLUMN_TYPES.has(c.typeName)) specs.set(c.name, { type: c.typeName as PgTypeName });
  }
  return specs;
}

export async function validateSubscription(
  input: SubscribeInput,
  activeIds: ReadonlySet<string>,
  catalog: SchemaCatalog,
): Promise<{ ok: true; subscription: Subscription } | { ok: false; subscriptionId: string; error: SubscriptionError }> {
  const id = input.subscriptionId ?? '';
  const fail = (message: string, errors: ShapeRequestError[] = [], subscriptionId = id) =>
    ({ ok: false, subscriptionId, error: { message, shapeRequestError: errors } }) as const;
  if (Buffer.byteLength(id) > MAX_ID_BYTES) return fail('ID too long', [], `${Buffer.from(id).subarray(0, MAX_ID_BYTES).toString()}...`);
  if (activeIds.has(id)) {
    return fail('Cannot establish multiple subscriptions with the same ID. If you want to change the subscription, you need to unsubscribe first.');
  }
  const requests = input.shapeRequests ?? [];
  if (requests.length === 0) return fail('Subscription must include at least one shape request');
  if (!UUID.test(id)) return fail('Subscription ID should be a valid UUID');
  const requestIds = requests.map((r) => r.requestId ?? '');
  if (new Set(requestIds).size !== requestIds.length) return fail('Duplicated request ids are not allowed');

  const shapes: ShapeRequest[] = [];
  const errors: ShapeRequestError[] = [];
  for (const request of requests) {
    const requestId = request.requestId ?? '';
    const result = await validateRequest(requestId, request.shapeDefinition?.selects ?? [], catalog);
    if ('error' in result) errors.push(result.error);
    else shapes.push(result.shape);
  }
  if (errors.length > 0) return fail('Could not establish a subscription due to errors on requests', errors);
  return { ok: true, subscription: { id, requests: shapes } };
}

async function validateRequest(
  requestId: string,
  selects: readonly SelectInput[],
  catalog: SchemaCatalog,
): Promise<{ shape: ShapeRequest } | { error: ShapeRequestError }> {
  const error = (code: number, message: string) => ({ error: { code, message, requestId } });
  if (selects.length === 0) return error(SHAPE_ERROR.EMPTY_SHAPE_DEFINITION, 'Shape definition must include a select');
  if (selects.length > 1) return error(SHAPE_ERROR.INVALID_INCLUDE_TREE, 'Cannot have more than one top-level select');
  const select = selects[0]!;
  const name = select.tablename ?? '';
  const schema = select.schemaname || 'public';
  if (name.length === 0 || Buffer.byteLength(name) > 64 || !/^[\x20-\x7e]+$/.test(name)) {
    return error(SHAPE_ERROR.TABLE_NOT_FOUND, `Invalid table name "${name}"`);
  }
  const table = catalog.table(schema, name);
  if (!table) return error(SHAPE_ERROR.TABLE_NOT_FOUND, `Unknown table ${schema}.${name}: it does not exist or is not electrified`);
  if ((select.include?.length ?? 0) > 0) {
    return error(SHAPE_ERROR.INVALID_INCLUDE_TREE, 'Include trees are not supported by this server yet');
  }
  const whereText = (select.where ?? '').trim();
  if (whereText === '') return { shape: { requestId, table, where: null, whereText: '' } };
  try {
    const where = await compileWhere(whereText, columnSpecs(table));
    return { shape: { requestId, table, where, whereText } };
  } catch (err) {
    if (err instanceof WhereClauseError) return error(SHAPE_ERROR.INVALID_WHERE_CLAUSE, `Invalid where clause: ${err.message}`);
    throw err;
  }
}
