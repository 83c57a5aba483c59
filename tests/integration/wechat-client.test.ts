import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { realWeChatClient, type WeChatClient } from '../../functions/lib/wechat';
import { localWeChatClient } from '../../functions/lib/wechat-local';
import { AppError } from '../../shared/errors';

const APP_ID = 'wx0123456789abcdef';
const APP_SECRET = 'very-secret-app-secret-7f3a9c';
const SESSION_KEY = 'tiihtNczf5v6AKRyjwEUhQ==';
const TOKEN = 'ACCESS_TOKEN_1';

interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** What the stand-in WeChat answers: a status and a body (an object is sent as JSON), or 'hang'. */
type Reply = { status?: number; json?: unknown; text?: string } | 'hang';
type Route = (req: Received) => Reply;

let server: Server;
let baseUrl: string;
let received: Received[];
let route: Route;
const hanging = new Set<ServerResponse>();

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const r: Received = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      body: await readBody(req),
    };
    received.push(r);
    const reply = route(r);
    if (reply === 'hang') {
      hanging.add(res);
      return;
    }
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
    res.end(reply.text ?? JSON.stringify(reply.json));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

beforeEach(() => {
  received = [];
  route = () => ({ status: 500, text: 'no route set' });
});

afterEach(() => {
  for (const res of hanging) res.destroy();
  hanging.clear();
});

function client(extra: { timeoutMs?: number; now?: () => number } = {}): WeChatClient {
  return realWeChatClient({ appId: APP_ID, appSecret: APP_SECRET, baseUrl, ...extra });
}

/** A WeChat that issues TOKEN from stable_token and answers the phone API with `phone`. */
function phoneApi(phone: (req: Received) => Reply): Route {
  return (req) => {
    if (req.path === '/cgi-bin/stable_token') return { json: { access_token: TOKEN, expires_in: 7200 } };
    if (req.path === '/wxa/business/getuserphonenumber') return phone(req);
    return { status: 404, text: 'not found' };
  };
}

const phoneOk: Reply = {
  json: {
    errcode: 0,
    errmsg: 'ok',
    phone_info: {
      phoneNumber: '+86 13812341234',
      purePhoneNumber: '13812341234',
      countryCode: '86',
      watermark: { timestamp: 1, appid: APP_ID },
    },
  },
};

