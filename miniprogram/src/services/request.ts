import type { ErrorBody } from '@shared/errors';
import Taro from '@tarojs/taro';
import { clearSession, getToken } from './session';

// H5 is served by the API's own origin; weapp needs the full origin (urlCheck off locally).
const BASE = process.env.TARO_ENV === 'h5' ? '' : process.env.TARO_APP_API_BASE || '';

export interface FieldIssue {
  path: string;
  message: string;
}

/** An API answer that was not 2xx, or no answer at all (status 0, code NETWORK). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field messages of a 400 answer: details.fields = [{path, message}]. */
  get fields(): FieldIssue[] {
    const d = this.details as { fields?: unknown } | undefined;
    if (!d || !Array.isArray(d.fields)) return [];
    return d.fields
      .filter((f): f is FieldIssue => typeof f?.path === 'string' && typeof f?.message === 'string')
      .map((f) => ({ path: f.path, message: f.message }));
  }
}

export const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试（您填写的内容已保留）';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

let redirecting = false;

function goLogin(): void {
  if (redirecting) return;
  redirecting = true;
  Taro.reLaunch({ url: '/pages/login/index' }).finally(() => {
    redirecting = false;
  });
}

/** One call to the API under /v1: JSON in, JSON out, ApiError on anything else. */
export async function request<T>(
  method: Method,
  path: string,
  data?: unknown,
  headers?: Record<string, string>,
  /** keepPage: a 401 clears the session but stays on the page (a patient's landing page signs in again). */
  opts: { keepPage?: boolean } = {},
): Promise<T> {
  const token = getToken();
  const header: Record<string, string> = { 'Content-Type': 'application/json', ...headers };
  if (token) header.Authorization = `Bearer ${token}`;
  let res: Taro.request.SuccessCallbackResult;
  try {
    res = await Taro.request({
      url: `${BASE}${path}`,
      method,
      data: data === undefined ? undefined : (data as Record<string, unknown>),
      header,
      timeout: 15000,
      dataType: 'json',
    });
  } catch (e) {
    console.warn('request failed', method, path, e);
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
  }
  const { statusCode } = res;
  if (statusCode >= 200 && statusCode < 300) return res.data as T;
  const body = parseBody(res.data);
  if (statusCode === 401) {
    clearSession();
    if (!opts.keepPage) goLogin();
    throw new ApiError(401, body?.error.code ?? 'UNAUTHENTICATED', '登录已过期，请重新登录');
  }
  if (!body) {
    // A proxy page or an empty 502: the API is not reachable.
    const message =
      statusCode >= 500 ? '服务暂时不可用，请稍后重试（您填写的内容已保留）' : `请求失败（${statusCode}）`;
    throw new ApiError(statusCode, statusCode >= 500 ? 'UPSTREAM_UNAVAILABLE' : 'HTTP_ERROR', message);
  }
  const message = statusCode >= 500 ? '服务暂时不可用，请稍后重试（您填写的内容已保留）' : body.error.message;
  throw new ApiError(statusCode, body.error.code, message, body.error.details);
}

/** The bytes of a GET answer (a QR code image, a CSV file) with its headers (lower-case names). */
export interface BinaryAnswer {
  data: ArrayBuffer;
  header: Record<string, string>;
}

/** A GET whose answer is bytes, not JSON: the token is sent as for request(); ApiError on anything else. */
export async function requestBinary(path: string, accept?: string): Promise<BinaryAnswer> {
  const token = getToken();
  const header: Record<string, string> = accept ? { Accept: accept } : {};
  if (token) header.Authorization = `Bearer ${token}`;
  let res: Taro.request.SuccessCallbackResult;
  try {
    res = await Taro.request({
      url: `${BASE}${path}`,
      method: 'GET',
      header,
      timeout: 15000,
      responseType: 'arraybuffer',
    });
  } catch (e) {
    console.warn('request failed', 'GET', path, e);
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
  }
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries((res.header ?? {}) as Record<string, unknown>))
    lower[k.toLowerCase()] = String(v);
  if (res.statusCode >= 200 && res.statusCode < 300) return { data: res.data as ArrayBuffer, header: lower };
  let body: ErrorBody | undefined;
  try {
    if (typeof TextDecoder !== 'undefined') body = parseBody(new TextDecoder().decode(res.data as ArrayBuffer));
  } catch {
    body = undefined;
  }
  if (res.statusCode === 401) {
    clearSession();
    goLogin();
    throw new ApiError(401, body?.error.code ?? 'UNAUTHENTICATED', '登录已过期，请重新登录');
  }
  const message =
    res.statusCode >= 500 ? '服务暂时不可用，请稍后重试' : (body?.error.message ?? `请求失败（${res.statusCode}）`);
  throw new ApiError(res.statusCode, body?.error.code ?? 'HTTP_ERROR', message, body?.error.details);
}

function parseBody(data: unknown): ErrorBody | undefined {
  let d = data;
  if (typeof d === 'string') {
    try {
      d = JSON.parse(d);
    } catch {
      return undefined;
    }
  }
  const e = (d as Partial<ErrorBody> | null)?.error;
  return e && typeof e.code === 'string' && typeof e.message === 'string' ? (d as ErrorBody) : undefined;
}

/** A short Chinese toast for a failed call (long messages wrap on a modal instead). */
export function showError(e: unknown): void {
  const message = e instanceof ApiError ? e.message : '出错了，请稍后重试';
  if (message.length > 14) {
    Taro.showModal({ title: '提示', content: message, showCancel: false, confirmText: '知道了' });
  } else {
    Taro.showToast({ title: message, icon: 'none', duration: 3000 });
  }
}
