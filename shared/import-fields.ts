// The import's vocabulary without zod: the mini-program's page reads these (zod's record schema would
// land in the weapp main package's vendors otherwise).

/** The patient fields a column of an old system's export can fill. */
export const importFields = ['name', 'phone', 'gender', 'birthDate', 'idCardNo', 'channel', 'owner', 'notes'] as const;
export type ImportField = (typeof importFields)[number];

/** What a manager reads in the column pickers. */
export const importFieldLabels: Record<ImportField, string> = {
  name: '姓名',
  phone: '手机',
  gender: '性别',
  birthDate: '出生日期',
  idCardNo: '身份证号',
  channel: '来源渠道',
  owner: '归属人',
  notes: '备注',
};

/** Columns without which no row can be imported. */
export const requiredImportFields: readonly ImportField[] = ['name', 'phone'];

export const importStatuses = ['previewed', 'running', 'done'] as const;
export type ImportStatus = (typeof importStatuses)[number];

/** A row's verdict: a new record, one already on file (by phone, or earlier in the same file), or invalid. */
export const importRowStatuses = ['new', 'existing', 'invalid'] as const;
export type ImportRowStatus = (typeof importRowStatuses)[number];

export const importRowStatusLabels: Record<ImportRowStatus, string> = {
  new: '新建',
  existing: '已存在',
  invalid: '无效',
};

/** The reason of a row that repeats a phone of an earlier row of the same file (the first one wins). */
export const DUPLICATE_IN_FILE = '文件中重复';
/** The reason of a row whose phone already has a record. */
export const ALREADY_ON_FILE = '该手机号已建档';

/** The largest spreadsheet accepted, in rows below the header. */
export const MAX_IMPORT_ROWS = 20_000;
