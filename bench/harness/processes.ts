/**
 * Everything the harness starts is registered here and stopped on exit, on a signal or by the
 * watchdog: child processes, agents, clients, temporary directories.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { ROOT } from './config';

interface Cleanup {
  name: string;
  run: () => Promise<void>;
}

const cleanups: Cleanup[] = [];
let cleanedUp = false;

/** True once the harness is shutting down (a child exiting then is expected). */
export const shuttingDown = () => cleanedUp;

/** Registers a cleanup; `stop()` runs it now (once) and forgets it. */
export function onCleanup(name: string, run: () => Promise<void>): { stop: () => Promise<void>; forget: () => void } {
  const entry: Cleanup = { name, run };
  cleanups.push(entry);
  const forget = () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
  };
  return {
    forget,
    stop: async () => {
      if (!cleanups.includes(entry)) return;
      forget();
      await run();
    },
  };
}

/** Runs every registered cleanup, newest first; failures are reported, not thrown. */
export async function cleanupAll(): Promise<void> {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const c of cleanups.splice(0).reverse()) {
    try {
      await c.run();
    } catch (err) {
      console.error(`cleanup ${c.name} failed: ${(err as Error).message}`);
    }
  }
}

/** Stops the children on SIGINT/SIGTERM; stops them and exits 2 if the run outlives `timeoutMs`. */
export function guardRun(timeoutMs: number): void {
  const onSignal = (sig: NodeJS.Signals) => {
    console.error(`\n${sig}: stopping child processes`);
    void cleanupAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const watchdog = setTimeout(() => {
    console.error(`bench: harness did not finish within ${timeoutMs / 1000} s`);
    void cleanupAll().finally(() => process.exit(2));
  }, timeoutMs);
  watchdog.unref();
}

/** Stops a child we spawned: SIGTERM, then SIGKILL after a grace period. */
export function stopChild(child: ChildProcess, graceMs = 5000, group = false): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    const kill = (sig: NodeJS.Signals) => {
      try {
        if (group && child.pid) process.kill(-child.pid, sig);
        else child.kill(sig);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      ok();
    });
    kill('SIGTERM');
  });
}

/** Spawns a process and collects its output, killed after `timeoutMs`. */
export function runProcess(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number; group?: boolean },
): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? ROOT,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: opts.group ?? false,
    });
    const tracked = onCleanup(`${cmd} ${args.join(' ')}`, () => stopChild(child, 3000, opts.group));
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.on('data', (d) => {
      stdout += d;
      if (stdout.length > 2_000_000) stdout = stdout.slice(-1_000_000);
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
      if (stderr.length > 2_000_000) stderr = stderr.slice(-1_000_000);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      void stopChild(child, 3000, opts.group);
    }, opts.timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      tracked.forget();
      ok({ code, stdout, stderr, timedOut });
    });
  });
}
