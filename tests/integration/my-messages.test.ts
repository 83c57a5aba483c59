import { describe, expect, it } from 'vitest';
import { claimMessage, messageId, queueMessage, settleMessage } from '../../functions/messaging/outbox-repository';
import type { MessageKind } from '../../shared/schemas/messages';
import { profile, uniqueOpenid } from '../support/api';
import { TEST_CLINIC } from '../support/fixtures';
import { allPages, patientAccount, teamForFile } from '../support/people';

// 我的消息 (GET /v1/me/messages): what was sent to an account's profiles. Messages are put in the
// outbox and settled here one by one, by id: this file runs no sender (see outbox.test.ts).

const { api } = await teamForFile('mm', []);

/**
 * A message of a patient queued for `dueAt` and settled a minute later: sent, or skipped when `sent`
 * is false (settled either way, so no sender of another file ever finds it due).
 */
async function message(patientId: string, kind: MessageKind, dueAt: string, o: { sent?: boolean; text?: string } = {}) {
  const id = messageId(kind, patientId, dueAt.slice(0, 10));
  const text = o.text ?? `【测试口腔】${kind} ${dueAt}`;
  await queueMessage({
    id,
    kind,
    occasion: dueAt.slice(0, 10),
    patientId,
    clinicId: TEST_CLINIC,
    text,
    marketing: kind === 'birthday' || kind === 'holiday',
    dueAt,
    createdAt: dueAt,
  });
  expect(await claimMessage(id, 'mm-lease', 30_000)).toBeDefined();
  const at = new Date(new Date(dueAt).getTime() + 60_000).toISOString();
  const settled =
    o.sent === false
      ? { status: 'skipped' as const, reason: '已过期' }
      : { status: 'sent' as const, channel: 'sms' as const, text, providerId: 'p1' };
  expect(await settleMessage(id, 'mm-lease', at, settled)).toBe(true);
  return id;
}

/** An account with two profiles (self and a parent). */
async function family() {
  const self = await patientAccount(api, 'mm');
  const parent = await api.call('POST', '/v1/me/patients', {
    token: self.token,
    body: profile({ name: '孙大爷', relation: 'parent', birthDate: '1950-07-23' }),
  });
  expect(parent.status).toBe(201);
  return { token: self.token, selfId: self.patientId, parentId: parent.body.id as string };
}

describe('GET /v1/me/messages', () => {
  it('lists what was sent to every profile of the account, newest first, with whose it is', async () => {
    const f = await family();
    await message(f.selfId, 'appointment', '2033-01-10T10:00:00.000Z', { text: '【测试口腔】明天 9:30 就诊' });
    await message(f.parentId, 'birthday', '2033-01-12T01:00:00.000Z', { text: '【测试口腔】孙大爷生日快乐' });
    await message(f.selfId, 'revisit', '2033-01-11T02:00:00.000Z');

    const res = await api.call('GET', '/v1/me/messages', { token: f.token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((m: { kind: string }) => m.kind)).toEqual(['birthday', 'revisit', 'appointment']);
    expect(res.body.items[0]).toEqual({
      id: messageId('birthday', f.parentId, '2033-01-12'),
      kind: 'birthday',
      patientId: f.parentId,
      patientName: '孙大爷',
      channel: 'sms',
      status: 'sent',
      text: '【测试口腔】孙大爷生日快乐',
      dueAt: '2033-01-12T01:00:00.000Z',
      sentAt: '2033-01-12T01:01:00.000Z',
    });
    expect(res.body.items[2]).toMatchObject({ patientName: '孙小美', text: '【测试口腔】明天 9:30 就诊' });
    expect(res.body.nextCursor).toBeUndefined();
  });

  it('leaves out messages that were not sent', async () => {
    const f = await family();
    await message(f.selfId, 'appointment', '2033-02-10T10:00:00.000Z');
    await message(f.selfId, 'revisit', '2033-02-11T02:00:00.000Z', { sent: false });
    const res = await api.call('GET', '/v1/me/messages', { token: f.token });
    expect(res.body.items.map((m: { kind: string }) => m.kind)).toEqual(['appointment']);
  });

  it('answers one profile only with patientId', async () => {
    const f = await family();
    await message(f.selfId, 'appointment', '2033-03-10T10:00:00.000Z');
    await message(f.parentId, 'birthday', '2033-03-12T01:00:00.000Z');
    const res = await api.call('GET', `/v1/me/messages?patientId=${f.parentId}`, { token: f.token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((m: { patientId: string }) => m.patientId)).toEqual([f.parentId]);
  });

  it('pages through the family newest first with limit and nextCursor, each message once', async () => {
    const f = await family();
    const ids: string[] = [];
    for (let day = 10; day < 17; day++) {
      const who = day % 2 ? f.selfId : f.parentId;
      ids.push(await message(who, day % 3 ? 'appointment' : 'revisit', `2033-04-${day}T02:00:00.000Z`));
    }
    const { items, pages } = await allPages(api, '/v1/me/messages', f.token, 3);
    expect(pages).toBe(3);
    expect(items.map((m) => m.id)).toEqual(ids.reverse());
  });

  it("answers another account's patientId with 404, as for a missing one", async () => {
    const f = await family();
    await message(f.parentId, 'birthday', '2033-05-12T01:00:00.000Z');
    const stranger = await api.login(uniqueOpenid('mm-other'));
    const theirs = await api.call('GET', `/v1/me/messages?patientId=${f.parentId}`, { token: stranger });
    const missing = await api.call('GET', '/v1/me/messages?patientId=p_nobody', { token: stranger });
    expect(theirs.status).toBe(404);
    expect(theirs.body.error).toMatchObject({ code: 'NOT_FOUND', message: '没有找到该患者' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(theirs.body.error.message);
  });

  it('refuses a cursor it did not give with 400 in Chinese', async () => {
    const f = await family();
    const res = await api.call('GET', '/v1/me/messages?cursor=bm9wZQ', { token: f.token });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields).toEqual([{ path: 'cursor', message: '翻页位置无效，请从第一页重新开始' }]);
  });

  it('answers an account without profiles with an empty list, and no token with 401', async () => {
    const token = await api.login(uniqueOpenid('mm-empty'));
    expect((await api.call('GET', '/v1/me/messages', { token })).body).toEqual({ items: [] });
    expect((await api.call('GET', '/v1/me/messages')).status).toBe(401);
  });
});
