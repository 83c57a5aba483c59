import { describe, expect, it } from 'vitest';
import { isOptOutReply } from '../../functions/messaging/sms-reply-service';
import { consentHistoryOf } from '../../functions/patients/patient-repository';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { teamForFile } from '../support/people';

// The SMS provider's reply push (上行): R / T / TD / N / 退订 / 拒收 withdraws marketing consent for
// every profile on the phone, so the next greeting run leaves them out; a wrong token changes nothing.

const { api } = await teamForFile('smsr', []);
const TOKEN = process.env.SMS_REPLY_TOKEN as string;

/** An account holder and a child sharing the holder's phone, both agreeing to marketing, born on `birthDay` (MM-DD). */
async function family(tag: string, birthDay = '08-21') {
  const token = await api.login(uniqueOpenid(tag));
  const phone = uniquePhone();
  const holder = await api.call('POST', '/v1/me/patients', {
    token,
    body: {
      name: '家长',
      gender: 'female',
      birthDate: `1980-${birthDay}`,
      phone,
      relation: 'self',
      consents: { healthData: false, marketing: true },
    },
  });
  expect(holder.status).toBe(201);
  const child = await api.call('POST', '/v1/me/patients', {
    token,
    body: {
      name: '孩子',
      gender: 'male',
      birthDate: `2016-${birthDay}`,
      phone,
      relation: 'child',
      consents: { healthData: false, marketing: true, guardian: true },
    },
  });
  expect(child.status).toBe(201);
  return { token, phone, ids: [holder.body.id as string, child.body.id as string] };
}

const reply = (body: unknown, o: { token?: string; header?: string } = { token: TOKEN }) =>
  api.call('POST', `/v1/integrations/sms/replies${o.token ? `?token=${encodeURIComponent(o.token)}` : ''}`, {
    body,
    headers: o.header ? { 'x-sms-reply-token': o.header } : {},
  });

const push = (mobile: string, text: string) => ({
  extend: '',
  mobile,
  nationcode: '86',
  sign: '测试口腔',
  text,
  time: 1_900_000_000,
});

async function marketing(token: string): Promise<Record<string, boolean>> {
  const res = await api.call('GET', '/v1/me/patients', { token });
  return Object.fromEntries(
    (res.body.items as { id: string; consents: { marketing: boolean } }[]).map((p) => [p.id, p.consents.marketing]),
  );
}

const outbox = async (patientId: string) => (await api.call('GET', `/v1/dev/outbox?patientId=${patientId}`)).body.items;

describe('POST /v1/integrations/sms/replies', () => {
  it('withdraws marketing consent for both family profiles on the phone when the patient replies R', async () => {
    const f = await family('smsr-r');
    const res = await reply(push(f.phone, 'R'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: 0, errmsg: 'OK' });
    expect(await marketing(f.token)).toEqual({ [f.ids[0]!]: false, [f.ids[1]!]: false });
  });

  it('records the withdrawal in the consent history as coming from an SMS reply', async () => {
    const f = await family('smsr-history');
    await reply(push(`+86${f.phone}`, ' td '));
    for (const id of f.ids) {
      const last = (await consentHistoryOf(id)).at(-1);
      expect(last).toMatchObject({ source: 'sms_reply', changes: [{ kind: 'marketing', granted: false }] });
    }
  });

  it('stops the next birthday greeting run from planning for them', async () => {
    const f = await family('smsr-greet', '03-27');
    await reply([push(f.phone, '退订')]);
    const run = await api.call('POST', '/v1/dev/jobs/birthday-greeting', { body: { at: '2045-03-27T09:00:00+08:00' } });
    expect(run.status).toBe(200);
    expect(run.body.counts.noConsent).toBeGreaterThanOrEqual(2);
    expect(await outbox(f.ids[0]!)).toEqual([]);
    expect(await outbox(f.ids[1]!)).toEqual([]);
  });

  it('takes the token from a header as well, and a batch of replies', async () => {
    const a = await family('smsr-batch-a');
    const b = await family('smsr-batch-b');
    const res = await reply([push(a.phone, 'n'), push(b.phone, '拒收')], { header: TOKEN });
    expect(res.status).toBe(200);
    expect(Object.values(await marketing(a.token))).toEqual([false, false]);
    expect(Object.values(await marketing(b.token))).toEqual([false, false]);
  });

  it('ignores any other reply text', async () => {
    const f = await family('smsr-thanks');
    const res = await reply(push(f.phone, '谢谢提醒'));
    expect(res.body).toEqual({ result: 0, errmsg: 'OK' });
    expect(Object.values(await marketing(f.token))).toEqual([true, true]);
  });

  it('answers 401 in Chinese to a wrong or missing token and changes nothing, so the greeting still goes', async () => {
    const f = await family('smsr-forged', '11-19');
    const wrong = await reply(push(f.phone, 'R'), { token: `${TOKEN}x` });
    const missing = await reply(push(f.phone, 'R'), {});
    for (const res of [wrong, missing]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: '短信回调凭证无效' });
    }
    expect(Object.values(await marketing(f.token))).toEqual([true, true]);
    await api.call('POST', '/v1/dev/jobs/birthday-greeting', { body: { at: '2045-11-19T09:00:00+08:00' } });
    expect(await outbox(f.ids[0]!)).toHaveLength(1);
  });

  it('answers 400 to a push that is not a reply', async () => {
    const res = await reply({ hello: 'world' });
    expect(res.status).toBe(400);
  });
});

describe('isOptOutReply', () => {
  it.each(['R', 'r', ' T ', 'td', 'TD', 'N', '退订', ' 拒收', 'Ｒ'])('reads %j as an opt-out', (text) => {
    expect(isOptOutReply(text)).toBe(true);
  });

  it.each(['', 'RR', '好的', 'R 谢谢', 'TDD', '不要退订'])('reads %j as something else', (text) => {
    expect(isOptOutReply(text)).toBe(false);
  });
});
