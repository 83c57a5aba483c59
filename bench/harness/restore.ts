/**
 * Putting back the items a load's requests wrote, as they were before the load, so that the bare
 * store's replay of those requests' commands does the work the requests did: a write conditioned on
 * what the load found (a version, `attribute_not_exists(pk)`) succeeds again, where on the items the
 * load left it is refused, which costs the store less than the write (no item or index written).
 *
 * What an item held before the load is known from the recorded commands (round-trips.ts), never read
 * again: the answer of a read by key the same request sent in an earlier round trip than its first
 * write of that key; or nothing, for an item the request created (a Put conditioned on
 * `attribute_not_exists` of the partition key, that succeeded). A request's items are put back when
 * every item a condition of it rests on (a conditioned write's) is known so and written by no other
 * request of the load, and no item it only checks was written by one: an item several requests wrote
 * (a queue's counter, a slot's count) has no state before "its" request, and the replayed writes of
 * those requests land where the load left them, as without this. Items a request writes with no
 * condition (a consent event, a counter's ADD) are left as they are: their replay writes them anyway.
 */

import type { StoreClient } from '../../functions/lib/store-client';
import { type TableDef, tables } from '../../functions/table-def';
import { runLoad } from './load';
import type { RecordedRequest, SentCommand } from './round-trips';

/** Putting a load's items back takes seconds; past this the section stops with a clear error. */
const RESTORE_MAX_MS = 120_000;

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

/** What a command does to an item: writes it (under a condition or not, creating it or not), or checks it. */
interface Touch extends Keyed {
  check: boolean;
  conditioned: boolean;
  created: boolean;
}

/** The items a command writes or checks (a transaction's Put, Update, Delete and ConditionCheck). */
function touchesOf(c: SentCommand, names: KeyNames): Touch[] {
  const one = (kind: string, op: Wire): Touch => {
    const table = String(op.TableName);
    const keyed = kind === 'Put' ? keyOf(table, op.Item as Wire, names) : { table, key: op.Key as Wire };
    const conditioned = op.ConditionExpression !== undefined;
    return { ...keyed, check: kind === 'ConditionCheck', conditioned, created: kind === 'Put' && creates(op, names) };
  };
  switch (c.command) {
    case 'PutItemCommand':
      return [one('Put', c.input)];
    case 'UpdateItemCommand':
    case 'DeleteItemCommand':
      return [one('Key', c.input)];
    case 'TransactWriteItemsCommand':
      return (c.input.TransactItems as Wire[]).flatMap((t) =>
        Object.entries(t).map(([kind, op]) => one(kind, op as Wire)),
      );
    case 'BatchWriteItemCommand':
      return Object.entries(c.input.RequestItems as Record<string, Wire[]>).flatMap(([table, writes]) =>
        writes.map((w) => {
          const put = w.PutRequest as { Item: Wire } | undefined;
          const del = w.DeleteRequest as { Key: Wire } | undefined;
          const keyed = put ? keyOf(table, put.Item, names) : { table, key: del?.Key ?? {} };
          return { ...keyed, check: false, conditioned: false, created: false };
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

/** One request's items: what each written one held before its first write, whether a condition rests on it. */
interface RequestItems {
  written: Map<string, { before: ItemBefore | undefined; conditioned: boolean }>;
  checked: Set<string>;
}

function requestItems(request: RecordedRequest, names: KeyNames): RequestItems {
  const read = new Map<string, Wire | null>();
  const written: RequestItems['written'] = new Map();
  const checked = new Set<string>();
  for (const wave of request) {
    for (const c of wave) {
      if (c.refused) continue;
      for (const t of touchesOf(c, names)) {
        const id = idOf(t);
        if (t.check) {
          checked.add(id);
          continue;
        }
        const seen = written.get(id);
        if (seen) {
          seen.conditioned ||= t.conditioned;
          continue;
        }
        const item = read.has(id) ? read.get(id) : t.created ? null : undefined;
        const before = item === undefined ? undefined : { table: t.table, key: t.key, item };
        written.set(id, { before, conditioned: t.conditioned });
      }
    }
    // A read answers for later round trips only: one sent with a write of its key raced it.
    for (const c of wave) for (const r of readsOf(c, names)) if (!read.has(idOf(r))) read.set(idOf(r), r.item);
  }
  return { written, checked };
}

/** What to put back before replaying `requests` (the load's, as recorded): see the module's comment. */
export function restorePlan(requests: RecordedRequest[], names: KeyNames): RestorePlan {
  const each = requests.map((r) => requestItems(r, names));
  const writers = new Map<string, number>();
  for (const { written } of each) for (const id of written.keys()) writers.set(id, (writers.get(id) ?? 0) + 1);
  // A request's items go back together or not at all: one put back without the rest (an appointment
  // without its slot's count) would make its replay refused, and leave the item missing after it.
  const whole = each.filter(({ written, checked }) => {
    const held = [...written].filter(([, w]) => w.conditioned);
    return (
      held.length > 0 &&
      held.every(([id, w]) => w.before && writers.get(id) === 1) &&
      [...checked].every((id) => !writers.has(id))
    );
  });
  const items = whole.flatMap(({ written }) =>
    [...written.values()].filter((w) => w.conditioned).map((w) => w.before as ItemBefore),
  );
  return { items, requests: whole.length, left: writers.size - items.length };
}

/** Puts the plan's items back (or deletes those that were not there), `concurrency` at a time; throws if one fails. */
export async function restore(client: StoreClient, plan: RestorePlan, concurrency = 16): Promise<void> {
  const done = await runLoad(
    'putting items back',
    { count: plan.items.length, concurrency, maxMs: RESTORE_MAX_MS },
    async (i) => {
      const b = plan.items[i] as ItemBefore;
      if (b.item) await client.sendWire('PutItem', { TableName: b.table, Item: b.item });
      else await client.sendWire('DeleteItem', { TableName: b.table, Key: b.key });
      return null;
    },
  );
  if (done.succeeded < plan.items.length)
    throw new Error(`${done.succeeded}/${plan.items.length} items put back ${JSON.stringify(done.failures)}`);
}
