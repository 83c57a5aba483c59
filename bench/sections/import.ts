/**
 * Patients from an old system (issue 11): a 10,000-row .xlsx export (tests/support/import-fixture:
 * duplicates, bad rows, owners) uploaded and imported through the real routes on the server child,
 * the run called again and again as the page does. Prints the preview's seconds, the run's and the
 * whole import's, and rows per second.
 */
import { putClinic } from '../../functions/clinics/clinic-repository';
import { fixtureRows, fixtureXlsx, phonePrefix } from '../../tests/support/import-fixture';
import { BENCH_PREFIX, round } from '../harness/config';
import type { ServerContext } from '../harness/context';
import { benchClinic } from '../harness/fixtures';
import { devLogin } from '../harness/http';
import type { Outcome } from '../harness/print';
import { failed, table } from '../harness/print';

const ROWS = 10_000;
/** A run call works ~20 s: longer than the harness's usual request limit. */
const CALL_LIMIT_MS = 60_000;

async function post(ctx: ServerContext, path: string, token: string, body?: unknown) {
  const res = await fetch(new URL(path, ctx.api.base), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(CALL_LIMIT_MS),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}
/** A bound on run calls: each works ~20 s at most, so this is far beyond any honest import. */
const MAX_RUN_CALLS = 200;

export interface ImportResults {
  rows: number;
  previewSeconds: number;
  runSeconds: number;
  totalSeconds: number;
  rowsPerSecond: number;
  runCalls: number;
  progress: Record<string, number>;
}

export async function importBench(ctx: ServerContext): Promise<ImportResults> {
  const clinicId = `${BENCH_PREFIX}-import-clinic`;
  await putClinic(benchClinic(clinicId));
  const token = await devLogin(ctx.api, { openid: `${BENCH_PREFIX}-import-manager`, role: 'manager', clinicId });
  const file = await fixtureXlsx(fixtureRows(ROWS, phonePrefix(), true));
  const started = performance.now();
  const up = await post(ctx, '/v1/patient-imports', token, {
    fileName: 'bench.xlsx',
    contentBase64: file.toString('base64'),
  });
  const importId = (up as { id: string }).id;
  const previewed = performance.now();
  let view: { status: string; progress: Record<string, number> } | undefined;
  let calls = 0;
  while (calls < MAX_RUN_CALLS && view?.status !== 'done') {
    calls++;
    view = await post(ctx, `/v1/patient-imports/${importId}/run`, token);
  }
  if (view?.status !== 'done') throw new Error(`not done after ${calls} run calls`);
  const ended = performance.now();
  const totalSeconds = (ended - started) / 1000;
  return {
    rows: ROWS,
    previewSeconds: round((previewed - started) / 1000, 2),
    runSeconds: round((ended - previewed) / 1000, 2),
    totalSeconds: round(totalSeconds, 2),
    rowsPerSecond: round(ROWS / totalSeconds, 0),
    runCalls: calls,
    progress: view.progress,
  };
}

export function printImport(r: Outcome<ImportResults>) {
  console.log('\nPatient import (10,000-row .xlsx through the real routes)');
  if (failed(r)) {
    console.log(`  failed: ${r.error}`);
    return;
  }
  console.log(
    table([
      ['rows', 'preview s', 'run s', 'total s', 'rows/s', 'run calls', 'created', 'existing', 'invalid'],
      [
        String(r.rows),
        String(r.previewSeconds),
        String(r.runSeconds),
        String(r.totalSeconds),
        String(r.rowsPerSecond),
        String(r.runCalls),
        String(r.progress.created),
        String(r.progress.existing),
        String(r.progress.invalid),
      ],
    ]),
  );
}
