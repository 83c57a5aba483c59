import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import {
  FUNCTION_TIMEOUT_SECONDS,
  type HandlerGroup,
  type RouteDef,
  routeKey,
  routeList,
} from '../../functions/routes';

type GroupHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<{
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  body?: string;
  isBase64Encoded?: boolean;
}>;

/** Each handler group's module, loaded on first use (after the environment is set). */
const groupModules: Record<HandlerGroup, () => Promise<{ handler: GroupHandler }>> = {
  auth: () => import('../../functions/auth/index'),
  clinics: () => import('../../functions/clinics/index'),
  patients: () => import('../../functions/patients/index'),
  staff: () => import('../../functions/staff/index'),
  booking: () => import('../../functions/booking/index'),
  queue: () => import('../../functions/queue/index'),
  visits: () => import('../../functions/visits/index'),
  campaigns: () => import('../../functions/campaigns/index'),
  stats: () => import('../../functions/stats/index'),
  // With its local-only dev routes (the deployed index.ts leaves them out).
  messaging: () => import('../../functions/messaging/local'),
  followup: () => import('../../functions/followup/index'),
  care: () => import('../../functions/care/index'),
  reports: () => import('../../functions/reports/index'),
  surveys: () => import('../../functions/surveys/index'),
  groups: () => import('../../functions/groups/index'),
  docs: () => import('../../functions/docs/index'),
  consult: () => import('../../functions/consult/index'),
  imports: () => import('../../functions/imports/index'),
};

const loaded = new Map<HandlerGroup, Promise<{ handler: GroupHandler }>>();
/** Each module once: a dynamic import() per request costs a loader round trip. */
function loadGroup(group: HandlerGroup): Promise<{ handler: GroupHandler }> {
  let m = loaded.get(group);
  if (!m) {
    m = groupModules[group]();
    loaded.set(group, m);
  }
  return m;
}

/** Reading stops past this (API Gateway's own limit); the handlers refuse above 16 KB, a spreadsheet upload above 6 MB. */
const READ_LIMIT = 10 * 1024 * 1024;

interface CompiledRoute {
  route: RouteDef;
  regex: RegExp;
  names: string[];
}

function compile(r: RouteDef): CompiledRoute {
  const names: string[] = [];
  const pattern = r.path.replace(/\{(\w+)\}/g, (_, n: string) => {
    names.push(n);
    return '([^/]+)';
  });
  return { route: r, regex: new RegExp(`^${pattern}$`), names };
}

/**
 * The routes a path may be, found by its number of segments and its first segment after /v1/ (a
 * route with a parameter there is a candidate for any): a request tests a handful of patterns, not
 * every route's.
 */
function routeIndex(compiled: CompiledRoute[]): (pathname: string) => CompiledRoute[] {
  const index = new Map<string, CompiledRoute[]>();
  for (const c of compiled) {
    const s = c.route.path.split('/');
    const key = `${s.length} ${s[2]?.startsWith('{') ? '{}' : (s[2] ?? '')}`;
    index.set(key, [...(index.get(key) ?? []), c]);
  }
  return (pathname) => {
    const s = pathname.split('/');
    return [...(index.get(`${s.length} ${s[2] ?? ''}`) ?? []), ...(index.get(`${s.length} {}`) ?? [])];
  };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/**
 * A path parameter as API Gateway hands it over: percent-decoded. A broken encoding ("%", "%zz",
 * "%E0%A4%A") stays as it was sent, so the handler's parameter schema answers it with a 400 like
 * any other bad id.
 */
function decodePathPart(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body);
}