async function caught(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('realWeChatClient.code2Session', () => {
  it('sends appid, secret, js_code and grant_type to jscode2session as a GET', async () => {
    route = () => ({ json: { openid: 'o-abc', session_key: SESSION_KEY } });

    await client().code2Session('code-123');

    expect(received).toHaveLength(1);
    const [req] = received;
    expect(req?.method).toBe('GET');
    expect(req?.path).toBe('/sns/jscode2session');
    expect(Object.fromEntries(req?.query ?? [])).toEqual({
      appid: APP_ID,
      secret: APP_SECRET,
      js_code: 'code-123',
      grant_type: 'authorization_code',
    });
  });

  it('returns the openid, unionid and session key on success', async () => {
    route = () => ({ json: { openid: 'o-abc', unionid: 'u-xyz', session_key: SESSION_KEY } });

    const session = await client().code2Session('code-123');

    expect(session).toEqual({ openid: 'o-abc', unionid: 'u-xyz', sessionKey: SESSION_KEY });
  });

  it('turns errcode 40029 into WECHAT_CODE_INVALID', async () => {
    route = () => ({ json: { errcode: 40029, errmsg: 'invalid code' } });

    const err = await caught(client().code2Session('stale'));

    expect(err.code).toBe('WECHAT_CODE_INVALID');
    expect(err.details).toEqual({ errcode: 40029 });
  });

  it('turns errcode 40163 (code already used) into WECHAT_CODE_INVALID', async () => {
    route = () => ({ json: { errcode: 40163, errmsg: 'code been used' } });

    const err = await caught(client().code2Session('used'));

    expect(err.code).toBe('WECHAT_CODE_INVALID');
  });

  it('turns errcode 45011 into WECHAT_RATE_LIMITED', async () => {
    route = () => ({ json: { errcode: 45011, errmsg: 'api minute-quota reach limit' } });

    const err = await caught(client().code2Session('code-123'));

    expect(err.code).toBe('WECHAT_RATE_LIMITED');
  });

  it('turns errcode 40226 into WECHAT_RISKY_USER', async () => {
    route = () => ({ json: { errcode: 40226, errmsg: 'code blocked' } });

    const err = await caught(client().code2Session('code-123'));

    expect(err.code).toBe('WECHAT_RISKY_USER');
  });

  it('turns errcode -1 (system busy) into UPSTREAM_UNAVAILABLE', async () => {
    route = () => ({ json: { errcode: -1, errmsg: 'system error' } });

    const err = await caught(client().code2Session('code-123'));

    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.details).toEqual({ errcode: -1 });
  });

  it('turns an unknown errcode into UPSTREAM_UNAVAILABLE', async () => {
    route = () => ({ json: { errcode: 40013, errmsg: 'invalid appid' } });

    const err = await caught(client().code2Session('code-123'));

    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.message).toContain('40013');
  });

  it('gives up with UPSTREAM_UNAVAILABLE when WeChat never answers, within the timeout', async () => {
    route = () => 'hang';
    const started = Date.now();

    const err = await caught(client({ timeoutMs: 300 }).code2Session('code-123'));

    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.message).toBe('WeChat did not answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('turns a body that is not JSON into UPSTREAM_UNAVAILABLE', async () => {
    route = () => ({ text: '<html>502 Bad Gateway</html>' });

    const err = await caught(client().code2Session('code-123'));

    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.message).toContain('not JSON');
  });

  it('turns a non-2xx HTTP status into UPSTREAM_UNAVAILABLE', async () => {
    route = () => ({ status: 502, json: { openid: 'o-abc', session_key: SESSION_KEY } });

    const err = await caught(client().code2Session('code-123'));

    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.message).toContain('HTTP 502');
  });

  it('turns a refused connection into UPSTREAM_UNAVAILABLE', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as AddressInfo;
    probe.close();
    await once(probe, 'close');
    const closed = realWeChatClient({ appId: APP_ID, appSecret: APP_SECRET, baseUrl: `http://127.0.0.1:${port}` });

    const err = await caught(closed.code2Session('code-123'));

    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.message).toContain('network');
  });

  it('turns an answer without openid into UPSTREAM_UNAVAILABLE', async () => {
    route = () => ({ json: { session_key: SESSION_KEY } });

    const err = await caught(client().code2Session('code-123'));

    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('never puts the secret, the code or the session key in an error', async () => {
    const replies: Reply[] = [
      { json: { errcode: 40029, errmsg: `invalid code ${SESSION_KEY}` } },
      { json: { errcode: 40125, errmsg: `invalid appsecret ${APP_SECRET}` } },
      { status: 500, json: { session_key: SESSION_KEY } },
      { text: `not json ${APP_SECRET} ${SESSION_KEY}` },
      { json: { session_key: SESSION_KEY } },
      'hang',
    ];
    for (const reply of replies) {
      route = () => reply;

      const err = await caught(client({ timeoutMs: 300 }).code2Session('the-login-code'));

      const seen = `${err.message} ${JSON.stringify(err)} ${String(err.stack)} ${JSON.stringify(err.details)}`;
      expect(seen).not.toContain(APP_SECRET);
      expect(seen).not.toContain(SESSION_KEY);
      expect(seen).not.toContain('the-login-code');
      expect(err.cause).toBeUndefined();
    }
  });
});

