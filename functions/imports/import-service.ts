import { NotFoundError, ValidationError } from '../../shared/errors';
import { actsIn } from '../../shared/roles';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import type {
  ImportRowView,
  ListPatientImportsQuery,
  MapPatientImportInput,
  PatientImportRowsQuery,
  PatientImportView,
  UploadPatientImportInput,
} from '../../shared/schemas/imports';
import { getClinic } from '../clinics/clinic-repository';
import type { Ctx } from '../lib/context';
import { newId } from '../lib/ids';
import { pageOfList } from '../lib/paging';
import { actorName, clinicActedIn } from '../staff/acting';
import {
  type CheckCell,
  checkChunk,
  getImport,
  type ImportRecord,
  importsOfClinic,
  outcomeChunk,
  rawChunk,
  saveNewImport,
  savePreview,
} from './import-repository';
import { applyChoices, columnsOf, guessMapping, ignoredColumns, missingFields } from './mapping';
import { previewOf } from './preview';
import { readUpload, type SheetRow } from './sheet';

/** Rows per stored chunk, and the most bytes a chunk's cells may take (an item holds at most 400 KB). */
const CHUNK_ROWS = 500;
const CHUNK_BYTES = 250_000;

/** Rows in chunks under the item size limit: the index of each chunk's first row, and its rows. */
export function chunked(rows: SheetRow[]): { starts: number[]; chunks: SheetRow[][] } {
  const starts: number[] = [];
  const chunks: SheetRow[][] = [];
  let size = Number.POSITIVE_INFINITY;
  rows.forEach((r, i) => {
    const bytes = Buffer.byteLength(JSON.stringify(r.cells)) + 8;
    if (size + bytes > CHUNK_BYTES || (chunks.at(-1)?.length ?? 0) >= CHUNK_ROWS) {
      starts.push(i);
      chunks.push([]);
      size = 0;
    }
    chunks.at(-1)?.push(r);
    size += bytes;
  });
  return { starts, chunks };
}

export function viewOf(r: ImportRecord): PatientImportView {
  return {
    id: r.id,
    clinicId: r.clinicId,
    fileName: r.fileName,
    status: r.status,
    columns: columnsOf(r.headers, r.mapping),
    ignoredColumns: ignoredColumns(r.headers, r.mapping),
    missingFields: missingFields(r.mapping),
    counts: r.counts,
    progress: r.progress,
    createdAt: r.createdAt,
    ...(r.createdByName ? { createdByName: r.createdByName } : {}),
    ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
  };
}

/** An import of the caller's clinic (the group admin: any); another clinic's is as good as missing. */
export async function requireImport(ctx: Ctx, importId: string): Promise<ImportRecord> {
  const r = await getImport(importId);
  if (!r || !actsIn(ctx.caller, r.clinicId)) throw new NotFoundError('patientImport', { importId });
  return r;
}

/** Every stored row of an import, in file order, with its chunk's number. */
export async function allRows(r: ImportRecord): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for (let n = 0; n < r.chunkStarts.length; n++) {
    const { cells, rows } = await rawChunk(r.id, n);
    cells.forEach((c, i) => {
      out.push({ row: rows[i] ?? 0, cells: c });
    });
  }
  return out;
}

function splitChecks(cells: CheckCell[], starts: number[]): CheckCell[][] {
  return starts.map((s, n) => cells.slice(s, starts[n + 1] ?? cells.length));
}

/** A manager uploads an old system's export: read, mapped from its header row, checked row by row, stored. */
export async function uploadImport(ctx: Ctx, input: UploadPatientImportInput): Promise<PatientImportView> {
  const clinicId = clinicActedIn(ctx.caller, input.clinicId, '只能为本院导入患者');
  if (!(await getClinic(clinicId))) {
    throw new ValidationError('没有找到这家门诊', { fields: [{ path: 'clinicId', message: '没有找到这家门诊' }] });
  }
  const sheet = await readUpload(input.fileName, Buffer.from(input.contentBase64, 'base64'));
  const mapping = guessMapping(sheet.headers);
  const { starts, chunks } = chunked(sheet.rows);
  const { cells, counts } = await previewOf(sheet.headers, mapping, sheet.rows, clinicId);
  const total = sheet.rows.length;
  const record: ImportRecord = {
    id: newId('imp'),
    clinicId,
    fileName: input.fileName,
    createdBy: ctx.caller.staffId ?? ctx.caller.userId,
    createdByName: await actorName(ctx.caller),
    createdAt: ctx.now.toISOString(),
    status: 'previewed',
    headers: sheet.headers,
    mapping,
    counts,
    progress: { processed: 0, total, created: 0, existing: 0, invalid: 0 },
    chunkStarts: starts,
    cursor: 0,
    version: 1,
  };
  await saveNewImport(
    record,
    chunks.map((c) => c.map((r) => r.cells)),
    chunks.map((c) => c.map((r) => r.row)),
    splitChecks(cells, starts),
  );
  return viewOf(record);
}

/** The manager changes which column fills which field: the preview is made again (only before the run). */
export async function mapImport(ctx: Ctx, importId: string, input: MapPatientImportInput): Promise<PatientImportView> {
  const before = await requireImport(ctx, importId);
  if (before.status !== 'previewed') {
    throw new ValidationError('导入已开始，不能再修改列的对应', {
      fields: [{ path: 'columns', message: '导入已开始' }],
    });
  }
  const mapping = applyChoices(before.mapping, input);
  const { cells, counts } = await previewOf(before.headers, mapping, await allRows(before), before.clinicId);
  const next: ImportRecord = { ...before, mapping, counts };
  await savePreview(before, next, splitChecks(cells, before.chunkStarts));
  return viewOf(next);
}

export async function readImport(ctx: Ctx, importId: string): Promise<PatientImportView> {
  return viewOf(await requireImport(ctx, importId));
}

/** Every row's verdict: its outcome once the run has passed it (`processed`), the preview's before. */
export async function rowViews(r: ImportRecord): Promise<{ view: ImportRowView; processed: boolean }[]> {
  const out: { view: ImportRowView; processed: boolean }[] = [];
  for (let n = 0; n < r.chunkStarts.length; n++) {
    const checks = await checkChunk(r.id, n);
    const done = (r.chunkStarts[n] ?? 0) < r.cursor ? await outcomeChunk(r.id, n) : [];
    checks.forEach((c, i) => {
      const o = done[i];
      const v = o ? { ...c, status: o.status, reason: o.reason, patientId: o.patientId } : c;
      const view = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as ImportRowView;
      out.push({ view, processed: o !== undefined });
    });
  }
  return out;
}

export async function importRows(
  ctx: Ctx,
  importId: string,
  query: PatientImportRowsQuery,
): Promise<ListResult<ImportRowView>> {
  const r = await requireImport(ctx, importId);
  const all = (await rowViews(r)).map((v) => v.view);
  const items = query.status ? all.filter((v) => v.status === query.status) : all;
  return pageOfList(`${importId}:${query.status ?? 'all'}`, { items }, query);
}

export async function listImports(ctx: Ctx, query: ListPatientImportsQuery): Promise<ListResult<PatientImportView>> {
  const { clinicId: asked, ...page } = query;
  const clinicId = clinicActedIn(ctx.caller, asked, '只能查看本院的导入');
  const out = await importsOfClinic(clinicId, page as PageQuery);
  return { ...out, items: out.items.map(viewOf) };
}
