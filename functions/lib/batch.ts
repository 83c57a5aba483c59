import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './db';
import { fromItem } from './store';

/** BatchWriteItem takes 25 items a call, BatchGetItem 100 keys. */
const WRITE_BATCH = 25;
const GET_BATCH = 100;
const PARALLEL = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Writes items (each replacing what was at its key) 25 a call, 8 calls at a time; what the store
 * leaves unprocessed is sent again with back-off. For jobs writing many items whose keys make the
 * write idempotent: no conditions are possible here.
 */
export async function batchPut(items: Record<string, unknown>[]): Promise<number> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += WRITE_BATCH) batches.push(items.slice(i, i + WRITE_BATCH));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let requests = (batches[next++] ?? []).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt >= 8) throw new Error(`batchPut: ${requests.length} items still unprocessed`);
        if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt));
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return items.length;
}

/** The items at these keys (those that exist), without their key attributes; 100 keys a call. */
export async function batchGet<T>(keys: { pk: string; sk: string }[]): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += GET_BATCH) {
    let pending: Record<string, unknown>[] = keys.slice(i, i + GET_BATCH);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= 8) throw new Error(`batchGet: ${pending.length} keys still unprocessed`);
      if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt));
      const res = await db.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of res.Responses?.[tableName] ?? []) out.push(fromItem<T>(item));
      pending = res.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
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
