import { beforeAll, describe, expect, it } from 'vitest';
import { putDepartment } from '../../functions/clinics/clinic-repository';
import { commit } from '../../functions/lib/transact';
import {
  answerCounted,
  complaintResolvedCounted,
  invitationCounted,
  type SurveyScope,
} from '../../functions/reports/satisfaction-counters';
import { addMonths } from '../../shared/dates';
import { isLowAnswer, npsBand, type SurveyScores, surveyDimensions } from '../../shared/schemas/surveys';
import { uniqueOpenid } from '../support/api';
import { ownClinic } from '../support/own-clinic';
import { teamForFile } from '../support/people';

// The satisfaction report (GET /v1/reports/satisfaction) against a direct count of the answers
// stored through the counter writes the survey flow joins to its transactions.

const {
  api,
  tokens: [nurse, patient],
} = await teamForFile('satreport', ['nurse', 'patient']);

const MONTH = '2031-05';

async function staffOf(clinicId: string, role: string) {
  const res = await api.call('POST', '/v1/auth/dev', {
    body: { openid: uniqueOpenid(`sat-${role}`), role, clinicId },
  });
  expect(res.status).toBe(200);
  return res.body.token as string;
}

interface Answer {
  scope: SurveyScope;
  scores: SurveyScores;
  nps: number;
  resolved?: 'inTime' | 'late' | 'open';
}

/** A fixed, varied set: scores cycle through 1–5 and NPS through 0–10 with different steps. */
function answersOf(scopes: SurveyScope[], n: number): Answer[] {
  return Array.from({ length: n }, (_, k) => {
    const scores = Object.fromEntries(surveyDimensions.map((d, j) => [d, 1 + ((k * (j + 2) + j) % 5)])) as SurveyScores;
    const nps = (k * 7 + 3) % 11;
    const low = isLowAnswer(scores, nps);
    return {
      scope: scopes[k % scopes.length] as SurveyScope,
      scores,
      nps,
      resolved: low ? (['inTime', 'late', 'open'] as const)[k % 3] : undefined,
    };
  });
}

/** What the report should say of some answers and invitations, counted straight from them. */
function directCount(answers: Answer[], invitations: number) {
  const avg = (d: (typeof surveyDimensions)[number]) =>
    answers.length ? Number((answers.reduce((s, a) => s + a.scores[d], 0) / answers.length).toFixed(2)) : null;
  const band = (b: string) => answers.filter((a) => npsBand(a.nps) === b).length;
  const low = answers.filter((a) => isLowAnswer(a.scores, a.nps));
  return {
    invitations,
    answers: answers.length,
    responseRate: invitations ? Number((answers.length / invitations).toFixed(4)) : null,
    averages: Object.fromEntries(surveyDimensions.map((d) => [d, avg(d)])),
    nps: answers.length ? Number((((band('promoter') - band('detractor')) / answers.length) * 100).toFixed(1)) : null,
    promoters: band('promoter'),
    passives: band('passive'),
    detractors: band('detractor'),
    low: low.length,
    lowResolved: low.filter((a) => a.resolved !== 'open').length,
    lowResolvedInTime: low.filter((a) => a.resolved === 'inTime').length,
    resolvedInTimeRate: low.length
      ? Number((low.filter((a) => a.resolved === 'inTime').length / low.length).toFixed(4))
      : null,
  };
}

/** Stores invitations, answers and complaint closings as the survey flow will: one transaction each, several at once. */
async function store(invitations: SurveyScope[], answers: Answer[]) {
  const txs = [
    ...invitations.map((s) => invitationCounted(s)),
    ...answers.map((a) =>
      answerCounted({ ...a.scope, scores: a.scores, nps: a.nps, low: isLowAnswer(a.scores, a.nps) }),
    ),
    ...answers
      .filter((a) => a.resolved && a.resolved !== 'open')
      .map((a) => complaintResolvedCounted(a.scope, a.resolved === 'inTime')),
  ];
  for (let i = 0; i < txs.length; i += 8) await Promise.all(txs.slice(i, i + 8).map((w) => commit(w)));
}

