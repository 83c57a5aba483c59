import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMinutes,
  addMonths,
  clinicDate,
  clinicInstant,
  clinicTime,
  datesBetween,
  daysBetween,
  daysOfMonth,
  isoWeekday,
  isRealDate,
  monthsBetween,
  normalizeDateInput,
  startOfClinicDay,
} from '../../shared/dates';

const realDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const month = fc
  .record({ y: fc.integer({ min: 1950, max: 2090 }), m: fc.integer({ min: 1, max: 12 }) })
  .map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`);

describe('normalizeDateInput', () => {
  it('reads every usual spelling of a real date as that date', () => {
    fc.assert(
      fc.property(realDate, fc.constantFrom('-', '/', '.', '年'), fc.boolean(), (iso, sep, pad) => {
        const [y, m, d] = iso.split('-') as [string, string, string];
        const mm = pad ? m : String(Number(m));
        const dd = pad ? d : String(Number(d));
        const typed = sep === '年' ? `${y}年${mm}月${dd}日` : `${y}${sep}${mm}${sep}${dd}`;
        expect(normalizeDateInput(`  ${typed} `)).toBe(iso);
      }),
    );
  });

  it('reads eight digits as a date', () => {
    fc.assert(
      fc.property(realDate, (iso) => {
        expect(normalizeDateInput(iso.replace(/-/g, ''))).toBe(iso);
      }),
    );
  });

  it('reads 1960-2-3 as 3 February 1960', () => {
    expect(normalizeDateInput('1960-2-3')).toBe('1960-02-03');
  });

  it('gives anything else back trimmed and unchanged, for the schema to refuse', () => {
    expect(normalizeDateInput(' 03/02/1960 ')).toBe('03/02/1960');
    expect(normalizeDateInput('')).toBe('');
    expect(isRealDate(normalizeDateInput('2026-2-30'))).toBe(false);
  });
});

describe('addDays and daysBetween', () => {
  it('are each other’s inverse', () => {
    fc.assert(
      fc.property(realDate, fc.integer({ min: -4000, max: 4000 }), (d, n) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n);
        expect(addDays(addDays(d, n), -n)).toBe(d);
      }),
    );
  });

  it('step over month ends and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
  });
});

describe('datesBetween', () => {
  it('lists daysBetween + 1 consecutive dates from the first to the last', () => {
    fc.assert(
      fc.property(realDate, fc.integer({ min: 0, max: 400 }), (from, n) => {
        const to = addDays(from, n);
        const dates = datesBetween(from, to);
        expect(dates).toHaveLength(daysBetween(from, to) + 1);
        expect(dates[0]).toBe(from);
        expect(dates.at(-1)).toBe(to);
        expect(dates.slice(1).map((d, i) => daysBetween(dates[i]!, d))).toEqual(dates.slice(1).map(() => 1));
      }),
    );
  });

  it('is empty when the last date is before the first', () => {
    expect(datesBetween('2026-03-02', '2026-03-01')).toEqual([]);
  });
});

describe('isoWeekday', () => {
  it('numbers Monday 1 to Sunday 7', () => {
    expect(isoWeekday('2026-02-16')).toBe(1);
    expect(isoWeekday('2026-02-17')).toBe(2);
    expect(isoWeekday('2026-02-22')).toBe(7);
  });

  it('moves on by one each day, Sunday to Monday', () => {
    fc.assert(
      fc.property(realDate, (d) => {
        expect(isoWeekday(addDays(d, 1))).toBe((isoWeekday(d) % 7) + 1);
      }),
    );
  });
});

describe('addMonths and monthsBetween', () => {
  it('cross a year end both ways', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
  });

  it('come back to the month they left', () => {
    fc.assert(
      fc.property(month, fc.integer({ min: -600, max: 600 }), (m, n) => {
        expect(addMonths(addMonths(m, n), -n)).toBe(m);
      }),
    );
  });

  it('list every month across a year end, both ends included', () => {
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });

  it('list n + 1 months from a month to n months later', () => {
    fc.assert(
      fc.property(month, fc.integer({ min: 0, max: 100 }), (m, n) => {
        const months = monthsBetween(m, addMonths(m, n));
        expect(months).toHaveLength(n + 1);
        expect(months.slice(1)).toEqual(months.slice(0, -1).map((m) => addMonths(m, 1)));
      }),
    );
  });

  it('stop at the given number of months', () => {
    expect(monthsBetween('2020-01', '2030-01', 3)).toEqual(['2020-01', '2020-02', '2020-03']);
  });

  it('list nothing when the last month is before the first', () => {
    expect(monthsBetween('2027-01', '2026-12')).toEqual([]);
  });
});

describe('daysOfMonth', () => {
  it('has 29 days in a leap February and 28 otherwise', () => {
    expect(daysOfMonth('2024-02')).toHaveLength(29);
    expect(daysOfMonth('2026-02')).toHaveLength(28);
    expect(daysOfMonth('2000-02')).toHaveLength(29);
    expect(daysOfMonth('2100-02')).toHaveLength(28);
  });

  it('runs from the 1st to the last real day of the month', () => {
    fc.assert(
      fc.property(month, (m) => {
        const days = daysOfMonth(m);
        expect(days[0]).toBe(`${m}-01`);
        expect(days.every(isRealDate)).toBe(true);
        expect(addDays(days.at(-1)!, 1).slice(0, 7)).toBe(addMonths(m, 1));
      }),
    );
  });
});

describe('clinic instants and times', () => {
  it('writes clinic wall-clock time with the +08:00 offset', () => {
    expect(clinicInstant('2026-11-24', '09:30')).toBe('2026-11-24T09:30:00+08:00');
    expect(new Date(clinicInstant('2026-11-24', '09:30')).toISOString()).toBe('2026-11-24T01:30:00.000Z');
  });

  it('starts a clinic instant at midnight when no time is given', () => {
    expect(clinicInstant('2026-11-24')).toBe('2026-11-24T00:00:00+08:00');
  });

  it('begins a clinic day at 16:00 UTC the day before', () => {
    expect(startOfClinicDay('2026-02-17').toISOString()).toBe('2026-02-16T16:00:00.000Z');
  });

  it('has the clinic day begin exactly at its start and the day before end a moment earlier', () => {
    fc.assert(
      fc.property(realDate, (d) => {
        const start = startOfClinicDay(d);
        expect(clinicDate(start)).toBe(d);
        expect(clinicDate(new Date(start.getTime() - 1))).toBe(addDays(d, -1));
      }),
    );
  });

  it("tells an instant's time on the clinic's clock", () => {
    expect(clinicTime(new Date('2026-02-17T00:59:00Z'))).toBe('08:59');
    expect(clinicTime('2026-02-17T08:59:00+08:00')).toBe('08:59');
    expect(clinicTime('2026-02-16T23:30:00-01:00')).toBe('08:30');
  });

  it('reads back the wall-clock time a clinic instant was written with', () => {
    fc.assert(
      fc.property(realDate, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (d, h, m) => {
        const hhmm = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
        expect(clinicTime(clinicInstant(d, hhmm))).toBe(hhmm);
        expect(clinicDate(new Date(clinicInstant(d, hhmm)))).toBe(d);
      }),
    );
  });

  it('adds minutes within the day, stopping at 23:59', () => {
    expect(addMinutes('09:30', 45)).toBe('10:15');
    expect(addMinutes('23:30', 60)).toBe('23:59');
  });
});
