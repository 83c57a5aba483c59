import { createHash } from 'node:crypto';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { AppError, type ErrorBody, ForbiddenError, statusFor, ValidationError } from '../../shared/errors';
import { chineseMessages } from '../../shared/zod-messages';
import { type Access, type RouteDef, routeKey, routes } from '../routes';
import { config } from './config';
import { dynamoClient } from './db';
import { logger } from './logger';
import { bearer, type Caller, verifyToken } from './tokens';

// Every message a schema gives reaches a person: in Chinese, whatever zod would say by default.
z.config({ localeError: chineseMessages });

/** Bodies above this are refused before parsing (a profile is well under 4 KB). */
export const MAX_BODY_BYTES = 16 * 1024;

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export interface Request<B, Q> {
  body: B;
  query: Q;
  params: Record<string, string>;
  caller: Caller | undefined;
  headers: Record<string, string | undefined>;
  requestId: string;
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

export interface EndpointSpec<B, Q> {
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** Status of a successful answer (201 for creations). */
  status?: number;
  /** Honour an Idempotency-Key header: a retried request gets the first answer, the work is done once. */
  idempotent?: boolean;
  run: (req: Request<B, Q>) => Promise<unknown>;
}

const routesByKey = new Map<string, RouteDef>(routes.map((r) => [routeKey(r), r]));

/** Turns any error into the API's error answer; 5xx hide their cause and are logged with the request id. */
export function errorResult(err: unknown, requestId: string): HttpResult {
  if (err instanceof AppError) {
    return json(statusFor(err.code), {
      error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) },
    } satisfies ErrorBody);
  }
  if (err instanceof IdempotencyAlreadyInProgressError) {
    return errorResult(new AppError('REQUEST_IN_PROGRESS', '相同的请求正在处理中，请稍候'), requestId);
  }
  if (err instanceof IdempotencyValidationError) {
    return errorResult(
      new AppError('IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key was already used with a different body'),
      requestId,
    );
  }
  logger.error('unhandled error', {
    requestId,
    error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
  });
  return json(500, { error: { code: 'INTERNAL', message: `服务暂时不可用，请稍后重试 (request ${requestId})` } });
}

export function json(statusCode: number, body: unknown): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

function allowed(access: Access, caller: Caller | undefined): boolean {
  if (access === 'public') return true;
  if (!caller) return false;
  if (access === 'user') return true;
  return caller.roles.some((r) => (access as readonly string[]).includes(r));
}

/** Zod issues as `{fields: [{path, message}]}`, naming each field. */
export function fieldDetails(error: z.ZodError): { fields: { path: string; message: string }[] } {
  return {
    fields: error.issues.map((i) => ({
      path: i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(',') : ''),
      message: i.code === 'unrecognized_keys' ? `不允许的字段: ${i.keys.join(', ')}` : i.message,
    })),
  };
}

