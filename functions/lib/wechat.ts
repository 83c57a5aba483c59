// Over 300 lines on purpose: the one real WeChat client (sessions, phone numbers, access token, QR codes,
// subscribe messages, msgSecCheck), each call a short method over one token cache and one fetch.
import { AppError } from '../../shared/errors';
import { checkSubscribeFields } from '../../shared/messaging-rules';
import { errcodeOf, errorFor, isTimeout, type WeChatAnswer } from './wechat-errors';
import { type SubscribeMessage, SubscribeSendError, subscribeBody } from './wechat-subscribe';

export interface WeChatSession {
  openid: string;
  unionid?: string;
  sessionKey: string;
}

export interface WeChatClient {
  /** jscode2session: exchanges a wx.login code. */
  code2Session(code: string): Promise<WeChatSession>;
  /** getuserphonenumber: exchanges the getPhoneNumber button's code for the verified phone (purePhoneNumber). */
  getPhoneNumber(code: string): Promise<{ phone: string; countryCode: string }>;
  /**
   * getwxacodeunlimit: a mini-program code that opens `page` with `scene` (at most 32 characters).
   * The local stand-in draws a standard QR code of `h5Url` instead, so a phone can open the H5 page.
   */
  getUnlimitedQRCode(input: QrCodeRequest): Promise<{ image: Buffer; contentType: string }>;
  /**
   * subscribeMessage.send: one message under a template the patient accepted; answers WeChat's msgid.
   * Fields are checked against WeChat's rules first; any refusal is a SubscribeSendError.
   */
  sendSubscribeMessage(m: SubscribeMessage): Promise<{ msgid: string }>;
  /**
   * msgSecCheck (v2): WeChat's content-security verdict on a text a user wrote. Any failure to get a
   * verdict throws (UPSTREAM_UNAVAILABLE): the caller refuses the text then (fail closed).
   */
  msgSecCheck(input: SecCheckRequest): Promise<SecCheckVerdict>;
}

export interface SecCheckRequest {
  content: string;
  /** The writer's openid (WeChat requires a user who opened the mini-program within two hours). */
  openid: string;
  /** 1 资料, 2 评论, 3 论坛, 4 社交日志. */
  scene: 1 | 2 | 3 | 4;
}

export interface SecCheckVerdict {
  suggest: 'pass' | 'review' | 'risky';
  /** WeChat's label (100 normal, 20001 时政, 20002 色情 …). */
  label?: number;
}

const SEC_SUGGESTIONS = new Set(['pass', 'review', 'risky']);

export interface QrCodeRequest {
  scene: string;
  /** Mini-program page path without a leading slash or query, e.g. pages/campaign/index. */
  page: string;
  /** The same landing page on H5 (used by the local stand-in only). */
  h5Url: string;
  envVersion?: 'release' | 'trial' | 'develop';
}

/** WeChat's limits on a scene: at most 32 visible characters of this set. */
export const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

export interface RealWeChatOptions {
  appId: string;
  appSecret: string;
  /** Default https://api.weixin.qq.com */
  baseUrl?: string;
  /** Default 5000. */
  timeoutMs?: number;
  now?: () => number;
}

const DEFAULT_BASE_URL = 'https://api.weixin.qq.com';
const DEFAULT_TIMEOUT_MS = 5000;
/** A cached access token is replaced this long before WeChat says it expires. */
const TOKEN_MARGIN_MS = 5 * 60_000;
/** WeChat's "access_token invalid" and "access_token expired". */
const TOKEN_ERRCODES = new Set([40001, 42001]);

