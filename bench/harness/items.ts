/**
 * Raw items for the admin tool side of the bench: sizes, bulk writes and the count scans behind
 * figures. Keys and index attributes come from the repositories' builders (see `stored.ts`); a scan
 * here only counts items by their `type`.
 */

import { performance } from 'node:perf_hooks';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { COUNT_SCAN_MAX_MS, FILL_CONCURRENCY } from './config';

export type Item = Record<string, AttributeValue>;

/** Approximate stored size of an item (attribute names + values), as DynamoDB counts it. */
export function itemBytes(item: Item): number {
  const size = (v: AttributeValue): number => {
    if (v.S !== undefined) return Buffer.byteLength(v.S);
    if (v.N !== undefined) return v.N.length;
    if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
    if (v.L) return 3 + v.L.reduce((s, x) => s + 1 + size(x), 0);
    if (v.M) return 3 + Object.entries(v.M).reduce((s, [k, x]) => s + 1 + Buffer.byteLength(k) + size(x), 0);
    if (v.SS) return v.SS.reduce((s, x) => s + Buffer.byteLength(x), 0);
    return 0;
  };
  return Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k) + size(v), 0);
}

export interface BulkWrite {
  /** Items written, by their `type` attribute. */
  writtenByType: Record<string, number>;
  written: number;
  unprocessedLeft: number;
  batchErrors: number;
  batchesSent: number;
  elapsedMs: number;
  stoppedBy: 'count' | 'time';
}

/**
 * Writes `batches` BatchWriteItem batches (`itemsOf(b)` builds batch b, at most 25 items, when it is
 * sent), FILL_CONCURRENCY at a time, for at most `maxMs`; unprocessed items are retried 5 times.
 */
export async function bulkWrite(
  client: DynamoDBClient,
  table: string,
  batches: number,
  itemsOf: (b: number) => Item[],
  maxMs: number,
): Promise<BulkWrite> {
  const writtenByType: Record<string, number> = {};
  let nextBatch = 0;
  let written = 0;
  let unprocessedLeft = 0;
  let batchErrors = 0;
  const start = performance.now();
  const deadline = start + maxMs;
  let stoppedBy: BulkWrite['stoppedBy'] = 'count';
  const worker = async () => {
    while (nextBatch < batches) {
      if (performance.now() >= deadline) {
        stoppedBy = 'time';
        return;
      }
      const items = itemsOf(nextBatch++);
      let requests = items.map((Item) => ({ PutRequest: { Item } }));
      try {
        for (let attempt = 0; attempt < 6 && requests.length > 0; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
          const res = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
          requests = (res.UnprocessedItems?.[table] ?? []) as typeof requests;
        }
        const left = new Set(requests.map((r) => r.PutRequest.Item));
        for (const it of items) {
          if (left.has(it)) continue;
          const type = it.type?.S ?? '?';
          writtenByType[type] = (writtenByType[type] ?? 0) + 1;
          written++;
        }
        unprocessedLeft += requests.length;
      } catch {
        batchErrors++;
      }
    }
  };
  await Promise.all(Array.from({ length: FILL_CONCURRENCY }, worker));
  return {
    writtenByType,
    written,
    unprocessedLeft,
    batchErrors,
    batchesSent: nextBatch,
    elapsedMs: performance.now() - start,
    stoppedBy,
  };
}

/**
 * Counts items of the given `type`s in one parallel scan (4 segments), bounded in time: Select COUNT
 * for one type, the type projected for several. `complete` is false when the time ran out.
 */
export async function countTypes(
  client: DynamoDBClient,
  table: string,
  types: string[],
): Promise<{ counts: Record<string, number>; complete: boolean }> {
  const deadline = performance.now() + COUNT_SCAN_MAX_MS;
  const segments = 4;
  let complete = true;
  const one = types.length === 1 ? types[0] : undefined;
  const counts: Record<string, number> = Object.fromEntries(types.map((t) => [t, 0]));
  const values: Record<string, AttributeValue> = Object.fromEntries(types.map((t, i) => [`:t${i}`, { S: t }]));
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let startKey: Item | undefined;
      for (let page = 0; page < 10_000; page++) {
        if (performance.now() > deadline) {
          complete = false;
          break;
        }
        const res = await client.send(
          new ScanCommand({
            TableName: table,
            Segment: segment,
            TotalSegments: segments,
            ...(one ? { Select: 'COUNT' } : { ProjectionExpression: '#t' }),
            FilterExpression: one ? '#t = :t0' : `#t IN (${Object.keys(values).join(', ')})`,
            ExpressionAttributeNames: { '#t': 'type' },
            ExpressionAttributeValues: values,
            ExclusiveStartKey: startKey,
          }),
        );
        if (one) counts[one] = (counts[one] ?? 0) + (res.Count ?? 0);
        for (const it of res.Items ?? []) {
          const t = it.type?.S;
          if (t !== undefined && t in counts) counts[t] = (counts[t] ?? 0) + 1;
        }
        startKey = res.LastEvaluatedKey;
        if (!startKey) break;
      }
    }),
  );
  return { counts, complete };
}

/** Items of one partition, counted by Query Select COUNT. */
export async function partitionCount(client: DynamoDBClient, table: string, pk: string): Promise<number> {
  let n = 0;
  let startKey: Item | undefined;
  for (let page = 0; page < 1000; page++) {
    const res = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: pk } },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    n += res.Count ?? 0;
    startKey = res.LastEvaluatedKey;
    if (!startKey) break;
  }
  return n;
}
