import type { ErrorBody } from '@shared/errors';
import { MAX_PAGE } from '@shared/paging';
import { type PathParams, pathFor, type RouteDef } from '@shared/routes';
import type { ListResult } from '@shared/schemas/common';
import Taro from '@tarojs/taro';
import { showErrorMessage } from '../utils/error-messages-lazy';
import { keyFor, settleKey } from './idempotency-keys';
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

  /** No answer came (offline, timeout) or the server could not answer: trying again may work. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

export const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';
export const UNAVAILABLE_MESSAGE = '服务暂时不可用，请稍后重试';

type Query = Record<string, string | number | undefined>;

/** A route's arguments: its path parameters (required when the path has any), query and body. */
export type CallArgs<P extends string> = ([PathParams<P>] extends [never]
  ? { params?: undefined }
  : { params: Record<PathParams<P>, string> }) & {
  query?: Query;
  body?: unknown;
  /** A 401 clears the session but stays on the page (a campaign's landing page signs in again). */
  keepPage?: boolean;
  /** A call that works longer (a spreadsheet import's run): how long to wait for its answer. */
  timeoutMs?: number;
};

let redirecting = false;

function goLogin(): void {
  if (redirecting) return;
  redirecting = true;
  Taro.reLaunch({ url: '/pages/login/index' }).finally(() => {
    redirecting = false;
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One call to a route of the shared table: JSON in, JSON out, ApiError on anything else.
 * A creating POST carries an Idempotency-Key made once per action (the same route, path and body)
 * and reused by every retry until an answer arrives, so a registration whose answer was lost is not
 * refused as a duplicate of itself. Reads and creations are retried once when no answer came.
 */
export async function call<T, R extends RouteDef = RouteDef>(
  route: R,
  ...[args]: [PathParams<R['path']>] extends [never] ? [CallArgs<R['path']>?] : [CallArgs<R['path']>]
): Promise<T> {
  const a = (args ?? {}) as CallArgs<string> & { params?: Record<string, string> };
  const url = pathFor(route, a.params ?? {}, a.query);
  const body = a.body === undefined && route.method !== 'GET' ? {} : a.body;
  const fingerprint = route.creates ? `${route.method} ${url}\n${JSON.stringify(body ?? null)}` : '';
  const headers: Record<string, string> = fingerprint ? { 'Idempotency-Key': keyFor(fingerprint) } : {};
  const retries = route.method === 'GET' || route.creates ? 1 : 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const out = await send<T>(route.method, url, body, headers, a.keepPage ?? false, a.timeoutMs);
      if (fingerprint) settleKey(fingerprint);
      return out;
    } catch (e) {
      const noAnswer = e instanceof ApiError && e.retryable;
      // A definite refusal ends the action: the next tap is a new one with a new key.
      if (fingerprint && !noAnswer) settleKey(fingerprint);
      if (!(noAnswer && e.status === 0 && attempt < retries)) throw e;
      await pause(800);
    }
  }
}

/** Every page of a list route (following nextCursor), up to `maxPages` pages of 100. */
export async function callAll<T, R extends RouteDef = RouteDef>(
  route: R,
  args: CallArgs<R['path']> = {} as CallArgs<R['path']>,
  maxPages = 10,
): Promise<ListResult<T>> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const query = { ...args.query, limit: MAX_PAGE, ...(cursor ? { cursor } : {}) };
    const r = await (call as (r: R, a: unknown) => Promise<ListResult<T>>)(route, { ...args, query });
    items.push(...r.items);
    cursor = r.nextCursor;
    if (!cursor) break;
  }
  return cursor ? { items, nextCursor: cursor } : { items };
}

async function send<T>(
  method: RouteDef['method'],
  path: string,
  data: unknown,
  headers: Record<string, string>,
  keepPage: boolean,
  timeout = 15000,
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
      timeout,
      dataType: 'json',
    });
  } catch (e) {
    console.warn('request failed', method, path, e);
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data as T;
  throw failure(res.statusCode, parseBody(res.data), keepPage);
}

/** The ApiError for a non-2xx answer; a 401 also ends the session. */
function failure(status: number, body: ErrorBody | undefined, keepPage = false): ApiError {
  if (status === 401) {
    clearSession();
    if (!keepPage) goLogin();
    return new ApiError(401, body?.error.code ?? 'UNAUTHENTICATED', '登录已过期，请重新登录');
  }
  // 5xx, or a proxy page / empty 502 without our error body: the API is not reachable.
  if (status >= 500) return new ApiError(status, body?.error.code ?? 'UPSTREAM_UNAVAILABLE', UNAVAILABLE_MESSAGE);
  if (!body) return new ApiError(status, 'HTTP_ERROR', `请求失败（${status}）`);
  return new ApiError(status, body.error.code, body.error.message, body.error.details);
}

/** The bytes of a GET answer (a QR code image, a CSV file) with its headers (lower-case names). */
export interface BinaryAnswer {
  data: ArrayBuffer;
  header: Record<string, string>;
}

/** A GET of a route whose answer is bytes, not JSON; ApiError on anything else. */
export async function callBinary<R extends RouteDef>(
  route: R,
  args: CallArgs<R['path']>,
  accept?: string,
): Promise<BinaryAnswer> {
  const a = args as CallArgs<string> & { params?: Record<string, string> };
  const path = pathFor(route, a.params ?? {}, a.query);
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
  throw failure(res.statusCode, body);
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

/** The Chinese message to show for a failed call. */
export function messageOf(e: unknown, fallback = '出错了，请稍后重试'): string {
  return e instanceof ApiError ? e.message : fallback;
}

/** A short Chinese toast for a failed call (long messages wrap on a modal instead). */
export function showError(e: unknown): void {
  showErrorMessage(messageOf(e));
}
