import { createHash } from 'node:crypto';
import { ConflictError, ValidationError } from '../../shared/errors';
import { maskName } from '../../shared/mask';
import {
  ALREADY_ON_FILE,
  DUPLICATE_IN_FILE,
  importFieldLabels,
  type PatientImportView,
} from '../../shared/schemas/imports';
import type { Ctx } from '../lib/context';
import { commit, type Write } from '../lib/transact';
import { newPatientRecord, profileFieldsOf } from '../patients/patient-record';
import { newPatientWrites } from '../patients/patient-repository';
import { FUNCTION_TIMEOUT_SECONDS } from '../routes';
import {
  type CheckCell,
  checkChunk,
  getImport,
  type ImportRecord,
  type Outcome,
  outcomeChunk,
  rawChunk,
  releaseLease,
  saveStep,
  takeLease,
} from './import-repository';
import { requireImport, viewOf } from './import-service';
import { fieldPositions, missingFields } from './mapping';
import { holdersOf, inParallel, staffByName } from './preview';
import { type CheckedRow, checkRow } from './row-check';

/** How long one run call works before it answers (the page calls again while the import is running). */
export const RUN_BUDGET_MS = 20_000;
let budgetMs = RUN_BUDGET_MS;
/** Tests make the budget tiny to cut a run into many; no argument puts the real one back. */
export function useRunBudget(ms: number = RUN_BUDGET_MS): void {
  budgetMs = ms;
}
/** A lease outlives its run's budget by this much: a run that died frees the import after it. */
const LEASE_MARGIN_MS = 15_000;
/** Rows per saved step, and records per transaction (2 items each: phone guard and record). */
const STEP_ROWS = 250;
const TX_RECORDS = 25;

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/**
 * The record id an import gives a row: the same on every run, so a run cut after its transaction but
 * before its progress was saved finds its own record behind the phone guard and counts it as created.
 */
export function importedPatientId(importId: string, row: number): string {
  const bytes = createHash('sha256').update(`${importId}#${row}`).digest().subarray(0, 16);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return `p_${out}`;
}

type Candidate = CheckedRow & { phone: string; input: NonNullable<CheckedRow['input']> };

async function recordWrites(r: ImportRecord, c: Candidate, at: string): Promise<Write[]> {
  const { input, owner } = c;
  const record = {
    ...(await newPatientRecord(
      {
        clinicId: r.clinicId,
        ...(await profileFieldsOf(input)),
        channel: input.channel,
        ownerStaffId: owner?.id,
        ownerStaffName: owner?.name,
        notes: input.notes,
      },
      c.phone,
      [],
      at,
    )),
    id: importedPatientId(r.id, c.row),
  };
  // The same writes as a lead staff enter: the phone guard (one record per phone) and the record; no consents.
  return newPatientWrites(record, maskName(record.name), []);
}

/** Creates candidates' records, many per transaction; a cancelled one is done again row by row. */
async function createRecords(r: ImportRecord, group: Candidate[], at: string, out: Map<number, Outcome>) {
  const made = (c: Candidate): Outcome => ({
    status: 'new',
    patientId: importedPatientId(r.id, c.row),
    ...(c.reason ? { reason: c.reason } : {}),
  });
  const writes = await Promise.all(group.map((c) => recordWrites(r, c, at)));
  try {
    await commit(writes.flat());
    for (const c of group) out.set(c.row, made(c));
    return;
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
  }
  for (const [i, c] of group.entries()) {
    try {
      await commit(writes[i] ?? []);
      out.set(c.row, made(c));
    } catch (e) {
      if (!(e instanceof ConflictError && e.code === 'DUPLICATE_PHONE')) throw e;
      // Taken meanwhile: by a patient registering, another import, or this row in a run that was cut.
      const holder = (e.details as { patientId?: string } | undefined)?.patientId;
      out.set(
        c.row,
        holder === importedPatientId(r.id, c.row) ? made(c) : { status: 'existing', reason: ALREADY_ON_FILE },
      );
    }
  }
}

