/**
 * The local HTTP server (the real Lambda handlers, in-process) in its own process, so the bench's
 * load generator does not share an event loop with it. The parent sets the environment the
 * handlers read at load; this prints one line `{"url": ...}` on stdout once it listens, and exits
 * when its stdin closes (the parent went away) or on SIGTERM/SIGINT.
 */
import { startLocalServer } from '../scripts/local/server';

const { server, url } = await startLocalServer({ port: 0, local: true });
process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);

let closing = false;
function shutdown(code: number) {
  if (closing) return;
  closing = true;
  server.closeAllConnections();
  server.close(() => process.exit(code));
  setTimeout(() => process.exit(code), 2000).unref();
}

process.stdin.on('end', () => shutdown(0));
process.stdin.on('error', () => shutdown(0));
process.stdin.resume();
process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));
