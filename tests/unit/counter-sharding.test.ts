import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Attribution,
  counterKeys,
  counterWrites,
  pickShard,
  SHARDS,
} from '../../functions/stats/counter-repository';

type Update = {
  Key: { pk: string; sk: string };
  UpdateExpression: string;
  ExpressionAttributeValues: Record<string, unknown>;
};

/** The Update of each counter write. */
function updates(a: Attribution, date: string, shard?: number): Update[] {
  return counterWrites(a, date, { arrivals: 1, revenueFen: 500 }, shard).map((w) => w.Update as unknown as Update);
}

const full: Attribution = {
  clinicId: 'c_visit',
  ownerClinicId: 'c_home',
  ownerStaffId: 's_mk',
  channel: 'street',
  campaignId: 'cp_1',
};

const attribution = fc.record({
  clinicId: fc.stringMatching(/^c_[a-z0-9]{1,6}$/),
  ownerClinicId: fc.stringMatching(/^c_[a-z0-9]{1,6}$/),
  ownerStaffId: fc.option(fc.stringMatching(/^s_[a-z0-9]{1,6}$/), { nil: undefined }),
  channel: fc.constantFrom('walk_in', 'street', 'campaign', 'wechat'),
  campaignId: fc.option(fc.stringMatching(/^cp_[a-z0-9]{1,6}$/), { nil: undefined }),
});
const day = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('pickShard', () => {
  it('splits counters over 8 shards', () => {
    expect(SHARDS).toBe(8);
  });

  it('reaches every shard 0..7', () => {
    const seen = new Set(Array.from({ length: SHARDS }, (_, k) => pickShard(() => (k + 0.5) / SHARDS)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('answers a whole shard number in range for any random draw', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (r) => {
        const shard = pickShard(() => r);
        expect(Number.isInteger(shard)).toBe(true);
        expect(shard).toBeGreaterThanOrEqual(0);
        expect(shard).toBeLessThan(SHARDS);
      }),
    );
  });
});

describe('counterWrites', () => {
  it('writes the clinic, channel, owner and campaign of one fact', () => {
    const pks = updates(full, '2026-02-17', 3).map((u) => u.Key.pk);
    expect(pks).toEqual([
      'STATS#CLINIC#c_visit#2026-02',
      'STATS#CHANNEL#c_visit#2026-02',
      'STATS#STAFF#c_home#2026-02',
      'STATS#CAMPAIGN#c_visit#2026-02',
    ]);
  });

  it("counts the owner in the owner's own clinic, where their figures are read", () => {
    fc.assert(
      fc.property(attribution, day, (a, date) => {
        const staff = updates(a, date).filter((u) => u.Key.pk.startsWith('STATS#STAFF#'));
        if (!a.ownerStaffId) {
          expect(staff).toEqual([]);
          return;
        }
        expect(staff.map((u) => u.Key.pk)).toEqual([counterKeys.staff(a.ownerClinicId, date.slice(0, 7))]);
        expect(staff[0]!.Key.sk.startsWith(`${a.ownerStaffId}#${date}#`)).toBe(true);
      }),
    );
  });

  it('puts every dimension of one fact on the same shard', () => {
    fc.assert(
      fc.property(attribution, day, fc.integer({ min: 0, max: SHARDS - 1 }), (a, date, shard) => {
        const sks = updates(a, date, shard).map((u) => u.Key.sk);
        expect(sks.every((sk) => sk.endsWith(`#${date}#${shard}`))).toBe(true);
      }),
    );
  });

  it('draws one shard for all dimensions when none is given', () => {
    fc.assert(
      fc.property(attribution, day, (a, date) => {
        const shards = new Set(updates(a, date).map((u) => u.Key.sk.split('#').at(-1)));
        expect(shards.size).toBe(1);
      }),
    );
  });

  it('adds the deltas rather than setting them, so concurrent facts all count', () => {
    for (const u of updates(full, '2026-02-17', 0)) {
      expect(u.UpdateExpression).toMatch(/ ADD /);
      expect(Object.values(u.ExpressionAttributeValues)).toEqual(expect.arrayContaining([1, 500]));
    }
  });

  it('files a day under its own month, across a year end', () => {
    const pks = updates({ ...full, campaignId: undefined, ownerStaffId: undefined }, '2026-12-31', 0).map(
      (u) => u.Key.pk,
    );
    expect(pks).toEqual(['STATS#CLINIC#c_visit#2026-12', 'STATS#CHANNEL#c_visit#2026-12']);
    const next = updates({ ...full, campaignId: undefined, ownerStaffId: undefined }, '2027-01-01', 0);
    expect(next.map((u) => u.Key.pk)).toEqual(['STATS#CLINIC#c_visit#2027-01', 'STATS#CHANNEL#c_visit#2027-01']);
  });
});
