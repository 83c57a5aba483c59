// Over 300 lines on purpose: online consultation end to end over real requests (asking, content security,
// the clinic answering, photos, the quiet closer, export/deletion/merge), sharing one set of clinics and staff.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { getPhoto } from '../../functions/consult/photo-repository';
import { getThread, messagesOf } from '../../functions/consult/thread-repository';
import { fixedClock, systemClock, useClock } from '../../functions/lib/clock';
import { photoStore } from '../../functions/lib/photo-store';
import { SEC_CHECK_FAILS, SEC_CHECK_RISKY_WORDS } from '../../functions/lib/wechat-local';
import { getMessage, messageId } from '../../functions/messaging/outbox-repository';
import { auditTrailOf } from '../../functions/patients/audit-repository';
import { type Api, profile, startApi, uniqueOpenid, uniquePhone } from '../support/api';
import { secondClinic, staffIn } from '../support/clinics';

const api = await startApi();
afterAll(() => api.close());
afterEach(() => useClock(systemClock));

const a = await secondClinic(api, 'cqa', ['service', 'doctor', 'nurse', 'marketing', 'manager'], '咨询甲口腔');
const [serviceA, doctorA, nurseA, marketerA, managerA] = a.staff;
const b = await secondClinic(api, 'cqb', ['service', 'doctor'], '咨询乙口腔');
const [serviceB, doctorB] = b.staff;
const admin = await staffIn(api, b.clinicId, 'admin', 'cqadm');

