import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerDelta, countedTogether, invitationCounted } from '../../functions/reports/satisfaction-counters';
import { figuresOf, satisfactionReport } from '../../functions/reports/satisfaction-figures';
import { type SatCounts, type SatRow, zeroCounts } from '../../functions/reports/satisfaction-repository';
import { isLowAnswer, npsBand, type SurveyScores, surveyDimensions } from '../../shared/schemas/surveys';

/** `shown` is `exact` rounded to `digits` decimals (a tie may round either way: at most half a unit off). */
const roundedFrom = (shown: number | null, exact: number, digits: number) =>
  shown !== null && Math.abs(shown - exact) <= 0.5 * 10 ** -digits + 1e-9;

const scope = { clinicId: 'c1', departmentId: 'd1', doctorId: 's1', doctorName: '王医生', month: '2031-05' };

const sum = (deltas: Partial<SatCounts>[]): SatCounts => {
  const c = zeroCounts();
  for (const d of deltas) for (const [k, v] of Object.entries(d)) c[k as keyof SatCounts] += v ?? 0;
  return c;
};

const answer = fc.record({
  scores: fc.record(
    Object.fromEntries(surveyDimensions.map((d) => [d, fc.integer({ min: 1, max: 5 })])) as Record<
      keyof SurveyScores,
      fc.Arbitrary<number>
    >,
  ),
  nps: fc.integer({ min: 0, max: 10 }),
});

describe('satisfaction figures', () => {
  it('are null, never NaN, where nothing was counted', () => {
    const f = figuresOf(zeroCounts());
    expect(f).toMatchObject({ answers: 0, responseRate: null, nps: null, resolvedInTimeRate: null });
    expect(Object.values(f.averages)).toEqual(surveyDimensions.map(() => null));
  });

  it('equal a direct count of any set of answers (averages, NPS, bands, low answers)', () => {
    fc.assert(
      fc.property(fc.array(answer, { minLength: 1, maxLength: 60 }), fc.nat({ max: 40 }), (answers, extra) => {
        const low = answers.map((a) => isLowAnswer(a.scores, a.nps));
        const counts = sum([
          ...answers.map((a, i) => answerDelta({ ...a, low: low[i]! })),
          { invitations: answers.length + extra },
        ]);
        const f = figuresOf(counts);
        const band = (b: string) => answers.filter((a) => npsBand(a.nps) === b).length;
        expect(f.answers).toBe(answers.length);
        expect(roundedFrom(f.responseRate, answers.length / (answers.length + extra), 4)).toBe(true);
        expect(f.promoters + f.passives + f.detractors).toBe(answers.length);
        expect(roundedFrom(f.nps, ((band('promoter') - band('detractor')) / answers.length) * 100, 1)).toBe(true);
        for (const d of surveyDimensions) {
          expect(roundedFrom(f.averages[d], answers.reduce((s, a) => s + a.scores[d], 0) / answers.length, 2)).toBe(
            true,
          );
        }
        expect(f.low).toBe(low.filter(Boolean).length);
      }),
    );
  });

  it('leave an unrated dimension (0) out of its average', () => {
    const scores = { overall: 4, doctor: 5, nurse: 0, environment: 3, waiting: 2, fees: 4 };
    const f = figuresOf(
      sum([
        answerDelta({ scores, nps: 9, low: false }),
        answerDelta({ scores: { ...scores, nurse: 2 }, nps: 9, low: true }),
      ]),
    );
    expect(f.averages.nurse).toBe(2);
    expect(f.averages.overall).toBe(4);
  });
});

describe('satisfaction counter writes', () => {
  it('move the clinic, the department and the doctor, each item once (ADD, no condition)', () => {
    const writes = invitationCounted(scope);
    const keys = writes.map((w) => w.item.Update?.Key);
    expect(keys).toEqual([
      { pk: 'SATSTAT#c1', sk: '2031-05#clinic#-' },
      { pk: 'SATSTAT#c1', sk: '2031-05#dept#d1' },
      { pk: 'SATSTAT#c1', sk: '2031-05#doctor#s1' },
    ]);
    for (const w of writes) {
      expect(w.item.Update?.UpdateExpression).toMatch(/ ADD #c\d+ :c\d+$/);
      expect(w.item.Update?.ConditionExpression).toBeUndefined();
    }
  });

  it('add many facts up to one write per item (what the bench seeds with)', () => {
    const other = { ...scope, doctorId: 's2', doctorName: '李医生' };
    const writes = countedTogether([
      { scope, delta: { answers: 1, promoters: 1 } },
      { scope: other, delta: { answers: 1, detractors: 1 } },
      { scope, delta: { answers: 1, promoters: 1 } },
    ]);
    expect(writes).toHaveLength(4);
    const clinic = writes[0]!.item.Update!;
    const names = clinic.ExpressionAttributeNames!;
    const values = clinic.ExpressionAttributeValues!;
    const added = Object.fromEntries(
      [...clinic.UpdateExpression!.matchAll(/(#c\d+) (:c\d+)/g)].map(([, n, v]) => [names[n!], values[v!]]),
    );
    expect(added).toEqual({ answers: 3, promoters: 2, detractors: 1 });
  });
});

describe('satisfaction report', () => {
  const row = (month: string, scopeName: SatRow['scope'], id: string, c: Partial<SatCounts>, extra = {}): SatRow => ({
    ...zeroCounts(),
    ...c,
    month,
    scope: scopeName,
    id,
    ...extra,
  });

  it("takes the asked month's rows, names them, ranks by answers and fills the trend's empty months", () => {
    const rows = [
      row('2031-03', 'clinic', '-', { invitations: 4, answers: 2 }),
      row('2031-05', 'clinic', '-', { invitations: 10, answers: 5 }),
      row('2031-05', 'dept', 'd1', { invitations: 4, answers: 1 }),
      row('2031-05', 'dept', 'd2', { invitations: 6, answers: 4 }),
      row('2031-05', 'doctor', 's1', { answers: 4 }, { name: '王医生', departmentId: 'd2' }),
    ];
    const r = satisfactionReport('c1', '2031-05', rows, { departments: new Map([['d2', '种植科']]) });
    expect(r.departments.map((d) => [d.id, d.name, d.responseRate])).toEqual([
      ['d2', '种植科', 0.6667],
      ['d1', 'd1', 0.25],
    ]);
    expect(r.doctors[0]).toMatchObject({ name: '王医生', departmentName: '种植科', responseRate: null });
    expect(r.trend.map((t) => [t.month, t.answers])).toEqual([
      ['2030-12', 0],
      ['2031-01', 0],
      ['2031-02', 0],
      ['2031-03', 2],
      ['2031-04', 0],
      ['2031-05', 5],
    ]);
    expect(r.totals.responseRate).toBe(0.5);
  });
});
