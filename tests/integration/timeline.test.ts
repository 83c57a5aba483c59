import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { followUpItems } from '../../functions/followup/plan-messages';
import { fixedClock, systemClock, useClock } from '../../functions/lib/clock';
import { putItem } from '../../functions/lib/store';
import { messagesOfPatient } from '../../functions/messaging/outbox-repository';
import { timelineIndex } from '../../functions/patients/timeline-index';
import { clinicInstant } from '../../shared/dates';
import { defaultTemplates, renderTemplate, smsParts, smsText } from '../../shared/messaging-rules';
import { startApi, uniqueOpenid, uniquePhone } from '../support/api';
import { ownClinic } from '../support/own-clinic';
import { allPages } from '../support/people';
import { countStoreCommands } from '../support/store-commands';

// A clinic of this file's own: its plans hold only what these tests set. Days in 2043: no sender
// of another file reaches messages due then.
const { clinicId, deptId } = await ownClinic('tl', '时间线测试口腔');
const other = await ownClinic('tl2', '另一家口腔');
const api = await startApi();
afterAll(() => api.close());
afterEach(() => useClock(systemClock));

async function login(role: string, clinic = clinicId) {
  const res = await api.call('POST', '/v1/auth/dev', {
    body: { openid: uniqueOpenid(`tl-${role}`), role, clinicId: clinic },
  });
  expect(res.status).toBe(200);
  const me = await api.call('GET', '/v1/me', { token: res.body.token });
  return { token: res.body.token as string, staffId: me.body.staffId as string };
}
const [desk, doctor, service, manager, nurse, otherService] = await Promise.all([
  login('frontdesk'),
  login('doctor'),
  login('service'),
  login('manager'),
  login('nurse'),
  login('service', other.clinicId),
]);

const at = (date: string, hhmm = '10:00') => useClock(fixedClock(`${date}T${hhmm}:00+08:00`));
const plus = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function newPatient(phone = uniquePhone()): Promise<string> {
  const p = await api.call('POST', '/v1/patients', {
    token: desk.token,
    body: { name: '李晓红', phone, channel: 'walk_in' },
  });
  expect(p.status).toBe(201);
  return p.body.id;
}

/** The patient walks in at `date hhmm` and the doctor records a visit of `category`. */
async function visit(patientId: string, date: string, category: string, hhmm = '10:00'): Promise<string> {
  at(date, hhmm);
  const ticket = await api.call('POST', `/v1/queues/${deptId}/tickets`, { token: desk.token, body: { patientId } });
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
  const v = await api.call('POST', '/v1/visits', {
    token: doctor.token,
    body: { ticketId: ticket.body.id, category, chargeFen: 38_000, doctorId: doctor.staffId },
  });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  return v.body.id;
}

const timeline = (patientId: string, token: string, q = '') =>
  api.call('GET', `/v1/patients/${patientId}/timeline${q}`, { token });

