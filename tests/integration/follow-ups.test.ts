import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { getTask } from '../../functions/followup/task-repository';
import { fixedClock, systemClock, useClock } from '../../functions/lib/clock';
import { settingsAuditTrail } from '../../functions/staff/settings-audit-repository';
import { startApi, uniqueOpenid, uniquePhone } from '../support/api';
import { ownClinic } from '../support/own-clinic';

// A clinic of this file's own: its plans and lists hold only what these tests did.
const { clinicId, deptId } = await ownClinic('fu', '回访测试口腔');
const other = await ownClinic('fu2', '另一家口腔');
const api = await startApi();
afterAll(() => api.close());
afterEach(() => useClock(systemClock));

async function login(role: string, clinic = clinicId) {
  const res = await api.call('POST', '/v1/auth/dev', {
    body: { openid: uniqueOpenid(`fu-${role}`), role, clinicId: clinic },
  });
  expect(res.status).toBe(200);
  const me = await api.call('GET', '/v1/me', { token: res.body.token });
  return { token: res.body.token as string, staffId: me.body.staffId as string };
}
const [desk, doctor, service, service2, manager, otherService, otherManager] = await Promise.all([
  login('frontdesk'),
  login('doctor'),
  login('service'),
  login('service'),
  login('manager'),
  login('service', other.clinicId),
  login('manager', other.clinicId),
]);

/** Each test works on days of its own, far from the real today. */
let dayNo = 0;
function nextDay(): string {
  dayNo += 3;
  return new Date(Date.UTC(2041, 2, 1) + dayNo * 86_400_000).toISOString().slice(0, 10);
}
const at = (date: string, hhmm = '10:00') => useClock(fixedClock(`${date}T${hhmm}:00+08:00`));
const plus = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A patient walks in on `date` and the doctor records a visit of `category`. */
async function visit(date: string, category: string): Promise<{ visitId: string; patientId: string; phone: string }> {
  at(date);
  const phone = uniquePhone();
  const p = await api.call('POST', '/v1/patients', {
    token: desk.token,
    body: { name: '王小明', phone, channel: 'walk_in' },
  });
  expect(p.status).toBe(201);
  const ticket = await api.call('POST', `/v1/queues/${deptId}/tickets`, {
    token: desk.token,
    body: { patientId: p.body.id },
  });
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
  const v = await api.call('POST', '/v1/visits', {
    token: doctor.token,
    body: { ticketId: ticket.body.id, category, chargeFen: 10_000, doctorId: doctor.staffId },
  });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  return { visitId: v.body.id, patientId: p.body.id, phone };
}

