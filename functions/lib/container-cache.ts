/**
 * Data a request needs about a clinic, a department or a staff member, kept per container (one
 * Lambda instance) for a short, stated lifetime, so a hot path does not read it from the store on
 * every request. Time comes from the caller (ctx.now), as everywhere in the services. Loads of the
 * same key share one store read; a failed load is not kept. A change made in the store is seen by
 * every container at the latest `lifetimeMs` later: use only for data that may be that stale.
 */

interface Entry<V> {
  at: number;
  value: Promise<V>;
}

export interface ContainerCache<V> {
  readonly name: string;
  readonly lifetimeMs: number;
  get(key: string, now: Date): Promise<V>;
  /** Forgets one key (after this container changed it) or everything. */
  forget(key?: string): void;
}

/** Entries kept per cache at most; the oldest goes first. */
const MAX_ENTRIES = 2000;

const all: ContainerCache<unknown>[] = [];

export function containerCache<V>(
  name: string,
  lifetimeMs: number,
  load: (key: string) => Promise<V>,
): ContainerCache<V> {
  const entries = new Map<string, Entry<V>>();
  const cache: ContainerCache<V> = {
    name,
    lifetimeMs,
    get(key, now) {
      const t = now.getTime();
      const hit = entries.get(key);
      // A clock set back (tests) counts as stale, as does an entry older than its lifetime.
      if (hit && t >= hit.at && t - hit.at < lifetimeMs) return hit.value;
      const value = load(key);
      entries.delete(key);
      entries.set(key, { at: t, value });
      if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    forget(key) {
      if (key === undefined) entries.clear();
      else entries.delete(key);
    },
  };
  all.push(cache as ContainerCache<unknown>);
  return cache;
}

/** Empties every container cache (tests that change cached data behind the API's back). */
export function forgetContainerCaches(): void {
  for (const c of all) c.forget();
}
