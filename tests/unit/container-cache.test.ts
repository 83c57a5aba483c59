import { describe, expect, it } from 'vitest';
import { containerCache, forgetContainerCaches } from '../../functions/lib/container-cache';

const at = (ms: number) => new Date(Date.UTC(2030, 0, 1) + ms);

describe('container cache', () => {
  it('reads the store once per key within the lifetime, again after it', async () => {
    const loads: string[] = [];
    const cache = containerCache('test-a', 30_000, async (k) => {
      loads.push(k);
      return `${k}:${loads.length}`;
    });
    expect(await cache.get('c1', at(0))).toBe('c1:1');
    expect(await cache.get('c1', at(29_999))).toBe('c1:1');
    expect(await cache.get('c2', at(10))).toBe('c2:2');
    expect(await cache.get('c1', at(30_000))).toBe('c1:3');
    expect(loads).toEqual(['c1', 'c2', 'c1']);
  });

  it('shares one load between requests that ask at once, and keeps no failure', async () => {
    let calls = 0;
    const cache = containerCache('test-b', 1000, async () => {
      calls++;
      if (calls === 1) throw new Error('store down');
      return calls;
    });
    const both = await Promise.allSettled([cache.get('k', at(0)), cache.get('k', at(1))]);
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
    expect(await cache.get('k', at(2))).toBe(2);
  });

  it('counts a clock set back as stale, and forgets on demand', async () => {
    let calls = 0;
    const cache = containerCache('test-c', 1000, async () => ++calls);
    await cache.get('k', at(500));
    expect(await cache.get('k', at(100))).toBe(2);
    forgetContainerCaches();
    expect(await cache.get('k', at(100))).toBe(3);
    cache.forget('k');
    expect(await cache.get('k', at(100))).toBe(4);
  });
});
