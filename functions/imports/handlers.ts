import { routes } from '../../shared/routes';
import {
  listPatientImportsQuery,
  mapPatientImportInput,
  patientImportRowsQuery,
  uploadPatientImportInput,
} from '../../shared/schemas/imports';
import { creating, endpoint } from '../lib/http';
import { keptInIdempotencyTable } from '../lib/idempotency';
import { importRows, listImports, mapImport, readImport, uploadImport } from './import-service';
import { importReport } from './report';
import { runImport } from './run-service';

/** A spreadsheet in base64 JSON: 6 MB, what a Lambda takes in one synchronous request (a file of ~4.4 MB). */
export const IMPORT_BODY_BYTES = 6 * 1024 * 1024 - 64 * 1024;

/** Patients from an old system (issue 11): upload and preview, mapping, the resumable run, rows, report. */
export const handlers = {
  uploadPatientImport: creating(routes.uploadPatientImport, {
    keptBy: keptInIdempotencyTable,
    body: uploadPatientImportInput,
    maxBodyBytes: IMPORT_BODY_BYTES,
    run: ({ ctx, body }) => uploadImport(ctx, body),
  }),
  getPatientImport: endpoint(routes.getPatientImport, {
    run: ({ ctx, params }) => readImport(ctx, params.importId),
  }),
  patientImportRows: endpoint(routes.patientImportRows, {
    query: patientImportRowsQuery,
    run: ({ ctx, params, query }) => importRows(ctx, params.importId, query),
  }),
  mapPatientImport: endpoint(routes.mapPatientImport, {
    body: mapPatientImportInput,
    run: ({ ctx, params, body }) => mapImport(ctx, params.importId, body),
  }),
  runPatientImport: endpoint(routes.runPatientImport, {
    run: ({ ctx, params }) => runImport(ctx, params.importId),
  }),
  patientImportReport: endpoint(routes.patientImportReport, {
    run: ({ ctx, params }) => importReport(ctx, params.importId),
  }),
  listPatientImports: endpoint(routes.listPatientImports, {
    query: listPatientImportsQuery,
    run: ({ ctx, query }) => listImports(ctx, query),
  }),
};
