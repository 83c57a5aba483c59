import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANOMALY_WINDOW, findAnomalies } from '../../shared/anomalies';
import { addDays } from '../../shared/dates';
import type { DayFigures } from '../../shared/schemas/campaigns';

/** Consecutive days from 2026-03-01 with the given new records (and no appointments). */
function month(newRecords: number[], overrides: Record<number, Partial<DayFigures>> = {}): DayFigures[] {
  return newRecords.map((n, i) => ({
    date: addDays('2026-03-01', i),
    newRecords: n,
    appointments: 0,
    arrivals: 0,
    revenueFen: 0,
    cancellations: 0,
    visits: 0,
    ...overrides[i],
  }));
}

const LATER = '2026-04-30';

describe('findAnomalies', () => {
  it('flags a past day with appointments but nobody arriving', () => {
    const days = month([5, 5], { 1: { appointments: 3, arrivals: 0 } });
    expect(findAnomalies(days, LATER)).toEqual([{ date: '2026-03-02', reason: '有 3 个预约，但无人到院' }]);
  });

  it('does not flag a day where someone arrived', () => {
    expect(findAnomalies(month([5, 5], { 1: { appointments: 3, arrivals: 1 } }), LATER)).toEqual([]);
  });

  it('flags new records below half the average of the days before', () => {
    const found = findAnomalies(month([10, 10, 10, 4]), LATER);
    expect(found.map((a) => a.date)).toEqual(['2026-03-04']);
    expect(found[0]!.reason).toContain('10.0');
  });

  it('does not flag exactly half the average', () => {
    expect(findAnomalies(month([10, 10, 10, 5]), LATER)).toEqual([]);
  });

  it('needs at least three days before a day to compare it with', () => {
    expect(findAnomalies(month([10, 10, 0]), LATER)).toEqual([]);
  });

  it('compares with the week before only, not the whole month', () => {
    // A busy start, then a quiet but steady fortnight: day 13 is compared with days 6-12 (all 2).
    const days = month([100, 100, 100, 100, 100, 100, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(ANOMALY_WINDOW).toBe(7);
    expect(findAnomalies(days, LATER).map((a) => a.date)).not.toContain('2026-03-14');
  });

  it('does not flag a slow day after days with no records at all', () => {
    expect(findAnomalies(month([0, 0, 0, 0]), LATER)).toEqual([]);
  });

  it('ignores today and the days to come', () => {
    const days = month([10, 10, 10, 0, 0], { 3: { appointments: 2 }, 4: { appointments: 2 } });
    expect(findAnomalies(days, '2026-03-04')).toEqual([]);
  });

  it('flags nothing on or after today, whatever the figures', () => {
    const figures = fc.record({
      newRecords: fc.nat(50),
      appointments: fc.nat(20),
      arrivals: fc.nat(20),
    });
    fc.assert(
      fc.property(fc.array(figures, { minLength: 1, maxLength: 31 }), fc.nat(30), (rows, todayIndex) => {
        const days = rows.map((r, i) => ({ ...month([0])[0]!, ...r, date: addDays('2026-03-01', i) }));
        const today = addDays('2026-03-01', todayIndex);
        for (const a of findAnomalies(days, today)) expect(a.date < today).toBe(true);
      }),
    );
  });
});
