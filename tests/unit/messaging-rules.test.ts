import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, clinicTime, daysBetween } from '../../shared/dates';
import {
  birthdayKeysFor,
  birthdayOn,
  deferOutOfQuietHours,
  endOfClinicDay,
  greetingStillUseful,
  inQuietHours,
  marketingAllowed,
  marketingCapAllows,
  reminderStillUseful,
  revisitDateRemindedOn,
} from '../../shared/messaging-rules';

/** Any instant from 2020 to 2040, as a UTC ISO string. */
const instant = fc
  .integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') })
  .map((t) => new Date(t).toISOString());

/** Any real date from 1950 to 2060. */
const date = fc.integer({ min: 0, max: daysBetween('1950-01-01', '2060-12-31') }).map((n) => addDays('1950-01-01', n));

describe('deferOutOfQuietHours', () => {
  it('leaves a daytime instant as it is (as UTC)', () => {
    expect(deferOutOfQuietHours('2026-03-02T14:30:00+08:00')).toBe('2026-03-02T06:30:00.000Z');
  });

  it('moves 21:00 sharp to 09:00 the next morning', () => {
    expect(deferOutOfQuietHours('2026-03-02T21:00:00+08:00')).toBe('2026-03-03T01:00:00.000Z');
  });

  it('moves 23:59 on 31 December to 09:00 on 1 January', () => {
    expect(deferOutOfQuietHours('2026-12-31T23:59:00+08:00')).toBe('2027-01-01T01:00:00.000Z');
  });

  it('moves 02:00 to 09:00 the same morning', () => {
    expect(deferOutOfQuietHours('2026-03-02T18:00:00Z')).toBe('2026-03-03T01:00:00.000Z');
  });

  it('moves 08:59:59 to 09:00, and leaves 09:00 sharp alone', () => {
    expect(deferOutOfQuietHours('2026-03-03T08:59:59.999+08:00')).toBe('2026-03-03T01:00:00.000Z');
    expect(deferOutOfQuietHours('2026-03-03T09:00:00+08:00')).toBe('2026-03-03T01:00:00.000Z');
  });

  it('never moves an instant back, never past the next 12 hours, and always out of quiet hours', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const out = deferOutOfQuietHours(at);
        const moved = Date.parse(out) - Date.parse(at);
        expect(moved).toBeGreaterThanOrEqual(0);
        expect(moved).toBeLessThanOrEqual(12 * 3600_000);
        expect(inQuietHours(out)).toBe(false);
        if (moved > 0) expect(clinicTime(out)).toBe('09:00');
      }),
    );
  });

  it('gives the same answer whatever offset the instant is written in', () => {
    expect(deferOutOfQuietHours('2026-03-02T08:00:00-05:00')).toBe(deferOutOfQuietHours('2026-03-02T13:00:00Z'));
  });

  it('refuses an instant without an offset, which would be read in the machine zone', () => {
    expect(() => deferOutOfQuietHours('2026-03-02T22:00:00')).toThrow(RangeError);
  });
});

describe('birthdayOn', () => {
  it('is the same month and day in a later year', () => {
    expect(birthdayOn('1990-06-15', '2026-06-15')).toBe(true);
  });

  it('is not the day before or after', () => {
    expect([birthdayOn('1990-06-15', '2026-06-14'), birthdayOn('1990-06-15', '2026-06-16')]).toEqual([false, false]);
  });

  it('is not the day of birth itself, nor a date before it', () => {
    expect([birthdayOn('2026-06-15', '2026-06-15'), birthdayOn('2026-06-15', '2025-06-15')]).toEqual([false, false]);
  });

  it('greets a 29 February birthday on 28 February in a common year', () => {
    expect(birthdayOn('2000-02-29', '2026-02-28')).toBe(true);
  });

  it('greets a 29 February birthday on 29 February, not 28, in a leap year', () => {
    expect([birthdayOn('2000-02-29', '2028-02-29'), birthdayOn('2000-02-29', '2028-02-28')]).toEqual([true, false]);
  });

  it('never greets on 1 March for a 29 February birthday (2100 is a common year too)', () => {
    expect([birthdayOn('2000-02-29', '2026-03-01'), birthdayOn('2000-02-29', '2100-02-28')]).toEqual([false, true]);
  });

  it('greets everyone exactly once a year', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 80 }), (birth, age) => {
        const year = Number(birth.slice(0, 4)) + age;
        const days = daysBetween(`${year}-01-01`, `${year}-12-31`) + 1;
        const greeted = Array.from({ length: days }, (_, i) => addDays(`${year}-01-01`, i)).filter((d) =>
          birthdayOn(birth, d),
        );
        expect(greeted).toHaveLength(1);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses what is not a real date', () => {
    expect(() => birthdayOn('1990-02-30', '2026-02-28')).toThrow(RangeError);
  });
});

