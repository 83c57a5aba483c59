/**
 * What both store floors send (store.ts with the functions' client, sdk-store.ts with the SDK's), by
 * kind: the same inputs, so that the two measure the same work.
 */
const TableName = process.env.TABLE_NAME;
const Key = { pk: 'x', sk: 'x' };

export const floorInputs = {
  get: { TableName, Key },
  put: { TableName, Item: Key },
  update: { TableName, Key, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1 } },
  query: { TableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'x' } },
  batch: { RequestItems: { [TableName ?? 't']: { Keys: [Key] } } },
  transact: { TransactItems: [{ Put: { TableName, Item: Key } }] },
};

type FloorKind = keyof typeof floorInputs;
type CommandClass = new (input: never) => unknown;

/** A floor's `send(kind)`: the kind's command (`commands`: the client's classes) sent with `send`. */
export function floorSender(send: (command: never) => Promise<unknown>, commands: Record<FloorKind, CommandClass>) {
  return (kind: string) => {
    const k = (kind in floorInputs ? kind : 'transact') as FloorKind;
    return send(new commands[k](floorInputs[k] as never) as never);
  };
}
