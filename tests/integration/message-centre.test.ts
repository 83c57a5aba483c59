import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock, systemClock, useClock } from '../../functions/lib/clock';
import {
  claimMessage,
  getMessage,
  messageId,
  queueMessage,
  settleMessage,
} from '../../functions/messaging/outbox-repository';
import { settingsAuditTrail } from '../../functions/staff/settings-audit-repository';
import { messageKinds } from '../../shared/schemas/messages';
import { uniqueOpenid } from '../support/api';
import { TEST_CLINIC } from '../support/fixtures';
import { ownClinic } from '../support/own-clinic';
import { patientAccount, teamForFile } from '../support/people';

// The staff message centre: the day's messages by the byClinicDay index, resends, templates and
// their switches as the planners honour them. No sender runs here (they live in outbox.test.ts):
// messages are set failed by the repository, and dated 2040 and later, beyond any sender's moment.

const {
  api,
  tokens: [service, admin, frontdesk],
} = await teamForFile('mc', ['service', 'admin', 'frontdesk']);

afterEach(() => useClock(systemClock));

/** A staff member of a clinic of the test's own. */
async function staffOf(clinicId: string, role: string) {
  const res = await api.call('POST', '/v1/auth/dev', { body: { openid: uniqueOpenid(`mc-${role}`), role, clinicId } });
  expect(res.status).toBe(200);
  const me = await api.call('GET', '/v1/me', { token: res.body.token });
  return { token: res.body.token as string, staffId: me.body.staffId as string, name: me.body.name as string };
}

/** A message of a patient of `clinicId` queued as a planner would, due at `dueAt`; failed when asked. */
async function message(
  clinicId: string,
  dueAt: string,
  o: { failed?: boolean; validUntil?: string; kind?: 'birthday' | 'appointment' } = {},
) {
  const { patientId } = await patientAccount(api, 'mc-p', { name: '欧阳明月' });
  const kind = o.kind ?? 'appointment';
  const id = messageId(kind, patientId, `occ${Math.random().toString(36).slice(2, 8)}`);
  await queueMessage({
    id,
    kind,
    patientId,
    clinicId,
    occasion: id.split('#')[2]!,
    marketing: kind === 'birthday',
    text: '欧阳明月您好，您已预约明天就诊。',
    dueAt,
    validUntil: o.validUntil,
    createdAt: dueAt,
  });
  if (o.failed) {
    const lease = `lease-${id}`;
    expect(await claimMessage(id, lease, 60_000)).toBeDefined();
    expect(
      await settleMessage(id, lease, dueAt, { status: 'failed', reason: '运营商拒绝：号码停机', channel: 'sms' }),
    ).toBe(true);
  }
  return { id, patientId };
}

const path = (id: string) => `/v1/messages/${encodeURIComponent(id)}/resend`;

