import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSms, SmsError, type SmsProvider } from '../../functions/lib/sms';
import { sendDue } from '../../functions/messaging/sender-service';
import { type Api, uniquePhone } from '../support/api';
import { newDepartment, newSlotAt } from '../support/fixtures';
import { apiWithTeam, patientAccount } from '../support/people';

// Jobs and the outbox as a person or a test drives them on the local stack: run a job as of a moment
// (POST /v1/dev/jobs/{name} {at}), read what it queued (GET /v1/dev/outbox), send it.
// Every test that runs the outbox-sender lives in this one file: a sender sends every due message of
// the store, so two files running senders at once would send each other's messages.

let api: Api;

beforeAll(async () => {
  ({ api } = await apiWithTeam('ar', []));
});
afterAll(() => api.close());

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
      leaseMs: 200,
      step: (step) => {
        if (step === 'after-claim') throw new Error('crash');
      },
    });
    await expect(crash).rejects.toThrow('crash');
    const held = await sendDue(new Date('2032-06-02T10:00:00+08:00'), { sms });
    expect(held.claimed).toBe(0);
    await new Promise((r) => setTimeout(r, 250));
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
      leaseMs: 200,
      step: (step) => {
        if (step === 'after-provider') throw new Error('crash');
      },
    });
    await expect(crash).rejects.toThrow('crash');
    await new Promise((r) => setTimeout(r, 250));
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