function parseBody(event: HttpEvent): unknown {
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body)) : null;
  if (raw && raw.byteLength > MAX_BODY_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', `请求内容超过 ${MAX_BODY_BYTES / 1024} KB`, {
      limitBytes: MAX_BODY_BYTES,
    });
  }
  if (!raw || raw.byteLength === 0) return undefined;
  const type = event.headers['content-type'];
  if (type && !/^application\/json\b/i.test(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new AppError('MALFORMED_JSON', '请求内容不是有效的 JSON', { reason: (e as Error).message });
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query'): T {
  const parsed = schema.safeParse(value ?? (where === 'query' ? {} : undefined));
  if (!parsed.success) {
    throw new ValidationError(where === 'body' ? '请检查填写的内容' : '查询参数不正确', fieldDetails(parsed.error));
  }
  return parsed.data;
}

let store: DynamoDBPersistenceLayer | undefined;
function idempotencyStore(): DynamoDBPersistenceLayer {
  store ??= new DynamoDBPersistenceLayer({ tableName: config.IDEMPOTENCY_TABLE_NAME, awsSdkV3Client: dynamoClient });
  return store;
}
const IDEMPOTENCY_CONFIG = new IdempotencyConfig({ eventKeyJmesPath: 'key', payloadValidationJmesPath: 'bodyHash' });

interface IdempotencyPayload {
  key: string;
  bodyHash: string;
}

/** Builds a middy handler for one route: error mapping, body limits and JSON, auth from the route table, zod input. */
export function endpoint<B = undefined, Q = undefined>(spec: EndpointSpec<B, Q>) {
  const succeed = async (
    req: Request<B, Q>,
  ): Promise<{ status: number; body: unknown; contentType?: string; headers?: Record<string, string> }> => {
    const out = await spec.run(req);
    return out instanceof Reply
      ? { status: out.status, body: out.body, contentType: out.contentType, headers: out.headers }
      : { status: spec.status ?? 200, body: out };
  };
  let idempotentRun: ((p: IdempotencyPayload, req: Request<B, Q>) => ReturnType<typeof succeed>) | undefined;
  const runOnce = (p: IdempotencyPayload, req: Request<B, Q>) => {
    // The stored answer must be plain JSON (no undefined fields) for the persistence layer.
    idempotentRun ??= makeIdempotent(
      async (_payload: IdempotencyPayload, r: Request<B, Q>) => JSON.parse(JSON.stringify(await succeed(r))),
      {
        persistenceStore: idempotencyStore(),
        config: IDEMPOTENCY_CONFIG,
        dataIndexArgument: 0,
      },
    );
    return idempotentRun(p, req);
  };

  const base = async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    try {
      const route = routesByKey.get(event.routeKey);
      if (!route) throw new ForbiddenError('unknown route');
      const token = bearer(event.headers.authorization);
      // A stale token on a public route (a landing page, the clinic list) is no reason to refuse it.
      const caller = !token
        ? undefined
        : route.access === 'public'
          ? await verifyToken(token).catch(() => undefined)
          : await verifyToken(token);
      if (!allowed(route.access, caller)) {
        if (!caller) throw new AppError('UNAUTHENTICATED', '请先登录');
        throw new ForbiddenError('您没有权限进行此操作', { requiredRoles: route.access });
      }
      const rawBody = parseBody(event);
      const req: Request<B, Q> = {
        body: spec.body ? validate(spec.body, rawBody, 'body') : (undefined as B),
        query: spec.query ? validate(spec.query, event.queryStringParameters, 'query') : (undefined as Q),
        params: (event.pathParameters ?? {}) as Record<string, string>,
        caller,
        headers: event.headers,
        requestId,
      };
      const key = event.headers['idempotency-key'];
      let out: Awaited<ReturnType<typeof succeed>>;
      if (spec.idempotent && key) {
        if (key.length > 128) throw new ValidationError('Idempotency-Key 过长', { header: 'Idempotency-Key' });
        IDEMPOTENCY_CONFIG.registerLambdaContext(context);
        const scoped = createHash('sha256')
          .update(`${event.routeKey}\n${caller?.userId ?? '-'}\n${key}`)
          .digest('hex');
        const bodyHash = createHash('sha256')
          .update(JSON.stringify(rawBody ?? null))
          .digest('hex');
        out = await runOnce({ key: scoped, bodyHash }, req);
      } else {
        out = await succeed(req);
      }
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
    } catch (err) {
      return errorResult(err, requestId);
    }
  };
  // Just before the function's time limit, answer a clear 503 instead of being cut off silently.
  return middy<HttpEvent, HttpResult>(base, {
    timeoutEarlyInMillis: 250,
    timeoutEarlyResponse: () =>
      json(503, { error: { code: 'UPSTREAM_UNAVAILABLE', message: '服务繁忙，请稍后重试' } } satisfies ErrorBody),
  });
}

export type RouteHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** One Lambda per handler group: dispatches on API Gateway's routeKey to the route's handler. */
export function groupHandler(handlers: Record<string, RouteHandler>, group: string): RouteHandler {
  const byKey = new Map<string, RouteHandler>();
  for (const r of routes) {
    if (r.group !== group) continue;
    const h = handlers[r.name];
    if (!h) throw new Error(`route ${routeKey(r)} has no handler ${group}.${r.name}`);
    byKey.set(routeKey(r), h);
  }
  return async (event, context) => {
    const h = byKey.get(event.routeKey);
    if (!h) return errorResult(new AppError('ROUTE_NOT_FOUND', `no route ${event.routeKey}`), context.awsRequestId);
    return h(event, context);
  };
}
