/**
 * One signed request to an AWS service's HTTP API, and the retry rule the clients share: what the
 * store client (store-client.ts), the photo store's S3 calls (photo-store.ts) and SNS SMS
 * (sms-sns.ts) send, in place of the SDK's clients (their size and import time: README, "Deploy
 * (AWS)" and Figures). Requests are signed (SigV4) by aws4, with node:crypto and its signing keys cached (~30 µs
 * a request; a WebCrypto signer took ~0.5–1.2 ms here), and go over node:http(s) with kept-alive
 * connections; credentials are the function's, from the environment, as Lambda hands them over.
 */
import http from 'node:http';
import https from 'node:https';
import aws4 from 'aws4';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Where a service is and whom to sign as. */
export interface AwsTarget {
  service: string;
  region: string;
  /** None: the function's own, from the environment. */
  credentials?: AwsCredentials;
}

export interface AwsResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** The function's credentials, read at each request (a container keeps its role's until it ends). */
function credentialsFromEnv(): AwsCredentials {
  return {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
    sessionToken: process.env.AWS_SESSION_TOKEN,
  };
}

/** A service's regional endpoint: `https://<host>.<region>.amazonaws.com/`, in China `.amazonaws.com.cn`. */
export function regionalEndpoint(host: string, region: string): string {
  return `https://${host}.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}/`;
}

/** A kept-alive agent for the endpoint's protocol. */
export function agentFor(url: string, maxSockets = 50): http.Agent {
  const Agent = url.startsWith('https:') ? https.Agent : http.Agent;
  return new Agent({ keepAlive: true, maxSockets });
}

/** Sends one request, signed for `target`; answers whatever status came back, with the whole body. */
export async function signedRequest(
  target: AwsTarget,
  agent: http.Agent,
  req: { method: string; url: string | URL; headers?: Record<string, string>; body?: string | Buffer },
): Promise<AwsResponse> {
  // A client sending many requests to one endpoint passes it parsed once.
  const url = typeof req.url === 'string' ? new URL(req.url) : req.url;
  // aws4 adds Host, X-Amz-Date, the session token, Content-Length and, for S3, the payload's hash.
  const signed = aws4.sign(
    {
      host: url.host,
      path: url.pathname + url.search,
      method: req.method,
      headers: { ...req.headers },
      body: req.body,
      service: target.service,
      region: target.region,
    },
    target.credentials ?? credentialsFromEnv(),
  );
  const headers = signed.headers as http.OutgoingHttpHeaders;
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // The URL's parts as options: node:http would otherwise convert the URL again on every request.
    const options: http.RequestOptions = {
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port,
      path: url.pathname + url.search,
      method: req.method,
      headers,
      agent,
    };
    const r = transport.request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

/** The `<Code>` of an XML error answer (S3's, SNS's query API's), if it has one. */
export const xmlErrorCode = (body: Buffer): string | undefined =>
  /<Code>([^<]+)<\/Code>/.exec(body.toString('utf8'))?.[1];

// Dropped or refused connections: worth another try, as the SDK's retry strategy holds.
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND']);
export const isNetworkError = (e: unknown): boolean => NETWORK.has((e as NodeJS.ErrnoException).code ?? '');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `work` until it succeeds, up to `attempts` tries, while `retryable` accepts its failure: each wait
 * 0–100·2ⁿ ms (the SDK's standard strategy: full jitter, base 100 ms, at most 20 s).
 */
export async function withRetries<T>(
  attempts: number,
  retryable: (e: unknown) => boolean,
  work: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (attempt >= attempts || !retryable(e)) throw e;
      await sleep(Math.random() * Math.min(20_000, 100 * 2 ** attempt));
    }
  }
}
