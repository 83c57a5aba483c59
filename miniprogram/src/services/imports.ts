import { routes } from '@shared/routes';
import type { ListResult } from '@shared/schemas/common';
import type { ImportField, ImportRowStatus, ImportRowView, PatientImportView } from '@shared/schemas/imports';
import Taro from '@tarojs/taro';
import { call, callBinary } from './request';
import { saveFileH5 } from './save-file';

/** An upload's preview and a run call work for up to ~20 s (API Gateway waits 30 s at most). */
const LONG_MS = 35_000;

/** Managers: an old system's export (base64) uploaded and previewed. */
export function uploadImport(fileName: string, contentBase64: string): Promise<PatientImportView> {
  return call(routes.uploadPatientImport, { body: { fileName, contentBase64 }, timeoutMs: LONG_MS });
}

export function getImport(importId: string): Promise<PatientImportView> {
  return call(routes.getPatientImport, { params: { importId } });
}

export function importRows(
  importId: string,
  status?: ImportRowStatus,
  cursor?: string,
  limit = 20,
): Promise<ListResult<ImportRowView>> {
  return call(routes.patientImportRows, { params: { importId }, query: { status, cursor, limit } });
}

export function mapImport(importId: string, header: string, field: ImportField | 'ignore'): Promise<PatientImportView> {
  return call(routes.mapPatientImport, { params: { importId }, body: { columns: { [header]: field } } });
}

/** One run call: works up to ~20 s and answers the progress; call again while it is running. */
export function runImport(importId: string): Promise<PatientImportView> {
  return call(routes.runPatientImport, { params: { importId }, timeoutMs: LONG_MS });
}

export function listImports(cursor?: string): Promise<ListResult<PatientImportView>> {
  return call(routes.listPatientImports, { query: { cursor, limit: 20 } });
}

/** H5 only: the import's report as a CSV file the browser saves. */
export async function downloadImportReport(importId: string): Promise<string> {
  const r = await callBinary(routes.patientImportReport, { params: { importId } }, 'text/csv');
  const name = `patient-import-${importId}.csv`;
  saveFileH5(r.data, name, 'text/csv;charset=utf-8');
  return name;
}

/** A chosen file: its name and bytes in base64, or undefined when the person cancelled. */
export interface ChosenFile {
  name: string;
  base64: string;
}

/** H5: the browser's file chooser; weapp: a file from a chat (the way WeChat hands over files). */
export function chooseSheet(): Promise<ChosenFile | undefined> {
  if (process.env.TARO_ENV === 'h5') {
    return new Promise((done) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = '.xlsx,.csv';
      input.onchange = () => {
        const file = input.files?.[0];
        if (!file) return done(undefined);
        const reader = new FileReader();
        reader.onload = () => done({ name: file.name, base64: String(reader.result).split(',')[1] ?? '' });
        reader.onerror = () => done(undefined);
        reader.readAsDataURL(file);
      };
      input.click();
    });
  }
  return Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] }).then(
    (r) =>
      new Promise<ChosenFile | undefined>((done) => {
        const file = r.tempFiles[0];
        if (!file) return done(undefined);
        Taro.getFileSystemManager().readFile({
          filePath: file.path,
          encoding: 'base64',
          success: (res) => done({ name: file.name, base64: String(res.data) }),
          fail: () => done(undefined),
        });
      }),
    () => undefined,
  );
}
