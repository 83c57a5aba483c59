import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { realWeChatClient } from '../../functions/lib/wechat';
import { localWeChatClient } from '../../functions/lib/wechat-local';

const SECRET = 'qr-test-app-secret-1234567890';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

let server: Server;
let base: string;
let seen: { path: string; query: URLSearchParams; body: any }[];
let qrAnswer: () => { type: string; body: Buffer | string };

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    seen.push({ path: url.pathname, query: url.searchParams, body: text ? JSON.parse(text) : undefined });
    if (url.pathname === '/cgi-bin/stable_token') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: `T${seen.length}`, expires_in: 7200 }));
      return;
    }
    const a = qrAnswer();
    res.writeHead(200, { 'content-type': a.type });
    res.end(a.body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
beforeEach(() => {
  seen = [];
});

const client = () => realWeChatClient({ appId: 'wxqr', appSecret: SECRET, baseUrl: base, timeoutMs: 1000 });
const request = { scene: 'cp_abc123', page: 'pages/campaign/index', h5Url: 'http://127.0.0.1:3000/#/x' };

describe('realWeChatClient.getUnlimitedQRCode', () => {
  it('posts the scene and page with the access token and returns the image bytes', async () => {
    qrAnswer = () => ({ type: 'image/png', body: PNG });
    const out = await client().getUnlimitedQRCode(request);
    expect(out).toEqual({ image: PNG, contentType: 'image/png' });
    const call = seen.find((s) => s.path === '/wxa/getwxacodeunlimit');
    expect(call?.query.get('access_token')).toMatch(/^T\d+$/);
    expect(call?.body).toEqual({
      scene: 'cp_abc123',
      page: 'pages/campaign/index',
      check_path: false,
      env_version: 'release',
    });
  });

  it('turns a JSON error answer into a domain error without the secret or token', async () => {
    qrAnswer = () => ({
      type: 'application/json',
      body: JSON.stringify({ errcode: 45009, errmsg: 'reach max api daily quota limit' }),
    });
    const err = await client()
      .getUnlimitedQRCode(request)
      .catch((e) => e);
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.details).toEqual({ errcode: 45009 });
    expect(JSON.stringify({ m: err.message, d: err.details })).not.toMatch(new RegExp(`${SECRET}|T\\d`));
  });

  it('refreshes the token once when WeChat says it expired', async () => {
    let n = 0;
    qrAnswer = () =>
      n++ === 0
        ? { type: 'application/json', body: JSON.stringify({ errcode: 42001 }) }
        : { type: 'image/png', body: PNG };
    const out = await client().getUnlimitedQRCode(request);
    expect(out.image).toEqual(PNG);
    expect(seen.filter((s) => s.path === '/cgi-bin/stable_token')).toHaveLength(2);
  });

  it('refuses a scene longer than 32 characters before calling WeChat', async () => {
    const err = await client()
      .getUnlimitedQRCode({ ...request, scene: 'x'.repeat(33) })
      .catch((e) => e);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(seen).toEqual([]);
  });
});

describe('localWeChatClient.getUnlimitedQRCode', () => {
  it('draws a standard PNG QR code of the H5 landing URL', async () => {
    const out = await localWeChatClient().getUnlimitedQRCode(request);
    expect(out.contentType).toBe('image/png');
    expect(out.image.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  });
});
