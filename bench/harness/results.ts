/** The machine a run measured on, sections that fail without stopping the run, and the results file. */
import { writeFile } from 'node:fs/promises';
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
