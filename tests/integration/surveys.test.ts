import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { getTask } from '../../functions/followup/task-repository';
import { fixedClock, systemClock, useClock } from '../../functions/lib/clock';
import { getMessage, messageId } from '../../functions/messaging/outbox-repository';
import { getAnswer, getInvitation } from '../../functions/surveys/invitation-repository';
import { setServiceLead } from '../../functions/surveys/service-lead-repository';
import { profile, startApi, uniqueOpenid } from '../support/api';
import { ownClinic } from '../support/own-clinic';

// A clinic of this file's own (with a service lead) and one without a lead.
const { clinicId, deptId } = await ownClinic('sv', '评价测试口腔');
const noLead = await ownClinic('svn', '无主管口腔');
const api = await startApi();
afterAll(() => api.close());
afterEach(() => useClock(systemClock));

async function login(role: string, clinic = clinicId) {
  const res = await api.call('POST', '/v1/auth/dev', {
    body: { openid: uniqueOpenid(`sv-${role}`), role, clinicId: clinic },
  });
  expect(res.status).toBe(200);
  const me = await api.call('GET', '/v1/me', { token: res.body.token });
  return { token: res.body.token as string, staffId: me.body.staffId as string };
}
const [desk, doctor, lead, service, deskN, doctorN, serviceN] = await Promise.all([
  login('frontdesk'),
  login('doctor'),
  login('service'),
  login('service'),
  login('frontdesk', noLead.clinicId),
  login('doctor', noLead.clinicId),
  login('service', noLead.clinicId),
]);
await setServiceLead({ clinicId, staffId: lead.staffId, staffName: '客服主管' });

let dayNo = 0;
/** Each test works on days of its own, far from the real today. */
function nextDay(): string {
  dayNo += 3;
  return new Date(Date.UTC(2042, 4, 1) + dayNo * 86_400_000).toISOString().slice(0, 10);
}
const at = (instant: string) => useClock(fixedClock(instant));
const plus = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A patient with a WeChat account of their own is seen on `date`; answers the visit and the invitation id. */
async function visit(date: string, category = 'cleaning', o = { desk, doctor, clinicId, deptId }) {
  at(`${date}T09:00:00+08:00`);
  const token = await api.login(uniqueOpenid('sv-p'));
  const p = await api.call('POST', '/v1/me/patients', {
    token,
    body: profile({ name: '李小满', clinicId: o.clinicId }),
  });
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  const ticket = await api.call('POST', `/v1/queues/${o.deptId}/tickets`, {
    token: o.desk.token,
    body: { patientId: p.body.id },
  });
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
  const v = await api.call('POST', '/v1/visits', {
    token: o.doctor.token,
    body: { ticketId: ticket.body.id, category, chargeFen: 20_000, doctorId: o.doctor.staffId },
  });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  const visitId = v.body.id as string;
  return { token, patientId: p.body.id as string, visitId, invitationId: `sv_${visitId}_1` };
}

const good = { overall: 5, doctor: 5, nurse: 4, environment: 5, waiting: 4, fees: 5 };
const bad = { overall: 2, doctor: 3, nurse: 3, environment: 4, waiting: 1, fees: 3 };
const answer = (token: string, id: string, body: unknown, key = uniqueOpenid('idem')) =>
  api.call('POST', `/v1/me/surveys/${id}/answer`, { token, body, headers: { 'idempotency-key': key } });