let clinicId: string;
let deptA: string;
let deptB: string;
let manager: string;
const scopeOf = (month: string) => {
  const a1 = { clinicId, departmentId: deptA, doctorId: 's_doc_wang', doctorName: '王医生', month };
  const a2 = { clinicId, departmentId: deptA, doctorId: 's_doc_li', doctorName: '=HYPERLINK("x")', month };
  const b1 = { clinicId, departmentId: deptB, doctorId: 's_doc_zhao', doctorName: '赵医生', month };
  return { a1, a2, b1 };
};
const byScope: Record<string, { invitations: SurveyScope[]; answers: Answer[] }> = {};

beforeAll(async () => {
  ({ clinicId, deptId: deptA } = await ownClinic('satrep', '满意度口腔'));
  deptB = `${deptA}_b`;
  await putDepartment({ id: deptB, clinicId, name: '种植科', prefix: 'B', room: '2', defaultServiceMinutes: 20 });
  manager = await staffOf(clinicId, 'manager');
  // The asked month and two before it (the trend), with different sizes; one month in the trend left empty.
  for (const [month, n] of [
    [MONTH, 41],
    [addMonths(MONTH, -1), 17],
    [addMonths(MONTH, -3), 9],
  ] as const) {
    const { a1, a2, b1 } = scopeOf(month);
    const answers = answersOf([a1, a2, b1], n);
    // Invitations: every answered one, and some never answered (more in department B).
    const invitations = [...answers.map((a) => a.scope), a1, b1, b1, b1];
    byScope[month] = { invitations, answers };
    await store(invitations, answers);
  }
  // A month after the asked one is not part of its report or trend.
  await store([scopeOf(addMonths(MONTH, 1)).a1], answersOf([scopeOf(addMonths(MONTH, 1)).a1], 3));
}, 60_000);

const report = (token: string, query = `month=${MONTH}&clinicId=${clinicId}`, headers?: Record<string, string>) =>
  api.call('GET', `/v1/reports/satisfaction?${query}`, { token, headers });

