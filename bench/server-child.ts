/**
 * The local HTTP server (the real Lambda handlers, in-process) in its own process, so the bench's
 * load generator does not share an event loop with it. The parent sets the environment the
 * handlers read at load; this prints one line `{"url": ...}` on stdout once it listens, and exits
 * when its stdin closes (the parent went away) or on SIGTERM/SIGINT.
 *
 * With BENCH_COUNT_STORE_OPS=1 it also counts the DynamoDB operations the handlers send through
 * the shared client (`functions/lib/db.ts`): commands by name, HTTP attempts, items read, round
 * trips in sequence, and while recording the commands as sent with their capacity units
 * (bench/harness/round-trips.ts; the server and the functions are unchanged). A second HTTP server
 * on 127.0.0.1 serves them, its address printed as `opsUrl` in the same line. Each API request
 * runs under a number of its own (an AsyncLocalStorage around the server's request listener), so
 * the commands of requests running at once are recorded under the request that sent them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import { startLocalServer } from '../scripts/local/server';
import { attachRoundTripProbe } from './harness/round-trips';

let opsServer: http.Server | undefined;
let opsUrl: string | undefined;
const requestNumber = new AsyncLocalStorage<number>();

if (process.env.BENCH_COUNT_STORE_OPS === '1') {
  // Imported here, after the environment is set (the parent passed it at spawn): the same module
  // instance the handlers import later, so its observers see what they send.
  const { db } = await import('../functions/lib/db');
  const probe = attachRoundTripProbe(db, undefined, () => requestNumber.getStore());
  let attempts: Record<string, number> = {};
  db.observe('benchCountAttempts', {
    attempt: (operation) => {
      const name = `${operation}Command`;
      attempts[name] = (attempts[name] ?? 0) + 1;
    },
  });
  const counts = () => ({ ...probe.counts, attempts });
  // GET /counts; POST /reset (counts to zero); POST /record (keep commands as sent, with capacity);
  // POST /mark (the next request starts); POST /record-requests (keep the commands of requests running
  // at once, each under its request); POST /recorded (stop keeping; answers the requests kept).
  const actions: Record<string, () => unknown> = {
    'GET /counts': counts,
    'POST /reset': () => {
      probe.take();
      attempts = {};
      return counts();
    },
    'POST /record': () => {
      probe.record();
      return counts();
    },
    'POST /mark': () => {
      probe.markRequest();
      return counts();
    },
    'POST /record-requests': () => {
      probe.recordRequests();
      return counts();
    },
    'POST /recorded': () => probe.stopRecording(),
  };
  opsServer = http.createServer((req, res) => {
    const action = actions[`${req.method} ${req.url}`];
    if (!action) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(action()));
  });
  await new Promise<void>((ok, fail) => {
    opsServer?.once('error', fail);
    opsServer?.listen(0, '127.0.0.1', () => ok());
  });
  const addr = opsServer.address();
  opsUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}

const { server, url } = await startLocalServer({ port: 0, local: true });
if (opsServer) {
  // Each request under a number of its own: the server's listener, run inside the request's context.
  const listeners = server.listeners('request') as ((req: http.IncomingMessage, res: http.ServerResponse) => void)[];
  server.removeAllListeners('request');
  let next = 0;
  server.on('request', (req, res) =>
    requestNumber.run(++next, () => {
      for (const l of listeners) l.call(server, req, res);
    }),
  );
}
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