const list = async (view: string, token = lead.token) => {
  const res = await api.call('GET', `/v1/follow-ups?view=${view}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as any[];
};

describe('a visit makes its survey invitation', () => {
  it("creates exactly the plan's invitation and its message, due the next day at 10:00 with the form's link", async () => {
    const d = nextDay();
    const v = await visit(d);
    const inv = await getInvitation(v.invitationId);
    expect(inv).toMatchObject({
      patientId: v.patientId,
      clinicId,
      departmentId: deptId,
      doctorId: doctor.staffId,
      visitId: v.visitId,
      visitDate: d,
      scope: { clinicId, departmentId: deptId, doctorId: doctor.staffId, month: d.slice(0, 7) },
      sendAt: new Date(`${plus(d, 1)}T10:00:00+08:00`).toISOString(),
      expiresAt: new Date(`${plus(d, 31)}T10:00:00+08:00`).toISOString(),
      status: 'open',
    });
    expect(inv?.accountId).toBeTruthy();
    expect(await getInvitation(`sv_${v.visitId}_0`)).toBeUndefined();
    const m = await getMessage(messageId('survey', v.patientId, v.invitationId));
    expect(m).toMatchObject({ kind: 'survey', marketing: false, status: 'queued', dueAt: inv!.sendAt });
    expect(m?.validUntil).toBe(inv!.expiresAt);
    expect(m?.text).toContain(`/#/survey/index?id=${v.invitationId}`);
    expect(m?.text).toContain('李小满您好');
    expect(m?.vars).toMatchObject({ invitationId: v.invitationId, day: d });
  });

  it('an implant visit makes its call task and its one invitation', async () => {
    const d = nextDay();
    const v = await visit(d, 'implant');
    expect(await getTask(`fu_${v.visitId}_1`)).toMatchObject({ kind: 'call' });
    expect(await getInvitation(v.invitationId)).toMatchObject({ status: 'open', category: 'implant' });
  });
});

describe('the patient answers', () => {
  it('finds the open invitation, answers once; a second submit is refused kindly', async () => {
    const d = nextDay();
    const v = await visit(d);
    at(`${plus(d, 1)}T09:00:00+08:00`);
    expect((await api.call('GET', '/v1/me/surveys', { token: v.token })).body.items).toEqual([]);
    at(`${plus(d, 1)}T10:30:00+08:00`);
    const mine = await api.call('GET', '/v1/me/surveys', { token: v.token });
    expect(mine.body.items.map((i: any) => i.id)).toEqual([v.invitationId]);
    const form = await api.call('GET', `/v1/me/surveys/${v.invitationId}`, { token: v.token });
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({
      status: 'open',
      patientName: '李小满',
      clinicName: '评价测试口腔',
      departmentName: '综合科',
      visitDate: d,
    });
    const key = uniqueOpenid('k');
    const first = await answer(v.token, v.invitationId, { scores: good, nps: 9, comment: '很好' }, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ invitationId: v.invitationId, low: false });
    // The same request retried (same Idempotency-Key) gets the first answer.
    const retried = await answer(v.token, v.invitationId, { scores: good, nps: 9, comment: '很好' }, key);
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual(first.body);
    const again = await answer(v.token, v.invitationId, { scores: good, nps: 10 });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'SURVEY_ANSWERED', message: '您已提交过本次评价，感谢您的反馈' });
    expect((await api.call('GET', `/v1/me/surveys/${v.invitationId}`, { token: v.token })).body.status).toBe(
      'answered',
    );
    expect((await api.call('GET', '/v1/me/surveys', { token: v.token })).body.items).toEqual([]);
    expect(await getAnswer(v.invitationId)).toMatchObject({ nps: 9, comment: '很好', low: false, scores: good });
    expect(await getTask(`cp_${v.visitId}_1`)).toBeUndefined();
  });

  it('refuses bad input in Chinese, naming the field', async () => {
    const v = await visit(nextDay());
    const cases: [unknown, string][] = [
      [{ scores: good, nps: 11 }, '请选择 0 到 10 分的推荐意愿'],
      [{ scores: { ...good, fees: 0 }, nps: 5 }, '请为「收费清楚」打 1 到 5 星'],
      [{ scores: { ...good, doctor: 4.5 }, nps: 5 }, '请为「医生」打 1 到 5 星'],
      [{ scores: { ...good, nurse: undefined }, nps: 5 }, '请为「护士」打 1 到 5 星'],
      [{ scores: good, nps: 8, comment: '好'.repeat(501) }, '意见最多 500 字'],
      [{ scores: good, nps: 8, extra: 1 }, ''],
    ];
    for (const [body, msg] of cases) {
      const res = await answer(v.token, v.invitationId, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/u);
      if (msg) expect(JSON.stringify(res.body.error.details)).toContain(msg);
    }
    expect((await getInvitation(v.invitationId))?.status).toBe('open');
  });

  it('after 30 days the invitation is expired: shown as such, an answer refused kindly', async () => {
    const d = nextDay();
    const v = await visit(d);
    at(`${plus(d, 31)}T09:59:00+08:00`);
    expect((await api.call('GET', `/v1/me/surveys/${v.invitationId}`, { token: v.token })).body.status).toBe('open');
    at(`${plus(d, 31)}T10:00:00+08:00`);
    const form = await api.call('GET', `/v1/me/surveys/${v.invitationId}`, { token: v.token });
    expect(form.body.status).toBe('expired');
    const late = await answer(v.token, v.invitationId, { scores: good, nps: 9 });
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('SURVEY_EXPIRED');
    expect(late.body.error.message).toContain('本次评价已超过 30 天');
    expect(await getAnswer(v.invitationId)).toBeUndefined();
  });

  it("another account's invitation answers exactly like a missing one (404)", async () => {
    const v = await visit(nextDay());
    const stranger = await api.login(uniqueOpenid('sv-x'));
    const theirs = await api.call('GET', `/v1/me/surveys/${v.invitationId}`, { token: stranger });
    const missing = await api.call('GET', `/v1/me/surveys/sv_nothing_1`, { token: stranger });
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(theirs.body.error.message).toBe('没有找到该评价邀请');
    expect({ ...theirs.body.error, details: undefined }).toEqual({ ...missing.body.error, details: undefined });
    const post = await answer(stranger, v.invitationId, { scores: bad, nps: 0 });
    expect(post.status).toBe(404);
    expect(post.body.error.message).toBe('没有找到该评价邀请');
    expect((await getInvitation(v.invitationId))?.status).toBe('open');
    expect((await api.call('GET', `/v1/me/surveys/${v.invitationId}`)).status).toBe(401);
  });
});

