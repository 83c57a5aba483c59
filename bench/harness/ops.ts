/**
 * Store operations the server child sent, counted by its observers on the store client (BENCH_COUNT_STORE_OPS=1,
 * `bench/server-child.ts`): reset, run a load, read the counts.
 */
import { REQUEST_TIMEOUT_MS, round } from './config';
import { type LoadOptions, type Op, runLoad } from './load';

export interface OpCounts {
  commands: Record<string, number>;
  attempts: Record<string, number>;
  /** Store items the commands read (Query ScannedCount, GetItem found, BatchGetItem items). */
  itemsRead: number;
}

/** Store commands per request of a load of one kind of request. */
export interface OpsMeasurement {
  /** The size of the table the requests ran against (what it counts is said in `ticketsInTableHow`). */
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

export const sumValues = (r: Record<string, number>) => Object.values(r).reduce((s, x) => s + x, 0);

/** Each count divided by `n`, by name in order. */
export const perEach = (m: Record<string, number>, n: number, digits: number) =>
  Object.fromEntries(
    Object.entries(m)
      .sort()
      .map(([k, v]) => [k, round(v / n, digits)]),
  );

/** What the server child sent to the store while `run` ran (null counts without a counter). */
export async function opsDuring<T>(
  opsUrl: string | undefined,
  run: () => Promise<T>,
): Promise<{ result: T; counts: OpCounts | null }> {
  if (opsUrl) await opsCall(opsUrl, 'POST', '/reset');
  const result = await run();
  return { result, counts: opsUrl ? await opsCall(opsUrl, 'GET', '/counts') : null };
}

/** Store commands per request of a fixed load of `op`; `table` says what the table held. */
export async function measureOps(
  opsUrl: string,
  label: string,
  load: LoadOptions,
  op: Op,
  table: Pick<OpsMeasurement, 'ticketsInTable' | 'ticketsInTableHow' | 'waitingInQueue'>,
): Promise<OpsMeasurement> {
  const { result: r, counts } = await opsDuring(opsUrl, () => runLoad(label, load, op));
  const c = counts as OpCounts;
  return {
    ...table,
    requests: r.attempted,
    ok: r.succeeded,
    failures: r.failures,
    elapsedMs: r.elapsedMs,
    commands: c.commands,
    attempts: c.attempts,
    opsPerRequest: round(sumValues(c.commands) / r.attempted, 3),
    attemptsPerRequest: round(sumValues(c.attempts) / r.attempted, 3),
    perRequestByCommand: perEach(c.commands, r.attempted, 3),
  };
}

/** Whether two measurements sent the same commands per request, command by command (null if one failed). */
export function sameOpsPerCommand(a: OpsMeasurement | { error: string }, b: OpsMeasurement | { error: string }) {
  if ('error' in a || 'error' in b) return null;
  const x = a.perRequestByCommand;
  const y = b.perRequestByCommand;
  return [...new Set([...Object.keys(x), ...Object.keys(y)])].every((k) => x[k] === y[k]);
}
