import { appendFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';
import { piiIn } from '../support/pii-patterns';

/**
 * Every structured log line a test file's code writes (the local server runs in this process):
 * captured from Powertools' output, kept out of the test report, appended to tests/artifacts/logs/
 * for a human to read, and — for integration and browser tests — scanned for phone numbers, ID
 * numbers and openids: one found fails the file.
 */
const LOG_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts', 'logs');

// Access lines are INFO: read them all (a test may still ask for another level before this runs).
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';

export const capturedLines: string[] = [];
(globalThis as { __capturedLogLines?: string[] }).__capturedLogLines = capturedLines;

/** A Powertools line: one JSON object with its level and service. */
function isLoggerLine(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    return typeof o.level === 'string' && 'service' in o;
  } catch {
    return false;
  }
}

type Write = typeof process.stdout.write;
function capture(stream: NodeJS.WriteStream): () => void {
  const original = stream.write;
  stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : undefined;
    const lines = text?.split('\n').filter((l) => l.trim() !== '') ?? [];
    if (lines.length > 0 && lines.every(isLoggerLine)) {
      capturedLines.push(...lines);
      // Errors are shown as before; everything else goes to the artefact only.
      if (!lines.some((l) => /"level":"(ERROR|CRITICAL)"/.test(l))) return true;
    }
    return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as Write;
  return () => {
    stream.write = original;
  };
}

const restore = [capture(process.stdout), capture(process.stderr)];

afterAll(() => {
  for (const r of restore) r();
  const file = expect.getState().testPath ?? 'unknown';
  const scanned = /[\\/]tests[\\/](integration|e2e)[\\/]/.test(file);
  if (capturedLines.length > 0) {
    mkdirSync(LOG_DIR, { recursive: true });
    appendFileSync(join(LOG_DIR, `${basename(file, '.test.ts')}.log`), `${capturedLines.join('\n')}\n`);
  }
  if (!scanned) return;
  const leaks = capturedLines.flatMap((line) => piiIn(line).map((f) => `${f.kind} ${f.match} in ${line}`));
  if (leaks.length > 0) {
    throw new Error(`${leaks.length} log line(s) carry personal data:\n${leaks.slice(0, 10).join('\n')}`);
  }
});
