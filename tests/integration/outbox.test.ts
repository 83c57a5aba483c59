import { describe, expect, it } from 'vitest';
import type { SmsProvider } from '../../functions/lib/sms';
import type { WeChatClient } from '../../functions/lib/wechat';
import { clinicDate } from '../../shared/dates';
import { ownTables } from '../support/own-tables';

// Jobs and the outbox as a person or a test drives them on the local stack: run a job as of a moment
// (POST /v1/dev/jobs/{name} {at}), read what it queued (GET /v1/dev/outbox), send it.
// Every test that runs the outbox-sender lives in this one file, on tables of its own: a sender sends
// (or lets lapse) every due message of the store, so a sender on the shared tables would reach other
// files' messages (tests/e2e/messages.test.ts keeps a reminder 待发送).
await ownTables('outbox');
const { config } = await import('../../functions/lib/config');
const { localSms, SmsError } = await import('../../functions/lib/sms');
const { localWeChatClient } = await import('../../functions/lib/wechat-local');
const { SubscribeSendError } = await import('../../functions/lib/wechat-subscribe');
const { getMessage } = await import('../../functions/messaging/outbox-repository');
const { sendDue } = await import('../../functions/messaging/sender-service');
const { uniquePhone } = await import('../support/api');
const { newDepartment, newSlot, newSlotAt, TEST_CLINIC } = await import('../support/fixtures');
const { patientAccount, teamForFile } = await import('../support/people');

const {
  api,
  tokens: [doctor],
  staffIds: [doctorId],
} = await teamForFile('ar', ['doctor']);

/** A patient booked into a slot at `startsAt`; answers the appointment and the patient. */
async function booked(startsAt: string, dept: string, tag: string) {
  const slot = await newSlotAt(dept, startsAt);
  const { token, patientId } = await patientAccount(api, tag);
  const res = await api.call('POST', '/v1/appointments', { token, body: { patientId, slotId: slot } });
  expect(res.status).toBe(201);
  return { appointmentId: res.body.id as string, patientId, token };
}

const runJob = (name: string, at: string) => api.call('POST', `/v1/dev/jobs/${name}`, { body: { at } });
const outbox = async (patientId: string) => (await api.call('GET', `/v1/dev/outbox?patientId=${patientId}`)).body.items;

