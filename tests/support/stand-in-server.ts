import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a stand-in server received. */
export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The body as it came, unparsed (`body` is it parsed, when it came as JSON). */
  raw: string;
}

const jsonOrUndefined = (text: string): unknown => {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** What the stand-in answers: a status and a JSON body (or another `text`, e.g. XML), or a dropped connection (`drop`). */
export type Answer = { status?: number; json?: unknown; text?: string; drop?: true };

/**
 * A local HTTP server standing in for a provider's API (WeChat, Tencent Cloud): it records every
 * request and answers with `route`, which a test sets. Listens on 127.0.0.1 only.
 */
export async function standInServer(): Promise<{
  host: string;
  url: string;
  received: Received[];
  route: (r: (req: Received) => Answer) => void;
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  let answer: (req: Received) => Answer = () => ({ status: 500, json: { error: 'no route set' } });
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const r: Received = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: jsonOrUndefined(text),
      raw: text,
    };
    received.push(r);
    const a = answer(r);
    if (a.drop) {
      req.socket.destroy();
      return;
    }
    if (a.text !== undefined) {
      res.writeHead(a.status ?? 200, { 'content-type': 'text/xml' }).end(a.text);
      return;
    }
    res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(a.json ?? {}));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: `http://${host}`,
    received,
    route: (r) => {
      answer = r;
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
