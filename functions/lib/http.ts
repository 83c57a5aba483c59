// Over 300 lines on purpose: the one place a request becomes a service call (token and staff check,
// roles from the route table, body/query/path validation, idempotency, error answers, access log).
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { AppError, type ErrorBody, type ErrorCode, errorStatus, ForbiddenError, statusFor } from '../../shared/errors';
import {
  mayCall,
  type PathParams,
  pathParamNames,
  type RouteDef,
  type RouteName,
  type Routes,
  routeKey,
} from '../../shared/routes';
import { idParam } from '../../shared/schemas/common';
import { chineseMessages } from '../../shared/zod-messages';
import { assertActiveCaller } from '../auth/active-caller';
import { callerOf, logAccess, noteCaller } from './access-log';
import { clock } from './clock';
import type { Ctx, PublicCtx } from './context';
import { bodyHash, checkKeyLength, type KeyKeeper, scopedKeyHash } from './idempotency-key';
import { keyInTransaction } from './key-in-transaction';
import { logger } from './logger';
import { redactPii } from './redact';
import { bearer, type Caller, verifyToken } from './tokens';

// Every message a schema gives reaches a person: in Chinese, whatever zod would say by default.
z.config({ localeError: chineseMessages });

/** Bodies above this are refused before parsing (a profile is well under 4 KB). */
export const MAX_BODY_BYTES = 16 * 1024;

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** A public route's caller is known only when a valid token came along; elsewhere it is always known. */
type CtxOf<R extends RouteDef> = R['access'] extends 'public' ? PublicCtx : Ctx;

export interface Request<R extends RouteDef, B, Q, P = undefined> {
  ctx: CtxOf<R>;
  body: B;
  query: Q;
  params: Record<PathParams<R['path']>, string>;
  headers: Record<string, string | undefined>;
  /** What `verify` vouched for (a signed webhook: the sender it authenticated). */
  verified?: string;
  /** What the spec's `prefetch` read, alongside the check that a staff caller is still active. */
  prefetched: P;
}

/** What a service call answers with, when it is not plain JSON with status 200. */
export class Reply {
  constructor(
    readonly status: number,
    /** JSON-able data, a string (with contentType) or a Buffer (sent base64, e.g. a PNG). */
    readonly body: unknown,
    readonly contentType?: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

export interface EndpointSpec<R extends RouteDef, B, Q, O = unknown, P = undefined> {
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** A path parameter that is not a plain id (a message id carries '#'): its own schema. */
  params?: Partial<Record<PathParams<R['path']>, z.ZodType<string>>>;
  /** Status of a successful answer (201 for creations). */
  status?: number;
  /** A larger body limit than MAX_BODY_BYTES: a consultation photo, a spreadsheet upload. */
  maxBodyBytes?: number;
  /** Honour an Idempotency-Key header: a retried request gets the first answer, the work is done once. */
  idempotent?: boolean;
  /**
   * Keep the Idempotency-Key in the work's own transaction (key-in-transaction.ts) instead of
   * a record taken before the work and completed after it: only for work that ends in ONE `commit`. The function
   * turns what the service gives `commit` as its answer into the route's answer (true: that answer
   * itself, with the route's status).
   */
  // biome-ignore lint/suspicious/noExplicitAny: the service's answer is the service's business
  keyInTransaction?: true | ((answer: any) => O | Reply);
  /**
   * Keep the Idempotency-Key around the work instead (lib/idempotency.ts, the idempotency table):
   * named by the handler file, so a group none of whose routes keeps a key that way bundles none of it.
   */
  keptBy?: KeyKeeper;
  /**
   * A caller that signs its requests instead of holding a token (a hospital system's webhook): checked
   * over the body exactly as sent, before the body is read, so an unsigned sender learns nothing of it.
   * Answers what it vouches for (e.g. the sender's clinic); refuses by throwing (401).
   */
  verify?: (signed: { headers: Record<string, string | undefined>; rawText: string; now: Date }) => Promise<string>;
  /**
   * A hot path whose service reads (or conditionally claims) alongside the check that a staff
   * caller is still active, instead of after it: one round trip less. The service must settle
   * `ctx.activeCheck` before anything it writes stays; any answer waits for it, and a refusal wins.
   */
  overlapsActiveCheck?: boolean;
  /**
   * A first read of the work (no writes), sent together with the check that a staff caller is still
   * active instead of after it: one round trip less. `run` starts only once both have answered.
   */
  prefetch?: (req: Request<R, B, Q>) => Promise<P>;
  run: (req: Request<R, B, Q, P>) => Promise<O>;
}

export type RouteHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/**
 * A route's handler, carrying the route it serves and its spec: the contract test checks that the
 * published contract names the very schemas it validates with, and the compiler that it answers `O`.
 */
export type Endpoint<R extends RouteDef = RouteDef, O = unknown> = RouteHandler & {
  readonly route: R;
  // biome-ignore lint/suspicious/noExplicitAny: the inputs' types are the handler's own business here
  readonly spec: EndpointSpec<R, any, any, O, any>;
};

/** Turns any error into the API's error answer; 5xx hide their cause and are logged with the request id. */
export function errorResult(err: unknown, requestId: string): HttpResult {
  if (err instanceof AppError) {
    const status = statusFor(err.code);
    if (status >= 500) logger.error('server error', { requestId, code: err.code, message: redactPii(err.message) });
    const message = status >= 500 ? `服务暂时不可用，请稍后重试（请求编号 ${requestId}）` : err.message;
    return json(status, {
      error: {
        code: err.code,
        message,
        ...(err.details === undefined || status >= 500 ? {} : { details: err.details }),
      },
    } satisfies ErrorBody);
  }
  logger.error('unhandled error', {
    requestId,
    error:
      err instanceof Error
        ? { name: err.name, message: redactPii(err.message), stack: err.stack && redactPii(err.stack) }
        : redactPii(String(err)),
  });
  return json(500, { error: { code: 'INTERNAL', message: `服务暂时不可用，请稍后重试（请求编号 ${requestId}）` } });
}

export function json(statusCode: number, body: unknown): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

function allowed(route: RouteDef, caller: Caller | undefined): boolean {
  return route.access === 'public' || (caller !== undefined && mayCall(caller, route));
}

/** Zod issues as `{fields: [{path, message}]}`, naming each field. */
export function fieldDetails(error: z.ZodError): { fields: { path: string; message: string }[] } {
  return {
    fields: error.issues.map((i) => ({
      path: i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(',') : ''),
      message: i.message,
    })),
  };
}

function rawBodyOf(event: HttpEvent): Buffer | null {
  return event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body)) : null;
}

