import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { realWeChatClient } from '../../functions/lib/wechat';
import { localWeChatClient } from '../../functions/lib/wechat-local';
import { type SubscribeMessage, SubscribeSendError } from '../../functions/lib/wechat-subscribe';
import { type Answer, type Received, standInServer } from '../support/stand-in-server';

// subscribeMessage.send against a local stand-in for api.weixin.qq.com: the exact request, the cached
// and refreshed access token, and each errcode as the sender sees it.

const APP_ID = 'wx0123456789abcdef';
const APP_SECRET = 'very-secret-app-secret-7f3a9c';
const SEND = '/cgi-bin/message/subscribe/send';

const server = await standInServer();
afterAll(() => server.close());

const message: SubscribeMessage = {
  openid: 'o-patient-1',
  templateId: 'tpl-appointment',
  page: 'pages/appointments/index',
  data: {
    name1: { kind: 'name', value: '孙小美' },
    thing2: { kind: 'thing', value: '测试口腔门诊正畸科' },
    time3: { kind: 'time', value: '2031年4月10日 09:30' },
  },
};

/** A WeChat issuing TOKEN_1, TOKEN_2 … from stable_token and answering send with `send`. */
function weChat(send: (req: Received) => Answer) {
  let tokens = 0;
  server.route((req) => {
    if (req.path === '/cgi-bin/stable_token') {
      tokens++;
      return { json: { access_token: `TOKEN_${tokens}`, expires_in: 7200 } };
    }
    if (req.path === SEND) return send(req);
    return { status: 404 };
  });
}

const client = () => realWeChatClient({ appId: APP_ID, appSecret: APP_SECRET, baseUrl: server.url });
const sends = () => server.received.filter((r) => r.path === SEND);
const tokenFetches = () => server.received.filter((r) => r.path === '/cgi-bin/stable_token');

async function refusal(p: Promise<unknown>): Promise<SubscribeSendError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SubscribeSendError);
  return e as SubscribeSendError;
}

beforeEach(() => {
  server.received.length = 0;
});

describe('realWeChatClient.sendSubscribeMessage', () => {
  it('posts touser, template_id, page and each field as {value}, with the access token in the query', async () => {
    weChat(() => ({ json: { errcode: 0, errmsg: 'ok', msgid: 7788 } }));
    const out = await client().sendSubscribeMessage(message);
    expect(out).toEqual({ msgid: '7788' });
    const [send] = sends();
    expect(send?.method).toBe('POST');
    expect(Object.fromEntries(send?.query ?? [])).toEqual({ access_token: 'TOKEN_1' });
    expect(send?.body).toEqual({
      touser: 'o-patient-1',
      template_id: 'tpl-appointment',
      page: 'pages/appointments/index',
      data: {
        name1: { value: '孙小美' },
        thing2: { value: '测试口腔门诊正畸科' },
        time3: { value: '2031年4月10日 09:30' },
      },
      miniprogram_state: 'formal',
      lang: 'zh_CN',
    });
  });

  it('fetches the access token once for three sends', async () => {
    weChat(() => ({ json: { errcode: 0, errmsg: 'ok', msgid: 1 } }));
    const c = client();
    for (let i = 0; i < 3; i++) await c.sendSubscribeMessage(message);
    expect(tokenFetches()).toHaveLength(1);
    expect(sends()).toHaveLength(3);
  });

  it.each([40001, 42001])('fetches a new token and sends again once when WeChat answers %i', async (errcode) => {
    weChat((req) =>
      req.query.get('access_token') === 'TOKEN_1'
        ? { json: { errcode, errmsg: 'access_token invalid' } }
        : { json: { errcode: 0, errmsg: 'ok', msgid: 2 } },
    );
    const out = await client().sendSubscribeMessage(message);
    expect(out).toEqual({ msgid: '2' });
    expect(sends().map((r) => r.query.get('access_token'))).toEqual(['TOKEN_1', 'TOKEN_2']);
    expect(tokenFetches()).toHaveLength(2);
  });

  it('turns 43101 into a refusal that says the grant is used up', async () => {
    weChat(() => ({ json: { errcode: 43101, errmsg: 'user refuse to accept the msg rid: 1' } }));
    const e = await refusal(client().sendSubscribeMessage(message));
    expect(e.grantUsedUp).toBe(true);
    expect(e.errcode).toBe(43101);
    expect(e.reason).toBe('患者的微信订阅次数已用完或已拒收');
  });

  it.each([
    [47003, '订阅消息字段不符合微信要求'],
    [40003, '微信用户标识无效'],
    [40037, '订阅消息模板编号无效'],
    [99999, '微信拒绝发送订阅消息（错误码 99999）'],
  ])('maps errcode %i to a Chinese reason, not a used-up grant', async (errcode, reason) => {
    weChat(() => ({ json: { errcode, errmsg: `invalid something ${APP_SECRET}` } }));
    const e = await refusal(client().sendSubscribeMessage(message));
    expect(e).toMatchObject({ errcode, reason, grantUsedUp: false });
    expect(e.message).not.toContain(APP_SECRET);
  });

  it('says WeChat is unavailable, without the token or secret, when it answers HTTP 502', async () => {
    weChat(() => ({ status: 502, json: { oops: true } }));
    const e = await refusal(client().sendSubscribeMessage(message));
    expect(e).toMatchObject({ reason: '微信服务暂时不可用', errcode: undefined });
    expect(`${e.message} ${e.stack}`).not.toMatch(/TOKEN_1|very-secret/);
  });

  it('refuses a thing longer than 20 characters before calling WeChat', async () => {
    weChat(() => ({ json: { errcode: 0, msgid: 3 } }));
    const long = { ...message, data: { ...message.data, thing2: { kind: 'thing' as const, value: '一'.repeat(21) } } };
    const e = await refusal(client().sendSubscribeMessage(long));
    expect(e.reason).toContain('thing2：超过 20 个字符（21 个）');
    expect(server.received).toEqual([]);
  });
});

describe('localWeChatClient.sendSubscribeMessage', () => {
  it('keeps what it would send and answers a local msgid', async () => {
    const local = localWeChatClient();
    const out = await local.sendSubscribeMessage(message);
    expect(out.msgid).toBe('local-wx-1');
    expect(local.subscribeSent).toEqual([message]);
  });

  it('applies the same field rules as WeChat', async () => {
    const local = localWeChatClient();
    const bad = { ...message, data: { time3: { kind: 'time' as const, value: '明天上午' } } };
    await refusal(local.sendSubscribeMessage(bad));
    expect(local.subscribeSent).toEqual([]);
  });
});
