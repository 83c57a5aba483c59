/** The local server (real handlers) in a child process (`bench/server-child.ts`), and its environment. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { tableNames } from '../../scripts/local/tables';
import { MASTER_KEY, ROOT } from './config';
import { onCleanup, shuttingDown, stopChild } from './processes';

/** What the handlers read at load (the server child's, and this process's repositories'). */
export function handlerEnv(endpoint: string, names: ReturnType<typeof tableNames>): NodeJS.ProcessEnv {
  return {
    STAGE: 'local',
    DYNAMO_ENDPOINT: endpoint,
    TABLE_NAME: names.main,
    IDEMPOTENCY_TABLE_NAME: names.idempotency,
    APP_MASTER_KEY: MASTER_KEY,
    WECHAT_MODE: 'local',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    AWS_REGION: 'local',
  };
}

export interface ServerChild {
  url: string;
  /** The store-operation counter's address (with BENCH_COUNT_STORE_OPS=1). */
  opsUrl: string | undefined;
  child: ChildProcess;
  /** Stops the child now (it is stopped on exit anyway). */
  stop: () => Promise<void>;
}

export async function startServerChild(env: NodeJS.ProcessEnv, name = 'server child'): Promise<ServerChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'server-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const tracked = onCleanup(name, async () => {
    child.stdin?.end();
    await stopChild(child, 3000);
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
    if (stderr.length > 100_000) stderr = stderr.slice(-50_000);
  });
  const { url, opsUrl } = await new Promise<{ url: string; opsUrl?: string }>((ok, fail) => {
    let out = '';
    const timer = setTimeout(
      () => fail(new Error(`${name} did not start within 30 s: ${stderr.slice(-2000)}`)),
      30_000,
    );
    const onData = (d: Buffer) => {
      out += d;
      const line = out.split('\n').find((l) => l.trim().startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      ok(JSON.parse(line) as { url: string; opsUrl?: string });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${name} exited (${code}): ${stderr.slice(-2000)}`));
    });
  });
  let stopping = false;
  child.on('exit', (code, sig) => {
    if (!stopping && !shuttingDown() && code !== 0) {
      console.error(`${name} exited early (${code ?? sig}): ${stderr.slice(-1000)}`);
    }
  });
  const stop = () => {
    stopping = true;
    return tracked.stop();
  };
  return { url, opsUrl, child, stop };
}
