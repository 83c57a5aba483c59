import { db, tableName } from './db';
import { fromItem } from './store';
import { BatchGetCommand, BatchWriteCommand } from './store-client';

/** BatchWriteItem takes 25 items a call, BatchGetItem 100 keys. */
const WRITE_BATCH = 25;
const GET_BATCH = 100;
const PARALLEL = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Writes items (each replacing what was at its key) 25 a call, 8 calls at a time; what the store
 * leaves unprocessed is sent again with back-off. For jobs writing many items whose keys make the
 * write idempotent: no conditions are possible here. When a call fails, no further call starts and
 * the error is thrown only once every call in flight has ended: when it returns or throws, nothing
 * of it is still being written (a job's run lease may then pass to the next run).
 */
export async function batchPut(items: Record<string, unknown>[]): Promise<number> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += WRITE_BATCH) batches.push(items.slice(i, i + WRITE_BATCH));
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < batches.length) {
      let requests = (batches[next++] ?? []).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt >= 8) throw new Error(`batchPut: ${requests.length} items still unprocessed`);
        if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt));
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  };
  const ends = await Promise.allSettled(
    Array.from({ length: Math.min(PARALLEL, batches.length) }, () =>
      worker().catch((e) => {
        failed = true;
        throw e;
      }),
    ),
  );
  const failure = ends.find((e) => e.status === 'rejected');
  if (failure) throw failure.reason;
  return items.length;
}

/**
 * The items at these keys (those that exist), without their key attributes; 100 keys a call, 8
 * calls at a time. Read strongly unless `consistent: false`; `attributes` projects each item to those
 * attributes (top-level names).
 */
export async function batchGet<T>(
  keys: { pk: string; sk: string }[],
  opts: { consistent?: boolean; attributes?: readonly string[] } = {},
): Promise<T[]> {
  const projection = opts.attributes?.length
    ? {
        ProjectionExpression: opts.attributes.map((_, i) => `#a${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(opts.attributes.map((a, i) => [`#a${i}`, a])),
      }
    : {};
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < keys.length; i += GET_BATCH) chunks.push(keys.slice(i, i + GET_BATCH));
  const parts = await inWaves(chunks, async (chunk) => {
    const out: T[] = [];
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= 8) throw new Error(`batchGet: ${pending.length} keys still unprocessed`);
      if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt));
      const res = await db.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: pending, ConsistentRead: opts.consistent ?? true, ...projection } },
        }),
      );
      for (const item of res.Responses?.[tableName] ?? []) out.push(fromItem<T>(item));
      pending = res.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
    return out;
  });
  return parts.flat();
}

/** `work` over each of `xs`, PARALLEL (8) at a time, answers in order. */
export async function inWaves<X, R>(xs: X[], work: (x: X) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < xs.length; i += PARALLEL) out.push(...(await Promise.all(xs.slice(i, i + PARALLEL).map(work))));
  return out;
}

/**
 * A handful of items (up to 100) read together in one BatchGetItem, consistently: each answered in
 * its key's place, without its key attributes, or undefined where there is none. For a request
 * that needs several items whose keys it knows at once (a check-in's patient and guards).
 */
export async function getEach(keys: { pk: string; sk: string }[]): Promise<(Record<string, unknown> | undefined)[]> {
  if (keys.length > GET_BATCH) throw new Error(`getEach: ${keys.length} keys, at most ${GET_BATCH}`);
  const found = new Map<string, Record<string, unknown>>();
  const id = (k: { pk: unknown; sk: unknown }) => `${String(k.pk)}\n${String(k.sk)}`;
  let pending: Record<string, unknown>[] = keys;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= 8) throw new Error(`getEach: ${pending.length} keys still unprocessed`);
    if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt));
    const res = await db.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
    );
    for (const item of res.Responses?.[tableName] ?? []) found.set(id(item as { pk: unknown; sk: unknown }), item);
    pending = res.UnprocessedKeys?.[tableName]?.Keys ?? [];
  }
  return keys.map((k) => {
    const item = found.get(id(k));
    return item ? fromItem<Record<string, unknown>>(item) : undefined;
  });
}
