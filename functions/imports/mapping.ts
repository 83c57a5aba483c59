import { AppError } from '../../shared/errors';
import {
  type ImportColumn,
  type ImportField,
  importFieldLabels,
  importFields,
  type MapPatientImportInput,
  requiredImportFields,
} from '../../shared/schemas/imports';

/** Which column fills which field: the field for each header, null when the column is not read. */
export type Mapping = Record<string, ImportField | null>;

/** Header spellings of old systems' exports, per field (compared without spaces, brackets or case). */
const aliases: Record<ImportField, string[]> = {
  name: ['姓名', '患者姓名', '名字', '客户姓名', '病人姓名', '顾客姓名', 'name'],
  phone: ['手机', '手机号', '手机号码', '电话', '联系电话', '电话号码', '移动电话', '联系方式', 'phone', 'mobile'],
  gender: ['性别', 'gender', 'sex'],
  birthDate: ['出生日期', '生日', '出生年月日', '出生年月', 'birthday', 'birthdate'],
  idCardNo: ['身份证号', '身份证', '身份证号码', '证件号码', '证件号', 'idcard'],
  channel: ['来源渠道', '来源', '渠道', '客户来源', '获客渠道', 'channel', 'source'],
  owner: ['归属人', '归属员工', '负责人', '所属员工', '跟进人', '归属', 'owner'],
  notes: ['备注', '说明', 'notes', 'remark', 'remarks'],
};

const folded = (h: string) => h.replace(/[\s()（）:：*]/g, '').toLowerCase();

const byAlias = new Map<string, ImportField>();
for (const f of importFields) for (const a of aliases[f]) byAlias.set(folded(a), f);

/** The mapping read from the header row: each known header fills its field (the first column wins). */
export function guessMapping(headers: string[]): Mapping {
  const taken = new Set<ImportField>();
  const mapping: Mapping = {};
  for (const h of headers) {
    const f = byAlias.get(folded(h));
    mapping[h] = f && !taken.has(f) ? f : null;
    if (f) taken.add(f);
  }
  return mapping;
}

/** A manager's choices applied to a mapping: each named header gets its field; a field fills one column only. */
export function applyChoices(mapping: Mapping, input: MapPatientImportInput): Mapping {
  const next: Mapping = { ...mapping };
  for (const [header, field] of Object.entries(input.columns)) {
    if (!(header in mapping)) {
      throw new AppError('VALIDATION_FAILED', `文件中没有“${header}”这一列`, {
        fields: [{ path: `columns.${header}`, message: '文件中没有这一列' }],
      });
    }
    next[header] = field === 'ignore' ? null : field;
  }
  for (const f of importFields) {
    const columns = Object.keys(next).filter((h) => next[h] === f);
    if (columns.length > 1) {
      throw new AppError('VALIDATION_FAILED', `“${importFieldLabels[f]}”只能对应一列`, {
        fields: columns.map((h) => ({ path: `columns.${h}`, message: `“${importFieldLabels[f]}”只能对应一列` })),
      });
    }
  }
  return next;
}

/** The columns in file order with their fields, for the preview. */
export function columnsOf(headers: string[], mapping: Mapping): ImportColumn[] {
  return headers.map((header) => ({ header, field: mapping[header] ?? null }));
}

export const ignoredColumns = (headers: string[], mapping: Mapping) => headers.filter((h) => !mapping[h]);

export function missingFields(mapping: Mapping): ImportField[] {
  const mapped = new Set(Object.values(mapping));
  return requiredImportFields.filter((f) => !mapped.has(f));
}

/** Each field's column position in a row, for reading cells. */
export function fieldPositions(headers: string[], mapping: Mapping): Partial<Record<ImportField, number>> {
  const out: Partial<Record<ImportField, number>> = {};
  headers.forEach((h, i) => {
    const f = mapping[h];
    if (f) out[f] = i;
  });
  return out;
}