describe('birthdayKeysFor', () => {
  it('reads 02-28 and 02-29 on 28 February of a common year', () => {
    expect(birthdayKeysFor('2026-02-28')).toEqual(['02-28', '02-29']);
  });

  it('reads only 02-28 on 28 February of a leap year, and 02-29 the next day', () => {
    expect([birthdayKeysFor('2028-02-28'), birthdayKeysFor('2028-02-29')]).toEqual([['02-28'], ['02-29']]);
  });

  it('reads the month and day on any other date', () => {
    expect(birthdayKeysFor('2026-11-03')).toEqual(['11-03']);
  });

  it('reads the key of everyone birthdayOn greets that day', () => {
    fc.assert(
      fc.property(date, date, (birth, day) => {
        if (birthdayOn(birth, day)) expect(birthdayKeysFor(day)).toContain(birth.slice(5));
      }),
    );
  });
});

describe('marketingCapAllows', () => {
  const at = '2026-03-10T10:00:00+08:00';

  it('allows the first marketing message', () => {
    expect(marketingCapAllows(undefined, at)).toBe(true);
  });

  it('refuses one 6 days 23 hours after the last', () => {
    expect(marketingCapAllows('2026-03-03T11:00:00+08:00', at)).toBe(false);
  });

  it('allows one exactly 7 days after the last', () => {
    expect(marketingCapAllows('2026-03-03T10:00:00+08:00', at)).toBe(true);
  });

  it('takes another window when asked', () => {
    expect(marketingCapAllows('2026-03-08T10:00:00+08:00', at, 2)).toBe(true);
  });

  it('refuses when the last one is dated after now', () => {
    expect(marketingCapAllows('2026-03-11T10:00:00+08:00', at)).toBe(false);
  });
});

describe('reminderStillUseful', () => {
  const startsAt = '2026-03-10T09:30:00+08:00';

  it('is useful before the appointment starts', () => {
    expect(reminderStillUseful(startsAt, '2026-03-10T01:29:59Z')).toBe(true);
  });

  it('is no use once it starts, or after', () => {
    expect([
      reminderStillUseful(startsAt, '2026-03-10T01:30:00Z'),
      reminderStillUseful(startsAt, '2026-03-11T01:00:00Z'),
    ]).toEqual([false, false]);
  });
});

describe('greetingStillUseful', () => {
  it('is useful until 23:59:59.999 of its day in Asia/Shanghai', () => {
    expect(greetingStillUseful('2026-02-17', '2026-02-17T23:59:59.999+08:00')).toBe(true);
  });

  it('is dropped at midnight in Asia/Shanghai (16:00 UTC)', () => {
    expect(greetingStillUseful('2026-02-17', '2026-02-17T16:00:00Z')).toBe(false);
  });

  it('is still useful when prepared the evening before', () => {
    expect(greetingStillUseful('2026-02-17', '2026-02-16T20:00:00+08:00')).toBe(true);
  });
});

describe('endOfClinicDay', () => {
  it('is midnight after the day in Asia/Shanghai, 16:00 UTC of the day', () => {
    expect(endOfClinicDay('2026-09-25')).toBe('2026-09-25T16:00:00.000Z');
  });

  it('agrees with greetingStillUseful: useful just before it, not at it', () => {
    fc.assert(
      fc.property(date, (d) => {
        const end = Date.parse(endOfClinicDay(d));
        return (
          greetingStillUseful(d, new Date(end - 1).toISOString()) &&
          !greetingStillUseful(d, new Date(end).toISOString())
        );
      }),
    );
  });
});

describe('revisitDateRemindedOn', () => {
  it('is 3 days ahead, across a month and a year', () => {
    expect(revisitDateRemindedOn('2034-03-07')).toBe('2034-03-10');
    expect(revisitDateRemindedOn('2034-02-27')).toBe('2034-03-02');
    expect(revisitDateRemindedOn('2034-12-30')).toBe('2035-01-02');
  });
});

describe('marketingAllowed', () => {
  it('allows only a consent given and not withdrawn', () => {
    expect(marketingAllowed({ marketing: { granted: true } })).toBe(true);
    expect(marketingAllowed({ marketing: { granted: false } })).toBe(false);
    expect(marketingAllowed({})).toBe(false);
  });
});
