/** The machine a run measured on, sections that fail without stopping the run, and the results file. */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { round } from './config';
import type { Outcome } from './print';

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Runs a section; a failure is reported and becomes the section's `{ error }`, and the run goes on. */
export async function attempt<T>(name: string, run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return await run();
  } catch (err) {
    console.error(`${name} section failed: ${(err as Error)?.stack ?? err}`);
    return { error: (err as Error).message };
  }
}

export async function writeResults(path: string, results: Record<string, unknown>): Promise<void> {
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
}

/**
 * Replaces some sections' figures in an existing results file and keeps the others'; the run is
 * recorded under `partialRuns` (when, which sections, on what machine, how long).
 */
export async function mergeResults(
  path: string,
  measured: Record<string, unknown>,
  run: { machine: ReturnType<typeof machineInfo>; runSeconds: number; sections: string[] },
): Promise<void> {
  let existing: Record<string, unknown> = {};
  try {
    existing = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch {
    // No file yet: the merged one holds this run's sections only.
  }
  const partialRuns = Array.isArray(existing.partialRuns) ? existing.partialRuns : [];
  await writeResults(path, {
    ...existing,
    ...measured,
    partialRuns: [...partialRuns, { measuredAt: new Date().toISOString(), ...run }],
  });
}
