/** HTTP to the server child over a keep-alive agent, with the harness's request time limit. */
import http from 'node:http';
import { REQUEST_TIMEOUT_MS } from './config';

export interface HttpAnswer {
  status: number;
  text: string;
}

/** The server child's address and the agent the load goes through. */
export interface Api {
  agent: http.Agent;
  base: URL;
}

/** Extra request headers (an Idempotency-Key) and a time limit other than the harness's. */
export interface SendOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
}

function send(
  api: Api,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  token?: string,
  opts: SendOptions = {},
): Promise<HttpAnswer> {
  const timeoutMs = opts.timeoutMs ?? REQUEST_TIMEOUT_MS;
  return new Promise((ok, fail) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      {
        host: api.base.hostname,
        port: api.base.port,
        path,
        method,
        agent: api.agent,
        timeout: timeoutMs,
        headers: {
          ...opts.headers,
          ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', fail);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', fail);
    req.end(data);
  });
}

export const postJson = (api: Api, path: string, body: unknown, token?: string, opts?: SendOptions) =>
  send(api, 'POST', path, body, token, opts);
export const getJson = (api: Api, path: string, token?: string, opts?: SendOptions) =>
  send(api, 'GET', path, undefined, token, opts);

/** The error code of an error answer. */
export function errorCode(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string } };
    return parsed.error?.code ?? 'no-code';
  } catch {
    return 'non-json';
  }
}

/** A load operation's failure text for an answer that is not `expected`, or null. */
export const unexpected = (res: HttpAnswer, expected: number) =>
  res.status === expected ? null : `HTTP ${res.status} ${errorCode(res.text)}`;

/** The `id` of a created resource. */
export const createdId = (res: HttpAnswer) => (JSON.parse(res.text) as { id: string }).id;

/** A dev login (local only): the token. */
export async function devLogin(api: Api, body: { openid: string; role?: string; clinicId?: string }): Promise<string> {
  const res = await postJson(api, '/v1/auth/dev', body);
  if (res.status !== 200) {
    throw new Error(`${body.role ?? 'patient'} login failed: ${res.status} ${res.text.slice(0, 300)}`);
  }
  return (JSON.parse(res.text) as { token: string }).token;
}

/** An agent of `sockets` keep-alive connections, destroyed when `run` settles. */
export async function withAgent<T>(sockets: number, run: (agent: http.Agent) => Promise<T>): Promise<T> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  try {
    return await run(agent);
  } finally {
    agent.destroy();
  }
}