function parseBody(event: HttpEvent, limit = MAX_BODY_BYTES): unknown {
  const raw = rawBodyOf(event);
  if (raw && raw.byteLength > limit) {
    const size = limit >= 1024 * 1024 ? `${(limit / 1024 / 1024).toFixed(1)} MB` : `${limit / 1024} KB`;
    throw new AppError('PAYLOAD_TOO_LARGE', `请求内容超过 ${size}`, { limitBytes: limit });
  }
  if (!raw || raw.byteLength === 0) return undefined;
  const type = event.headers['content-type'];
  if (type && !/^application\/json\b/i.test(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 JSON 格式提交（Content-Type: application/json）');
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('MALFORMED_JSON', '请求内容不是有效的 JSON');
  }
}

const messages = { body: '请检查填写的内容', query: '查询参数不正确', params: '请求地址中的编号不正确' } as const;

/** A shared rule's issue names its own error code (HEALTH_CONSENT_REQUIRED …); plain schema issues name none. */
function ruleCode(issue: z.core.$ZodIssue): ErrorCode | undefined {
  const code = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
  return typeof code === 'string' && code in errorStatus ? (code as ErrorCode) : undefined;
}

function validate<T>(schema: z.ZodType<T>, value: unknown, where: keyof typeof messages): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const codes = parsed.error.issues.map(ruleCode);
  const code = codes[0] && codes.every((c) => c === codes[0]) ? codes[0] : 'VALIDATION_FAILED';
  // A shared rule's answer reads the same whether the schema or the service found it: the rule's words.
  const message = code === 'VALIDATION_FAILED' ? messages[where] : parsed.error.issues[0]!.message;
  throw new AppError(code, message, fieldDetails(parsed.error));
}

/** A route without a body takes none (an empty object is fine); one without a query takes no parameters. */
const noBody = z.strictObject({}).optional();
const noQuery = z.strictObject({});

/** Path parameters are parsed like a body: each one an id, or a 400 naming it. */
function paramsSchema(path: string, own: Record<string, z.ZodType<string> | undefined> = {}) {
  return z.strictObject(Object.fromEntries(pathParamNames(path).map((n) => [n, own[n] ?? idParam])));
}

/** Waits for both; the caller check's refusal wins over the read's. */
async function alongside<P>(check: Promise<void> | undefined, read: Promise<P>): Promise<P> {
  const [c, r] = await Promise.allSettled([check, read]);
  if (c.status === 'rejected') throw c.reason;
  if (r.status === 'rejected') throw r.reason;
  return r.value;
}