/** The outcomes of one step's rows, in order. */
async function processRows(
  r: ImportRecord,
  rows: { row: number; cells: string[]; check: CheckCell }[],
  staff: Awaited<ReturnType<typeof staffByName>>,
  at: string,
): Promise<Outcome[]> {
  const positions = fieldPositions(r.headers, r.mapping);
  const out = new Map<number, Outcome>();
  const candidates: Candidate[] = [];
  for (const { row, cells, check } of rows) {
    if (check.status === 'invalid') out.set(row, { status: 'invalid', reason: check.reason });
    else if (check.reason === DUPLICATE_IN_FILE) out.set(row, { status: 'existing', reason: DUPLICATE_IN_FILE });
    else {
      const c = checkRow(row, cells, positions, staff);
      if (c.invalid || !c.input || !c.phone) out.set(row, { status: 'invalid', reason: c.reason });
      else candidates.push(c as Candidate);
    }
  }
  // Only phones the preview found on file are looked up first; a phone taken since the preview (or by
  // this row in a run that was cut) fails its guard's condition and is sorted out row by row.
  const onFile = new Set(rows.filter((r) => r.check.reason === ALREADY_ON_FILE).map((r) => r.row));
  const held = await holdersOf(candidates.filter((c) => onFile.has(c.row)).map((c) => c.phone));
  const toCreate: Candidate[] = [];
  for (const c of candidates) {
    const holder = held.get(c.phone);
    if (!holder) toCreate.push(c);
    else if (holder.patientId === importedPatientId(r.id, c.row)) {
      out.set(c.row, { status: 'new', patientId: holder.patientId, ...(c.reason ? { reason: c.reason } : {}) });
    } else out.set(c.row, { status: 'existing', reason: ALREADY_ON_FILE });
  }
  const groups: Candidate[][] = [];
  for (let i = 0; i < toCreate.length; i += TX_RECORDS) groups.push(toCreate.slice(i, i + TX_RECORDS));
  await inParallel(groups, 10, (g) => createRecords(r, g, at, out));
  return rows.map(({ row }) => out.get(row) as Outcome);
}

const chunkOf = (r: ImportRecord, index: number) => {
  let n = 0;
  while (n + 1 < r.chunkStarts.length && (r.chunkStarts[n + 1] ?? 0) <= index) n++;
  return n;
};

/**
 * Works through the rows from the saved cursor for at most the time budget, saving progress after
 * each step; the page calls again while the import runs. A lease on the import item lets one run work
 * at a time; a run cut anywhere is continued from the saved cursor by the next call.
 */
export async function runImport(ctx: Ctx, importId: string): Promise<PatientImportView> {
  const first = await requireImport(ctx, importId);
  if (first.status === 'done') return viewOf(first);
  const missing = missingFields(first.mapping);
  if (missing.length > 0) {
    const message = `请先指定${missing.map((f) => `“${importFieldLabels[f]}”`).join('、')}列`;
    throw new ValidationError(message, { fields: [{ path: 'columns', message }] });
  }
  const startedMs = performance.now();
  // Well inside the function's time limit, whatever a test sets.
  const budget = Math.max(0, Math.min(budgetMs, (FUNCTION_TIMEOUT_SECONDS - 8) * 1000));
  const owner = ctx.requestId;
  if (!(await takeLease(importId, owner, ctx.now.getTime(), budget + LEASE_MARGIN_MS))) {
    // Another run is working: answer how far it is; the page asks again.
    return viewOf((await getImport(importId)) ?? first);
  }
  let r = (await getImport(importId)) as ImportRecord;
  const staff = await staffByName(r.clinicId);
  const at = ctx.now.toISOString();
  const total = r.progress.total;
  let loaded:
    | { n: number; raw: Awaited<ReturnType<typeof rawChunk>>; checks: CheckCell[]; outcomes: Outcome[] }
    | undefined;
  try {
    do {
      const n = chunkOf(r, r.cursor);
      const start = r.chunkStarts[n] ?? 0;
      if (loaded?.n !== n) {
        const [raw, checks, outcomes] = await Promise.all([
          rawChunk(r.id, n),
          checkChunk(r.id, n),
          r.cursor > start ? outcomeChunk(r.id, n) : Promise.resolve([]),
        ]);
        loaded = { n, raw, checks, outcomes: outcomes.slice(0, r.cursor - start) };
      }
      const end = start + loaded.raw.cells.length;
      const to = Math.min(r.cursor + STEP_ROWS, end, total);
      const rows = [];
      for (let i = r.cursor - start; i < to - start; i++) {
        rows.push({
          row: loaded.raw.rows[i] ?? 0,
          cells: loaded.raw.cells[i] ?? [],
          check: loaded.checks[i] as CheckCell,
        });
      }
      const outcomes = await processRows(r, rows, staff, at);
      loaded.outcomes.push(...outcomes);
      const progress = { ...r.progress, processed: to };
      for (const o of outcomes) progress[o.status === 'new' ? 'created' : o.status]++;
      const done = to >= total;
      await saveStep(
        r,
        owner,
        { chunk: n, outcomes: loaded.outcomes, from: r.cursor, to, progress },
        done
          ? {
              at,
              audit: {
                clinicId: r.clinicId,
                importId: r.id,
                fileName: r.fileName,
                action: 'import',
                actorStaffId: r.createdBy,
                ...(ctx.caller.staffId ? { runByStaffId: ctx.caller.staffId } : {}),
                requestId: ctx.requestId,
                counts: progress,
              },
            }
          : undefined,
      );
      r = { ...r, cursor: to, progress, ...(done ? { status: 'done' as const, finishedAt: at } : {}) };
    } while (r.cursor < total && performance.now() - startedMs < budget);
  } finally {
    if (r.status !== 'done') await releaseLease(importId, owner);
  }
  return viewOf(r);
}