function errorJson(code: string, message: string) {
  return JSON.stringify({ error: { code, message } });
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > READ_LIMIT) {
        ok('too_large');
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

export interface LocalServerOptions {
  port: number;
  host?: string;
  /** The H5 build to serve at `/`; omitted for API-only servers (tests, bench). */
  staticDir?: string;
  /** Include local-only routes (the dev login). */
  local?: boolean;
}

/**
 * The local stand-in for API Gateway: turns each request into the same APIGatewayProxyEventV2 the
 * cloud sends, and calls the same group handler, dispatched by the same route table.
 */
export async function startLocalServer(opts: LocalServerOptions): Promise<{ server: Server; url: string }> {
  const candidates = routeIndex(routeList.filter((r) => opts.local !== false || !r.localOnly).map(compile));
  const staticRoot = opts.staticDir ? resolve(opts.staticDir) : undefined;

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const matching = candidates(url.pathname).filter((c) => c.regex.test(url.pathname));
    const hit = matching.find((c) => c.route.method === method);
    if (!hit) {
      if (matching.length > 0) {
        return send(res, 405, errorJson('METHOD_NOT_ALLOWED', `该接口不支持 ${method} 请求`), {
          allow: matching.map((c) => c.route.method).join(', '),
        });
      }
      return send(res, 404, errorJson('ROUTE_NOT_FOUND', `没有这个接口：${method} ${url.pathname}`));
    }
    const body = await readBody(req);
    if (body === 'too_large') return send(res, 413, errorJson('PAYLOAD_TOO_LARGE', '请求内容过大'));
    const m = hit.regex.exec(url.pathname)!;
    const pathParameters = Object.fromEntries(hit.names.map((n, i) => [n, decodePathPart(m[i + 1] ?? '')]));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = query[k] ? `${query[k]},${v}` : v;
    const requestId = randomUUID();
    const key = routeKey(hit.route);
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: key,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      queryStringParameters: Object.keys(query).length ? query : undefined,
      pathParameters: hit.names.length ? pathParameters : undefined,
      body: body.length ? body.toString('utf8') : undefined,
      isBase64Encoded: false,
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: url.host,
        domainPrefix: 'local',
        http: {
          method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: key,
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      },
    };
    const started = Date.now();
    const context = {
      awsRequestId: requestId,
      functionName: `local-${hit.route.group}`,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local-${hit.route.group}`,
      memoryLimitInMB: '512',
      logGroupName: 'local',
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => Math.max(0, FUNCTION_TIMEOUT_SECONDS * 1000 - (Date.now() - started)),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    } as Context;
    const { handler } = await loadGroup(hit.route.group);
    const out = await handler(event, context);
    const outHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(out.headers ?? {})) outHeaders[k] = String(v);
    res.writeHead(out.statusCode ?? 200, outHeaders);
    res.end(out.isBase64Encoded && out.body ? Buffer.from(out.body, 'base64') : (out.body ?? ''));
  };

  const handleStatic = async (res: ServerResponse, url: URL) => {
    // The API reference, rendered from the same document GET /v1/openapi.json answers.
    if (url.pathname === '/docs' || url.pathname === '/docs/') {
      const [{ openApiDocument }, { renderDocsPage }] = await Promise.all([
        import('../../functions/docs/openapi'),
        import('./docs-page'),
      ]);
      return send(res, 200, renderDocsPage(openApiDocument()), { 'content-type': 'text/html; charset=utf-8' });
    }
    // The waiting-room screen's short address: /display?clinicId=… -> the H5 hash route.
    if (url.pathname === '/display' || url.pathname === '/display/') {
      res.writeHead(302, { location: `/#/display/index${url.search}` });
      res.end();
      return;
    }
    if (!staticRoot || !existsSync(staticRoot)) {
      return send(res, 404, '还没有构建 H5 应用：请运行 npm run build:h5', {
        'content-type': 'text/plain; charset=utf-8',
      });
    }
    const rel = normalize(decodePathPart(url.pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(staticRoot, rel);
    if (!file.startsWith(staticRoot)) return send(res, 403, 'forbidden', { 'content-type': 'text/plain' });
    const info = await stat(file).catch(() => undefined);
    if (!info || info.isDirectory()) file = join(staticRoot, 'index.html');
    const data = await readFile(file);
    const type = MIME[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'cache-control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600',
    });
    res.end(data);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const work = url.pathname.startsWith('/v1/') ? handleApi(req, res, url) : handleStatic(res, url);
    work.catch((err: unknown) => {
      process.stderr.write(`local server error: ${(err as Error)?.stack ?? err}\n`);
      if (!res.headersSent) send(res, 500, errorJson('INTERNAL', '服务暂时不可用'));
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port, host, () => ok());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return { server, url: `http://${host}:${port}` };
}
