import * as z from 'zod';
import { importFields, importRowStatuses, importStatuses } from '../import-fields';
import { idParam, pageFields } from './common';

export * from '../import-fields';

export const uploadPatientImportInput = z.strictObject({
  fileName: z.string().trim().min(1, { message: '请提供文件名' }).max(120, { message: '文件名不超过 120 个字' }),
  /** The file's bytes, base64: an .xlsx workbook (its first sheet) or a CSV in UTF-8 or GBK. */
  contentBase64: z.string().min(1, { message: '文件是空的' }),
  /** The clinic the patients join (the caller's own by default; the group admin names one). */
  clinicId: idParam.optional(),
});
export type UploadPatientImportInput = z.infer<typeof uploadPatientImportInput>;

const fieldOrIgnore = z.enum([...importFields, 'ignore'], { message: '列的用途不正确' });

export const mapPatientImportInput = z.strictObject({
  /** Header text of each column → the field it fills ('ignore': not read). Columns not named keep theirs. */
  columns: z.record(z.string().max(100), fieldOrIgnore),
});
export type MapPatientImportInput = z.infer<typeof mapPatientImportInput>;

export const patientImportRowsQuery = z.strictObject({
  ...pageFields,
  status: z.enum(importRowStatuses, { message: '状态应为 new、existing 或 invalid' }).optional(),
});
export type PatientImportRowsQuery = z.infer<typeof patientImportRowsQuery>;

export const listPatientImportsQuery = z.strictObject({ ...pageFields, clinicId: idParam.optional() });
export type ListPatientImportsQuery = z.infer<typeof listPatientImportsQuery>;

const count = z.number().int().min(0);

export const importCounts = z.object({
  new: count,
  /** Already on file by phone (rows repeating a phone of the same file are counted in `duplicate`). */
  existing: count,
  invalid: count,
  duplicate: count,
});
export type ImportCounts = z.infer<typeof importCounts>;

export const importProgress = z.object({
  processed: count,
  total: count,
  created: count,
  /** On file already, or repeating an earlier row of the file. */
  existing: count,
  invalid: count,
});
export type ImportProgress = z.infer<typeof importProgress>;

export const importColumn = z.object({
  header: z.string(),
  field: z.enum(importFields).nullable(),
});
export type ImportColumn = z.infer<typeof importColumn>;

/** One import: its file, how its columns are read, what the preview found and how far the run is. */
export const patientImportView = z.object({
  id: z.string(),
  clinicId: z.string(),
  fileName: z.string(),
  status: z.enum(importStatuses),
  columns: z.array(importColumn),
  /** Headers that no field reads (shown so the manager sees what is left out). */
  ignoredColumns: z.array(z.string()),
  /** Required fields no column fills: nothing can be imported until they are mapped. */
  missingFields: z.array(z.enum(importFields)),
  counts: importCounts,
  progress: importProgress,
  createdAt: z.string(),
  createdByName: z.string().optional(),
  finishedAt: z.string().optional(),
});
export type PatientImportView = z.infer<typeof patientImportView>;

export const importRowView = z.object({
  /** The spreadsheet's row number (the header is row 1). */
  row: z.number().int(),
  name: z.string(),
  maskedPhone: z.string(),
  status: z.enum(importRowStatuses),
  reason: z.string().optional(),
  patientId: z.string().optional(),
});
export type ImportRowView = z.infer<typeof importRowView>;
