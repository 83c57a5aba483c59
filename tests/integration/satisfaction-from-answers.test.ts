import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { getTask } from '../../functions/followup/task-repository';
import { fixedClock, useClock as setClock, systemClock } from '../../functions/lib/clock';
import { type AnswerRecord, getAnswer } from '../../functions/surveys/invitation-repository';
import { setServiceLead } from '../../functions/surveys/service-lead-repository';
import { npsBand, surveyDimensions } from '../../shared/schemas/surveys';
import { profile, startApi, uniqueOpenid } from '../support/api';
import { ownClinic } from '../support/own-clinic';

// The satisfaction report through the real routes: visits recorded by two doctors, answers sent by
// their patients (one refused as a second submit), complaints closed in time and late. The report
// of the visit month equals a direct count of the answers and tasks the store holds.
const { clinicId, deptId } = await ownClinic('sfa', '满意度核对口腔');
const api = await startApi();
afterAll(() => api.close());
afterEach(() => setClock(systemClock));
const at = (instant: string) => setClock(fixedClock(instant));

async function login(role: string) {
  const res = await api.call('POST', '/v1/auth/dev', { body: { openid: uniqueOpenid(`sfa-${role}`), role, clinicId } });
  const me = await api.call('GET', '/v1/me', { token: res.body.token });
  return { token: res.body.token as string, staffId: me.body.staffId as string };
}
const [desk, doctorA, doctorB, lead, manager] = await Promise.all([
  login('frontdesk'),
  login('doctor'),
  login('doctor'),
  login('service'),
  login('manager'),
]);
await setServiceLead({ clinicId, staffId: lead.staffId, staffName: '客服主管' });

const MONTH = '2041-03';
type Scores = Record<(typeof surveyDimensions)[number], number>;
const s = (overall: number, rest: number, waiting = rest): Scores => ({
  overall,
  doctor: rest,
  nurse: rest,
  environment: rest,
  waiting,
  fees: rest,
});
/** Ten visits on days of March 2041: who saw them, and what the patient answered (none: no answer). */
const plan: { doctor: typeof doctorA; answer?: { scores: Scores; nps: number } }[] = [
  { doctor: doctorA, answer: { scores: s(5, 5), nps: 10 } },
  { doctor: doctorA, answer: { scores: s(4, 5), nps: 9 } },
  { doctor: doctorA, answer: { scores: s(4, 4, 2), nps: 8 } },
  { doctor: doctorA, answer: { scores: s(5, 4), nps: 7 } },
  { doctor: doctorA },
  { doctor: doctorB, answer: { scores: s(1, 3), nps: 2 } },
  { doctor: doctorB, answer: { scores: s(3, 3), nps: 6 } },
  { doctor: doctorB, answer: { scores: s(5, 5), nps: 10 } },
  { doctor: doctorB },
  { doctor: doctorB },
];

async function visitAndAnswer(k: number) {
  const day = `${MONTH}-${String(3 + k).padStart(2, '0')}`;
  at(`${day}T09:00:00+08:00`);
  const token = await api.login(uniqueOpenid('sfa-p'));
  const p = await api.call('POST', '/v1/me/patients', { token, body: profile({ name: '赵一鸣', clinicId }) });
  const t = await api.call('POST', `/v1/queues/${deptId}/tickets`, {
    token: desk.token,
    body: { patientId: p.body.id },
  });
  const { doctor, answer } = plan[k]!;
  const v = await api.call('POST', '/v1/visits', {
    token: doctor.token,
    body: { ticketId: t.body.id, category: 'general', chargeFen: 10_000, doctorId: doctor.staffId },
  });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  const invitationId = `sv_${v.body.id}_1`;
  if (!answer) return { invitationId, visitId: v.body.id as string };
  at(`${day}T20:00:00+08:00`);
  const send = () =>
    api.call('POST', `/v1/me/surveys/${invitationId}/answer`, {
      token,
      body: answer,
      headers: { 'idempotency-key': uniqueOpenid('idem') },
    });
  // Two submits at once (two taps, two keys): one answer.
  const statuses = (await Promise.all([send(), send()])).map((r) => r.status).sort();
  expect(statuses).toEqual([201, 409]);
  return { invitationId, visitId: v.body.id as string };
}

describe('the satisfaction report from real answers', () => {
  it('equals a direct count of the stored answers and complaint tasks', async () => {
    const visits = [];
    for (let k = 0; k < plan.length; k++) visits.push(await visitAndAnswer(k));
    // Close the complaints: the first within 24 hours, the second two days later.
    const complaints = visits.map((v) => `cp_${v.visitId}_1`);
    const open = (await Promise.all(complaints.map(getTask))).filter((t) => t !== undefined);
    expect(open).toHaveLength(3);
    const [early, late] = open;
    at(`${early!.visitDate}T22:00:00+08:00`);
    const closedEarly = await api.call('POST', `/v1/follow-ups/${early!.id}/outcome`, {
      token: lead.token,
      body: { outcome: 'answered', note: '已致电说明' },
    });
    expect(closedEarly.status, JSON.stringify(closedEarly.body)).toBe(200);
    at(`${late!.visitDate.slice(0, 8)}28T10:00:00+08:00`);
    const closedLate = await api.call('POST', `/v1/follow-ups/${late!.id}/outcome`, {
      token: lead.token,
      body: { outcome: 'complaint', note: '院长回电' },
    });
    expect(closedLate.status, JSON.stringify(closedLate.body)).toBe(200);
    setClock(systemClock);

    // The direct count, from what the store holds.
    const answers = (await Promise.all(visits.map((v) => getAnswer(v.invitationId)))).filter(
      (a): a is AnswerRecord => a !== undefined,
    );
    const tasks = (await Promise.all(complaints.map(getTask))).filter((t) => t !== undefined);
    const count = (of: AnswerRecord[]) => ({
      answers: of.length,
      promoters: of.filter((a) => npsBand(a.nps) === 'promoter').length,
      passives: of.filter((a) => npsBand(a.nps) === 'passive').length,
      detractors: of.filter((a) => npsBand(a.nps) === 'detractor').length,
      low: of.filter((a) => a.low).length,
      averages: Object.fromEntries(
        surveyDimensions.map((d) => [d, Number((of.reduce((x, a) => x + a.scores[d], 0) / of.length).toFixed(2))]),
      ),
    });

    const res = await api.call('GET', `/v1/reports/satisfaction?month=${MONTH}`, { token: manager.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { totals, doctors } = res.body;
    const all = count(answers);
    expect(totals).toMatchObject({ invitations: visits.length, ...all });
    expect(totals.responseRate).toBe(Number((answers.length / visits.length).toFixed(4)));
    expect(totals.nps).toBe(Number((((all.promoters - all.detractors) / all.answers) * 100).toFixed(1)));
    expect(totals.lowResolved).toBe(tasks.filter((t) => t!.resolution).length);
    expect(totals.lowResolvedInTime).toBe(tasks.filter((t) => t!.resolution?.inTime).length);
    expect([totals.low, totals.lowResolved, totals.lowResolvedInTime]).toEqual([3, 2, 1]);
    for (const doc of [doctorA, doctorB]) {
      const row = doctors.find((r: { id: string }) => r.id === doc.staffId);
      expect(row).toMatchObject(count(answers.filter((a) => a.doctorId === doc.staffId)));
      expect(row.invitations).toBe(plan.filter((p) => p.doctor === doc).length);
    }
  });
});