/** Builds the handler of one route: error mapping, body limits and JSON, auth from the route, zod input. */
export function endpoint<R extends RouteDef, B = undefined, Q = undefined, O = unknown, P = undefined>(
  route: R,
  spec: EndpointSpec<R, B, Q, O, P>,
): Endpoint<R, O> {
  // The route table says which routes create; the mini-program sends an Idempotency-Key to exactly those.
  if (Boolean(route.creates) !== Boolean(spec.idempotent))
    throw new Error(`${routeKey(route)}: a creating route is served by creating(), and only such a route`);
  if (spec.idempotent && !spec.keyInTransaction === !spec.keptBy)
    throw new Error(`${routeKey(route)}: a creating route keeps its key one way: keyInTransaction or keptBy`);
  const params = paramsSchema(route.path, spec.params);
  const run = async (req: Request<R, B, Q, P>) => {
    const out = await spec.run(req);
    return out instanceof Reply ? out : new Reply(spec.status ?? 200, out);
  };

  const handler = async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    let activeCheck: Promise<void> | undefined;
    try {
      const token = bearer(event.headers.authorization);
      // A stale token on a public route (a landing page, the clinic list) is no reason to refuse it.
      // A deactivated staff member's token is refused like an expired one (on a public route: ignored).
      const signedIn = async (t: string) => {
        const c = await verifyToken(t);
        await assertActiveCaller(c);
        return c;
      };
      // The check that a staff caller is still active goes out alongside a hot path's first read
      // (overlapsActiveCheck: the service settles it; prefetch: awaited with the read); a refusal still wins.
      const overlap = Boolean((spec.overlapsActiveCheck || spec.prefetch) && token && route.access !== 'public');
      const caller = !token
        ? undefined
        : route.access === 'public'
          ? await signedIn(token).catch(() => undefined)
          : overlap
            ? await verifyToken(token)
            : await signedIn(token);
      if (overlap && caller) {
        activeCheck = assertActiveCaller(caller);
        activeCheck.catch(() => {});
      }
      noteCaller(event, caller);
      const now = clock().now();
      let rawBody: unknown;
      let req: Request<R, B, Q>;
      try {
        if (!allowed(route, caller)) {
          if (!caller) throw new AppError('UNAUTHENTICATED', '请先登录');
          throw new ForbiddenError('您没有权限进行此操作', { requiredRoles: route.access });
        }
        const verified = spec.verify
          ? await spec.verify({ headers: event.headers, rawText: rawBodyOf(event)?.toString('utf8') ?? '', now })
          : undefined;
        rawBody = parseBody(event, spec.maxBodyBytes);
        req = {
          ctx: { caller, now, requestId, ...(activeCheck ? { activeCheck } : {}) } as CtxOf<R>,
          params: validate(params, event.pathParameters ?? {}, 'params') as Request<R, B, Q>['params'],
          query: validate<unknown>(spec.query ?? noQuery, event.queryStringParameters ?? {}, 'query') as Q,
          body: validate<unknown>(spec.body ?? noBody, rawBody, 'body') as B,
          headers: event.headers,
          ...(verified === undefined ? {} : { verified }),
          prefetched: undefined,
        };
      } catch (err) {
        await activeCheck;
        throw err;
      }
      const prefetched = spec.prefetch ? await alongside(activeCheck, spec.prefetch(req)) : (undefined as P);
      const full: Request<R, B, Q, P> = { ...req, prefetched };
      const key = event.headers['idempotency-key'];
      const scope = `${event.routeKey}\n${caller?.userId ?? '-'}`;
      const inTx = spec.keyInTransaction;
      let out: Reply;
      if (!spec.idempotent || !key) out = await run(full);
      else if (inTx) {
        checkKeyLength(key);
        const answer = inTx === true ? (v: unknown) => v : inTx;
        const asReply = (v: unknown) => (v instanceof Reply ? v : new Reply(spec.status ?? 200, v));
        out = fromStored(
          (await keyInTransaction(
            {
              id: `tx#${scopedKeyHash(scope, key)}`,
              bodyHash: bodyHash(rawBody),
              toStored: (v) => toStored(asReply(answer(v))),
            },
            () => run(full).then(toStored),
          )) as Parameters<typeof fromStored>[0],
        );
      } else if (spec.keptBy) {
        out = await spec
          .keptBy({ key, scope, body: rawBody, context }, () => run(full).then(toStored))
          .then(fromStored);
      } else throw new Error(`${routeKey(route)}: no way to keep its Idempotency-Key`);
      await activeCheck;
      return httpResult(out);
    } catch (err) {
      // A deactivated member is refused first, whatever else went wrong meanwhile.
      const refused = await activeCheck?.then(
        () => undefined,
        (e: unknown) => e,
      );
      return errorResult(refused ?? err, requestId);
    }
  };
  // Exactly one access line per request, whatever the answer: the route's template, never the filled path.
  const logged = async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const startedMs = performance.now();
    const result = await handler(event, context);
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    logAccess({
      requestId,
      route: routeKey(route),
      status: result.statusCode ?? 200,
      startedMs,
      caller: callerOf(event),
    });
    return result;
  };
  return Object.assign(logged, { route, spec });
}