/** The client that calls WeChat's HTTP APIs. */
export function realWeChatClient(opts: RealWeChatOptions): WeChatClient {
  const base = (opts.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = opts.now ?? Date.now;

  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  /** One HTTP call answering bytes: an image on success, or JSON with an errcode. */
  async function callBinary(
    api: string,
    pathAndQuery: string,
    body: unknown,
  ): Promise<{ json: WeChatAnswer } | { image: Buffer; contentType: string }> {
    let res: Response;
    let bytes: Buffer;
    try {
      res = await fetch(`${base}${pathAndQuery}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      bytes = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      if (isTimeout(err)) {
        throw new AppError('UPSTREAM_UNAVAILABLE', `WeChat did not answer within ${timeoutMs} ms`, { api });
      }
      throw new AppError('UPSTREAM_UNAVAILABLE', 'WeChat could not be reached (network error)', { api });
    }
    if (res.status < 200 || res.status > 299) {
      throw new AppError('UPSTREAM_UNAVAILABLE', `WeChat ${api} answered HTTP ${res.status}`, {
        api,
        status: res.status,
      });
    }
    const contentType = res.headers.get('content-type') ?? '';
    if (contentType.startsWith('image/'))
      return { image: bytes, contentType: contentType.split(';')[0] ?? contentType };
    try {
      return { json: JSON.parse(bytes.toString('utf8')) as WeChatAnswer };
    } catch {
      throw new AppError('UPSTREAM_UNAVAILABLE', `WeChat ${api} answered with neither an image nor JSON`, { api });
    }
  }

  /** One HTTP call; every failure of transport or shape becomes UPSTREAM_UNAVAILABLE without the URL. */
  async function call(api: string, pathAndQuery: string, body?: unknown): Promise<WeChatAnswer> {
    let status: number;
    let text: string;
    try {
      const res = await fetch(`${base}${pathAndQuery}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      // The timeout covers reading the body too.
      text = await res.text();
    } catch (err) {
      // The cause is dropped on purpose: transport errors may quote the URL, which holds the secret or token.
      if (isTimeout(err)) {
        throw new AppError('UPSTREAM_UNAVAILABLE', `WeChat did not answer within ${timeoutMs} ms`, { api });
      }
      throw new AppError('UPSTREAM_UNAVAILABLE', 'WeChat could not be reached (network error)', { api });
    }
    if (status < 200 || status > 299) {
      throw new AppError('UPSTREAM_UNAVAILABLE', `WeChat ${api} answered HTTP ${status}`, { api, status });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AppError('UPSTREAM_UNAVAILABLE', `WeChat ${api} answered with a body that is not JSON`, { api });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new AppError('UPSTREAM_UNAVAILABLE', `WeChat ${api} answered with an unexpected body`, { api });
    }
    return parsed as WeChatAnswer;
  }

  function unexpected(api: string): AppError {
    return new AppError('UPSTREAM_UNAVAILABLE', `WeChat ${api} answered without the expected fields`, { api });
  }

  async function fetchToken(): Promise<string> {
    const api = 'stable_token';
    // Not force_refresh: the normal mode hands back the currently valid token, which is also what
    // an "invalid token" answer needs; force_refresh is rate-limited and would invalidate other holders.
    const answer = await call(api, '/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: opts.appId,
      secret: opts.appSecret,
    });
    const errcode = errcodeOf(answer);
    if (errcode !== 0) throw errorFor(errcode, api);
    const { access_token: token, expires_in: expiresIn } = answer;
    if (typeof token !== 'string' || token === '' || typeof expiresIn !== 'number') throw unexpected(api);
    cached = { token, refreshAt: now() + expiresIn * 1000 - TOKEN_MARGIN_MS };
    return token;
  }

  /** The cached token, or one fetch shared by every caller waiting for it. */
  function accessToken(): Promise<string> {
    if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
    if (!inFlight) {
      inFlight = fetchToken().finally(() => {
        inFlight = undefined;
      });
    }
    return inFlight;
  }

  /** Drops the cached token unless another caller already replaced it. */
  function forget(token: string): void {
    if (cached?.token === token) cached = undefined;
  }

  /**
   * Calls an API that takes the access token. A token WeChat calls invalid or expired (it may have
   * been replaced elsewhere) is dropped and the call is made once more with a fresh one.
   */
  async function withToken<T>(send: (token: string) => Promise<T>, errcodeIn: (answer: T) => number): Promise<T> {
    const token = await accessToken();
    const answer = await send(token);
    if (!TOKEN_ERRCODES.has(errcodeIn(answer))) return answer;
    forget(token);
    return send(await accessToken());
  }

  return {
    async code2Session(code) {
      const api = 'jscode2session';
      if (!code) throw errorFor(40029, api);
      const query = new URLSearchParams({
        appid: opts.appId,
        secret: opts.appSecret,
        js_code: code,
        grant_type: 'authorization_code',
      });
      const answer = await call(api, `/sns/jscode2session?${query}`);
      const errcode = errcodeOf(answer);
      if (errcode !== 0) throw errorFor(errcode, api);
      const { openid, unionid, session_key: sessionKey } = answer;
      if (typeof openid !== 'string' || openid === '' || typeof sessionKey !== 'string') throw unexpected(api);
      return typeof unionid === 'string' ? { openid, unionid, sessionKey } : { openid, sessionKey };
    },

    async getPhoneNumber(code) {
      const api = 'getuserphonenumber';
      if (!code) throw errorFor(40029, api);
      const answer = await withToken(
        (token) =>
          call(api, `/wxa/business/getuserphonenumber?${new URLSearchParams({ access_token: token })}`, { code }),
        errcodeOf,
      );
      const errcode = errcodeOf(answer);
      if (errcode !== 0) throw errorFor(errcode, api);
      const info = answer.phone_info as { purePhoneNumber?: unknown; countryCode?: unknown } | undefined;
      if (typeof info?.purePhoneNumber !== 'string' || info.purePhoneNumber === '') throw unexpected(api);
      return {
        phone: info.purePhoneNumber,
        countryCode: typeof info.countryCode === 'string' ? info.countryCode : '86',
      };
    },

    async getUnlimitedQRCode(input) {
      const api = 'getwxacodeunlimit';
      if (!SCENE_PATTERN.test(input.scene)) {
        throw new AppError('VALIDATION_FAILED', '二维码参数不正确（最多 32 个字符）');
      }
      const body = {
        scene: input.scene,
        page: input.page,
        check_path: false,
        env_version: input.envVersion ?? 'release',
      };
      const out = await withToken(
        (token) => callBinary(api, `/wxa/getwxacodeunlimit?${new URLSearchParams({ access_token: token })}`, body),
        (o) => ('image' in o ? 0 : errcodeOf(o.json)),
      );
      if ('image' in out) return out;
      const errcode = errcodeOf(out.json);
      throw errcode === 0 ? unexpected(api) : errorFor(errcode, api);
    },

    async sendSubscribeMessage(m) {
      const problems = checkSubscribeFields(m.data);
      if (problems.length > 0) throw new SubscribeSendError(`订阅消息字段不符合要求：${problems.join('；')}`);
      const body = subscribeBody(m);
      let answer: WeChatAnswer;
      try {
        answer = await withToken(
          (token) =>
            call(
              'subscribeMessage.send',
              `/cgi-bin/message/subscribe/send?${new URLSearchParams({ access_token: token })}`,
              body,
            ),
          errcodeOf,
        );
      } catch {
        // Transport and token failures: the AppError's English stays in the logs of whoever asked.
        throw new SubscribeSendError('微信服务暂时不可用');
      }
      const errcode = errcodeOf(answer);
      if (errcode !== 0) throw SubscribeSendError.of(errcode);
      return { msgid: String(answer.msgid ?? '') };
    },

    async msgSecCheck(input) {
      const api = 'msg_sec_check';
      const body = { content: input.content, version: 2, scene: input.scene, openid: input.openid };
      const answer = await withToken(
        (token) => call(api, `/wxa/msg_sec_check?${new URLSearchParams({ access_token: token })}`, body),
        errcodeOf,
      );
      const errcode = errcodeOf(answer);
      if (errcode !== 0) throw errorFor(errcode, api);
      const result = answer.result as { suggest?: unknown; label?: unknown } | undefined;
      if (typeof result?.suggest !== 'string' || !SEC_SUGGESTIONS.has(result.suggest)) throw unexpected(api);
      return {
        suggest: result.suggest as SecCheckVerdict['suggest'],
        ...(typeof result.label === 'number' ? { label: result.label } : {}),
      };
    },
  };
}