describe('the day of messages', () => {
  it("counts a clinic's day by kind, channel and status", async () => {
    const { clinicId } = await ownClinic('mcs', '计数口腔');
    await message(clinicId, '2040-03-02T10:00:00+08:00');
    await message(clinicId, '2040-03-02T11:00:00+08:00');
    await message(clinicId, '2040-03-02T12:00:00+08:00', { failed: true });
    await message(clinicId, '2040-03-02T10:00:00+08:00', { kind: 'birthday' });
    await message(clinicId, '2040-03-03T10:00:00+08:00');
    await message(TEST_CLINIC, '2040-03-02T10:00:00+08:00');

    const res = await api.call('GET', `/v1/messages/summary?clinicId=${clinicId}&date=2040-03-02`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      { kind: 'appointment', channel: 'sms', planned: 1, queued: 0, deferred: 0, sent: 0, failed: 1, skipped: 0 },
      { kind: 'appointment', channel: 'none', planned: 2, queued: 2, deferred: 0, sent: 0, failed: 0, skipped: 0 },
      { kind: 'birthday', channel: 'none', planned: 1, queued: 1, deferred: 0, sent: 0, failed: 0, skipped: 0 },
    ]);
  });

  it('warns in Chinese when the coming year has no State Council schedule yet, in December', async () => {
    const december = await api.call('GET', '/v1/messages/summary?date=2026-12-05', { token: service });
    expect(december.body.warnings).toContain(
      '2027 年国务院放假安排尚未收录，节日问候仍按农历和固定日期发送，调休日请人工核对',
    );
    const june = await api.call('GET', '/v1/messages/summary?date=2026-06-05', { token: service });
    expect(june.body.warnings.filter((w: string) => w.includes('国务院'))).toEqual([]);
  });

  it("defaults to today in the clinic's time zone and the caller's clinic", async () => {
    useClock(fixedClock('2040-04-07T23:30:00+08:00'));
    await message(TEST_CLINIC, '2040-04-07T20:00:00+08:00');
    const res = await api.call('GET', '/v1/messages/summary', { token: service });
    expect(res.body).toMatchObject({ clinicId: TEST_CLINIC, date: '2040-04-07' });
    expect(res.body.rows[0].planned).toBeGreaterThanOrEqual(1);
  });

  it('lists the day with names masked, status labels and reasons, filtered by status and kind, page by page', async () => {
    const { clinicId } = await ownClinic('mcl', '列表口腔');
    const manager = await staffOf(clinicId, 'manager');
    const failed = await message(clinicId, '2040-05-02T10:00:00+08:00', { failed: true });
    await message(clinicId, '2040-05-02T10:00:00+08:00');
    await message(clinicId, '2040-05-02T10:00:00+08:00', { kind: 'birthday' });

    const onlyFailed = await api.call('GET', '/v1/messages?date=2040-05-02&status=failed', { token: manager.token });
    expect(onlyFailed.status).toBe(200);
    expect(onlyFailed.body.items).toEqual([
      expect.objectContaining({
        id: failed.id,
        patientName: '欧**月',
        text: '欧**月您好，您已预约明天就诊。',
        status: 'failed',
        statusLabel: '发送失败',
        reason: '运营商拒绝：号码停机',
        channel: 'sms',
        resendable: true,
      }),
    ]);
    const birthdays = await api.call('GET', '/v1/messages?date=2040-05-02&kind=birthday', { token: manager.token });
    expect(birthdays.body.items.map((m: { kind: string }) => m.kind)).toEqual(['birthday']);
    const first = await api.call('GET', '/v1/messages?date=2040-05-02&limit=2', { token: manager.token });
    expect(first.body.items).toHaveLength(2);
    const second = await api.call('GET', `/v1/messages?date=2040-05-02&limit=2&cursor=${first.body.nextCursor}`, {
      token: manager.token,
    });
    expect(second.body.items).toHaveLength(1);
  });

  it("refuses another clinic's day to staff (403) and a wrong status (400), and lets the group admin read any", async () => {
    const { clinicId } = await ownClinic('mco', '别家口腔');
    const other = await api.call('GET', `/v1/messages?clinicId=${clinicId}`, { token: service });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe('只能查看本院的消息');
    const summary = await api.call('GET', `/v1/messages/summary?clinicId=${clinicId}`, { token: service });
    expect(summary.status).toBe(403);
    const bad = await api.call('GET', '/v1/messages?status=lost', { token: service });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].message).toBe('状态不正确');
    expect((await api.call('GET', `/v1/messages?clinicId=${clinicId}`, { token: admin })).status).toBe(200);
    expect((await api.call('GET', '/v1/messages', { token: frontdesk })).status).toBe(403);
  });
});

describe('resend', () => {
  it('puts a failed message back in the queue, due now, tries reset, with who resent it; audited', async () => {
    useClock(fixedClock('2040-06-01T15:00:00+08:00'));
    const { clinicId } = await ownClinic('mcr', '重发口腔');
    const manager = await staffOf(clinicId, 'manager');
    const m = await message(clinicId, '2040-06-01T10:00:00+08:00', {
      failed: true,
      validUntil: '2040-06-02T09:00:00+08:00',
    });
    const res = await api.call('POST', path(m.id), { token: manager.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: m.id, status: 'queued', attempts: 0, resendable: false });
    expect(res.body.reason).toBeUndefined();
    const stored = await getMessage(m.id);
    expect(stored?.dueAt).toBe('2040-06-01T07:00:00.000Z');
    expect(stored?.history.at(-1)).toEqual({
      at: '2040-06-01T07:00:00.000Z',
      status: 'queued',
      note: `由 ${manager.name} 重新发送`,
    });
    const trail = await settingsAuditTrail(clinicId);
    expect(trail).toEqual([
      expect.objectContaining({ subject: `message#${m.id}`, action: 'resend', actorStaffId: manager.staffId }),
    ]);
    const again = await api.call('POST', path(m.id), { token: manager.token });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('未发送失败的消息无需重发');
  });

  it('refuses a failed message past its validUntil with 409', async () => {
    useClock(fixedClock('2040-06-03T15:00:00+08:00'));
    const m = await message(TEST_CLINIC, '2040-06-03T10:00:00+08:00', {
      failed: true,
      validUntil: '2040-06-03T14:00:00+08:00',
    });
    const res = await api.call('POST', path(m.id), { token: service });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('已过时效，不能重发');
  });

  it("answers 404 for a missing id or another clinic's message, and 400 for a malformed id", async () => {
    const { clinicId } = await ownClinic('mcx', '他院口腔');
    const theirs = await message(clinicId, '2040-06-05T10:00:00+08:00', { failed: true });
    const other = await api.call('POST', path(theirs.id), { token: service });
    expect(other.status).toBe(404);
    expect(other.body.error.message).toBe('没有找到该消息');
    expect((await api.call('POST', path('appointment#p_nobody#a_none'), { token: service })).status).toBe(404);
    const bad = await api.call('POST', path('no-hash'), { token: service });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].message).toBe('消息编号不正确');
  });
});

