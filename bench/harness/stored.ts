/**
 * Between the repositories' builders and the raw client: a builder's item or transaction item in
 * the low-level client's form, and a raw item back as the record it stores. Imports `functions/`:
 * load it only after `bindRepositories` (the sections, which use it, are imported after that).
 */
import { type DynamoDBClient, GetItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { fromItem } from '../../functions/lib/store';
import type { TxItem } from '../../functions/lib/transact';
import type { Item } from './items';

/** A builder's item, marshalled as the document client would (undefined values left out). */
export const rawItem = (item: Record<string, unknown>): Item => marshall(item, { removeUndefinedValues: true });

/** A raw item as the record it stores (keys and index attributes left out, as the repositories read it). */
export const recordOf = <T>(item: Item): T => fromItem<T>(unmarshall(item));

const TX_KINDS = ['Put', 'Update', 'Delete', 'ConditionCheck'] as const;
const MARSHALLED = ['Item', 'Key', 'ExpressionAttributeValues'] as const;

/** A repository's transaction item for the raw client, on `table`. */
export function rawTx(tx: TxItem, table: string): TransactWriteItem {
  const out: Record<string, unknown> = {};
  for (const kind of TX_KINDS) {
    const op = tx[kind] as Record<string, unknown> | undefined;
    if (!op) continue;
    const raw: Record<string, unknown> = { ...op, TableName: table };
    for (const field of MARSHALLED) {
      if (op[field]) raw[field] = rawItem(op[field] as Record<string, unknown>);
    }
    out[kind] = raw;
  }
  return out as TransactWriteItem;
}

/** The raw item at a builder's key. */
export async function getRaw(
  client: DynamoDBClient,
  table: string,
  key: { pk: string; sk: string },
): Promise<Item | undefined> {
  return (await client.send(new GetItemCommand({ TableName: table, Key: rawItem(key) }))).Item;
}
