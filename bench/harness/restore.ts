/**
 * Putting back the items a load's requests wrote, as they were before the load, so that the bare
 * store's replay of those requests' commands does the work the requests did: a write conditioned on
 * what the load found (a version, `attribute_not_exists(pk)`) succeeds again, where on the items the
 * load left it is refused, which costs the store less than the write (no item or index written).
 *
 * What an item held before the load is known from the recorded commands (round-trips.ts), never read
 * again: the answer of a read by key the same request sent in an earlier round trip than its first
 * write of that key; or nothing, for an item the request created (a Put conditioned on
 * `attribute_not_exists` of the partition key, that succeeded). Only the requests whose every
 * written item is known so, and written by no other request of the load, are put back: an item
 * several requests wrote (a queue's counter, a slot's count) has no state before "its" request, and
 * the replayed writes of those requests land where the load left them, as without this.
 */

import type { StoreClient } from '../../functions/lib/store-client';
import { type TableDef, tables } from '../../functions/table-def';
import type { RecordedRequest, SentCommand } from './round-trips';

type Wire = Record<string, unknown>;

/** Each table's key attributes, by its name. */
export type KeyNames = Record<string, readonly string[]>;

export const keyNamesOf = (names: Record<TableDef['id'], string>): KeyNames =>
  Object.fromEntries(
    tables.map((t) => [names[t.id], t.sortKey ? [t.partitionKey, t.sortKey] : [t.partitionKey]] as const),
  );

interface Keyed {
  table: string;
  key: Wire;
}

/** An item as it was before the load: `null` when there was none. */
export interface ItemBefore extends Keyed {
  item: Wire | null;
}

export interface RestorePlan {
  items: ItemBefore[];
  /** Requests that wrote, whose items are all put back. */
  requests: number;
  /** Items the load wrote that are not put back (see restorePlan). */
  left: number;
}

const keyOf = (table: string, item: Wire, names: KeyNames): Keyed => ({
  table,
  key: Object.fromEntries((names[table] ?? []).map((n) => [n, item[n]])),
});

const idOf = ({ table, key }: Keyed) =>
  JSON.stringify([
    table,
    ...Object.keys(key)
      .sort()
      .map((k) => key[k]),
  ]);

/**
 * True when the write's condition starts with its partition key's absence (`attribute_not_exists(pk)`,
 * alone or before AND or OR): the item is put back as absent, which the condition allows whatever
 * else it allows (an idempotency record's expired one).
 */
