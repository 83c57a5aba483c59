/**
 * What a store client sends and reads: a middleware on the client (functions/lib/db's) counts
 * commands by name and the items they read. No import of the client here: the server child
 * imports it only once its environment is set.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface StoreCounts {
  commands: Record<string, number>;
  itemsRead: number;
}

/** Items a command's answer read: a Query's ScannedCount (before any filter), 1 per item a GetItem found, a BatchGetItem's items. */
export function itemsReadBy(output: unknown): number {
  const o = output as { ScannedCount?: number; Item?: unknown; Responses?: Record<string, unknown[]> };
  return (o.ScannedCount ?? 0) + (o.Item ? 1 : 0) + Object.values(o.Responses ?? {}).reduce((s, i) => s + i.length, 0);
}

/** Counts from now until `stop()`; `take()` answers the counts so far and starts again from zero. */
export function countStoreReads(
  client: DynamoDBClient,
  name: string,
): { counts: StoreCounts; take: () => StoreCounts; stop: () => void } {
  const counter = { counts: { commands: {}, itemsRead: 0 } as StoreCounts };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const c = counter.counts;
      const command = context.commandName ?? 'unknown';
      c.commands[command] = (c.commands[command] ?? 0) + 1;
      const out = await next(args);
      c.itemsRead += itemsReadBy(out.output);
      return out;
    },
    { step: 'initialize', name, priority: 'high' },
  );
  return {
    get counts() {
      return counter.counts;
    },
    take: () => {
      const out = counter.counts;
      counter.counts = { commands: {}, itemsRead: 0 };
      return out;
    },
    stop: () => void client.middlewareStack.remove(name),
  };
}