describe('satisfaction report', () => {
  it('equals a direct count of the stored answers: totals, per department, per doctor', async () => {
    const res = await report(manager);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { invitations, answers } = byScope[MONTH]!;
    expect(res.body.totals).toEqual(directCount(answers, invitations.length));
    // The fixed set has every band, low answers closed in time, late and not at all.
    const t = res.body.totals;
    for (const n of [
      t.promoters,
      t.passives,
      t.detractors,
      t.lowResolvedInTime,
      t.lowResolved - t.lowResolvedInTime,
      t.low - t.lowResolved,
    ]) {
      expect(n).toBeGreaterThan(0);
    }
    const inDept = (d: string) => ({
      answers: answers.filter((a) => a.scope.departmentId === d),
      invitations: invitations.filter((s) => s.departmentId === d).length,
    });
    for (const [id, name] of [
      [deptA, '综合科'],
      [deptB, '种植科'],
    ]) {
      const row = res.body.departments.find((r: { id: string }) => r.id === id);
      const d = inDept(id as string);
      expect(row).toEqual({ id, name, ...directCount(d.answers, d.invitations) });
    }
    for (const doctorId of ['s_doc_wang', 's_doc_li', 's_doc_zhao']) {
      const row = res.body.doctors.find((r: { id: string }) => r.id === doctorId);
      const mine = answers.filter((a) => a.scope.doctorId === doctorId);
      const invited = invitations.filter((s) => s.doctorId === doctorId).length;
      expect(row).toMatchObject({ id: doctorId, name: mine[0]!.scope.doctorName, ...directCount(mine, invited) });
    }
    expect(res.body.doctors.find((r: { id: string }) => r.id === 's_doc_zhao').departmentName).toBe('种植科');
  });

  it('shows the six months up to the asked one, oldest first, empty months as zeros with null rates', async () => {
    const res = await report(manager);
    const trend = res.body.trend as Array<Record<string, unknown>>;
    expect(trend.map((t) => t.month)).toEqual([-5, -4, -3, -2, -1, 0].map((n) => addMonths(MONTH, n)));
    for (const t of trend) {
      const month = t.month as string;
      const { month: _m, ...figures } = t;
      const s = byScope[month];
      expect(figures).toEqual(directCount(s?.answers ?? [], s?.invitations.length ?? 0));
    }
    expect(trend[0]).toMatchObject({ answers: 0, responseRate: null, nps: null, resolvedInTimeRate: null });
    expect(trend[0]!.averages).toEqual(Object.fromEntries(surveyDimensions.map((d) => [d, null])));
  });

  it('answers a month without any survey with zeros and nulls, never NaN', async () => {
    const res = await report(manager, `month=2020-01&clinicId=${clinicId}`);
    expect(res.status).toBe(200);
    expect(res.body.totals).toMatchObject({ invitations: 0, answers: 0, responseRate: null, nps: null });
    expect(res.body.departments).toEqual([]);
    expect(JSON.stringify(res.body)).not.toContain('NaN');
  });

  it("refuses another clinic's manager (403) like the other figures, and answers the group admin", async () => {
    const other = await ownClinic('satoth', '别家口腔');
    const otherManager = await staffOf(other.clinicId, 'manager');
    const refused = await report(otherManager);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('只能查看本院的满意度报表');
    // Their own clinic, asked without clinicId, is theirs and empty.
    const own = await report(otherManager, `month=${MONTH}`);
    expect(own.status).toBe(200);
    expect(own.body.clinicId).toBe(other.clinicId);
    expect(own.body.totals.answers).toBe(0);
    const admin = await staffOf(other.clinicId, 'admin');
    const seen = await report(admin);
    expect(seen.status).toBe(200);
    expect(seen.body.totals.answers).toBe(byScope[MONTH]!.answers.length);
  });

  it('refuses a nurse and a patient (403)', async () => {
    expect((await report(nurse)).status).toBe(403);
    expect((await report(patient)).status).toBe(403);
  });

  it('refuses a malformed month and an unknown parameter with a Chinese message naming the field', async () => {
    const bad = await report(manager, `month=2031-5&clinicId=${clinicId}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toEqual([{ path: 'month', message: '月份不正确，请按“2026-01”的样子填写' }]);
    const extra = await report(manager, `month=${MONTH}&doctor=x`);
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toBe('查询参数不正确');
  });

  it('gives the same report as a CSV for Excel: BOM, Chinese header, a row per scope, formulas neutralised', async () => {
    const res = await report(manager, undefined, { accept: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="satisfaction-${MONTH}.csv"`);
    // fetch's text() drops the byte-order mark: read the bytes for it.
    const raw = await fetch(`${api.url}/v1/reports/satisfaction?month=${MONTH}&clinicId=${clinicId}`, {
      headers: { authorization: `Bearer ${manager}`, accept: 'text/csv' },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = res.body as string;
    expect(text.startsWith('类型,名称,所属科室,邀请数,答卷数,回复率,总体满意度(均分)')).toBe(true);
    const lines = text.split('\r\n');
    const t = directCount(byScope[MONTH]!.answers, byScope[MONTH]!.invitations.length);
    const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
    expect(lines[1]).toBe(
      [
        '全院',
        MONTH,
        '',
        t.invitations,
        t.answers,
        pct(t.responseRate),
        ...surveyDimensions.map((d) => (t.averages[d] as number).toFixed(2)),
        (t.nps as number).toFixed(1),
        t.promoters,
        t.passives,
        t.detractors,
        t.low,
        t.lowResolved,
        t.lowResolvedInTime,
        pct(t.resolvedInTimeRate),
      ].join(','),
    );
    expect(lines.filter((l) => l.startsWith('科室,'))).toHaveLength(2);
    expect(lines.some((l) => l.startsWith(`医生,"'=HYPERLINK(""x"")",综合科,`))).toBe(true);
    const trend = lines.filter((l) => l.startsWith('月度趋势,'));
    expect(trend).toHaveLength(6);
    expect(trend[0]).toContain(',0,0,—,—,—');
  });
});
