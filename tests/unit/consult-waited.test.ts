import { describe, expect, it } from 'vitest';
import { waitedLong, waitedText } from '../../miniprogram/src/staff/consult-waited';

const now = Date.parse('2026-12-06T10:00:00+08:00');
const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();

describe('how long a consultation has waited (staff list)', () => {
  it('reads in the units staff take in at a glance', () => {
    expect(waitedText(ago(0.5), now)).toBe('刚刚');
    expect(waitedText(ago(25), now)).toBe('25 分钟');
    expect(waitedText(ago(60), now)).toBe('1 小时');
    expect(waitedText(ago(125), now)).toBe('2 小时 5 分');
    expect(waitedText(ago(3 * 24 * 60 + 30), now)).toBe('3 天');
  });

  it('turns long (orange) at two hours, not before', () => {
    expect(waitedLong(ago(119), now)).toBe(false);
    expect(waitedLong(ago(120), now)).toBe(true);
  });

  it('never reads a negative wait when the phone clock is behind the server', () => {
    expect(waitedText(new Date(now + 5 * 60_000).toISOString(), now)).toBe('刚刚');
  });
});