/**
 * A route that creates something: 201 unless `run` answers otherwise, and an Idempotency-Key makes
 * its retries safe (a retried request gets the first answer; the work is done once), kept in the
 * work's one transaction (`keyInTransaction`) or around it (`keptBy: keptInIdempotencyTable`).
 */
export function creating<
  R extends RouteDef & { creates: true },
  B = undefined,
  Q = undefined,
  O = unknown,
  P = undefined,
>(
  route: R,
  spec: Omit<EndpointSpec<R, B, Q, O, P>, 'status' | 'idempotent' | 'keyInTransaction' | 'keptBy'> &
    (
      | { keyInTransaction: NonNullable<EndpointSpec<R, B, Q, O, P>['keyInTransaction']>; keptBy?: never }
      | { keptBy: KeyKeeper; keyInTransaction?: never }
    ),
): Endpoint<R, O> {
  return endpoint(route, { ...spec, status: 201, idempotent: true });
}

/** The stored answer must be plain JSON (no undefined fields, no Buffer) for the idempotency record. */
function toStored(r: Reply) {
  return JSON.parse(JSON.stringify({ status: r.status, body: r.body, contentType: r.contentType, headers: r.headers }));
}

function fromStored(s: { status: number; body: unknown; contentType?: string; headers?: Record<string, string> }) {
  return new Reply(s.status, s.body, s.contentType, s.headers);
}

function httpResult(out: Reply): HttpResult {
  if (out.contentType && Buffer.isBuffer(out.body)) {
    return {
      statusCode: out.status,
      headers: { 'content-type': out.contentType, 'cache-control': 'private, max-age=300', ...out.headers },
      body: out.body.toString('base64'),
      isBase64Encoded: true,
    };
  }
  if (out.contentType && typeof out.body === 'string') {
    return { statusCode: out.status, headers: { 'content-type': out.contentType, ...out.headers }, body: out.body };
  }
  return json(out.status, out.body);
}

/** The route names of one handler group. */
export type GroupRoutes<G extends RouteDef['group']> = {
  [K in RouteName]: Routes[K]['group'] extends G ? K : never;
}[RouteName];

/** The routes of one handler group that the cloud stack deploys (all but the local-only ones). */
export type CloudGroupRoutes<G extends RouteDef['group']> = {
  [K in GroupRoutes<G>]: Routes[K] extends { localOnly: true } ? never : K;
}[GroupRoutes<G>];

/**
 * One Lambda per handler group: dispatches on API Gateway's routeKey to the endpoint serving that
 * route. The map must name an endpoint for every route of the group that the cloud deploys (the
 * compiler checks it); a local-only route is served where its module is added (e.g. messaging/local.ts).
 */
export function groupHandler<G extends RouteDef['group']>(
  group: G,
  endpoints: { [K in CloudGroupRoutes<G>]: Endpoint<Routes[K]> } & {
    [K in Exclude<GroupRoutes<G>, CloudGroupRoutes<G>>]?: Endpoint<Routes[K]>;
  },
): RouteHandler {
  const byKey = new Map<string, Endpoint>();
  for (const e of Object.values(endpoints) as Endpoint[]) {
    if (e.route.group !== group) throw new Error(`${e.route.method} ${e.route.path} is not in group ${group}`);
    byKey.set(`${e.route.method} ${e.route.path}`, e);
  }
  const dispatch = async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const e = byKey.get(event.routeKey);
    if (e) return e(event, context);
    const startedMs = performance.now();
    const result = errorResult(new AppError('ROUTE_NOT_FOUND', '没有这个接口'), context.awsRequestId);
    // Not a route of this group: its access line names no path (a path could carry anything).
    logAccess({ requestId: context.awsRequestId, route: 'unknown', status: 404, startedMs, caller: undefined });
    return result;
  };
  // Just before the function's time limit, answer a clear 503 instead of being cut off silently.
  return middy<HttpEvent, HttpResult>(dispatch, {
    timeoutEarlyInMillis: 250,
    timeoutEarlyResponse: () =>
      json(503, { error: { code: 'UPSTREAM_UNAVAILABLE', message: '服务繁忙，请稍后重试' } } satisfies ErrorBody),
  });
}