function creates(op: Wire, names: KeyNames): boolean {
  const m = /^attribute_not_exists\(\s*(#?\w+)\s*\)(\s+(AND|OR)\s|$)/.exec(String(op.ConditionExpression ?? ''));
  if (!m?.[1]) return false;
  const attr = m[1].startsWith('#') ? (op.ExpressionAttributeNames as Wire | undefined)?.[m[1]] : m[1];
  return attr === names[String(op.TableName)]?.[0];
}

/** The items a command writes (a transaction's Put, Update and Delete, not its ConditionCheck), and whether it creates each. */
function writesOf(c: SentCommand, names: KeyNames): (Keyed & { created: boolean })[] {
  const one = (kind: string, op: Wire) => {
    const table = String(op.TableName);
    const keyed = kind === 'Put' ? keyOf(table, op.Item as Wire, names) : { table, key: op.Key as Wire };
    return { ...keyed, created: kind === 'Put' && creates(op, names) };
  };
  switch (c.command) {
    case 'PutItemCommand':
      return [one('Put', c.input)];
    case 'UpdateItemCommand':
    case 'DeleteItemCommand':
      return [one('Key', c.input)];
    case 'TransactWriteItemsCommand':
      return (c.input.TransactItems as Wire[]).flatMap((t) =>
        Object.entries(t)
          .filter(([kind]) => kind !== 'ConditionCheck')
          .map(([kind, op]) => one(kind, op as Wire)),
      );
    case 'BatchWriteItemCommand':
      return Object.entries(c.input.RequestItems as Record<string, Wire[]>).flatMap(([table, writes]) =>
        writes.map((w) => {
          const put = w.PutRequest as { Item: Wire } | undefined;
          const del = w.DeleteRequest as { Key: Wire } | undefined;
          return { ...(put ? keyOf(table, put.Item, names) : { table, key: del?.Key ?? {} }), created: false };
        }),
      );
    default:
      return [];
  }
}

/** What a read by key answered for each key it asked (null: no item there); keys left unprocessed say nothing. */
function readsOf(c: SentCommand, names: KeyNames): ItemBefore[] {
  const out = c.output;
  if (!out) return [];
  switch (c.command) {
    case 'GetItemCommand':
      return [{ table: String(c.input.TableName), key: c.input.Key as Wire, item: (out.Item as Wire) ?? null }];
    case 'TransactGetItemsCommand':
      return (c.input.TransactItems as { Get: Wire }[]).map((t, i) => ({
        table: String(t.Get.TableName),
        key: t.Get.Key as Wire,
        item: ((out.Responses as { Item?: Wire }[] | undefined)?.[i]?.Item as Wire) ?? null,
      }));
    case 'BatchGetItemCommand': {
      const found = new Map<string, Wire>();
      for (const [table, items] of Object.entries((out.Responses as Record<string, Wire[]>) ?? {}))
        for (const item of items) found.set(idOf(keyOf(table, item, names)), item);
      const unprocessed = new Set<string>();
      for (const [table, r] of Object.entries((out.UnprocessedKeys as Record<string, { Keys: Wire[] }>) ?? {}))
        for (const key of r.Keys) unprocessed.add(idOf({ table, key }));
      return Object.entries(c.input.RequestItems as Record<string, { Keys: Wire[] }>).flatMap(([table, r]) =>
        r.Keys.filter((key) => !unprocessed.has(idOf({ table, key }))).map((key) => ({
          table,
          key,
          item: found.get(idOf({ table, key })) ?? null,
        })),
      );
    }
    default:
      return [];
  }
}

/** What to put back before replaying `requests` (the load's, as recorded): see the module's comment. */
export function restorePlan(requests: RecordedRequest[], names: KeyNames): RestorePlan {
  const writers = new Map<string, number>();
  const byRequest: Map<string, ItemBefore | undefined>[] = [];
  for (const request of requests) {
    const read = new Map<string, Wire | null>();
    const written = new Map<string, ItemBefore | undefined>();
    for (const wave of request) {
      for (const c of wave) {
        if (c.refused) continue;
        for (const w of writesOf(c, names)) {
          const id = idOf(w);
          if (written.has(id)) continue;
          const item = read.has(id) ? read.get(id) : w.created ? null : undefined;
          written.set(id, item === undefined ? undefined : { table: w.table, key: w.key, item });
        }
      }
      // A read answers for later round trips only: one sent with a write of its key raced it.
      for (const c of wave) for (const r of readsOf(c, names)) if (!read.has(idOf(r))) read.set(idOf(r), r.item);
    }
    for (const id of written.keys()) writers.set(id, (writers.get(id) ?? 0) + 1);
    byRequest.push(written);
  }
  // A request's items go back together or not at all: one put back without the rest (an appointment
  // without its slot's count) would make its replay refused, and leave the item missing after it.
  const whole = byRequest.filter((w) => w.size > 0 && [...w].every(([id, b]) => b && writers.get(id) === 1));
  const items = whole.flatMap((w) => [...w.values()] as ItemBefore[]);
  return { items, requests: whole.length, left: writers.size - items.length };
}

/** Puts the plan's items back (or deletes those that were not there), `concurrency` at a time. */
export async function restore(client: StoreClient, plan: RestorePlan, concurrency = 16): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < plan.items.length) {
      const b = plan.items[next++] as ItemBefore;
      if (b.item) await client.sendWire('PutItem', { TableName: b.table, Item: b.item });
      else await client.sendWire('DeleteItem', { TableName: b.table, Key: b.key });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
