import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
export const h5Dir = join(root, 'miniprogram/dist/h5');

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

/** True when the H5 build is missing or older than its sources (the app, its config, shared/). */
export function h5IsStale(): boolean {
  const index = join(h5Dir, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = ['miniprogram/src', 'miniprogram/config', 'miniprogram/babel.config.cjs', 'shared'].map((p) =>
    newest(join(root, p)),
  );
  return Math.max(...sources) > built;
}

/** Builds the H5 app if it is missing or stale; resolves when the build is there. */
export async function ensureH5Build(log: (line: string) => void = () => undefined): Promise<'fresh' | 'built'> {
  if (!h5IsStale()) return 'fresh';
  log('building the H5 app (miniprogram/dist/h5)…');
  await new Promise<void>((ok, fail) => {
    const child = spawn('npx', ['taro', 'build', '--type', 'h5'], {
      cwd: join(root, 'miniprogram'),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('exit', (code) =>
      code === 0 && existsSync(join(h5Dir, 'index.html'))
        ? ok()
        : fail(new Error(`H5 build failed (exit ${code}):\n${output.slice(-4000)}`)),
    );
  });
  return 'built';
}