describe('a low answer opens one complaint', () => {
  it('two submits at once: one answer, one complaint for the service lead with the answer attached', async () => {
    const d = nextDay();
    const v = await visit(d);
    at(`${plus(d, 1)}T15:00:00+08:00`);
    const body = { scores: bad, nps: 3, comment: '等了一个小时' };
    const answers = await Promise.all([
      answer(v.token, v.invitationId, body),
      answer(v.token, v.invitationId, body),
      answer(v.token, v.invitationId, { ...body, nps: 2 }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    const won = answers.find((a) => a.status === 201)!;
    expect(won.body.low).toBe(true);
    for (const lost of answers.filter((a) => a.status === 409)) {
      expect(lost.body.error.message).toBe('您已提交过本次评价，感谢您的反馈');
    }
    const today = (await list('today')).filter((t) => t.visitId === v.visitId);
    expect(today).toHaveLength(1);
    expect(today[0]).toMatchObject({
      id: `cp_${v.visitId}_1`,
      kind: 'complaint',
      status: 'open',
      dueDate: plus(d, 1),
      dueAt: new Date(`${plus(d, 2)}T15:00:00+08:00`).toISOString(),
      claimedBy: lead.staffId,
      claimedByName: '客服主管',
      patientName: '李*满',
      answer: { invitationId: v.invitationId, scores: bad, comment: '等了一个小时' },
    });
    expect(today[0].answer.nps).toBe((await getAnswer(v.invitationId))!.nps);
    expect((await list('mine')).map((t) => t.id)).toContain(`cp_${v.visitId}_1`);
  });

  it('closing a complaint needs a resolution note; with one it is done and leaves the lists', async () => {
    const d = nextDay();
    const v = await visit(d);
    at(`${plus(d, 1)}T11:00:00+08:00`);
    expect((await answer(v.token, v.invitationId, { scores: good, nps: 5 })).status).toBe(201);
    const taskId = `cp_${v.visitId}_1`;
    at(`${plus(d, 1)}T16:00:00+08:00`);
    const bare = await api.call('POST', `/v1/follow-ups/${taskId}/outcome`, {
      token: lead.token,
      body: { outcome: 'answered' },
    });
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toBe('请填写处理结果：投诉是如何解决的');
    expect(bare.body.error.details.fields[0].path).toBe('note');
    // A missed call keeps it open (a complaint is never given up as unreachable).
    for (let i = 0; i < 3; i++) {
      const miss = await api.call('POST', `/v1/follow-ups/${taskId}/outcome`, {
        token: lead.token,
        body: { outcome: 'no_answer' },
      });
      expect(miss.body.status).toBe('open');
    }
    const other = await api.call('POST', `/v1/follow-ups/${taskId}/outcome`, {
      token: service.token,
      body: { outcome: 'answered', note: '我来处理' },
    });
    expect(other.status).toBe(409);
    const done = await api.call('POST', `/v1/follow-ups/${taskId}/outcome`, {
      token: lead.token,
      body: { outcome: 'answered', note: '已致电道歉，约了复查' },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({
      status: 'done',
      resolution: { note: '已致电道歉，约了复查', by: lead.staffId, inTime: true },
    });
    expect((await list('today')).map((t) => t.id)).not.toContain(taskId);
    expect((await getTask(taskId))?.resolution?.inTime).toBe(true);
  });

  it('a complaint closed after 24 hours is late; a clinic without a service lead leaves it for any service staff', async () => {
    const d = nextDay();
    const v = await visit(d, 'cleaning', { desk: deskN, doctor: doctorN, ...noLead });
    at(`${plus(d, 1)}T10:00:00+08:00`);
    expect((await answer(v.token, v.invitationId, { scores: { ...good, overall: 1 }, nps: 9 })).status).toBe(201);
    const taskId = `cp_${v.visitId}_1`;
    const [task] = (await list('today', serviceN.token)).filter((t) => t.id === taskId);
    expect(task).toMatchObject({ kind: 'complaint' });
    expect(task.claimedBy).toBeUndefined();
    at(`${plus(d, 2)}T10:00:01+08:00`);
    expect((await list('overdue', serviceN.token)).map((t) => t.id)).toContain(taskId);
    const done = await api.call('POST', `/v1/follow-ups/${taskId}/outcome`, {
      token: serviceN.token,
      body: { outcome: 'complaint', note: '院长回电处理' },
    });
    expect(done.status).toBe(200);
    expect(done.body.resolution).toMatchObject({ inTime: false });
  });
});

describe("a clinic's service lead", () => {
  it('a manager names one of their service staff; others are refused in Chinese; complaints then go to them', async () => {
    const third = await ownClinic('svl', '主管测试口腔');
    const [manager, svc, nurse, deskL, doctorL, elsewhere] = await Promise.all([
      login('manager', third.clinicId),
      login('service', third.clinicId),
      login('nurse', third.clinicId),
      login('frontdesk', third.clinicId),
      login('doctor', third.clinicId),
      login('manager'),
    ]);
    const put = (token: string, staffId: string, clinic = third.clinicId) =>
      api.call('PUT', `/v1/clinics/${clinic}/service-lead`, { token, body: { staffId } });
    const notService = await put(manager.token, nurse.staffId);
    expect(notService.status).toBe(400);
    expect(notService.body.error.message).toBe('请选择本院的客服人员');
    expect((await put(manager.token, service.staffId)).status).toBe(400);
    const other = await put(elsewhere.token, svc.staffId);
    // Another clinic in the path answers like a missing one (clinic isolation).
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    expect((await put(svc.token, svc.staffId)).status).toBe(403);
    const ok = await put(manager.token, svc.staffId);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ clinicId: third.clinicId, staffId: svc.staffId, staffName: '演示客服' });

    const d = nextDay();
    const v = await visit(d, 'cleaning', { desk: deskL, doctor: doctorL, ...third });
    at(`${plus(d, 1)}T12:00:00+08:00`);
    expect((await answer(v.token, v.invitationId, { scores: good, nps: 6 })).status).toBe(201);
    expect(await getTask(`cp_${v.visitId}_1`)).toMatchObject({ claimedBy: svc.staffId, kind: 'complaint' });
  });
});