describe('plan message rows', () => {
  it("words every category's reminder as a plain notice in one SMS part", () => {
    for (const [category, item] of Object.entries(followUpItems)) {
      const body = renderTemplate(defaultTemplates.followup, { name: '欧阳娜娜', clinic: '康美口腔', item });
      expect(body, category).not.toMatch(/优惠|折|免费|特价|活动|回访|复查|问卷|满意度|治疗|客户/);
      expect(smsParts(smsText({ signature: '康美口腔', body, marketing: false })), category).toBe(1);
    }
  });

  it("an orthodontic visit queues exactly its plan's reminder: id, due day at 10:00, the category's words", async () => {
    const patientId = await newPatient();
    const visitId = await visit(patientId, '2043-04-01', 'orthodontic');
    // Besides the plan's survey invitation (tests/integration/surveys.test.ts), exactly the reminder.
    const mine = (await messagesOfPatient(patientId)).items.filter((m) => m.kind !== 'survey');
    expect(mine.map((m) => m.id)).toEqual([`followup#${patientId}#${visitId}_25`]);
    const m = mine[0]!;
    expect(m).toMatchObject({
      kind: 'followup',
      status: 'queued',
      marketing: false,
      clinicId,
      occasion: `${visitId}_25`,
    });
    expect(new Date(m.dueAt).toISOString()).toBe(new Date(clinicInstant('2043-04-26', '10:00')).toISOString());
    expect(m.text).toBe('李晓红您好，您在时间线测试口腔的下次矫正复诊时间快到了，可在小程序选择合适的时间预约。');
  });

  it('a visit whose plan has no message row queues none; a message row added to a plan queues its own', async () => {
    const plain = await newPatient();
    await visit(plain, '2043-04-02', 'cleaning');
    expect((await messagesOfPatient(plain)).items.map((m) => m.kind)).toEqual(['survey']);

    const put = await api.call('PUT', '/v1/follow-up-plans/cleaning', {
      token: manager.token,
      body: { rows: [{ daysAfter: 150, kind: 'message', role: 'service' }] },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const reminded = await newPatient();
    const visitId = await visit(reminded, '2043-04-03', 'cleaning');
    const mine = (await messagesOfPatient(reminded)).items.filter((m) => m.kind !== 'survey');
    expect(mine.map((m) => [m.id, new Date(m.dueAt).toISOString()])).toEqual([
      [`followup#${reminded}#${visitId}_150`, new Date(clinicInstant(plus('2043-04-03', 150), '10:00')).toISOString()],
    ]);
    expect(mine[0]!.text).toContain('下次洁牙');
    await api.call('PUT', '/v1/follow-up-plans/cleaning', { token: manager.token, body: { rows: [] } });
  });
});

describe('the patient timeline', () => {
  const phone = uniquePhone();
  let patientId = '';
  let extractionVisit = '';
  let orthoVisit = '';

  it('reads visits, follow-ups (with outcomes), survey answers and messages newest first in one Query', async () => {
    patientId = await newPatient(phone);
    extractionVisit = await visit(patientId, '2043-05-01', 'extraction', '09:00');
    orthoVisit = await visit(patientId, '2043-05-10', 'orthodontic', '11:00');
    // The extraction's call task is worked: claimed and answered (the task is saved again).
    at('2043-05-02', '15:00');
    const taskId = `fu_${extractionVisit}_1`;
    expect((await api.call('POST', `/v1/follow-ups/${taskId}/claim`, { token: service.token })).status).toBe(200);
    const done = await api.call('POST', `/v1/follow-ups/${taskId}/outcome`, {
      token: service.token,
      body: { outcome: 'answered', note: '伤口恢复良好' },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    // A survey answer as the survey step stores it, and an item of a kind this version does not know.
    const answered = new Date('2043-05-03T02:00:00.000Z').toISOString();
    await putItem({
      pk: `TEST#${patientId}`,
      sk: 'ANSWER',
      type: 'surveyAnswer',
      id: 'sa_1',
      clinicId,
      scores: { overall: 2, doctor: 4, nurse: 5, environment: 5, waiting: 3, fees: 4 },
      nps: 5,
      comment: '等候太久',
      ...timelineIndex(patientId, answered, 'survey', 'sa_1'),
    });
    await putItem({
      pk: `TEST#${patientId}`,
      sk: 'FUTURE',
      type: 'somethingNew',
      id: 'x_1',
      clinicId,
      ...timelineIndex(patientId, new Date('2043-05-04T02:00:00.000Z').toISOString(), 'visit', 'x_1'),
    });
    // Another clinic's message of the same patient stays in that clinic.
    await putItem({
      pk: `TEST#${patientId}`,
      sk: 'OTHER',
      type: 'outbox',
      id: 'elsewhere',
      clinicId: other.clinicId,
      kind: 'revisit',
      status: 'sent',
      dueAt: '2043-05-05T02:00:00.000Z',
      ...timelineIndex(patientId, '2043-05-05T02:00:00.000Z', 'message', 'elsewhere'),
    });

    const { result: res, commands } = await countStoreCommands(() => timeline(patientId, service.token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(commands.QueryCommand).toBe(1);
    // Besides the Query: the patient record's read and the audit event's create-only write (a transaction).
    const others = Object.keys(commands).filter((c) => c !== 'QueryCommand');
    expect(others.filter((c) => !['GetItemCommand', 'TransactWriteItemsCommand'].includes(c))).toEqual([]);

    const items = res.body.items as any[];
    expect(items.map((i) => i.key)).toEqual([
      `message:followup#${patientId}#${orthoVisit}_25`,
      `message:survey#${patientId}#sv_${orthoVisit}_1`,
      `visit:${orthoVisit}`,
      'other:somethingNew:x_1',
      'survey:sa_1',
      `message:survey#${patientId}#sv_${extractionVisit}_1`,
      // Made in the visit's transaction, at the same instant: the tie goes by kind.
      `visit:${extractionVisit}`,
      `followup:fu_${extractionVisit}_1`,
    ]);
    const ats = items.map((i) => Date.parse(i.at));
    expect([...ats].sort((a, b) => b - a)).toEqual(ats);
    expect(items[0]).toMatchObject({ type: 'message', kind: 'followup', status: 'queued' });
    expect(items[1]).toMatchObject({ type: 'message', kind: 'survey', status: 'queued' });
    expect(items[2]).toMatchObject({
      type: 'visit',
      date: '2043-05-10',
      departmentId: deptId,
      category: 'orthodontic',
      chargeFen: 38_000,
    });
    expect(items[2].doctorName).toBeTruthy();
    expect(items[4]).toMatchObject({ type: 'survey', nps: 5, low: true, comment: '等候太久' });
    expect(items[4].scores.overall).toBe(2);
    expect(items[7]).toMatchObject({ type: 'followup', kind: 'call', status: 'done' });
    expect(items[7].outcomes).toEqual([
      expect.objectContaining({ outcome: 'answered', note: '伤口恢复良好', at: '2043-05-02T07:00:00.000Z' }),
    ]);
    expect(items[7].outcomes[0].byName).toBeTruthy();
  });

  it('pages newest first with limit and cursor, every item once', async () => {
    const whole = (await timeline(patientId, service.token)).body.items.map((i: any) => i.key);
    const paged = await allPages(api, `/v1/patients/${patientId}/timeline`, service.token, 2);
    expect(paged.items.map((i: any) => i.key)).toEqual(whole);
    expect(paged.pages).toBeGreaterThanOrEqual(3);
    const bad = await timeline(patientId, service.token, '?cursor=bm9wZQ');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/[\u4e00-\u9fff]/u);
  });

  it('never carries a phone number or the message text; any staff role of the clinic may read it', async () => {
    for (const who of [service, nurse, desk, manager]) {
      const res = await timeline(patientId, who.token);
      expect(res.status).toBe(200);
      const body = JSON.stringify(res.body);
      expect(body).not.toContain(phone);
      expect(body).not.toContain(phone.slice(-4));
      expect(body).not.toContain('"text"');
      expect(body).not.toContain('"phone');
    }
  });

  it("shows the group admin every clinic's entries; a clinic's staff only their own", async () => {
    const admin = await login('admin');
    const all = await timeline(patientId, admin.token);
    expect(all.status).toBe(200);
    const keys = all.body.items.map((i: any) => i.key);
    expect(keys).toContain('message:elsewhere');
    const own = (await timeline(patientId, service.token)).body.items.map((i: any) => i.key);
    expect(own).not.toContain('message:elsewhere');
    expect(keys.filter((k: string) => k !== 'message:elsewhere')).toEqual(own);
  });

  it("answers another clinic's staff as if the patient did not exist, and refuses a patient", async () => {
    const elsewhere = await timeline(patientId, otherService.token);
    const missing = await timeline('p_does_not_exist', otherService.token);
    expect(elsewhere.status).toBe(404);
    expect(missing.status).toBe(404);
    expect({ ...elsewhere.body.error, details: undefined }).toEqual({ ...missing.body.error, details: undefined });
    expect(elsewhere.body.error.details).toEqual({ patientId });
    const patient = await api.call('POST', '/v1/auth/dev', { body: { openid: uniqueOpenid('tl-patient') } });
    const refused = await timeline(patientId, patient.body.token);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/[\u4e00-\u9fff]/u);
  });
});
