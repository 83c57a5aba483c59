import {
  importRowView,
  listPatientImportsQuery,
  mapPatientImportInput,
  patientImportRowsQuery,
  patientImportView,
  uploadPatientImportInput,
} from '../schemas/imports';
import type { Contracts } from './types';
import { page } from './views/common';

/** Patients from an old system (issue 11): the routes' published contract. */
export const importsContract = {
  uploadPatientImport: {
    summary: '上传旧系统导出的患者表（.xlsx 或 CSV），按表头对应各列并预览每一行',
    body: uploadPatientImportInput,
    response: patientImportView,
    errors: ['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'IDEMPOTENCY_KEY_REUSED', 'REQUEST_IN_PROGRESS'],
  },
  listPatientImports: {
    summary: '本院的患者导入记录，新的在前',
    query: listPatientImportsQuery,
    response: page(patientImportView),
  },
  getPatientImport: {
    summary: '一次导入：列的对应、预览的统计、状态和进度',
    response: patientImportView,
  },
  patientImportRows: {
    summary: '导入文件的各行及其结果（新建、已存在、无效及原因），可按结果筛选',
    query: patientImportRowsQuery,
    response: page(importRowView),
  },
  mapPatientImport: {
    summary: '修改列的对应并重新预览（仅限开始导入之前）',
    body: mapPatientImportInput,
    response: patientImportView,
    errors: ['CONFLICT'],
  },
  runPatientImport: {
    summary: '从上次的位置继续导入（每次最多约 20 秒），返回进度；导入进行中时请再次调用',
    response: patientImportView,
    errors: ['CONFLICT', 'RATE_LIMITED'],
  },
  patientImportReport: {
    summary: '导入报告（CSV）：每行的行号、姓名、手机（部分隐藏）、结果、原因、患者编号',
    response: { contentType: 'text/csv', description: '导入报告，UTF-8 带 BOM 的 CSV，中文表头' },
  },
} satisfies Contracts;
