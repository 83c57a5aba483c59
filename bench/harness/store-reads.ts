/**
 * What a store client sends and reads: an observer on the client (functions/lib/db's) counts
 * commands by name and the items they read. No import of the client here: the server child
 * imports it only once its environment is set.
 */
import type { StoreClient } from '../../functions/lib/store-client';

export interface StoreCounts {
  commands: Record<string, number>;
  itemsRead: number;
}

/** Items a command's answer (as on the wire) read: a Query's ScannedCount (before any filter), 1 per item a GetItem found, a BatchGetItem's items. */
export function itemsReadBy(output: unknown): number {
  const o = output as { ScannedCount?: number; Item?: unknown; Responses?: Record<string, unknown[]> };
  return (o.ScannedCount ?? 0) + (o.Item ? 1 : 0) + Object.values(o.Responses ?? {}).reduce((s, i) => s + i.length, 0);
}

/** Counts from now until `stop()`; `take()` answers the counts so far and starts again from zero. */
export function countStoreReads(
  client: StoreClient,
  name: string,
): { counts: StoreCounts; take: () => StoreCounts; stop: () => void } {
  const counter = { counts: { commands: {}, itemsRead: 0 } as StoreCounts };
  client.observe(name, {
    command: async (operation, body, next) => {
      const c = counter.counts;
      const command = `${operation}Command`;
      c.commands[command] = (c.commands[command] ?? 0) + 1;
      const out = await next(body);
      c.itemsRead += itemsReadBy(out);
      return out;
    },
  });
  return {
    get counts() {
      return counter.counts;
    },
    take: () => {
      const out = counter.counts;
      counter.counts = { commands: {}, itemsRead: 0 };
      return out;
    },
    stop: () => client.unobserve(name),
  };
}
