import { ValidationError } from '../../shared/errors';
import { type ListResult, MAX_PAGE, type PageQuery } from '../../shared/schemas/common';
import { db, tableName } from './db';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from './store-client';

/** Attributes that exist only for keys and indexes: never part of what a repository hands out. */
const KEY_ATTRIBUTES = [
  'pk',
  'sk',
  'type',
  'accountSort',
  'nameKey',
  'nameSort',
  'clinicKey',
  'clinicSort',
  'queueKey',
  'queueSort',
  'revisitDate',
  'revisitSort',
  // Not a key: the revisit index's copy of whom to address (visits/visit-repository.ts), read by the reminder only.
  'revisitPatient',
  'bookedPatientId',
  'bookedSort',
  'birthMonthDay',
  'birthSort',
  'clinicDay',
  'clinicDaySort',
  'followUpClinic',
  'followUpDue',
  'followUpClaimer',
  'followUpClaimerDue',
  'timelinePatient',
  'timelineAt',
] as const;

const KEYS: ReadonlySet<string> = new Set(KEY_ATTRIBUTES);

/** A stored item without its key and index attributes (copied without them: deleting would slow the object). */
export function fromItem<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(item)) if (!KEYS.has(k)) out[k] = item[k];
  return out as T;
}

/** The item at a key, without its key attributes. */
export async function getItem<T>(key: { pk: string; sk: string }, consistent = false): Promise<T | undefined> {
  const out = await db.send(
    new GetCommand({ TableName: tableName, Key: key, ConsistentRead: consistent || undefined }),
  );
  return out.Item ? fromItem<T>(out.Item) : undefined;
}

/** Writes an item, replacing what was there. */
export async function putItem(item: Record<string, unknown>): Promise<void> {
  await db.send(new PutCommand({ TableName: tableName, Item: item }));
}

/**
 * Writes an item unless its key is taken (or, with `unlessExpired`, taken by an item whose
 * `expiresAt` is still ahead); false when it was.
 */
export async function putIfAbsent(
  item: Record<string, unknown>,
  unlessExpired?: { nowSeconds: number },
): Promise<boolean> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        ConditionExpression: unlessExpired
          ? 'attribute_not_exists(pk) OR expiresAt < :now'
          : 'attribute_not_exists(pk)',
        ...(unlessExpired ? { ExpressionAttributeValues: { ':now': unlessExpired.nowSeconds } } : {}),
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

/** Sends a conditional update of the main table; false when its condition refused it. */
export async function updateIf(input: Omit<UpdateCommandInput, 'TableName'>): Promise<boolean> {
  try {
    await db.send(new UpdateCommand({ TableName: tableName, ...input }));
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

/** A query on the main table: the partition (table or index) it reads, and the rest of the input. */
export interface QuerySpec extends Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'> {
  /** The partition attribute and value this query reads: a cursor from elsewhere is refused. */
  partition: { name: string; value: string };
}

export interface PartitionOptions {
  /** Only items whose sort attribute starts with this prefix. */
  sortPrefix?: { name: string; prefix: string };
  newestFirst?: boolean;
  /** A filter on other attributes: the expression and the names and values it uses. */
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
}

/** The query of one partition of the table (index undefined) or of an index. */
export function partitionQuery(
  index: string | undefined,
  name: string,
  value: string,
  o: PartitionOptions = {},
): QuerySpec {
  return {
    partition: { name, value },
    ...(index ? { IndexName: index } : {}),
    KeyConditionExpression: o.sortPrefix ? '#pk = :pk AND begins_with(#sk, :sk)' : '#pk = :pk',
    ...(o.filter ? { FilterExpression: o.filter.expression } : {}),
    ExpressionAttributeNames: {
      '#pk': name,
      ...(o.sortPrefix ? { '#sk': o.sortPrefix.name } : {}),
      ...o.filter?.names,
    },
    ExpressionAttributeValues: {
      ':pk': value,
      ...(o.sortPrefix ? { ':sk': o.sortPrefix.prefix } : {}),
      ...o.filter?.values,
    },
    ...(o.newestFirst ? { ScanIndexForward: false } : {}),
  };
}

/** Every item of a query, page after page, at most `max`. */
export async function queryAll<T>(
  spec: QuerySpec,
  max = 5000,
  map: (item: Record<string, unknown>) => T = fromItem<T>,
): Promise<T[]> {
  const { partition: _p, ...input } = spec;
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new QueryCommand({ TableName: tableName, ...input, ExclusiveStartKey: start }));
    for (const i of out.Items ?? []) items.push(map(i));
    start = out.LastEvaluatedKey;
  } while (start && items.length < max);
  return items;
}

/** The 400 of a cursor that is not one this list answered. */
export const badCursor = () =>
  new ValidationError('查询参数不正确', { fields: [{ path: 'cursor', message: '翻页位置无效，请从第一页重新开始' }] });

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, partition: QuerySpec['partition']): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const ok =
    key !== null &&
    typeof key === 'object' &&
    !Array.isArray(key) &&
    (key as Record<string, unknown>)[partition.name] === partition.value &&
    Object.values(key as Record<string, unknown>).every((v) => typeof v === 'string' || typeof v === 'number');
  if (!ok) throw badCursor();
  return key as Record<string, unknown>;
}

/**
 * One page of a query: `limit` items at most (default and ceiling 100) and the cursor of the next page.
 * `map` turns a stored item into what is handed out (default: without its key attributes).
 */
export async function queryPage<T>(
  spec: QuerySpec,
  page: PageQuery,
  defaultLimit = MAX_PAGE,
  map: (item: Record<string, unknown>) => T = fromItem<T>,
): Promise<ListResult<T>> {
  const { partition, ...input } = spec;
  const start = page.cursor ? decodeCursor(page.cursor, partition) : undefined;
  try {
    const out = await db.send(
      new QueryCommand({
        TableName: tableName,
        ...input,
        Limit: Math.min(page.limit ?? defaultLimit, MAX_PAGE),
        ExclusiveStartKey: start,
      }),
    );
    const items = (out.Items ?? []).map((i) => map(i));
    return out.LastEvaluatedKey ? { items, nextCursor: encodeCursor(out.LastEvaluatedKey) } : { items };
  } catch (err) {
    // A well-formed cursor that names no key of this query.
    if (start && (err as Error).name === 'ValidationException') throw badCursor();
    throw err;
  }
}

/**
 * One page of a query with a filter: DynamoDB applies `Limit` before the filter, so a page of one
 * query may come back short (even empty) with more to read. Reads on, each time at most the items
 * still wanted, until the page is full or the partition ends: the cursor stays exact.
 */
export async function queryFilteredPage<T>(
  spec: QuerySpec,
  page: PageQuery,
  defaultLimit = MAX_PAGE,
  map: (item: Record<string, unknown>) => T = fromItem<T>,
): Promise<ListResult<T>> {
  const limit = Math.min(page.limit ?? defaultLimit, MAX_PAGE);
  const items: T[] = [];
  let cursor = page.cursor;
  do {
    const out = await queryPage<T>(spec, { limit: limit - items.length, cursor }, MAX_PAGE, map);
    items.push(...out.items);
    cursor = out.nextCursor;
  } while (cursor && items.length < limit);
  return cursor ? { items, nextCursor: cursor } : { items };
}
