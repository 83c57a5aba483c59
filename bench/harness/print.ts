/** Plain-text tables for the summary. */
import type { LoadResult } from './load';

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r, i) => {
      const line = r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)));
      return i === 0 ? `${line.join('  ')}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line.join('  ');
    })
    .join('\n');
}

export const LOAD_HEADER = [
  'measurement',
  'ok',
  'failed',
  'seconds',
  'ops/s',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'stopped by',
];

export function loadRow(r: LoadResult): string[] {
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

/** A table of load results, then the failures of each that had any. */
export function printLoads(loads: LoadResult[]): void {
  console.log(table([LOAD_HEADER, ...loads.map(loadRow)]));
  for (const r of loads) {
    if (r.failed > 0) console.log(`  FAILURES in ${r.label}: ${JSON.stringify(r.failures)}`);
  }
}

export const yesNo = (v: boolean | null) => (v === null ? 'n/a' : v ? 'yes' : 'NO');

/** A section's result, or what stopped it. */
export type Outcome<T> = T | { error: string };

export const failed = <T extends object>(o: Outcome<T>): o is { error: string } => 'error' in o;