describe('templates', () => {
  it('lists every kind with the signed preview, the opt-out tail for greetings and the SMS length', async () => {
    const { clinicId } = await ownClinic('mct', '晨光口腔');
    const manager = await staffOf(clinicId, 'manager');
    const res = await api.call('GET', '/v1/message-templates', { token: manager.token });
    expect(res.status).toBe(200);
    const kinds = res.body.items.map((t: { kind: string }) => t.kind);
    expect(kinds).toEqual([...messageKinds]);
    expect(kinds.slice(0, 4)).toEqual(['appointment', 'revisit', 'birthday', 'holiday']);
    const followup = res.body.items.find((t: { kind: string }) => t.kind === 'followup');
    expect(followup.preview).toBe(
      '【晨光口腔】王小明您好，您在晨光口腔的下次矫正复诊时间快到了，可在小程序选择合适的时间预约。',
    );
    const birthday = res.body.items[2];
    expect(birthday).toMatchObject({ clinicId, isDefault: true, enabled: true, variables: ['name', 'clinic'] });
    expect(birthday.preview).toBe(
      '【晨光口腔】王小明您好，今天是您的生日，晨光口腔祝您生日快乐，身体健康！ 拒收请回复R',
    );
    expect(birthday.smsLength).toBe(Array.from(birthday.preview).length);
    expect(birthday.smsParts).toBe(1);
    expect(res.body.items[0].preview.startsWith('【晨光口腔】王小明您好')).toBe(true);
    expect(res.body.items[0].preview.endsWith('拒收请回复R')).toBe(false);
    // A patient group's reminder is marketing too, and names its reason.
    const group = res.body.items.find((t: { kind: string }) => t.kind === 'group');
    expect(group).toMatchObject({ variables: ['name', 'clinic', 'reason'], smsParts: 1 });
    expect(group.preview).toBe(
      '【晨光口腔】王小明您好，晨光口腔提醒：建议每 6 个月洁牙一次，您已到洁牙时间。可在小程序预约。 拒收请回复R',
    );
  });

  it("saves a clinic's text, previews it and audits the change", async () => {
    const { clinicId } = await ownClinic('mce', '海岸口腔');
    const manager = await staffOf(clinicId, 'service');
    const text = '{name}您好，{clinic}祝您生日快乐！'.repeat(4);
    const res = await api.call('PUT', '/v1/message-templates/birthday', { token: manager.token, body: { text } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ kind: 'birthday', text, isDefault: false, enabled: true, smsParts: 2 });
    expect(res.body.preview).toContain('王小明您好，海岸口腔祝您生日快乐！王小明您好');
    const trail = await settingsAuditTrail(clinicId);
    expect(trail).toEqual([
      expect.objectContaining({
        subject: 'template#birthday',
        action: 'update',
        actorStaffId: manager.staffId,
        fields: ['text'],
      }),
    ]);
  });

  it('answers a text with unknown placeholders with 400 and the problems in Chinese', async () => {
    const res = await api.call('PUT', '/v1/message-templates/revisit', {
      token: service,
      body: { text: '{name}您好，{优惠}等您' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.problems).toEqual([
      '不认识的占位符 {优惠}，可用的有：{name}、{clinic}、{department}、{date}',
    ]);
  });

  it('answers an unknown kind with 404 in Chinese and an empty change with 400', async () => {
    const unknown = await api.call('PUT', '/v1/message-templates/nosuch', { token: service, body: { enabled: false } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('没有这种消息模板');
    const empty = await api.call('PUT', '/v1/message-templates/birthday', { token: service, body: {} });
    expect(empty.status).toBe(400);
  });

  it("refuses another clinic's templates to staff, and the group's own to all but the group admin", async () => {
    const { clinicId } = await ownClinic('mcg', '别院口腔');
    const other = await api.call('PUT', '/v1/message-templates/birthday', {
      token: service,
      body: { clinicId, enabled: false },
    });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe('只能修改本院的消息');
    const group = await api.call('GET', '/v1/message-templates?clinicId=unassigned', { token: service });
    expect(group.status).toBe(403);
    const asAdmin = await api.call('GET', '/v1/message-templates?clinicId=unassigned', { token: admin });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.items[0].preview.startsWith('【')).toBe(true);
  });
});
