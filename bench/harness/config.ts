/**
 * Knobs shared by the sections (fixed: the measurement is never tuned to reach a target) and the
 * names this run gives what it creates. A section's own counts and time limits sit in its file.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RESULTS_PATH = join(ROOT, 'bench', 'results.json');

/** Load-generator concurrency of the throughput and check-in runs. */
export const CONCURRENCY = 32;
export const WARMUP_MAX_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 10_000;
/** Requests/s of a path against the bare store doing its writes. */
export const RATIO_TARGET = 0.7;
/** Setup loads (top-up registrations, bookings, fills). */
export const SETUP_CONCURRENCY = 16;
export const FILL_CONCURRENCY = 16;
/** A count scan of the table for a figure stops after this long (the figure is then a lower bound). */
export const COUNT_SCAN_MAX_MS = 60_000;
export const HARNESS_TIMEOUT_MS = 40 * 60_000;

/** Prefix of every table, id and login this run creates. */
export const BENCH_PREFIX = `bench${Date.now().toString(36)}`;
export const MASTER_KEY = 'bench-master-key-not-secret-0123456789abcdef';

export const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
export const kb = (bytes: number) => round(bytes / 1024, 1);