async function list(view: string, token = service.token) {
  const res = await api.call('GET', `/v1/follow-ups?view=${view}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as any[];
}
const ofVisit = (items: any[], visitId: string) => items.filter((t) => t.visitId === visitId);
const claim = (taskId: string, token = service.token) => api.call('POST', `/v1/follow-ups/${taskId}/claim`, { token });
const outcome = (taskId: string, body: unknown, token = service.token) =>
  api.call('POST', `/v1/follow-ups/${taskId}/outcome`, { token, body });

describe('follow-up plans', () => {
  it('answers dental defaults: a call the next day after an implant, a survey after every visit', async () => {
    const res = await api.call('GET', `/v1/follow-up-plans?clinicId=${clinicId}`, { token: manager.token });
    expect(res.status).toBe(200);
    const byCat = Object.fromEntries(res.body.items.map((p: any) => [p.category, p]));
    expect(byCat.implant.rows).toEqual([
      { daysAfter: 1, kind: 'call', role: 'service' },
      { daysAfter: 1, kind: 'survey', role: 'service' },
    ]);
    expect(byCat.extraction.rows[0]).toEqual({ daysAfter: 1, kind: 'call', role: 'service' });
    expect(byCat.orthodontic.rows.some((r: any) => r.kind === 'message')).toBe(true);
    expect(byCat.cleaning.rows).toEqual([{ daysAfter: 1, kind: 'survey', role: 'service' }]);
  });

  it('refuses bad rows in Chinese, an unknown category, a non-manager and another clinic', async () => {
    const bad = await api.call('PUT', '/v1/follow-up-plans/implant', {
      token: manager.token,
      body: { rows: [{ daysAfter: -1, kind: 'call', role: 'service' }] },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('天数应为 0 到 365 的整数');
    const twice = await api.call('PUT', '/v1/follow-up-plans/implant', {
      token: manager.token,
      body: {
        rows: [
          { daysAfter: 2, kind: 'call', role: 'service' },
          { daysAfter: 2, kind: 'call', role: 'nurse' },
        ],
      },
    });
    expect(twice.status).toBe(400);
    expect(JSON.stringify(twice.body.error.details)).toContain('重复');
    const unknown = await api.call('PUT', '/v1/follow-up-plans/haircut', { token: manager.token, body: { rows: [] } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('没有这种就诊类别');
    const notManager = await api.call('PUT', '/v1/follow-up-plans/implant', {
      token: service.token,
      body: { rows: [] },
    });
    expect(notManager.status).toBe(403);
    const elsewhere = await api.call('PUT', '/v1/follow-up-plans/implant', {
      token: otherManager.token,
      body: { clinicId, rows: [] },
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.message).toBe('只能修改本院的回访');
  });
});

describe("a visit makes its plan's call tasks", () => {
  it('an implant visit makes exactly one call task, due the next day; a cleaning visit makes none', async () => {
    const d = nextDay();
    const implant = await visit(d, 'implant');
    const cleaning = await visit(d, 'cleaning');
    at(plus(d, 1));
    const today = await list('today');
    const tasks = ofVisit(today, implant.visitId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      kind: 'call',
      role: 'service',
      category: 'implant',
      visitDate: d,
      dueDate: plus(d, 1),
      status: 'open',
      clinicId,
      patientId: implant.patientId,
      patientName: '王*明',
      phone: implant.phone,
      phoneMasked: false,
    });
    expect(ofVisit(today, cleaning.visitId)).toEqual([]);
    expect(await getTask(`fu_${cleaning.visitId}_1`)).toBeUndefined();
  });

  it("a plan edit changes the next visit's tasks, and the edit is audited", async () => {
    const put = await api.call('PUT', '/v1/follow-up-plans/extraction', {
      token: manager.token,
      body: {
        rows: [
          { daysAfter: 7, kind: 'call', role: 'nurse' },
          { daysAfter: 2, kind: 'call', role: 'service' },
          { daysAfter: 1, kind: 'survey', role: 'service' },
        ],
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.isDefault).toBe(false);
    expect(put.body.rows.map((r: any) => r.daysAfter)).toEqual([1, 2, 7]);
    const trail = await settingsAuditTrail(clinicId);
    expect(trail.some((a) => a.subject === 'followup-plan#extraction' && a.actorStaffId === manager.staffId)).toBe(
      true,
    );

    const d = nextDay();
    const v = await visit(d, 'extraction');
    at(plus(d, 1));
    expect(ofVisit(await list('today'), v.visitId)).toEqual([]);
    at(plus(d, 2));
    expect(ofVisit(await list('today'), v.visitId).map((t) => t.role)).toEqual(['service']);
    at(plus(d, 7));
    expect(ofVisit(await list('today'), v.visitId).map((t) => t.role)).toEqual(['nurse']);
    expect(ofVisit(await list('overdue'), v.visitId).map((t) => t.dueDate)).toEqual([plus(d, 2)]);
  });
});

describe('claiming and outcomes', () => {
  async function implantTask() {
    const d = nextDay();
    const v = await visit(d, 'implant');
    at(plus(d, 1), '09:00');
    return { taskId: `fu_${v.visitId}_1`, due: plus(d, 1) };
  }

  it('two staff claiming at once: one wins, the other hears who in Chinese', async () => {
    const { taskId } = await implantTask();
    const answers = await Promise.all([claim(taskId, service.token), claim(taskId, service2.token)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const lost = answers.find((a) => a.status === 409)!;
    expect(lost.body.error).toMatchObject({ code: 'FOLLOW_UP_CLAIMED', message: '该回访已被 演示客服 认领' });
    const winner = answers[0]!.status === 200 ? service : service2;
    const loser = winner === service ? service2 : service;
    expect((await list('mine', winner.token)).map((t) => t.id)).toContain(taskId);
    expect((await list('mine', loser.token)).map((t) => t.id)).not.toContain(taskId);
    expect((await outcome(taskId, { outcome: 'answered' }, loser.token)).status).toBe(409);
  });

  it('two finishes at once record one outcome', async () => {
    const { taskId } = await implantTask();
    expect((await claim(taskId)).status).toBe(200);
    const answers = await Promise.all([
      outcome(taskId, { outcome: 'answered', note: '恢复良好' }),
      outcome(taskId, { outcome: 'complaint', note: '术后疼痛' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const stored = await getTask(taskId);
    expect(stored?.history).toHaveLength(1);
    expect(stored?.status).toBe('done');
    expect((await list('today')).map((t) => t.id)).not.toContain(taskId);
    expect((await list('mine')).map((t) => t.id)).not.toContain(taskId);
    expect((await outcome(taskId, { outcome: 'answered' })).body.error.code).toBe('FOLLOW_UP_CHANGED');
  });

  it('未接通 with a next date reschedules; the third 未接通 ends the task as unreachable', async () => {
    const { taskId, due } = await implantTask();
    const first = await outcome(taskId, { outcome: 'no_answer', note: '无人接听', nextDate: plus(due, 2) });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      status: 'open',
      noAnswers: 1,
      dueDate: plus(due, 2),
      claimedBy: service.staffId,
    });
    expect((await list('today')).map((t) => t.id)).not.toContain(taskId);
    at(plus(due, 2));
    expect((await list('today')).map((t) => t.id)).toContain(taskId);
    expect((await outcome(taskId, { outcome: 'no_answer' })).body.status).toBe('open');
    const third = await outcome(taskId, { outcome: 'no_answer', note: '仍未接通' });
    expect(third.body).toMatchObject({ status: 'unreachable', noAnswers: 3 });
    expect(third.body.history.map((h: any) => h.outcome)).toEqual(['no_answer', 'no_answer', 'no_answer']);
    expect(third.body.history[0]).toMatchObject({ note: '无人接听', nextDate: plus(due, 2), byName: '演示客服' });
    expect((await list('today')).map((t) => t.id)).not.toContain(taskId);
    expect((await list('overdue')).map((t) => t.id)).not.toContain(taskId);
  });

  it('refuses a bad outcome, a next date in the past or with another outcome, in Chinese', async () => {
    const { taskId, due } = await implantTask();
    const bogus = await outcome(taskId, { outcome: 'maybe' });
    expect(bogus.status).toBe(400);
    expect(JSON.stringify(bogus.body.error.details)).toContain('请选择回访结果');
    const past = await outcome(taskId, { outcome: 'no_answer', nextDate: plus(due, -1) });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toBe('下次回访日期不能早于今天');
    const mixed = await outcome(taskId, { outcome: 'answered', nextDate: plus(due, 1) });
    expect(mixed.body.error.message).toBe('只有未接通时才需要下次回访日期');
    expect((await getTask(taskId))?.history).toEqual([]);
  });
});

describe('who may see and work tasks', () => {
  it("another clinic's task is missing to its staff; another clinic's list is refused", async () => {
    const d = nextDay();
    const v = await visit(d, 'implant');
    at(plus(d, 1));
    const taskId = `fu_${v.visitId}_1`;
    expect((await claim(taskId, otherService.token)).status).toBe(404);
    expect((await outcome(taskId, { outcome: 'answered' }, otherService.token)).status).toBe(404);
    expect((await claim('fu_nothing_1')).status).toBe(404);
    expect(ofVisit(await list('today', otherService.token), v.visitId)).toEqual([]);
    const res = await api.call('GET', `/v1/follow-ups?view=today&clinicId=${clinicId}`, { token: otherService.token });
    expect(res.status).toBe(403);
    expect((await api.call('GET', '/v1/follow-ups?view=today', { token: doctor.token })).status).toBe(403);
    expect((await getTask(taskId))?.claimedBy).toBeUndefined();
  });

  it('shows a manager the phone masked, service staff in full', async () => {
    const d = nextDay();
    const v = await visit(d, 'implant');
    at(plus(d, 1));
    const seen = ofVisit(await list('today', manager.token), v.visitId)[0];
    expect(seen).toMatchObject({ phoneMasked: true, phone: `${v.phone.slice(0, 3)}****${v.phone.slice(-4)}` });
  });

  it('refuses an unknown list in Chinese', async () => {
    const res = await api.call('GET', '/v1/follow-ups?view=all', { token: service.token });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.details)).toContain('列表应为今日、逾期或我的');
  });
});
