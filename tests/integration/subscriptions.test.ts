import { describe, expect, it } from 'vitest';
import { config } from '../../functions/lib/config';
import { consumeGrant, exhaustGrant, grantsOf } from '../../functions/messaging/subscription-repository';
import { uniqueOpenid } from '../support/api';
import { teamForFile } from '../support/people';

// The WeChat subscribe-message grant ledger: what a patient's prompts reported, and sends spent once.

const { api } = await teamForFile('sub', []);
const APPT = config.WECHAT_TEMPLATE_APPOINTMENT;
const REVISIT = config.WECHAT_TEMPLATE_REVISIT;

async function account(tag: string) {
  const token = await api.login(uniqueOpenid(tag));
  const me = await api.call('GET', '/v1/me', { token });
  return { token, userId: me.body.id as string };
}

const report = (token: string, results: { templateId: string; result: string }[], headers?: Record<string, string>) =>
  api.call('POST', '/v1/me/subscriptions', { token, body: { results }, headers });
const mine = async (token: string) => (await api.call('GET', '/v1/me/subscriptions', { token })).body.items;
const item = (items: { kind: string }[], kind: string) => items.find((i) => i.kind === kind);

describe('GET /v1/me/subscriptions', () => {
  it('lists the service-notice templates (reminders, survey invitation, consultation reply) with their ids and titles, nothing granted yet', async () => {
    const { token } = await account('sub-new');
    const res = await api.call('GET', '/v1/me/subscriptions', { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        { kind: 'appointment', templateId: APPT, title: '就诊提醒', remaining: 0, banned: false },
        { kind: 'revisit', templateId: REVISIT, title: '复诊提醒', remaining: 0, banned: false },
        {
          kind: 'survey',
          templateId: config.WECHAT_TEMPLATE_SURVEY,
          title: '就诊评价邀请',
          remaining: 0,
          banned: false,
        },
        {
          kind: 'consultation_reply',
          templateId: config.WECHAT_TEMPLATE_CONSULT,
          title: '咨询回复通知',
          remaining: 0,
          banned: false,
        },
      ],
    });
  });

  it('answers 401 without a token', async () => {
    const res = await api.call('GET', '/v1/me/subscriptions');
    expect(res.status).toBe(401);
  });
});

describe('POST /v1/me/subscriptions', () => {
  it('adds one send per accept, over several prompts, and answers the ledger', async () => {
    const { token } = await account('sub-accept');
    const first = await report(token, [
      { templateId: APPT, result: 'accept' },
      { templateId: REVISIT, result: 'reject' },
    ]);
    expect(first.status).toBe(201);
    expect(item(first.body.items, 'appointment')).toMatchObject({ remaining: 1, banned: false });
    expect(item(first.body.items, 'revisit')).toMatchObject({ remaining: 0, banned: false });
    await report(token, [{ templateId: APPT, result: 'accept' }]);
    expect(item(await mine(token), 'appointment')).toMatchObject({ remaining: 2 });
  });

  it('marks a template banned, and an accept later lifts the ban', async () => {
    const { token } = await account('sub-ban');
    await report(token, [{ templateId: REVISIT, result: 'ban' }]);
    expect(item(await mine(token), 'revisit')).toMatchObject({ remaining: 0, banned: true });
    await report(token, [{ templateId: REVISIT, result: 'accept' }]);
    expect(item(await mine(token), 'revisit')).toMatchObject({ remaining: 1, banned: false });
  });

  it('refuses an unknown template with 400 in Chinese and records nothing of the report', async () => {
    const { token } = await account('sub-unknown');
    const res = await report(token, [
      { templateId: APPT, result: 'accept' },
      { templateId: 'not-our-template', result: 'accept' },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: '不认识的订阅消息模板' });
    expect(res.body.error.details.fields).toEqual([
      { path: 'results.1.templateId', message: '不是本小程序的订阅消息模板' },
    ]);
    expect(item(await mine(token), 'appointment')).toMatchObject({ remaining: 0 });
  });

  it('refuses a result WeChat does not give with 400 naming the field', async () => {
    const { token } = await account('sub-bad');
    const res = await report(token, [{ templateId: APPT, result: 'maybe' }]);
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0]).toEqual({
      path: 'results.0.result',
      message: '订阅结果应为 accept、reject 或 ban',
    });
  });

  it('counts a report retried with the same Idempotency-Key once', async () => {
    const { token } = await account('sub-idem');
    const headers = { 'idempotency-key': `sub-${Math.random()}` };
    const body = [{ templateId: APPT, result: 'accept' }];
    const [a, b] = [await report(token, body, headers), await report(token, body, headers)];
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(item(await mine(token), 'appointment')).toMatchObject({ remaining: 1 });
  });

  it("keeps each account's grants to itself", async () => {
    const one = await account('sub-one');
    const two = await account('sub-two');
    await report(one.token, [{ templateId: APPT, result: 'accept' }]);
    expect(item(await mine(two.token), 'appointment')).toMatchObject({ remaining: 0 });
  });
});

describe('the ledger', () => {
  it('lets ten senders at once spend three accepts exactly three times', async () => {
    const { token, userId } = await account('sub-race');
    const three = [1, 2, 3].map(() => ({ templateId: APPT, result: 'accept' }));
    await report(token, three);
    const spent = await Promise.all(Array.from({ length: 10 }, () => consumeGrant(userId, APPT)));
    expect(spent.filter(Boolean)).toHaveLength(3);
    expect(await grantsOf(userId)).toEqual([expect.objectContaining({ templateId: APPT, remaining: 0 })]);
  });

  it('spends nothing of an account that never accepted', async () => {
    const { userId } = await account('sub-none');
    expect(await consumeGrant(userId, APPT)).toBe(false);
    expect(await grantsOf(userId)).toEqual([]);
  });

  it('drops the count to 0 when WeChat says the grant is used up', async () => {
    const { token, userId } = await account('sub-43101');
    await report(token, [
      { templateId: REVISIT, result: 'accept' },
      { templateId: REVISIT, result: 'accept' },
    ]);
    await exhaustGrant(userId, REVISIT, '2031-01-01T00:00:00.000Z');
    expect(item(await mine(token), 'revisit')).toMatchObject({ remaining: 0 });
    expect(await consumeGrant(userId, REVISIT)).toBe(false);
  });
});
