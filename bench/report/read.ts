/** Safe reading of bench/results.json (any section may be missing or an `{ error }`) and number formatting. */

export type Results = Record<string, unknown>;

/** The value at a dotted path (`visitDay.checkIn.opsPerSec`), or undefined anywhere along it. */
export function at(o: unknown, path: string): unknown {
  let v: unknown = o;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** A finite number at a path, or undefined. */
export function num(o: unknown, path: string): number | undefined {
  const v = at(o, path);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** An object at a path that is not a failed section's `{ error }`, or undefined. */
export function obj(o: unknown, path: string): Record<string, unknown> | undefined {
  const v = at(o, path);
  if (v === null || typeof v !== 'object' || Array.isArray(v) || 'error' in v) return undefined;
  return v as Record<string, unknown>;
}

/** An array at a path, or an empty one. */
export function list(o: unknown, path: string): Record<string, unknown>[] {
  const v = at(o, path);
  return Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
}

/** A number with thousands separators and at most `digits` decimals (fixed when `fixed`). */
export function fmt(n: number, digits = 0, fixed = false): string {
  return n.toLocaleString('en-US', {
    minimumFractionDigits: fixed ? digits : 0,
    maximumFractionDigits: digits,
  });
}

/** Fixed decimals without thousands separators (as the bench prints rates: `633.0`). */
export const fixed = (n: number, digits = 1) => n.toFixed(digits);

export const metWord = (met: boolean) => (met ? 'met' : 'missed');

export const NOT_MEASURED = 'not measured';

/** One row of the README's figures table: what was measured, the number, the target and whether it was met. */
export interface FigureRow {
  what: string;
  measured: string;
  target: string;
}

/** A row, reading "not measured" when its section did not run. */
export const row = (what: string, measured: string | undefined, target: string): FigureRow =>
  measured === undefined ? { what, measured: NOT_MEASURED, target } : { what, measured, target };