const key = () => ({ 'idempotency-key': `cq-${Math.random().toString(36).slice(2)}` });
/** A 1×1 PNG and a JPEG's first bytes: real magic numbers. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

async function patient(api: Api, name = '顾问诊', overrides: Record<string, unknown> = {}) {
  const token = await api.login(uniqueOpenid('cq-p'));
  const res = await api.call('POST', '/v1/me/patients', {
    token,
    body: profile({ name, clinicId: a.clinicId, ...overrides }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { token, patientId: res.body.id as string };
}

async function ask(token: string, patientId: string, text = '拔牙后第三天还有点疼，正常吗？', extra = {}) {
  const res = await api.call('POST', '/v1/me/consultations', {
    token,
    headers: key(),
    body: { patientId, clinicId: a.clinicId, text, ...extra },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const reply = (token: string, threadId: string, text = '属于正常现象，请按时服药。') =>
  api.call('POST', `/v1/consultations/${threadId}/replies`, { token, headers: key(), body: { text } });

describe('asking (patient side)', () => {
  it('creates a waiting thread with the first message, seen only by its own account', async () => {
    const p = await patient(api);
    const thread = await ask(p.token, p.patientId);
    expect(thread).toMatchObject({
      patientId: p.patientId,
      patientName: '顾问诊',
      clinicId: a.clinicId,
      clinicName: '咨询甲口腔',
      status: 'waiting',
      preview: '拔牙后第三天还有点疼，正常吗？',
    });
    expect(thread.messages).toHaveLength(1);
    expect(thread.messages[0]).toMatchObject({ from: 'patient', authorName: '顾*诊' });

    const mine = await api.call('GET', '/v1/me/consultations', { token: p.token });
    expect(mine.body.items.map((t: any) => t.threadId)).toEqual([thread.threadId]);
    const other = await patient(api, '别人家');
    const theirs = await api.call('GET', '/v1/me/consultations', { token: other.token });
    expect(theirs.body.items).toEqual([]);
    const peek = await api.call('GET', `/v1/me/consultations/${thread.threadId}`, { token: other.token });
    expect(peek.status).toBe(404);
    expect(peek.body.error.message).toMatch(/^没有找到/);
    const write = await api.call('POST', `/v1/me/consultations/${thread.threadId}/messages`, {
      token: other.token,
      headers: key(),
      body: { text: '我也想问' },
    });
    expect(write.status).toBe(404);
  });

  it("refuses another account's profile (404) and a clinic that does not exist (404)", async () => {
    const p = await patient(api);
    const other = await patient(api, '外人');
    const res = await api.call('POST', '/v1/me/consultations', {
      token: other.token,
      headers: key(),
      body: { patientId: p.patientId, clinicId: a.clinicId, text: '问题' },
    });
    expect(res.status).toBe(404);
    const noClinic = await api.call('POST', '/v1/me/consultations', {
      token: p.token,
      headers: key(),
      body: { patientId: p.patientId, clinicId: 'c_nowhere', text: '问题' },
    });
    expect(noClinic.status).toBe(404);
    expect(noClinic.body.error.message).toBe('没有找到这家门诊');
  });

  it('needs the health-data consent: 409 in Chinese once it is withdrawn, and nothing stored', async () => {
    const p = await patient(api);
    const off = await api.call('PUT', '/v1/me/consents', {
      token: p.token,
      body: { patientId: p.patientId, healthData: false },
    });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    const res = await api.call('POST', '/v1/me/consultations', {
      token: p.token,
      headers: key(),
      body: { patientId: p.patientId, clinicId: a.clinicId, text: '问题' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONSENT_REQUIRED');
    expect(res.body.error.message).toMatch(/健康信息授权/);
    expect((await api.call('GET', '/v1/me/consultations', { token: p.token })).body.items).toEqual([]);
  });

  it('makes one thread of a create retried with the same Idempotency-Key', async () => {
    const p = await patient(api);
    const headers = key();
    const body = { patientId: p.patientId, clinicId: a.clinicId, text: '同一个问题' };
    const [one, two] = await Promise.all([
      api.call('POST', '/v1/me/consultations', { token: p.token, headers, body }),
      api.call('POST', '/v1/me/consultations', { token: p.token, headers, body }),
    ]);
    const done = [one, two].filter((r) => r.status === 201);
    expect(done.length).toBeGreaterThanOrEqual(1);
    for (const r of [one, two]) expect([201, 409]).toContain(r.status);
    const again = await api.call('POST', '/v1/me/consultations', { token: p.token, headers, body });
    expect(again.status).toBe(201);
    expect(again.body.threadId).toBe(done[0]!.body.threadId);
    expect((await api.call('GET', '/v1/me/consultations', { token: p.token })).body.items).toHaveLength(1);
  });
});

describe('content security (msgSecCheck before anything is stored)', () => {
  it('refuses a risky question with 422 and stores nothing', async () => {
    const p = await patient(api);
    const res = await api.call('POST', '/v1/me/consultations', {
      token: p.token,
      headers: key(),
      body: { patientId: p.patientId, clinicId: a.clinicId, text: `请问${SEC_CHECK_RISKY_WORDS[0]}怎么办` },
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'CONTENT_REJECTED', message: '内容未通过安全检查，请修改后再发送' });
    expect((await api.call('GET', '/v1/me/consultations', { token: p.token })).body.items).toEqual([]);
  });

  it('fails closed when the check cannot answer: 422 请稍后再试, for a patient and for a staff reply', async () => {
    const p = await patient(api);
    const res = await api.call('POST', '/v1/me/consultations', {
      token: p.token,
      headers: key(),
      body: { patientId: p.patientId, clinicId: a.clinicId, text: `牙疼${SEC_CHECK_FAILS}` },
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'CONTENT_CHECK_UNAVAILABLE', message: '暂时无法发送，请稍后再试' });
    const thread = await ask(p.token, p.patientId);
    const staff = await reply(serviceA.token, thread.threadId, `回复${SEC_CHECK_FAILS}`);
    expect(staff.status).toBe(422);
    expect(staff.body.error.code).toBe('CONTENT_CHECK_UNAVAILABLE');
    const risky = await reply(serviceA.token, thread.threadId, `${SEC_CHECK_RISKY_WORDS[1]}`);
    expect(risky.status).toBe(422);
    expect(risky.body.error.code).toBe('CONTENT_REJECTED');
    const seen = await api.call('GET', `/v1/me/consultations/${thread.threadId}`, { token: p.token });
    expect(seen.body.messages).toHaveLength(1);
    expect(seen.body.status).toBe('waiting');
  });
});

describe('the clinic answers (staff side)', () => {
  it('lists waiting threads oldest first with masked names; the thread shows the full name and is audited', async () => {
    const p1 = await patient(api, '欧阳先问');
    useClock(fixedClock('2046-01-05T09:00:00+08:00'));
    const first = await ask(p1.token, p1.patientId);
    const p2 = await patient(api, '欧阳后问');
    useClock(fixedClock('2046-01-05T10:00:00+08:00'));
    const second = await ask(p2.token, p2.patientId);
    useClock(systemClock);
    const list = await api.call('GET', '/v1/consultations?status=waiting&limit=100', { token: serviceA.token });
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    const ids = list.body.items.map((t: any) => t.threadId);
    expect(ids.indexOf(first.threadId)).toBeLessThan(ids.indexOf(second.threadId));
    expect(ids.indexOf(first.threadId)).toBeGreaterThanOrEqual(0);
    const line = list.body.items.find((t: any) => t.threadId === first.threadId);
    expect(line.patientName).toBe('欧**问');
    expect(JSON.stringify(list.body)).not.toContain('欧阳先问');

    const view = await api.call('GET', `/v1/consultations/${first.threadId}`, { token: nurseA.token });
    expect(view.status).toBe(200);
    expect(view.body.patientName).toBe('欧阳先问');
    const reads = (await auditTrailOf(p1.patientId)).filter((e) => e.action === 'read');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ actorStaffId: nurseA.staffId, fields: [`consultation:${first.threadId}`] });
  });

  it("hides another clinic's thread (404 like a missing one), refuses a marketer (403), lets the group admin in", async () => {
    const p = await patient(api);
    const thread = await ask(p.token, p.patientId);
    for (const [token, status] of [
      [serviceB.token, 404],
      [doctorB.token, 404],
      [marketerA.token, 403],
      [managerA.token, 403],
      [p.token, 403],
      [admin.token, 200],
    ] as const) {
      const res = await api.call('GET', `/v1/consultations/${thread.threadId}`, { token });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
    }
    expect((await reply(serviceB.token, thread.threadId)).status).toBe(404);
    const close = await api.call('POST', `/v1/consultations/${thread.threadId}/close`, { token: serviceB.token });
    expect(close.status).toBe(404);
    const listB = await api.call('GET', `/v1/consultations?clinicId=${a.clinicId}`, { token: serviceB.token });
    expect(listB.status).toBe(403);
    const ownB = await api.call('GET', '/v1/consultations?limit=100', { token: serviceB.token });
    expect(ownB.body.items.map((t: any) => t.threadId)).not.toContain(thread.threadId);
  });

  it('a reply answers the thread and queues the patient a notice without the health content', async () => {
    const p = await patient(api);
    const thread = await ask(p.token, p.patientId);
    const res = await reply(serviceA.token, thread.threadId, '术后疼痛三天内属正常，请按时服药');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status).toBe('answered');
    const staffMessage = res.body.messages.at(-1);
    expect(staffMessage).toMatchObject({ from: 'staff', text: '术后疼痛三天内属正常，请按时服药' });
    expect(staffMessage.authorName).toMatch(/（客服）$/);
    const notice = await getMessage(messageId('consultation_reply', p.patientId, staffMessage.messageId));
    // Queued by the reply (due at once: another file's sender run may already have taken it since).
    expect(notice).toMatchObject({ kind: 'consultation_reply', marketing: false, clinicId: a.clinicId });
    expect(notice!.history[0]).toMatchObject({ status: 'queued', at: staffMessage.at });
    expect(notice!.text).toBe('咨询甲口腔已回复您的咨询，请在小程序中查看。');
    expect(JSON.stringify(notice)).not.toContain('术后疼痛');
    expect(JSON.stringify(notice)).not.toContain('拔牙');

    // The patient writes again: waiting again.
    const more = await api.call('POST', `/v1/me/consultations/${thread.threadId}/messages`, {
      token: p.token,
      headers: key(),
      body: { text: '好的，那可以刷牙吗？' },
    });
    expect(more.status, JSON.stringify(more.body)).toBe(201);
    expect(more.body.status).toBe('waiting');
    expect(more.body.messages.map((m: any) => m.from)).toEqual(['patient', 'staff', 'patient']);
  });

  it('keeps both of two racing replies, in the order of their moments', async () => {
    const p = await patient(api);
    const thread = await ask(p.token, p.patientId);
    const [one, two] = await Promise.all([
      reply(serviceA.token, thread.threadId, '第一条回复'),
      reply(nurseA.token, thread.threadId, '第二条回复'),
    ]);
    expect(one.status, JSON.stringify(one.body)).toBe(201);
    expect(two.status, JSON.stringify(two.body)).toBe(201);
    const view = await api.call('GET', `/v1/me/consultations/${thread.threadId}`, { token: p.token });
    const texts = view.body.messages.filter((m: any) => m.from === 'staff').map((m: any) => m.text);
    expect(texts.sort()).toEqual(['第一条回复', '第二条回复']);
    const times = view.body.messages.map((m: any) => m.at);
    expect(times).toEqual([...times].sort());
    expect(view.body.status).toBe('answered');
  });

  it('assigns a doctor of the clinic (found by assignedTo=me), refuses anyone else with 400', async () => {
    const p = await patient(api);
    const thread = await ask(p.token, p.patientId);
    const path = `/v1/consultations/${thread.threadId}/assign`;
    for (const doctorId of [doctorB.staffId, nurseA.staffId, 'st_nobody']) {
      const bad = await api.call('POST', path, { token: serviceA.token, body: { doctorId } });
      expect(bad.status, doctorId).toBe(400);
      expect(bad.body.error.message).toBe('请选择本门诊的医生');
    }
    const ok = await api.call('POST', path, { token: serviceA.token, body: { doctorId: doctorA.staffId } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.assignedDoctorId).toBe(doctorA.staffId);
    const mine = await api.call('GET', '/v1/consultations?assignedTo=me&limit=100', { token: doctorA.token });
    expect(mine.body.items.map((t: any) => t.threadId)).toContain(thread.threadId);
    const notMine = await api.call('GET', '/v1/consultations?assignedTo=me&limit=100', { token: nurseA.token });
    expect(notMine.body.items.map((t: any) => t.threadId)).not.toContain(thread.threadId);
  });

  it('closes a thread: no more messages from either side (409 in Chinese), listed as closed', async () => {
    const p = await patient(api);
    const thread = await ask(p.token, p.patientId);
    const closed = await api.call('POST', `/v1/consultations/${thread.threadId}/close`, { token: doctorA.token });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedBy: 'staff' });
    const again = await api.call('POST', `/v1/consultations/${thread.threadId}/close`, { token: doctorA.token });
    expect(again.status).toBe(409);
    const late = await api.call('POST', `/v1/me/consultations/${thread.threadId}/messages`, {
      token: p.token,
      headers: key(),
      body: { text: '还在吗' },
    });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'CONSULTATION_CLOSED', message: '该咨询已结束，不能再发送消息' });
    expect((await reply(serviceA.token, thread.threadId)).status).toBe(409);
    const list = await api.call('GET', '/v1/consultations?status=closed&limit=100', { token: serviceA.token });
    expect(list.body.items.map((t: any) => t.threadId)).toContain(thread.threadId);
  });
});

describe('photos', () => {
  const upload = (token: string, body: unknown) =>
    api.call('POST', '/v1/me/consultations/photos', { token, headers: key(), body });

  it('takes a PNG checked by its bytes, shows it to the owner and the clinic only, and only in its thread', async () => {
    const p = await patient(api);
    const lie = await upload(p.token, { contentType: 'image/jpeg', dataBase64: PNG.toString('base64') });
    expect(lie.status).toBe(400);
    const text = await upload(p.token, {
      contentType: 'image/png',
      dataBase64: Buffer.from('not a picture').toString('base64'),
    });
    expect(text.status).toBe(400);
    const up = await upload(p.token, { contentType: 'image/png', dataBase64: PNG.toString('base64') });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const photoId = up.body.photoId as string;

    // Another account cannot attach it.
    const other = await patient(api, '拿图的');
    const stolen = await api.call('POST', '/v1/me/consultations', {
      token: other.token,
      headers: key(),
      body: { patientId: other.patientId, clinicId: a.clinicId, photoId },
    });
    expect(stolen.status).toBe(404);
    const thread = await ask(p.token, p.patientId, '', { text: undefined, photoId });
    expect(thread.preview).toBe('[图片]');
    expect(thread.messages[0].photoId).toBe(photoId);

    const path = `/v1/consultations/${thread.threadId}/photos/${photoId}`;
    for (const token of [p.token, serviceA.token, admin.token]) {
      const seen = await api.call('GET', path, { token });
      expect(seen.status, JSON.stringify(seen.body)).toBe(200);
      expect(Buffer.from(seen.body.dataBase64, 'base64').equals(PNG)).toBe(true);
      expect(seen.body.contentType).toBe('image/png');
    }
    for (const token of [other.token, serviceB.token, marketerA.token]) {
      expect((await api.call('GET', path, { token })).status).toBe(404);
    }
    // The same photo through another thread of the same account: not that thread's photo.
    const second = await ask(p.token, p.patientId, '另一个问题');
    const wrong = await api.call('GET', `/v1/consultations/${second.threadId}/photos/${photoId}`, { token: p.token });
    expect(wrong.status).toBe(404);
    // Sent once: it cannot be attached again.
    const twice = await api.call('POST', `/v1/me/consultations/${second.threadId}/messages`, {
      token: p.token,
      headers: key(),
      body: { photoId },
    });
    expect(twice.status).toBe(404);
  });

  it('refuses a photo above the limit with 413, and a body far above it before reading it', async () => {
    const p = await patient(api);
    const png = (size: number) => {
      const bytes = Buffer.alloc(size, 1);
      PNG.copy(bytes);
      return bytes.toString('base64');
    };
    const over = await upload(p.token, { contentType: 'image/png', dataBase64: png(1_500_300) });
    expect(over.status).toBe(413);
    expect(over.body.error.message).toBe('照片不能超过 1.5 MB');
    const far = await upload(p.token, { contentType: 'image/png', dataBase64: png(1_600_000) });
    expect(far.status).toBe(413);
    expect(far.body.error.message).toMatch(/^请求内容超过/);
    const fits = await upload(p.token, { contentType: 'image/png', dataBase64: png(1_500_000) });
    expect(fits.status, JSON.stringify(fits.body)).toBe(201);
  });
});

describe('consultation-closer job', () => {
  it('closes answered threads quiet for 7 days, leaves waiting and recent ones, and a second run closes nothing', async () => {
    const p = await patient(api);
    useClock(fixedClock('2046-03-01T09:00:00+08:00'));
    const quiet = await ask(p.token, p.patientId, '安静的问题');
    expect((await reply(serviceA.token, quiet.threadId)).status).toBe(201);
    const unanswered = await ask(p.token, p.patientId, '没人回的问题');
    useClock(fixedClock('2046-03-07T09:00:00+08:00'));
    const recent = await ask(p.token, p.patientId, '最近的问题');
    expect((await reply(serviceA.token, recent.threadId)).status).toBe(201);
    useClock(systemClock);

    const run = (at: string) => api.call('POST', '/v1/dev/jobs/consultation-closer', { body: { at } });
    const first = await run('2046-03-08T09:30:00+08:00');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.counts.closed).toBeGreaterThanOrEqual(1);
    const status = async (id: string) => (await api.call('GET', `/v1/me/consultations/${id}`, { token: p.token })).body;
    expect(await status(quiet.threadId)).toMatchObject({
      status: 'closed',
      closedBy: 'quiet',
      closedAt: '2046-03-08T01:30:00.000Z',
    });
    expect((await status(unanswered.threadId)).status).toBe('waiting');
    expect((await status(recent.threadId)).status).toBe('answered');
    const second = await run('2046-03-08T09:30:00+08:00');
    expect(second.status).toBe(200);
    expect((await status(quiet.threadId)).closedAt).toBe('2046-03-08T01:30:00.000Z');
    expect((await status(recent.threadId)).status).toBe('answered');
  });
});

describe("the patient's rights (issue 10): export, deletion", () => {
  it('exports every thread with its messages and photo, and a deletion removes them all, photo objects included', async () => {
    const p = await patient(api, '权利咨询');
    const up = await api.call('POST', '/v1/me/consultations/photos', {
      token: p.token,
      headers: key(),
      body: { contentType: 'image/png', dataBase64: PNG.toString('base64') },
    });
    const photoId = up.body.photoId as string;
    const thread = await ask(p.token, p.patientId, '智齿发炎可以拔吗', { photoId });
    expect((await reply(serviceA.token, thread.threadId, '消炎后再拔')).status).toBe(201);

    const doc = (await api.call('GET', '/v1/me/export', { token: p.token })).body;
    expect(doc.explanations.consultations).toMatch(/在线咨询/);
    expect(doc.consultations).toHaveLength(1);
    const exported = doc.consultations[0];
    expect(exported).toMatchObject({ id: thread.threadId, patientId: p.patientId, status: 'answered' });
    expect(exported.messages.map((m: any) => m.text)).toEqual(['智齿发炎可以拔吗', '消炎后再拔']);
    expect(exported.photos).toEqual([
      expect.objectContaining({ photoId, contentType: 'image/png', dataBase64: PNG.toString('base64') }),
    ]);

    const gone = await api.call('DELETE', `/v1/me/patients/${p.patientId}`, { token: p.token });
    expect(gone.status, JSON.stringify(gone.body)).toBe(200);
    expect(await getThread(thread.threadId)).toBeUndefined();
    expect(await messagesOf(thread.threadId)).toEqual([]);
    expect(await getPhoto(photoId)).toBeUndefined();
    expect(await (await photoStore()).get(`consultations/${photoId}`)).toBeUndefined();
    expect((await api.call('GET', '/v1/me/consultations', { token: p.token })).body.items).toEqual([]);
    const staff = await api.call('GET', `/v1/consultations/${thread.threadId}`, { token: serviceA.token });
    expect(staff.status).toBe(404);
  });

  it('a merge hands the thread to the surviving record', async () => {
    const p = await patient(api, '合并咨询');
    const thread = await ask(p.token, p.patientId, '合并前的问题');
    const lead = await api.call('POST', '/v1/patients', {
      token: managerA.token,
      body: { name: '合并咨询', phone: uniquePhone(), channel: 'walk_in', clinicId: a.clinicId },
    });
    expect(lead.status, JSON.stringify(lead.body)).toBe(201);
    const merged = await api.call('POST', '/v1/patients/merges', {
      token: managerA.token,
      headers: key(),
      body: { survivorId: lead.body.id, mergedId: p.patientId, reason: '同一人' },
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(201);
    expect((await getThread(thread.threadId))?.patientId).toBe(lead.body.id);
    const staff = await api.call('GET', `/v1/consultations/${thread.threadId}`, { token: serviceA.token });
    expect(staff.body).toMatchObject({ patientId: lead.body.id, patientName: '合并咨询' });
  });
});
