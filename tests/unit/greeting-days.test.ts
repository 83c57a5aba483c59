import fc from 'fast-check';
import { LunarDay, SolarDay } from 'tyme4ts';
import { describe, expect, it } from 'vitest';
import { greetingOn, greetingsOn, newYearsEve, officialScheduleKnown } from '../../functions/messaging/greeting-days';
import { addDays, daysBetween } from '../../shared/dates';

const occasionOn = (date: string) => greetingOn(date)?.occasion;

/** The solar date (YYYY-MM-DD) of a lunar date by tyme4ts; a negative month is a leap month. */
function tymeSolar(year: number, month: number, day: number): string {
  const s = LunarDay.fromYmd(year, month, day).getSolarDay();
  return [s.getYear(), s.getMonth(), s.getDay()].map((n, i) => String(n).padStart(i ? 2 : 4, '0')).join('-');
}

describe('greetingOn: lunar festivals', () => {
  it.each([
    ['2026-02-17', 'spring_festival', '春节'],
    ['2026-03-03', 'lantern', '元宵节'],
    ['2026-06-19', 'dragon_boat', '端午节'],
    ['2026-09-25', 'mid_autumn', '中秋节'],
    ['2027-02-06', 'spring_festival', '春节'],
    ['2027-02-20', 'lantern', '元宵节'],
    ['2027-06-09', 'dragon_boat', '端午节'],
    ['2027-09-15', 'mid_autumn', '中秋节'],
  ])('finds %s as %s', (date, occasion, name) => {
    expect(greetingOn(date)).toMatchObject({ occasion, name });
  });

  it('finds the 2027 festivals although the library has no 2027 holiday schedule', () => {
    expect(officialScheduleKnown(2027)).toBe(false);
    expect(occasionOn('2027-02-06')).toBe('spring_festival');
  });

  it('wishes 端午 安康, not 快乐', () => {
    expect(greetingOn('2026-06-19')?.wish).toBe('端午安康');
  });

  it('finds 端午 in the ordinary fifth month of 2028, not on 闰五月初五', () => {
    expect(occasionOn('2028-05-28')).toBe('dragon_boat');
    expect(occasionOn(tymeSolar(2028, -5, 5))).toBeUndefined();
  });
});

describe('greetingOn: fixed dates', () => {
  it.each([
    ['2026-01-01', 'new_year', '元旦'],
    ['2026-10-01', 'national_day', '国庆节'],
    ['2026-09-20', 'love_teeth', '全国爱牙日'],
    ['2027-10-01', 'national_day', '国庆节'],
  ])('finds %s as %s', (date, occasion, name) => {
    expect(greetingOn(date)).toMatchObject({ occasion, name });
  });

  it('leaves out 爱牙日 for a clinic that is not dental', () => {
    expect(greetingOn('2026-09-20', { dental: false })).toBeUndefined();
  });

  it('has no greeting on an ordinary day', () => {
    expect(greetingOn('2026-04-15')).toBeUndefined();
  });

  it('has no greeting on 除夕 itself (it is not one of the occasions)', () => {
    expect(greetingOn('2026-02-16')).toBeUndefined();
  });
});

describe('greetingOn: two occasions on one day', () => {
  it('prefers 中秋 when it falls on 国庆 (2031-10-01) and lists both', () => {
    expect(occasionOn('2031-10-01')).toBe('mid_autumn');
    expect(greetingsOn('2031-10-01').map((g) => g.occasion)).toEqual(['mid_autumn', 'national_day']);
  });

  it('prefers 中秋 when it falls on 爱牙日 (2040-09-20)', () => {
    expect(greetingsOn('2040-09-20').map((g) => g.occasion)).toEqual(['mid_autumn', 'love_teeth']);
  });
});

describe('greetingOn: input', () => {
  it('refuses what is not a real date', () => {
    for (const d of ['2026-02-30', '2026-2-3', '', '2026-02-17T00:00:00Z']) {
      expect(() => greetingOn(d), d).toThrow(RangeError);
    }
  });

  it('refuses years the lunar tables do not cover', () => {
    expect(() => greetingOn('2100-10-01')).toThrow(RangeError);
    expect(() => greetingOn('1900-10-01')).toThrow(RangeError);
  });
});

describe('newYearsEve', () => {
  it.each([
    [2026, '2026-02-16'],
    [2027, '2027-02-05'],
    [2028, '2028-01-25'],
  ])('is the day before 正月初一 in %i: %s', (year, eve) => {
    expect(newYearsEve(year)).toBe(eve);
  });

  it('is 腊月廿九 in 2026, when 腊月 has no 30th', () => {
    const lunar = SolarDay.fromYmd(2026, 2, 16).getLunarDay();
    expect([lunar.getMonth(), lunar.getDay()]).toEqual([12, 29]);
  });

  it('refuses a year the lunar tables do not cover', () => {
    expect(() => newYearsEve(2100)).toThrow(RangeError);
  });
});

describe('officialScheduleKnown', () => {
  it('knows 2026 (published 2025-11-04)', () => {
    expect(officialScheduleKnown(2026)).toBe(true);
  });

  it('does not know 2027 yet', () => {
    expect(officialScheduleKnown(2027)).toBe(false);
  });

  it('knows 2004, the first year of the data, and not 2003', () => {
    expect([officialScheduleKnown(2004), officialScheduleKnown(2003)]).toEqual([true, false]);
  });
});

/** The occasion tyme4ts (an independent lunar calendar) gives a date, by the same rules. */
function tymeOccasion(date: string): string | undefined {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const lunar = SolarDay.fromYmd(y, m, d).getLunarDay();
  const lunarMonth = lunar.getMonth(); // negative for a leap month
  const lunarKey = `${lunarMonth}-${lunar.getDay()}`;
  const fromLunar = { '1-1': 'spring_festival', '1-15': 'lantern', '5-5': 'dragon_boat', '8-15': 'mid_autumn' }[
    lunarKey
  ];
  const fixed = { '01-01': 'new_year', '09-20': 'love_teeth', '10-01': 'national_day' }[date.slice(5)];
  return fromLunar ?? fixed;
}

describe('agreement with tyme4ts, 2026–2035', () => {
  const FIRST = '2026-01-01';
  const days = daysBetween(FIRST, '2035-12-31');

  it('gives every day of 2026–2035 the same greeting', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: days }), (n) => {
        const date = addDays(FIRST, n);
        expect(occasionOn(date), date).toBe(tymeOccasion(date));
      }),
      { numRuns: 1000 },
    );
  });

  it('finds each lunar festival and 除夕 on the same day, every year', () => {
    const festivals = [
      [1, 1, 'spring_festival'],
      [1, 15, 'lantern'],
      [5, 5, 'dragon_boat'],
      [8, 15, 'mid_autumn'],
    ] as const;
    for (let year = 2026; year <= 2035; year++) {
      for (const [month, day, occasion] of festivals) {
        expect(occasionOn(tymeSolar(year, month, day)), `${year} ${occasion}`).toBe(occasion);
      }
      expect(newYearsEve(year), `${year}`).toBe(addDays(tymeSolar(year, 1, 1), -1));
    }
  });
});
