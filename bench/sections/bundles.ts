/** Lambda bundle sizes and cold import times, one per handler group, built exactly as the stack builds them (infra/bundling.ts). */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions, type FunctionKind, lambdaBundling, lambdaNodeOptions } from '../../infra/bundling';
import { handlerGroups } from '../../shared/routes';
import { kb, ROOT, round } from '../harness/config';
import { table } from '../harness/print';
import { onCleanup, runProcess } from '../harness/processes';

const IMPORT_RUNS = 5;
const IMPORT_TIMEOUT_MS = 30_000;

export interface BundleResult {
  name: string;
  entry: string;
  bytes?: number;
  KB?: number;
  importMs?: { median: number; runs: number[] };
  /** Measured for comparison only: no function is built this way. */
  alternative?: true;
  error?: string;
}

const IMPORT_TIMER = `const target = process.argv[2];
const t = performance.now();
await import(target);
const ms = performance.now() - t;
process.stdout.write(JSON.stringify({ ms }) + '\\n');
process.exit(0);
`;

/** One cold import of `outfile` in a fresh node, in ms. */
async function importOnce(timer: string, outfile: string, env: NodeJS.ProcessEnv, kind: FunctionKind): Promise<number> {
  const res = await runProcess(process.execPath, [timer, outfile], {
    // NODE_OPTIONS as the stack sets it for this function (infra/bundling.ts).
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, NODE_OPTIONS: lambdaNodeOptions[kind] },
    timeoutMs: IMPORT_TIMEOUT_MS,
  });
  const line = res.stdout.split('\n').find((l) => l.startsWith('{'));
  if (res.code !== 0 || !line) {
    throw new Error(`import failed (exit ${res.code}${res.timedOut ? ', timed out' : ''}): ${res.stderr.slice(-500)}`);
  }
  return round((JSON.parse(line) as { ms: number }).ms, 1);
}

/**
 * What every API bundle starts from, built and imported the same way (bench/bundle-floor/): the
 * store client alone, then behind middy with the logger, then validating with zod as the shared
 * schemas do. Measured so the size target's distance is the stack's and not only our code's; and,
 * for comparison, the AWS SDK's DynamoDB client the store client replaced.
 */
const FLOOR: Built['e'][] = [
  { name: 'floor: store client', entry: 'bench/bundle-floor/store.ts', kind: 'api' },
  { name: 'floor: + middy, logger', entry: 'bench/bundle-floor/runtime.ts', kind: 'api' },
  { name: 'floor: + zod', entry: 'bench/bundle-floor/validation.ts', kind: 'api' },
  {
    name: "the SDK's store client, bundled as is (for comparison)",
    entry: 'bench/bundle-floor/sdk-store.ts',
    kind: 'api',
    alternative: true,
  },
];

export interface BundlesResult {
  groups: BundleResult[];
  floor: BundleResult[];
}

interface Built {
  e: { name: string; entry: string; kind: FunctionKind; alternative?: true };
  outfile?: string;
  result: BundleResult;
  runs: number[];
}

/** Builds one entry as the stack does, in a directory of its own (as NodejsFunction lays out an ESM asset). */
async function buildEntry(dir: string, e: Built['e']): Promise<Built> {
  const outfile = join(dir, e.name.replace(/[^a-z0-9]+/gi, '-'), 'index.mjs');
  try {
    await mkdir(dirname(outfile), { recursive: true });
    await build(esbuildOptions(join(ROOT, e.entry), outfile));
    const bytes = (await stat(outfile)).size;
    const result: BundleResult = { name: e.name, entry: e.entry, bytes, KB: kb(bytes) };
    return { e, outfile, result: e.alternative ? { ...result, alternative: true } : result, runs: [] };
  } catch (err) {
    return { e, result: { name: e.name, entry: e.entry, error: (err as Error).message }, runs: [] };
  }
}

/**
 * Times every bundle's cold import IMPORT_RUNS times, round by round (each bundle once a round), so
 * a few seconds of this shared machine running slow fall on one run of many bundles rather than on
 * every run of a few; each bundle's median is kept with its runs.
 */
async function timeImports(timer: string, env: NodeJS.ProcessEnv, all: Built[]): Promise<void> {
  for (let round = 0; round < IMPORT_RUNS; round++) {
    for (const b of all) {
      if (!b.outfile || b.result.error) continue;
      try {
        b.runs.push(await importOnce(timer, b.outfile, env, b.e.kind));
      } catch (err) {
        b.result = { name: b.e.name, entry: b.e.entry, error: (err as Error).message };
      }
    }
  }
  for (const b of all) {
    if (b.result.error) continue;
    const sorted = [...b.runs].sort((x, y) => x - y);
    b.result.importMs = { median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, runs: b.runs };
  }
}

/** `env` is what the handlers read at import (the bundles are imported, not called). */
export async function bundles(env: NodeJS.ProcessEnv): Promise<BundlesResult> {
  const dir = await mkdtemp(join(os.tmpdir(), 'patientloop-bench-'));
  onCleanup('bundle temp dir', () => rm(dir, { recursive: true, force: true }));
  const timer = join(dir, 'import-timer.mjs');
  await writeFile(timer, IMPORT_TIMER);
  const entries: Built['e'][] = [
    ...handlerGroups.map((g) => ({ name: g, entry: `functions/${g}/index.ts`, kind: 'api' as const })),
    { name: 'authorizer', entry: 'functions/auth/authorizer.ts', kind: 'api' },
    // Every job of the schedule table runs in this one function (infra/stack.ts ScheduledJobs).
    { name: 'scheduled', entry: 'functions/scheduled/index.ts', kind: 'job' },
  ];
  const groups: Built[] = [];
  for (const e of entries) groups.push(await buildEntry(dir, e));
  const floor: Built[] = [];
  for (const e of FLOOR) floor.push(await buildEntry(dir, e));
  await timeImports(timer, env, [...groups, ...floor]);
  return { groups: groups.map((b) => b.result), floor: floor.map((b) => b.result) };
}

function bundleTable(results: BundleResult[]): string {
  return table([
    ['bundle', 'KB', 'import ms (median)', 'runs'],
    ...results.map((b) =>
      b.error
        ? [b.name, '-', '-', `error: ${b.error.slice(0, 100)}`]
        : [b.name, (b.KB ?? 0).toFixed(1), (b.importMs?.median ?? 0).toFixed(1), (b.importMs?.runs ?? []).join(' / ')],
    ),
  ]);
}

export function printBundles({ groups, floor }: BundlesResult): void {
  console.log(
    `\n=== Lambda bundles (as deployed: esbuild, ${lambdaBundling.format}, minified, ${lambdaBundling.target}; imported with NODE_OPTIONS as deployed: API and authorizer '${lambdaNodeOptions.api}', scheduled '${lambdaNodeOptions.job}') ===`,
  );
  console.log(bundleTable(groups));
  console.log(
    '\nWhat every API bundle starts from (no route code; bench/bundle-floor/, built and imported the same way):',
  );
  console.log(bundleTable(floor));
}
