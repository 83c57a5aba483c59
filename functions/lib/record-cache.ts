import { containerCache } from './container-cache';

/** A missing record is not kept: one created a moment ago is found on the next request. */
class Missing extends Error {}

/**
 * A record read by id, kept per container for `lifetimeMs` (container-cache.ts); a missing one is
 * answered as undefined and read again next time. Only for data that may be that stale.
 */
export function recordCache<T>(
  name: string,
  lifetimeMs: number,
  read: (id: string) => Promise<T | undefined>,
): (id: string, now: Date) => Promise<T | undefined> {
  const cache = containerCache(name, lifetimeMs, async (id) => {
    const v = await read(id);
    if (v === undefined) throw new Missing();
    return v;
  });
  return (id, now) =>
    cache.get(id, now).catch((e) => {
      if (e instanceof Missing) return undefined;
      throw e;
    });
}
