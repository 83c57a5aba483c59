/** The load generator: a fixed number of operations (or a time limit) over a number of workers. */
import { performance } from 'node:perf_hooks';
import { round } from './config';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

export interface LoadResult {
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

export interface LoadOptions {
  count: number;
  concurrency: number;
  maxMs: number;
}

/** One operation: null on success, else what went wrong (failures are counted by this text). */
export type Op = (i: number) => Promise<string | null>;

/** Runs `op` `count` times (or until `maxMs` passes) with `concurrency` workers. */
export async function runLoad(label: string, opts: LoadOptions, op: Op): Promise<LoadResult> {
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

/** A ratio of two rates (NaN when the second is 0). */
export const rateRatio = (a: LoadResult, b: LoadResult) => (b.opsPerSec > 0 ? a.opsPerSec / b.opsPerSec : Number.NaN);
