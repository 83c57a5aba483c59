/**
 * The local HTTP server (the real Lambda handlers, in-process) in its own process, so the bench's
 * load generator does not share an event loop with it. The parent sets the environment the
 * handlers read at load; this prints one line `{"url": ...}` on stdout once it listens, and exits
 * when its stdin closes (the parent went away) or on SIGTERM/SIGINT.
 *
 * With BENCH_COUNT_STORE_OPS=1 it also counts the DynamoDB operations the handlers send through
 * the shared client (`functions/lib/db.ts`), by command name, with a middleware added here (the
 * server and the functions are unchanged). The counts are served by a second HTTP server on
 * 127.0.0.1 (`GET /counts`, `POST /reset`), whose address is printed as `opsUrl` in the same line.
 */
import http from 'node:http';
import { startLocalServer } from '../scripts/local/server';
import { itemsReadBy } from './harness/store-reads';

interface OpCounts {
  /** Commands the handlers sent (one per `send`, whatever the retries). */
  commands: Record<string, number>;
  /** HTTP attempts those commands made to the store (retries included). */
  attempts: Record<string, number>;
  /** Store items those commands read. */
  itemsRead: number;
}

let opsServer: http.Server | undefined;
let opsUrl: string | undefined;

if (process.env.BENCH_COUNT_STORE_OPS === '1') {
  // Imported here, after the environment is set (the parent passed it at spawn): the same module
  // instance the handlers import later, so its middleware stack is the one they use.
  const { dynamoClient } = await import('../functions/lib/db');
  const counts: OpCounts = { commands: {}, attempts: {}, itemsRead: 0 };
  const bump = (bucket: Record<string, number>, name: string) => {
    bucket[name] = (bucket[name] ?? 0) + 1;
  };
  dynamoClient.middlewareStack.add(
    (next, context) => async (args) => {
      bump(counts.commands, context.commandName ?? 'unknown');
      const out = await next(args);
      counts.itemsRead += itemsReadBy(out.output);
      return out;
    },
    { step: 'initialize', name: 'benchCountCommands', priority: 'high' },
  );
  dynamoClient.middlewareStack.add(
    (next, context) => async (args) => {
      bump(counts.attempts, context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'deserialize', name: 'benchCountAttempts', priority: 'low' },
  );
  opsServer = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/reset') {
      counts.commands = {};
      counts.attempts = {};
      counts.itemsRead = 0;
    } else if (!(req.method === 'GET' && req.url === '/counts')) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(counts));
  });
  await new Promise<void>((ok, fail) => {
    opsServer?.once('error', fail);
    opsServer?.listen(0, '127.0.0.1', () => ok());
  });
  const addr = opsServer.address();
  opsUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}

const { server, url } = await startLocalServer({ port: 0, local: true });
process.stdout.write(`${JSON.stringify({ url, opsUrl, pid: process.pid })}\n`);

let closing = false;
function shutdown(code: number) {
  if (closing) return;
  closing = true;
  opsServer?.closeAllConnections();
  opsServer?.close();
  server.closeAllConnections();
  server.close(() => process.exit(code));
  setTimeout(() => process.exit(code), 2000).unref();
}

process.stdin.on('end', () => shutdown(0));
process.stdin.on('error', () => shutdown(0));
process.stdin.resume();
process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));
