/** Weapp package sizes (main package and each subpackage) against main <= 512 KB; builds the dist if missing. */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { kb, ROOT, round } from '../harness/config';
import { failed, type Outcome, table } from '../harness/print';
import { runProcess } from '../harness/processes';

const WEAPP_MAIN_TARGET_KB = 512;
const WEAPP_BUILD_TIMEOUT_MS = 180_000;

export interface WeappResult {
  dir: string;
  builtNow: boolean;
  buildSeconds?: number;
  distModifiedAt: string;
  subpackageRoots: string[];
  mainBytes: number;
  mainKB: number;
  totalBytes: number;
  totalKB: number;
  subpackages: Array<{ root: string; bytes: number; KB: number }>;
  targetMainKB: number;
  mainTargetMet: boolean;
}

async function listFiles(dir: string): Promise<Array<{ path: string; bytes: number }>> {
  const out: Array<{ path: string; bytes: number }> = [];
  const walk = async (d: string, depth: number) => {
    if (depth > 30) return;
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p, depth + 1);
      else if (e.isFile()) out.push({ path: relative(dir, p).split(sep).join('/'), bytes: (await stat(p)).size });
    }
  };
  await walk(dir, 0);
  return out;
}

export async function weappSizes(): Promise<Outcome<WeappResult>> {
  const dir = join(ROOT, 'miniprogram', 'dist', 'weapp');
  const appJson = join(dir, 'app.json');
  let builtNow = false;
  let buildSeconds: number | undefined;
  if (!existsSync(appJson)) {
    console.log('  miniprogram/dist/weapp missing: running npm run build:weapp ...');
    const t = performance.now();
    const res = await runProcess('npm', ['run', 'build:weapp'], { timeoutMs: WEAPP_BUILD_TIMEOUT_MS, group: true });
    buildSeconds = round((performance.now() - t) / 1000, 1);
    builtNow = true;
    if (res.timedOut) return { error: `npm run build:weapp timed out after ${WEAPP_BUILD_TIMEOUT_MS / 1000} s` };
    if (res.code !== 0 || !existsSync(appJson)) {
      const tail = `${res.stdout}\n${res.stderr}`.trim().split('\n').slice(-15).join('\n');
      return { error: `npm run build:weapp failed (exit ${res.code}): ${tail}` };
    }
  }
  const app = JSON.parse(await readFile(appJson, 'utf8')) as {
    subPackages?: Array<{ root?: string }>;
    subpackages?: Array<{ root?: string }>;
  };
  const roots = [...(app.subPackages ?? []), ...(app.subpackages ?? [])]
    .map((s) => (s.root ?? '').replace(/^\/+|\/+$/g, ''))
    .filter((r) => r.length > 0);
  const files = await listFiles(dir);
  const inRoot = (p: string, r: string) => p === r || p.startsWith(`${r}/`);
  const subpackages = roots.map((root) => {
    const bytes = files.filter((f) => inRoot(f.path, root)).reduce((s, f) => s + f.bytes, 0);
    return { root, bytes, KB: kb(bytes) };
  });
  const mainBytes = files.filter((f) => !roots.some((r) => inRoot(f.path, r))).reduce((s, f) => s + f.bytes, 0);
  const totalBytes = files.reduce((s, f) => s + f.bytes, 0);
  return {
    dir: relative(ROOT, dir),
    builtNow,
    buildSeconds,
    distModifiedAt: (await stat(appJson)).mtime.toISOString(),
    subpackageRoots: roots,
    mainBytes,
    mainKB: kb(mainBytes),
    totalBytes,
    totalKB: kb(totalBytes),
    subpackages,
    targetMainKB: WEAPP_MAIN_TARGET_KB,
    mainTargetMet: mainBytes <= WEAPP_MAIN_TARGET_KB * 1024,
  };
}

export function printWeapp(weapp: Outcome<WeappResult>): void {
  console.log('\n=== weapp packages ===');
  if (failed(weapp)) {
    console.log(`  error: ${weapp.error}`);
    return;
  }
  console.log(
    table([
      ['package', 'bytes', 'KB'],
      ['main', String(weapp.mainBytes), weapp.mainKB.toFixed(1)],
      ...weapp.subpackages.map((s) => [`subpackage ${s.root}`, String(s.bytes), s.KB.toFixed(1)]),
      ['total', String(weapp.totalBytes), weapp.totalKB.toFixed(1)],
    ]),
  );
  console.log(
    `  dist built ${weapp.builtNow ? `now (${weapp.buildSeconds} s)` : `earlier (app.json ${weapp.distModifiedAt})`}`,
  );
  console.log(`target main <= ${WEAPP_MAIN_TARGET_KB} KB: ${weapp.mainTargetMet ? 'met' : 'missed'}`);
}
