import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { realWeChatClient } from '../../functions/lib/wechat';
import { localWeChatClient, SEC_CHECK_FAILS, SEC_CHECK_RISKY_WORDS } from '../../functions/lib/wechat-local';
import { AppError } from '../../shared/errors';
import { type Answer, type Received, standInServer } from '../support/stand-in-server';

// msgSecCheck (v2) against a local stand-in for api.weixin.qq.com: the exact request, the verdicts,
// and every failure to get one thrown (the caller fails closed on it).

const CHECK = '/wxa/msg_sec_check';
const server = await standInServer();
afterAll(() => server.close());

function weChat(check: (req: Received) => Answer) {
  let tokens = 0;
  server.route((req) => {
    if (req.path === '/cgi-bin/stable_token') {
      tokens++;
      return { json: { access_token: `TOKEN_${tokens}`, expires_in: 7200 } };
    }
    if (req.path === CHECK) return check(req);
    return { status: 404 };
  });
}

const client = () =>
  realWeChatClient({ appId: 'wx0123456789abcdef', appSecret: 'secret-sec-check', baseUrl: server.url });
const checks = () => server.received.filter((r) => r.path === CHECK);
const input = { content: '拔牙后还疼正常吗', openid: 'o-patient-9', scene: 2 as const };

async function thrown(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

beforeEach(() => {
  server.received.length = 0;
});

describe('realWeChatClient.msgSecCheck', () => {
  it('posts content, version 2, scene and openid with the access token in the query, and answers the verdict', async () => {
    weChat(() => ({ json: { errcode: 0, errmsg: 'ok', result: { suggest: 'pass', label: 100 }, detail: [] } }));
    expect(await client().msgSecCheck(input)).toEqual({ suggest: 'pass', label: 100 });
    expect(checks()).toHaveLength(1);
    const [req] = checks();
    expect(req!.method).toBe('POST');
    expect(req!.query.get('access_token')).toBe('TOKEN_1');
    expect(req!.body).toEqual({ content: '拔牙后还疼正常吗', version: 2, scene: 2, openid: 'o-patient-9' });
  });

  it('answers risky and review as WeChat says', async () => {
    weChat(() => ({ json: { errcode: 0, result: { suggest: 'risky', label: 20001 } } }));
    expect(await client().msgSecCheck(input)).toEqual({ suggest: 'risky', label: 20001 });
    weChat(() => ({ json: { errcode: 0, result: { suggest: 'review', label: 21000 } } }));
    expect((await client().msgSecCheck(input)).suggest).toBe('review');
  });

  it('refreshes an expired token once and asks again', async () => {
    let calls = 0;
    weChat(() =>
      ++calls === 1 ? { json: { errcode: 42001 } } : { json: { errcode: 0, result: { suggest: 'pass' } } },
    );
    expect((await client().msgSecCheck(input)).suggest).toBe('pass');
    expect(checks().map((r) => r.query.get('access_token'))).toEqual(['TOKEN_1', 'TOKEN_2']);
  });

  it('throws on an errcode, an answer without a verdict, an HTTP error and a timeout: never a verdict', async () => {
    weChat(() => ({ json: { errcode: 87014, errmsg: 'risky content' } }));
    expect((await thrown(client().msgSecCheck(input))).code).toBe('UPSTREAM_UNAVAILABLE');
    weChat(() => ({ json: { errcode: 0, result: { suggest: 'maybe' } } }));
    expect((await thrown(client().msgSecCheck(input))).code).toBe('UPSTREAM_UNAVAILABLE');
    weChat(() => ({ status: 502 }));
    expect((await thrown(client().msgSecCheck(input))).code).toBe('UPSTREAM_UNAVAILABLE');
    // A WeChat that hands out a token and then never answers the check: the client gives up at its timeout.
    const silent = createServer((req, res) => {
      if (req.url?.startsWith('/cgi-bin/stable_token')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'T', expires_in: 7200 }));
      }
    });
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const base = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const never = realWeChatClient({ appId: 'wx1', appSecret: 's', baseUrl: base, timeoutMs: 300 });
      const e = await thrown(never.msgSecCheck(input));
      expect(e.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(e.message).toMatch(/within 300 ms/);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe('localWeChatClient.msgSecCheck (the stand-in)', () => {
  it('passes ordinary text, judges the fixed test words risky, and fails on the failure word', async () => {
    const local = localWeChatClient();
    expect((await local.msgSecCheck(input)).suggest).toBe('pass');
    for (const w of SEC_CHECK_RISKY_WORDS) {
      expect((await local.msgSecCheck({ ...input, content: `问一下${w}` })).suggest).toBe('risky');
    }
    expect((await thrown(local.msgSecCheck({ ...input, content: SEC_CHECK_FAILS }))).code).toBe('UPSTREAM_UNAVAILABLE');
  });
});
