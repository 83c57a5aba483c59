import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  displayNumber,
  etaMinutes,
  FALLBACK_SERVICE_MINUTES,
  firstSeq,
  REQUEUE_AFTER,
  requeueSeq,
  roomLabel,
  serviceMinutes,
} from '../../shared/queue-rules';

/** Strictly increasing call-order positions with room between neighbours (as numbers x 1000 leave). */
const waitingSeqs = (minLength: number, maxLength: number) =>
  fc
    .array(fc.integer({ min: 2, max: 5000 }), { minLength, maxLength })
    .chain((gaps) =>
      fc
        .integer({ min: 1, max: 100_000 })
        .map((start) => gaps.map((_, i) => start + gaps.slice(0, i + 1).reduce((s, g) => s + g, 0))),
    );

describe('serviceMinutes', () => {
  it('uses the fallback before the queue has a day', () => {
    expect(serviceMinutes(undefined)).toBe(FALLBACK_SERVICE_MINUTES);
  });

  it("uses the department's default before anyone is done", () => {
    expect(serviceMinutes({ doneCount: 0, serviceMsTotal: 0, defaultServiceMinutes: 25 })).toBe(25);
  });

  it("averages the day's service times once patients are done, to whole minutes", () => {
    // 3 patients in 31 minutes: 10.33 -> 10.
    expect(serviceMinutes({ doneCount: 3, serviceMsTotal: 31 * 60_000, defaultServiceMinutes: 25 })).toBe(10);
  });

  it('never estimates less than one minute per patient', () => {
    expect(serviceMinutes({ doneCount: 4, serviceMsTotal: 20_000, defaultServiceMinutes: 25 })).toBe(1);
  });
});

describe('etaMinutes', () => {
  it('is the tickets ahead times the minutes each', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 120 }), (ahead, each) => {
        expect(etaMinutes(ahead, each)).toBe(ahead * each);
      }),
    );
  });

  it('is zero for the ticket called next', () => {
    expect(etaMinutes(0, 12)).toBe(0);
  });

  it('never goes below zero', () => {
    expect(etaMinutes(-2, 12)).toBe(0);
  });
});

describe('requeueSeq', () => {
  it('puts a returning patient after the third waiting ticket and before the fourth', () => {
    fc.assert(
      fc.property(waitingSeqs(REQUEUE_AFTER + 1, 12), fc.integer({ min: 1, max: 1_000_000 }), (seqs, own) => {
        const seq = requeueSeq(seqs, own);
        expect(seq).toBeGreaterThan(seqs[REQUEUE_AFTER - 1]!);
        expect(seq).toBeLessThan(seqs[REQUEUE_AFTER]!);
      }),
    );
  });

  it('puts a returning patient after the last one waiting when fewer than three wait', () => {
    fc.assert(
      fc.property(waitingSeqs(1, REQUEUE_AFTER - 1), fc.integer({ min: 1, max: 1_000_000 }), (seqs, own) => {
        expect(requeueSeq(seqs, own)).toBeGreaterThan(seqs.at(-1)!);
      }),
    );
  });

  it('keeps the own place when nobody waits', () => {
    expect(requeueSeq([], firstSeq(7))).toBe(7000);
  });

  it('leaves room between first-time numbers for returning patients', () => {
    expect(firstSeq(2) - firstSeq(1)).toBeGreaterThan(1);
  });
});

describe('displayNumber', () => {
  it('writes the prefix and three digits', () => {
    expect(displayNumber('A', 4)).toBe('A004');
    expect(displayNumber('K', 123)).toBe('K123');
  });

  it('keeps every digit of a number past 999', () => {
    fc.assert(
      fc.property(fc.constantFrom('A', 'B', 'Q'), fc.integer({ min: 1, max: 99_999 }), (prefix, n) => {
        const shown = displayNumber(prefix, n);
        expect(shown.startsWith(prefix)).toBe(true);
        expect(Number(shown.slice(prefix.length))).toBe(n);
        expect(shown.length).toBeGreaterThanOrEqual(prefix.length + 3);
      }),
    );
  });
});

describe('roomLabel', () => {
  it.each<[string, [string | undefined, string][]]>([
    ['adds 诊室 to a bare room number', [['3', '3 诊室']]],
    [
      'keeps a room name that already says 室, 区 or 台',
      [
        ['12诊室', '12诊室'],
        ['口腔二室', '口腔二室'],
        ['洁牙区', '洁牙区'],
        ['分诊台', '分诊台'],
      ],
    ],
    ['completes a short "3诊" to 3诊室 instead of adding a second 诊室', [['3诊', '3诊室']]],
    ['trims spaces around the name', [['  5 ', '5 诊室']]],
    [
      'says just 诊室 when no room is known',
      [
        [undefined, '诊室'],
        ['  ', '诊室'],
      ],
    ],
  ])('%s', (_, cases) => {
    for (const [room, label] of cases) expect(roomLabel(room)).toBe(label);
  });
});
