import { describe, expect, it } from 'vitest';
import { ageOn, chineseDate, clinicDate, isRealDate, parseInstant } from '../../shared/dates';

describe('clinicDate', () => {
  it('is already the next day in Asia/Shanghai at 16:30 UTC', () => {
    expect(clinicDate(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24');
  });

  it('is still the same day in Asia/Shanghai at 15:59 UTC', () => {
    expect(clinicDate(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23');
  });
});

describe('ageOn', () => {
  it('does not count the year before the birthday', () => {
    expect(ageOn('2012-06-15', '2026-06-14')).toBe(13);
  });

  it('counts the year on the birthday', () => {
    expect(ageOn('2012-06-15', '2026-06-15')).toBe(14);
  });

  it('counts the year after the birthday month', () => {
    expect(ageOn('2012-06-15', '2026-07-01')).toBe(14);
  });
});

describe('isRealDate', () => {
  it('accepts a real date', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
  });

  it('rejects 30 February', () => {
    expect(isRealDate('2026-02-30')).toBe(false);
  });

  it('rejects 29 February in a common year', () => {
    expect(isRealDate('2026-02-29')).toBe(false);
  });

  it('rejects other shapes than YYYY-MM-DD', () => {
    for (const s of ['2026-2-3', '20260203', '2026/02/03', '2026-13-01', '']) {
      expect(isRealDate(s), s).toBe(false);
    }
  });
});

describe('parseInstant', () => {
  it('reads an instant with Z or an offset', () => {
    expect(parseInstant('2026-03-02T21:00:00+08:00').toISOString()).toBe('2026-03-02T13:00:00.000Z');
    expect(parseInstant('2026-03-02T13:00Z').toISOString()).toBe('2026-03-02T13:00:00.000Z');
    expect(parseInstant('2026-03-02T13:00:00.5Z').getTime()).toBe(Date.parse('2026-03-02T13:00:00.500Z'));
  });

  it('refuses an instant without an offset, a date alone, an impossible date or hour', () => {
    for (const s of ['2026-03-02T21:00:00', '2026-03-02', '2026-02-30T10:00:00Z', '2026-03-02T24:00:00Z', 'now']) {
      expect(() => parseInstant(s), s).toThrow(RangeError);
    }
  });
});

describe('chineseDate', () => {
  it('writes a date as people do in Chinese text, without leading zeros', () => {
    expect(chineseDate('2026-12-07')).toBe('12月7日');
    expect(chineseDate('2027-02-28')).toBe('2月28日');
  });
});