describe('realWeChatClient.getPhoneNumber', () => {
  it('fetches a stable token with the app credentials, then posts the code with that token', async () => {
    route = phoneApi(() => phoneOk);

    await client().getPhoneNumber('phone-code-1');

    expect(received.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /cgi-bin/stable_token',
      'POST /wxa/business/getuserphonenumber',
    ]);
    expect(received[0]?.body).toEqual({ grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET });
    expect(Object.fromEntries(received[1]?.query ?? [])).toEqual({ access_token: TOKEN });
    expect(received[1]?.body).toEqual({ code: 'phone-code-1' });
  });

  it('returns the pure phone number and country code on success', async () => {
    route = phoneApi(() => phoneOk);

    const result = await client().getPhoneNumber('phone-code-1');

    expect(result).toEqual({ phone: '13812341234', countryCode: '86' });
  });

  it('fetches the access token once for three phone calls', async () => {
    route = phoneApi(() => phoneOk);
    const wechat = client();

    for (const code of ['c1', 'c2', 'c3']) await wechat.getPhoneNumber(code);

    expect(received.filter((r) => r.path === '/cgi-bin/stable_token')).toHaveLength(1);
    expect(received.filter((r) => r.path === '/wxa/business/getuserphonenumber')).toHaveLength(3);
  });

  it('shares one token fetch among concurrent callers', async () => {
    route = phoneApi(() => phoneOk);
    const wechat = client();

    await Promise.all(['c1', 'c2', 'c3', 'c4'].map((code) => wechat.getPhoneNumber(code)));

    expect(received.filter((r) => r.path === '/cgi-bin/stable_token')).toHaveLength(1);
  });

  it('fetches a new token once the cached one is within five minutes of expiry', async () => {
    route = phoneApi(() => phoneOk);
    let clock = 1_000_000;
    const wechat = client({ now: () => clock });

    await wechat.getPhoneNumber('c1');
    clock += (7200 - 301) * 1000;
    await wechat.getPhoneNumber('c2');
    const beforeMargin = received.filter((r) => r.path === '/cgi-bin/stable_token').length;
    clock += 2000;
    await wechat.getPhoneNumber('c3');

    expect(beforeMargin).toBe(1);
    expect(received.filter((r) => r.path === '/cgi-bin/stable_token')).toHaveLength(2);
  });

  it('refreshes the token once and retries when WeChat answers 40001', async () => {
    let tokens = 0;
    route = (req) => {
      if (req.path === '/cgi-bin/stable_token') {
        tokens++;
        return { json: { access_token: `TOKEN_${tokens}`, expires_in: 7200 } };
      }
      return req.query.get('access_token') === 'TOKEN_1'
        ? { json: { errcode: 40001, errmsg: 'invalid credential' } }
        : phoneOk;
    };

    const result = await client().getPhoneNumber('phone-code-1');

    expect(result.phone).toBe('13812341234');
    expect(received.map((r) => `${r.path} ${r.query.get('access_token') ?? ''}`)).toEqual([
      '/cgi-bin/stable_token ',
      '/wxa/business/getuserphonenumber TOKEN_1',
      '/cgi-bin/stable_token ',
      '/wxa/business/getuserphonenumber TOKEN_2',
    ]);
  });

  it('refreshes only once when the new token is rejected too', async () => {
    route = phoneApi(() => ({ json: { errcode: 42001, errmsg: 'access_token expired' } }));

    const err = await caught(client().getPhoneNumber('phone-code-1'));

    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(received.filter((r) => r.path === '/cgi-bin/stable_token')).toHaveLength(2);
    expect(received.filter((r) => r.path === '/wxa/business/getuserphonenumber')).toHaveLength(2);
  });

  it('turns errcode 40029 from the phone API into WECHAT_CODE_INVALID', async () => {
    route = phoneApi(() => ({ json: { errcode: 40029, errmsg: 'invalid code' } }));

    const err = await caught(client().getPhoneNumber('bad'));

    expect(err.code).toBe('WECHAT_CODE_INVALID');
  });

  it('turns a token endpoint failure into UPSTREAM_UNAVAILABLE and tries again on the next call', async () => {
    let failToken = true;
    route = (req) => {
      if (req.path === '/cgi-bin/stable_token') {
        return failToken
          ? { json: { errcode: 40125, errmsg: 'invalid appsecret' } }
          : { json: { access_token: TOKEN, expires_in: 7200 } };
      }
      return phoneOk;
    };
    const wechat = client();

    const err = await caught(wechat.getPhoneNumber('c1'));
    failToken = false;
    const result = await wechat.getPhoneNumber('c2');

    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(result.phone).toBe('13812341234');
  });

  it('never puts the secret or the access token in an error', async () => {
    route = phoneApi(() => ({ text: `oops ${TOKEN}` }));

    const err = await caught(client().getPhoneNumber('phone-code-1'));

    const seen = `${err.message} ${JSON.stringify(err)} ${String(err.stack)}`;
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(seen).not.toContain(APP_SECRET);
    expect(seen).not.toContain(TOKEN);
    expect(seen).not.toContain('phone-code-1');
  });
});

describe('localWeChatClient', () => {
  it("logs in a 'dev:<openid>' code as that openid with a session key", async () => {
    const session = await localWeChatClient().code2Session('dev:o-alice');

    expect(session.openid).toBe('o-alice');
    expect(session.sessionKey).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it('rejects a login code without the dev: prefix as WECHAT_CODE_INVALID', async () => {
    const err = await caught(localWeChatClient().code2Session('o-alice'));

    expect(err.code).toBe('WECHAT_CODE_INVALID');
  });

  it("rejects an empty 'dev:' login code as WECHAT_CODE_INVALID", async () => {
    const err = await caught(localWeChatClient().code2Session('dev:'));

    expect(err.code).toBe('WECHAT_CODE_INVALID');
  });

  it("verifies the phone in a 'dev:<11 digits>' phone code", async () => {
    const result = await localWeChatClient().getPhoneNumber('dev:13812341234');

    expect(result).toEqual({ phone: '13812341234', countryCode: '86' });
  });

  it('rejects a phone code that is not dev: and 11 digits as WECHAT_CODE_INVALID', async () => {
    for (const code of ['13812341234', 'dev:1381234123', 'dev:138123412345', 'dev:abc']) {
      const err = await caught(localWeChatClient().getPhoneNumber(code));

      expect(err.code).toBe('WECHAT_CODE_INVALID');
    }
  });
});
