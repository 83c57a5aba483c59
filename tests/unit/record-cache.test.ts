import { describe, expect, it } from 'vitest';
import { recordCache } from '../../functions/lib/record-cache';

const at = (ms: number) => new Date(Date.UTC(2043, 0, 1) + ms);

describe('recordCache', () => {
  it('keeps a found record for its lifetime, then reads it again', async () => {
    let reads = 0;
    const get = recordCache('test-found', 60_000, async (id) => {
      reads++;
      return { id, n: reads };
    });
    expect(await get('a', at(0))).toEqual({ id: 'a', n: 1 });
    expect(await get('a', at(59_999))).toEqual({ id: 'a', n: 1 });
    expect(await get('a', at(60_000))).toEqual({ id: 'a', n: 2 });
    expect(reads).toBe(2);
  });

  it('answers a missing record as undefined and does not keep the miss', async () => {
    let exists = false;
    let reads = 0;
    const get = recordCache('test-missing', 60_000, async (id) => {
      reads++;
      return exists ? { id } : undefined;
    });
    expect(await get('b', at(0))).toBeUndefined();
    exists = true;
    expect(await get('b', at(1))).toEqual({ id: 'b' });
    expect(reads).toBe(2);
  });
});