describe('appointment-reminder', () => {
  it("queues one reminder per booked appointment of tomorrow, reading only tomorrow's bookings", async () => {
    const dept = await newDepartment('R');
    const a = await booked('2031-04-10T09:30:00+08:00', dept, 'ar-a');
    const b = await booked('2031-04-10T14:00:00+08:00', dept, 'ar-b');
    await booked('2031-04-11T09:30:00+08:00', dept, 'ar-later');

    const run = await runJob('appointment-reminder', '2031-04-09T18:00:00+08:00');
    expect(run.status).toBe(200);
    expect(run.body.counts).toMatchObject({ read: 2, planned: 2 });

    const [message] = await outbox(a.patientId);
    expect(message).toMatchObject({
      id: `appointment#${a.patientId}#${a.appointmentId}`,
      kind: 'appointment',
      status: 'queued',
      patientId: a.patientId,
    });
    expect(message.text).toContain('4月10日 09:30');
    expect(await outbox(b.patientId)).toHaveLength(1);
  });

  it('queues nothing twice when the job runs again, or three times at once', async () => {
    const dept = await newDepartment('R');
    const a = await booked('2031-05-21T10:00:00+08:00', dept, 'ar-twice');
    const runs = await Promise.all([1, 2, 3].map(() => runJob('appointment-reminder', '2031-05-20T18:00:00+08:00')));
    expect(runs.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(runs.reduce((n, r) => n + r.body.counts.planned, 0)).toBe(1);
    const again = await runJob('appointment-reminder', '2031-05-20T18:05:00+08:00');
    expect(again.body.counts).toMatchObject({ planned: 0, alreadyPlanned: 1 });
    expect(await outbox(a.patientId)).toHaveLength(1);
  });

  it('leaves out an appointment cancelled before the job runs', async () => {
    const dept = await newDepartment('R');
    const a = await booked('2031-06-12T10:00:00+08:00', dept, 'ar-cancel');
    const cancel = await api.call('POST', `/v1/appointments/${a.appointmentId}/cancel`, { token: a.token });
    expect(cancel.status).toBe(200);
    const run = await runJob('appointment-reminder', '2031-06-11T18:00:00+08:00');
    expect(run.body.counts).toMatchObject({ read: 0, planned: 0 });
    expect(await outbox(a.patientId)).toEqual([]);
  });

  it('sends the reminder as an SMS signed by the clinic, once, when the sender runs', async () => {
    const dept = await newDepartment('R');
    const a = await booked('2031-07-08T11:00:00+08:00', dept, 'ar-send');
    await runJob('appointment-reminder', '2031-07-07T18:00:00+08:00');
    const sends = await Promise.all([
      runJob('outbox-sender', '2031-07-07T18:01:00+08:00'),
      runJob('outbox-sender', '2031-07-07T18:01:00+08:00'),
    ]);
    expect(sends.every((s) => s.status === 200)).toBe(true);
    const [message] = await outbox(a.patientId);
    expect(message).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(message.text.startsWith('【测试口腔门诊】')).toBe(true);
    expect(message.text).not.toContain('拒收请回复R');
    expect(message.sentAt).toBe('2031-07-07T10:01:00.000Z');
  });

  it('answers an unknown job with 404 in Chinese, and a bad moment with 400', async () => {
    const unknown = await runJob('no-such-job', '2031-01-01T09:00:00+08:00');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('没有找到该定时任务');
    const bad = await api.call('POST', '/v1/dev/jobs/appointment-reminder', { body: { at: '明天' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('at');
  });
});

/** A message queued straight into the outbox, as a planner would, for a patient of its own. */
async function queued(
  tag: string,
  o: {
    kind?: 'birthday' | 'appointment';
    dueAt: string;
    validUntil?: string;
    marketing?: boolean;
    phone?: string;
    consentMarketing?: boolean;
  },
) {
  const { queueMessage, messageId } = await import('../../functions/messaging/outbox-repository');
  const { patientId } = await patientAccount(api, tag, {
    consents: { healthData: false, marketing: o.consentMarketing ?? true },
    ...(o.phone ? { phone: o.phone } : {}),
  });
  const kind = o.kind ?? 'birthday';
  const id = messageId(kind, patientId, o.dueAt.slice(0, 10));
  await queueMessage({
    id,
    kind,
    patientId,
    clinicId: 'c_test',
    occasion: o.dueAt.slice(0, 10),
    marketing: o.marketing ?? kind === 'birthday',
    text: '祝您生日快乐！',
    dueAt: o.dueAt,
    validUntil: o.validUntil,
    createdAt: o.dueAt,
  });
  return { id, patientId };
}

const one = async (patientId: string) => (await outbox(patientId))[0];

describe('outbox-sender', () => {
  it('defers a message due in quiet hours to 09:00 and sends it then', async () => {
    const m = await queued('ob-quiet', { dueAt: '2032-03-01T22:30:00+08:00', validUntil: '2032-03-03T00:00:00+08:00' });
    await runJob('outbox-sender', '2032-03-01T22:31:00+08:00');
    expect(await one(m.patientId)).toMatchObject({ status: 'deferred', dueAt: '2032-03-02T01:00:00.000Z' });
    await runJob('outbox-sender', '2032-03-02T08:59:00+08:00');
    expect((await one(m.patientId)).status).toBe('deferred');
    await runJob('outbox-sender', '2032-03-02T09:00:00+08:00');
    expect(await one(m.patientId)).toMatchObject({ status: 'sent', sentAt: '2032-03-02T01:00:00.000Z' });
  });

  it('drops a greeting whose day has ended as skipped, with the reason', async () => {
    const m = await queued('ob-late', { dueAt: '2032-04-01T09:00:00+08:00', validUntil: '2032-04-02T00:00:00+08:00' });
    await runJob('outbox-sender', '2032-04-02T09:00:00+08:00');
    const msg = await one(m.patientId);
    expect(msg).toMatchObject({ status: 'skipped' });
    expect(msg.reason).toContain('时效');
  });

  it('sends no marketing message to a patient without marketing consent', async () => {
    const m = await queued('ob-noconsent', { dueAt: '2032-05-01T09:00:00+08:00', consentMarketing: false });
    await runJob('outbox-sender', '2032-05-01T09:01:00+08:00');
    const msg = await one(m.patientId);
    expect(msg.status).toBe('skipped');
    expect(msg.reason).toContain('营销');
  });

  it('sends nothing to a record erased after its message was queued (issue 10, deletion)', async () => {
    const m = await queued('ob-erased', { dueAt: '2032-05-03T09:00:00+08:00', kind: 'appointment' });
    const { putItem } = await import('../../functions/lib/store');
    const { getPatient, storedPatient } = await import('../../functions/patients/patient-repository');
    // Erased the way a deletion leaves it, with this message queued after the deletion's own pass.
    const p = (await getPatient(m.patientId))!;
    await putItem({
      ...storedPatient(p),
      name: '已删除',
      phoneEnc: '',
      phoneHash: '',
      maskedPhone: '',
      erasedAt: '2032-05-03T00:00:00.000Z',
    });
    await runJob('outbox-sender', '2032-05-03T09:01:00+08:00');
    expect(await one(m.patientId)).toMatchObject({ status: 'skipped', reason: '患者档案已删除' });
  });

  it('ends a marketing text with the opt-out words', async () => {
    const m = await queued('ob-optout', { dueAt: '2032-05-02T09:00:00+08:00' });
    await runJob('outbox-sender', '2032-05-02T09:01:00+08:00');
    const msg = await one(m.patientId);
    expect(msg.status).toBe('sent');
    expect(msg.text.endsWith('拒收请回复R')).toBe(true);
  });
});

describe('the sender under failure', () => {
  it('retries a provider failure with back-off and gives up after 3 tries as failed, with the reason', async () => {
    const m = await queued('ob-fail', { kind: 'appointment', dueAt: '2032-06-01T10:00:00+08:00', marketing: false });
    let tries = 0;
    const failing: SmsProvider = {
      name: 'failing',
      async send() {
        tries++;
        throw new SmsError('短信通道繁忙', false);
      },
    };
    await sendDue(new Date('2032-06-01T10:00:00+08:00'), { sms: failing });
    expect(await one(m.patientId)).toMatchObject({ status: 'queued', attempts: 1, dueAt: '2032-06-01T02:01:00.000Z' });
    await sendDue(new Date('2032-06-01T10:01:00+08:00'), { sms: failing });
    expect(await one(m.patientId)).toMatchObject({ status: 'queued', attempts: 2, dueAt: '2032-06-01T02:06:00.000Z' });
    await sendDue(new Date('2032-06-01T10:06:00+08:00'), { sms: failing });
    const last = await one(m.patientId);
    expect(last).toMatchObject({ status: 'failed', attempts: 3, reason: '短信通道繁忙' });
    expect(tries).toBe(3);
  });

  it('takes over a message whose sender died after claiming it, once the lease has ended', async () => {
    const m = await queued('ob-crash', { kind: 'appointment', dueAt: '2032-06-02T10:00:00+08:00', marketing: false });
    const sms = localSms();
    const crash = sendDue(new Date('2032-06-02T10:00:00+08:00'), {
      sms,
      leaseMs: 3000,
      step: (step) => {
        if (step === 'after-claim') throw new Error('crash');
      },
    });
    await expect(crash).rejects.toThrow('crash');
    const held = await sendDue(new Date('2032-06-02T10:00:00+08:00'), { sms });
    // Other files' visits queue survey invitations (skipped here, long expired): only this message matters.
    expect(held.sent).toBe(0);
    expect(sms.sent).toEqual([]);
    await new Promise((r) => setTimeout(r, 3100));
    const after = await sendDue(new Date('2032-06-02T10:00:30+08:00'), { sms });
    expect(after.sent).toBe(1);
    expect(sms.sent.map((x) => x.reference)).toEqual([m.id]);
    expect((await one(m.patientId)).status).toBe('sent');
  });

  it('sends twice only when the sender dies between the provider accepting and the mark', async () => {
    const m = await queued('ob-window', { kind: 'appointment', dueAt: '2032-06-03T10:00:00+08:00', marketing: false });
    const sms = localSms();
    const crash = sendDue(new Date('2032-06-03T10:00:00+08:00'), {
      sms,
      leaseMs: 3000,
      step: (step) => {
        if (step === 'after-provider') throw new Error('crash');
      },
    });
    await expect(crash).rejects.toThrow('crash');
    await new Promise((r) => setTimeout(r, 3100));
    await sendDue(new Date('2032-06-03T10:00:30+08:00'), { sms });
    expect(sms.sent.filter((x) => x.reference === m.id)).toHaveLength(2);
    expect(await one(m.patientId)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('lets two senders at once send a message once', async () => {
    const m = await queued('ob-two', { kind: 'appointment', dueAt: '2032-06-04T10:00:00+08:00', marketing: false });
    const sms = localSms();
    const at = new Date('2032-06-04T10:00:00+08:00');
    const [x, y] = await Promise.all([sendDue(at, { sms }), sendDue(at, { sms })]);
    expect(x.sent + y.sent).toBe(1);
    expect(sms.sent.filter((s) => s.reference === m.id)).toHaveLength(1);
  });

  it('sends at most one marketing message a week to one phone, even to two family profiles sharing it', async () => {
    const token = await api.login(`ob-family-${Date.now()}`);
    const holder = await api.call('POST', '/v1/me/patients', { token, body: profileWith('家长', 'self') });
    expect(holder.status).toBe(201);
    const child = await api.call('POST', '/v1/me/patients', {
      token,
      body: {
        ...profileWith('孩子', 'child', '2018-03-03'),
        phone: holder.body.phone,
        consents: { healthData: false, marketing: true, guardian: true },
      },
    });
    expect(child.status).toBe(201);
    const { queueMessage } = await import('../../functions/messaging/outbox-repository');
    for (const p of [holder.body.id, child.body.id]) {
      await queueMessage({
        id: `birthday#${p}#2032`,
        kind: 'birthday',
        patientId: p,
        clinicId: 'c_test',
        occasion: '2032',
        marketing: true,
        text: '祝您生日快乐！',
        dueAt: '2032-06-05T09:00:00+08:00',
        createdAt: '2032-06-05T09:00:00+08:00',
      });
    }
    const sms = localSms();
    await sendDue(new Date('2032-06-05T09:00:00+08:00'), { sms });
    const statuses = [(await one(holder.body.id)).status, (await one(child.body.id)).status].sort();
    expect(statuses).toEqual(['sent', 'skipped']);
    expect(sms.sent).toHaveLength(1);
  });
});

function profileWith(name: string, relation: string, birthDate = '1985-05-05') {
  return {
    name,
    gender: 'female',
    birthDate,
    phone: uniquePhone(),
    relation,
    consents: { healthData: false, marketing: true },
  };
}

const APPT_TEMPLATE = config.WECHAT_TEMPLATE_APPOINTMENT;
const accept = (token: string, templateId = APPT_TEMPLATE, times = 1) =>
  api.call('POST', '/v1/me/subscriptions', {
    token,
    body: { results: Array.from({ length: times }, () => ({ templateId, result: 'accept' })) },
  });
const remaining = async (token: string, kind = 'appointment') =>
  ((await api.call('GET', '/v1/me/subscriptions', { token })).body.items as { kind: string; remaining: number }[]).find(
    (i) => i.kind === kind,
  )?.remaining;

/**
 * A reminder queued for a signed-in patient's account, with the values a planner keeps; planned for
 * another account (`plannedFor`), or for none (null), when the record's account was not known then.
 */
async function reminderFor(tag: string, at: string, vars: Record<string, string> = {}, plannedFor?: string | null) {
  const { queueMessage, messageId } = await import('../../functions/messaging/outbox-repository');
  const { token, patientId } = await patientAccount(api, tag);
  const accountId = (await api.call('GET', '/v1/me', { token })).body.id as string;
  const id = messageId('appointment', patientId, `a_${tag}`);
  const planned = plannedFor === undefined ? accountId : (plannedFor ?? undefined);
  await queueMessage({
    id,
    kind: 'appointment',
    patientId,
    clinicId: TEST_CLINIC,
    ...(planned ? { accountId: planned } : {}),
    occasion: `a_${tag}`,
    marketing: false,
    text: '孙小美您好，您已预约测试口腔门诊测试科就诊。',
    vars: {
      name: '孙小美',
      clinic: '测试口腔门诊',
      department: '测试科',
      time: '10:30',
      day: at.slice(0, 10),
      ...vars,
    },
    dueAt: at,
    createdAt: at,
  });
  return { id, token, patientId, accountId };
}

describe('WeChat subscribe messages', () => {
  it('sends a booked reminder as a WeChat subscribe message when the account accepted 就诊提醒, spending the accept', async () => {
    const dept = await newDepartment('W');
    const a = await booked('2031-08-12T10:30:00+08:00', dept, 'wx-send');
    expect((await accept(a.token)).status).toBe(201);
    await runJob('appointment-reminder', '2031-08-11T18:00:00+08:00');
    const send = await runJob('outbox-sender', '2031-08-11T18:01:00+08:00');
    expect(send.status).toBe(200);
    const [message] = await outbox(a.patientId);
    expect(message).toMatchObject({ status: 'sent', channel: 'wechat' });
    expect(message.text).toContain('8月12日 10:30');
    expect(await remaining(a.token)).toBe(0);
  });

  it('sends a second reminder by SMS once the accepts are used up', async () => {
    const dept = await newDepartment('W');
    const a = await booked('2031-08-14T09:00:00+08:00', dept, 'wx-second');
    const slot = await newSlotAt(dept, '2031-08-15T09:00:00+08:00');
    const second = await api.call('POST', '/v1/appointments', {
      token: a.token,
      body: { patientId: a.patientId, slotId: slot },
    });
    expect(second.status).toBe(201);
    await accept(a.token);
    await runJob('appointment-reminder', '2031-08-13T18:00:00+08:00');
    await runJob('outbox-sender', '2031-08-13T18:01:00+08:00');
    await runJob('appointment-reminder', '2031-08-14T18:00:00+08:00');
    await runJob('outbox-sender', '2031-08-14T18:01:00+08:00');
    const channels = (await outbox(a.patientId)).map((m: { channel: string; status: string }) => [m.status, m.channel]);
    expect(channels).toEqual([
      ['sent', 'sms'],
      ['sent', 'wechat'],
    ]);
  });

  it('sends the revisit reminder by WeChat when 复诊提醒 was accepted', async () => {
    const v = await visitWithRevisit('wx-revisit', '2031-08-20');
    await accept(v.token, config.WECHAT_TEMPLATE_REVISIT);
    await runJob('revisit-reminder', '2031-08-17T10:00:00+08:00');
    const wechat = localWeChatClient();
    await sendDue(new Date('2031-08-17T10:01:00+08:00'), { sms: localSms(), wechat });
    expect((await outbox(v.patientId))[0]).toMatchObject({ status: 'sent', channel: 'wechat' });
    const sent = wechat.subscribeSent.find((m) => m.templateId === config.WECHAT_TEMPLATE_REVISIT);
    expect(sent?.data).toEqual({
      name1: { kind: 'name', value: '孙小美' },
      thing2: { kind: 'thing', value: '测试口腔门诊测试科' },
      date3: { kind: 'date', value: '2031年8月20日' },
      thing4: { kind: 'thing', value: '可在小程序选择时间预约' },
    });
  });

  it('reaches the account holding the record when sending, not the one the message was planned for', async () => {
    // Planned with no account (a record claimed after its visit): the account holding it now accepted.
    const claimed = await reminderFor('wx-now', '2032-07-04T10:00:00+08:00', {}, null);
    await accept(claimed.token);
    // Planned for another account, which accepted too: it is not that account's record, so not its message.
    const other = await reminderFor('wx-other', '2032-07-04T10:00:00+08:00');
    await accept(other.token);
    const stale = await reminderFor('wx-stale', '2032-07-04T10:00:00+08:00', {}, other.accountId);
    const wechat = localWeChatClient();
    await sendDue(new Date('2032-07-04T10:00:00+08:00'), { sms: localSms(), wechat });
    expect(await one(claimed.patientId)).toMatchObject({ status: 'sent', channel: 'wechat' });
    expect(await remaining(claimed.token)).toBe(0);
    expect(await one(stale.patientId)).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(await one(other.patientId)).toMatchObject({ status: 'sent', channel: 'wechat' });
    // The other account's one accept went on its own reminder only.
    expect(wechat.subscribeSent).toHaveLength(2);
  });

  it('falls back to SMS in the same attempt when WeChat answers 43101, and sets the grant to 0', async () => {
    const m = await reminderFor('wx-43101', '2032-07-01T10:00:00+08:00');
    await accept(m.token, APPT_TEMPLATE, 2);
    const usedUp: WeChatClient = {
      ...localWeChatClient(),
      sendSubscribeMessage: async () => Promise.reject(SubscribeSendError.of(43101)),
    };
    const sms = localSms();
    await sendDue(new Date('2032-07-01T10:00:00+08:00'), { sms, wechat: usedUp });
    expect(await one(m.patientId)).toMatchObject({ status: 'sent', channel: 'sms', attempts: 1 });
    expect(sms.sent.map((x) => x.reference)).toContain(m.id);
    expect(await remaining(m.token)).toBe(0);
    const history = (await getMessage(m.id))?.history ?? [];
    expect(history.at(-1)?.note).toBe('患者的微信订阅次数已用完或已拒收，改发短信');
  });

  it('falls back to SMS, keeping the accept, when a field breaks WeChat’s rules', async () => {
    const m = await reminderFor('wx-fields', '2032-07-02T10:00:00+08:00', { time: '上午' });
    await accept(m.token);
    const wechat = localWeChatClient();
    await sendDue(new Date('2032-07-02T10:00:00+08:00'), { sms: localSms(), wechat });
    expect(await one(m.patientId)).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(wechat.subscribeSent).toEqual([]);
    expect(await remaining(m.token)).toBe(1);
    expect((await getMessage(m.id))?.history.at(-1)?.note).toContain('time3：时间须为 24 小时制');
  });

  it('falls back to SMS and gives the accept back when WeChat refuses for another reason', async () => {
    const m = await reminderFor('wx-refused', '2032-07-03T10:00:00+08:00');
    await accept(m.token);
    const refusing: WeChatClient = {
      ...localWeChatClient(),
      sendSubscribeMessage: async () => Promise.reject(SubscribeSendError.of(40003)),
    };
    await sendDue(new Date('2032-07-03T10:00:00+08:00'), { sms: localSms(), wechat: refusing });
    expect(await one(m.patientId)).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(await remaining(m.token)).toBe(1);
    expect((await getMessage(m.id))?.history.at(-1)?.note).toBe('微信用户标识无效，改发短信');
  });

  it('falls back to SMS and keeps the accept when the WeChat client cannot be had at all', async () => {
    const m = await reminderFor('wx-broken', '2032-07-06T10:00:00+08:00');
    await accept(m.token);
    const broken: WeChatClient = {
      ...localWeChatClient(),
      sendSubscribeMessage: async () => Promise.reject(new Error('WeChat app secret is not configured')),
    };
    await sendDue(new Date('2032-07-06T10:00:00+08:00'), { sms: localSms(), wechat: broken });
    expect(await one(m.patientId)).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(await remaining(m.token)).toBe(1);
    expect((await getMessage(m.id))?.history.at(-1)?.note).toBe('微信服务暂时不可用，改发短信');
  });

  it('never sends a greeting as a subscribe message, whatever the account accepted', async () => {
    const { queueMessage } = await import('../../functions/messaging/outbox-repository');
    const { token, patientId } = await patientAccount(api, 'wx-greet', {
      consents: { healthData: false, marketing: true },
    });
    const accountId = (await api.call('GET', '/v1/me', { token })).body.id as string;
    await accept(token, APPT_TEMPLATE);
    await accept(token, config.WECHAT_TEMPLATE_REVISIT);
    await queueMessage({
      id: `birthday#${patientId}#2032`,
      kind: 'birthday',
      patientId,
      clinicId: TEST_CLINIC,
      accountId,
      occasion: '2032',
      marketing: true,
      text: '孙小美您好，今天是您的生日！',
      vars: { name: '孙小美', clinic: '测试口腔门诊', day: '2032-07-04', time: '10:00' },
      dueAt: '2032-07-04T10:00:00+08:00',
      createdAt: '2032-07-04T10:00:00+08:00',
    });
    const wechat = localWeChatClient();
    await sendDue(new Date('2032-07-04T10:00:00+08:00'), { sms: localSms(), wechat });
    expect(await one(patientId)).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(wechat.subscribeSent).toEqual([]);
    expect([await remaining(token), await remaining(token, 'revisit')]).toEqual([1, 1]);
  });
});

describe('an SMS reply R', () => {
  it('makes the sender skip a greeting already queued for the phone', async () => {
    const m = await queued('ob-reply-r', { dueAt: '2032-07-05T09:00:00+08:00' });
    const { getPatient } = await import('../../functions/patients/patient-repository');
    const { decryptField } = await import('../../functions/lib/crypto');
    const phone = await decryptField((await getPatient(m.patientId))!.phoneEnc);
    const res = await api.call('POST', `/v1/integrations/sms/replies?token=${process.env.SMS_REPLY_TOKEN}`, {
      body: { mobile: phone, nationcode: '86', text: 'R', sign: '测试口腔', time: 1_900_000_000, extend: '' },
    });
    expect(res.status).toBe(200);
    await runJob('outbox-sender', '2032-07-05T09:01:00+08:00');
    expect(await one(m.patientId)).toMatchObject({ status: 'skipped', reason: '患者未同意接收营销信息' });
  });
});

// The planners' tests come last: their runs queue messages due before the moments the sender tests
// run as (the holiday runs, for every reachable patient in the store), which a sender would take.

/** A patient of the test clinic (or of no clinic yet) with a birth date, consenting to marketing or not. */
async function patientBorn(tag: string, birthDate: string, o: { marketing?: boolean; clinic?: boolean } = {}) {
  return (await accountBorn(tag, birthDate, o)).patientId;
}

async function accountBorn(tag: string, birthDate: string, o: { marketing?: boolean; clinic?: boolean } = {}) {
  return patientAccount(api, tag, {
    birthDate,
    consents: { healthData: false, marketing: o.marketing ?? true },
    ...(o.clinic ? { clinicId: TEST_CLINIC } : {}),
  });
}

/** A visit recorded today (booked, checked in, completed) whose next revisit date is `revisitOn`. */
async function visitWithRevisit(tag: string, revisitOn: string) {
  const dept = await newDepartment('V');
  const { token, patientId } = await patientAccount(api, tag);
  const appt = await api.call('POST', '/v1/appointments', { token, body: { patientId, slotId: await newSlot(dept) } });
  const ticket = await api.call('POST', `/v1/appointments/${appt.body.id}/check-in`, { token });
  const visit = await api.call('POST', '/v1/visits', {
    token: doctor,
    body: { ticketId: ticket.body.id, category: 'cleaning', chargeFen: 20_000, doctorId, nextRevisitDate: revisitOn },
  });
  expect(visit.status).toBe(201);
  return { patientId, token, dept, visitId: visit.body.id as string };
}

describe('revisit-reminder', () => {
  // A visit also queues its survey invitation (functions/surveys): these tests read the revisit reminders.
  const revisits = async (patientId: string) =>
    (await outbox(patientId)).filter((m: { kind: string }) => m.kind === 'revisit');

  it('queues a service reminder for a visit whose revisit is in 3 days, reading only the visits due that day', async () => {
    const due = await visitWithRevisit('rv-due', '2034-03-10');
    const later = await visitWithRevisit('rv-later', '2034-03-11');

    const run = await runJob('revisit-reminder', '2034-03-07T10:00:00+08:00');
    expect(run.status).toBe(200);
    expect(run.body.counts).toMatchObject({ read: 1, planned: 1, booked: 0 });

    const [message] = await revisits(due.patientId);
    const id = `revisit#${due.patientId}#${due.visitId}`;
    expect(message).toMatchObject({ id, kind: 'revisit', status: 'queued', clinicId: TEST_CLINIC });
    expect(message.text).toContain('测试口腔门诊测试科的下次就诊日期为3月10日');
    expect(await getMessage(id)).toMatchObject({
      marketing: false,
      occasion: due.visitId,
      dueAt: '2034-03-07T02:00:00.000Z',
      validUntil: '2034-03-10T16:00:00.000Z',
    });
    expect(await revisits(later.patientId)).toEqual([]);
  });

  it('leaves out a patient who has booked already', async () => {
    const v = await visitWithRevisit('rv-booked', '2034-04-20');
    const slot = await newSlotAt(v.dept, '2034-04-19T10:00:00+08:00');
    const booking = await api.call('POST', '/v1/appointments', {
      token: v.token,
      body: { patientId: v.patientId, slotId: slot },
    });
    expect(booking.status).toBe(201);

    const run = await runJob('revisit-reminder', '2034-04-17T10:00:00+08:00');
    expect(run.body.counts).toMatchObject({ read: 1, planned: 0, booked: 1 });
    expect(await revisits(v.patientId)).toEqual([]);
  });

  it('reminds a patient whose booking was cancelled', async () => {
    const v = await visitWithRevisit('rv-cancelled', '2034-06-08');
    const slot = await newSlotAt(v.dept, '2034-06-08T10:00:00+08:00');
    const booking = await api.call('POST', '/v1/appointments', {
      token: v.token,
      body: { patientId: v.patientId, slotId: slot },
    });
    await api.call('POST', `/v1/appointments/${booking.body.id}/cancel`, { token: v.token });

    const run = await runJob('revisit-reminder', '2034-06-05T10:00:00+08:00');
    expect(run.body.counts).toMatchObject({ read: 1, planned: 1, booked: 0 });
    expect(await revisits(v.patientId)).toHaveLength(1);
  });

  it('queues nothing twice when the job runs again, or three times at once', async () => {
    const v = await visitWithRevisit('rv-twice', '2034-05-15');
    const runs = await Promise.all([1, 2, 3].map(() => runJob('revisit-reminder', '2034-05-12T10:00:00+08:00')));
    expect(runs.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(runs.reduce((n, r) => n + r.body.counts.planned, 0)).toBe(1);
    const again = await runJob('revisit-reminder', '2034-05-12T10:05:00+08:00');
    expect(again.body.counts).toMatchObject({ planned: 0, alreadyPlanned: 1 });
    expect(await revisits(v.patientId)).toHaveLength(1);
  });
});

describe('birthday-greeting', () => {
  it('greets 29 February and 28 February birthdays on 28 February 2027, signed by the clinic or the group', async () => {
    const leap = await patientBorn('bd-leap', '2000-02-29');
    const eve = await patientBorn('bd-eve', '1990-02-28', { clinic: true });

    const run = await runJob('birthday-greeting', '2027-02-28T09:00:00+08:00');
    expect(run.status).toBe(200);
    expect(run.body.counts).toMatchObject({ read: 2, planned: 2, noConsent: 0 });

    const [greeting] = await outbox(leap);
    expect(greeting).toMatchObject({ id: `birthday#${leap}#2027`, kind: 'birthday', clinicId: 'unassigned' });
    expect(greeting.text).toBe(`孙小美您好，今天是您的生日，${config.GROUP_NAME}祝您生日快乐，身体健康！`);
    expect(await getMessage(greeting.id)).toMatchObject({
      marketing: true,
      occasion: '2027',
      validUntil: '2027-02-28T16:00:00.000Z',
    });
    const [other] = await outbox(eve);
    expect(other).toMatchObject({ id: `birthday#${eve}#2027`, clinicId: TEST_CLINIC });
    expect(other.text).toContain('测试口腔门诊祝您生日快乐');
  });

  it('plans nothing for a patient without marketing consent', async () => {
    const p = await patientBorn('bd-noconsent', '1985-11-07', { marketing: false });
    const run = await runJob('birthday-greeting', '2035-11-07T09:00:00+08:00');
    expect(run.body.counts).toMatchObject({ read: 1, planned: 0, noConsent: 1 });
    expect(await outbox(p)).toEqual([]);
  });

  it('plans a greeting for each of two family profiles sharing one phone', async () => {
    const token = await api.login(`bd-family-${Date.now()}`);
    const holder = await api.call('POST', '/v1/me/patients', {
      token,
      body: profileWith('家长', 'self', '1980-08-13'),
    });
    expect(holder.status).toBe(201);
    const child = await api.call('POST', '/v1/me/patients', {
      token,
      body: {
        ...profileWith('孩子', 'child', '2016-08-13'),
        phone: holder.body.phone,
        consents: { healthData: false, marketing: true, guardian: true },
      },
    });
    expect(child.status).toBe(201);

    const run = await runJob('birthday-greeting', '2035-08-13T09:00:00+08:00');
    expect(run.body.counts).toMatchObject({ read: 2, planned: 2 });
    expect((await outbox(holder.body.id)).map((m: { id: string }) => m.id)).toEqual([
      `birthday#${holder.body.id}#2035`,
    ]);
    expect((await outbox(child.body.id)).map((m: { id: string }) => m.id)).toEqual([`birthday#${child.body.id}#2035`]);
  });

  it('queues nothing twice when the job runs again, or three times at once', async () => {
    const p = await patientBorn('bd-twice', '1979-10-09');
    const runs = await Promise.all([1, 2, 3].map(() => runJob('birthday-greeting', '2036-10-09T09:00:00+08:00')));
    expect(runs.reduce((n, r) => n + r.body.counts.planned, 0)).toBe(1);
    const again = await runJob('birthday-greeting', '2036-10-09T09:30:00+08:00');
    expect(again.body.counts).toMatchObject({ read: 1, planned: 0, alreadyPlanned: 1 });
    expect(await outbox(p)).toHaveLength(1);
  });

  it('greets once a year when the birth date is corrected to a later day after the greeting', async () => {
    // This year: the record's edit below is dated now, and only an edit of the year counts.
    const year = clinicDate(new Date()).slice(0, 4);
    const { token, patientId } = await accountBorn('bd-moved', '1988-08-27');
    const first = await runJob('birthday-greeting', `${year}-08-27T09:00:00+08:00`);
    expect(first.body.counts).toMatchObject({ planned: 1 });
    const [greeted] = await outbox(patientId);
    expect(greeted).toMatchObject({ id: `birthday#${patientId}#${year}`, status: 'queued' });

    const fixed = await api.call('PATCH', `/v1/me/patients/${patientId}`, { token, body: { birthDate: '1988-11-17' } });
    expect(fixed.status).toBe(200);
    // The first run of the new day reads this record's greeting (its birth date changed this year)
    // and leaves the one already planned as it is.
    const moved = await runJob('birthday-greeting', `${year}-11-17T09:00:00+08:00`);
    expect(moved.body.counts).toMatchObject({ read: 1, planned: 0, alreadyPlanned: 1 });
    expect(await outbox(patientId)).toEqual([greeted]);

    // The next year, on the new day.
    const next = await runJob('birthday-greeting', `${Number(year) + 1}-11-17T09:00:00+08:00`);
    expect(next.body.counts).toMatchObject({ read: 1, planned: 1 });
  });
});

// A holiday run greets every reachable patient in the store, other files' too: these tests assert on
// their own patients' messages and on `planned` at least as many as theirs.
describe('holiday-greeting', () => {
  it('greets every reachable patient on 春节 2026-02-17, of a clinic and of no clinic yet', async () => {
    const ofClinic = await patientBorn('hd-clinic', '1970-01-05', { clinic: true });
    const ofNone = await patientBorn('hd-none', '1970-01-05');
    const unreachable = await patientBorn('hd-noconsent', '1970-01-05', { clinic: true, marketing: false });

    const run = await runJob('holiday-greeting', '2026-02-17T09:00:00+08:00');
    expect(run.status).toBe(200);
    expect(run.body.counts.planned).toBeGreaterThanOrEqual(2);
    expect(run.body.counts.noConsent).toBeGreaterThanOrEqual(1);
    expect(run.body.counts).not.toHaveProperty('officialScheduleMissing');

    const [fromClinic] = await outbox(ofClinic);
    expect(fromClinic).toMatchObject({ id: `holiday#${ofClinic}#2026-02-17`, kind: 'holiday', clinicId: TEST_CLINIC });
    expect(fromClinic.text).toBe('孙小美您好，测试口腔门诊祝您新春快乐，阖家幸福！');
    const [fromGroup] = await outbox(ofNone);
    expect(fromGroup).toMatchObject({ id: `holiday#${ofNone}#2026-02-17`, clinicId: 'unassigned' });
    expect(fromGroup.text).toBe(`孙小美您好，${config.GROUP_NAME}祝您新春快乐，阖家幸福！`);
    expect(await getMessage(fromGroup.id)).toMatchObject({
      marketing: true,
      occasion: '2026-02-17',
      validUntil: '2026-02-17T16:00:00.000Z',
    });
    expect(await outbox(unreachable)).toEqual([]);
  });

  it.each([
    ['端午', '2026-06-19', '端午安康'],
    ['中秋', '2026-09-25', '中秋快乐，阖家团圆'],
    ['全国爱牙日', '2026-09-20', '爱牙日快乐，笑口常开'],
  ])('greets on %s %s with its wish', async (_name, date, wish) => {
    const p = await patientBorn(`hd-${date}`, '1970-01-05', { clinic: true });
    const run = await runJob('holiday-greeting', `${date}T09:00:00+08:00`);
    expect(run.body.counts.planned).toBeGreaterThanOrEqual(1);
    const mine = (await outbox(p)).filter((m: { id: string }) => m.id === `holiday#${p}#${date}`);
    expect(mine).toHaveLength(1);
    expect(mine[0].text).toBe(`孙小美您好，测试口腔门诊祝您${wish}！`);
  });

  it('plans nothing on an ordinary day', async () => {
    const p = await patientBorn('hd-ordinary', '1970-01-05', { clinic: true });
    const run = await runJob('holiday-greeting', '2026-03-10T09:00:00+08:00');
    expect(run.body.counts).toMatchObject({ read: 0, planned: 0 });
    expect(await outbox(p)).toEqual([]);
  });

  it("still greets on 春节 2035 without that year's official schedule, and reports it missing", async () => {
    const p = await patientBorn('hd-2035', '1970-01-05', { clinic: true });
    const run = await runJob('holiday-greeting', '2035-02-08T09:00:00+08:00');
    expect(run.body.counts).toMatchObject({ officialScheduleMissing: 1 });
    const mine = (await outbox(p)).filter((m: { id: string }) => m.id === `holiday#${p}#2035-02-08`);
    expect(mine.map((m: { text: string }) => m.text)).toEqual(['孙小美您好，测试口腔门诊祝您新春快乐，阖家幸福！']);
  });

  it('queues nothing twice when the job runs again, or three times at once', async () => {
    const p = await patientBorn('hd-twice', '1970-01-05', { clinic: true });
    const runs = await Promise.all([1, 2, 3].map(() => runJob('holiday-greeting', '2033-01-01T09:00:00+08:00')));
    expect(runs.map((r) => r.status)).toEqual([200, 200, 200]);
    const again = await runJob('holiday-greeting', '2033-01-01T09:30:00+08:00');
    expect(again.body.counts.alreadyPlanned).toBeGreaterThanOrEqual(1);
    const mine = (await outbox(p)).filter((m: { id: string }) => m.id.startsWith('holiday#'));
    expect(mine.map((m: { id: string }) => m.id)).toEqual([`holiday#${p}#2033-01-01`]);
  });
});

describe('consultation reply notice (issue 11)', () => {
  /** A patient's question to the test clinic answered by its doctor at `at`: the queued notice's id. */
  async function answered(tag: string, at: string) {
    const { fixedClock, systemClock, useClock: setClock } = await import('../../functions/lib/clock');
    const { token, patientId } = await patientAccount(api, tag);
    const key = () => ({ 'idempotency-key': `${tag}-${Math.random()}` });
    setClock(fixedClock(at));
    try {
      const body = { patientId, clinicId: TEST_CLINIC, text: '种植牙术后可以喝热水吗' };
      const q = await api.call('POST', '/v1/me/consultations', { token, headers: key(), body });
      expect(q.status, JSON.stringify(q.body)).toBe(201);
      const r = await api.call('POST', `/v1/consultations/${q.body.threadId}/replies`, {
        token: doctor,
        headers: key(),
        body: { text: '术后24小时内请勿喝热水' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return { token, patientId, threadId: q.body.threadId as string };
    } finally {
      setClock(systemClock);
    }
  }

  it('goes as the 咨询回复通知 subscribe message when accepted, opening the thread, without the health content', async () => {
    const q = await answered('cq-wx', '2031-09-01T10:00:00+08:00');
    expect((await accept(q.token, config.WECHAT_TEMPLATE_CONSULT)).status).toBe(201);
    const wechat = localWeChatClient();
    await sendDue(new Date('2031-09-01T10:01:00+08:00'), { sms: localSms(), wechat });
    const [notice] = await outbox(q.patientId);
    expect(notice).toMatchObject({ kind: 'consultation_reply', status: 'sent', channel: 'wechat' });
    const sent = wechat.subscribeSent.find((m) => m.templateId === config.WECHAT_TEMPLATE_CONSULT)!;
    expect(sent.page).toBe(`me/consult-thread?id=${q.threadId}`);
    expect(sent.data).toEqual({
      thing1: { kind: 'thing', value: '测试口腔门诊' },
      thing2: { kind: 'thing', value: '已回复您的咨询，请在小程序中查看' },
    });
    expect(await remaining(q.token, 'consultation_reply')).toBe(0);
  });

  it('goes by SMS without a grant: a plain notice, no marketing consent needed, no health content', async () => {
    const q = await answered('cq-sms', '2031-09-02T10:00:00+08:00');
    const sms = localSms();
    await sendDue(new Date('2031-09-02T10:01:00+08:00'), { sms, wechat: localWeChatClient() });
    const [notice] = await outbox(q.patientId);
    expect(notice).toMatchObject({ kind: 'consultation_reply', status: 'sent', channel: 'sms' });
    const text = sms.sent.find((m) => m.reference === notice.id)!.text;
    expect(text).toContain('测试口腔门诊已回复您的咨询，请在小程序中查看。');
    expect(text).not.toMatch(/种植|热水|拒收/);
  });

  it('is not sent once the thread could have closed (7 quiet days after the reply): skipped, not sent late', async () => {
    const q = await answered('cq-late', '2031-09-03T10:00:00+08:00');
    const sms = localSms();
    await sendDue(new Date('2031-09-10T10:00:00+08:00'), { sms, wechat: localWeChatClient() });
    const [notice] = await outbox(q.patientId);
    expect(notice).toMatchObject({ kind: 'consultation_reply', status: 'skipped' });
    expect(sms.sent.filter((m) => m.reference === notice.id)).toEqual([]);
  });
});
