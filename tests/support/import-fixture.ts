import writeExcelFile from 'write-excel-file/node';
import { maskPhone } from '../../shared/phone';
import { idCardFor } from './api';

/**
 * An old system's patient export, made row by row from its number so that every row's result is known
 * before the import runs: which rows are new, which repeat a phone of the file or of a record already
 * on file, and which are invalid and why. Shared by the import tests and the bench.
 */
export const IMPORT_HEADERS = [
  '姓名',
  '手机',
  '性别',
  '出生日期',
  '身份证号',
  '来源渠道',
  '归属人',
  '备注',
  '会员卡号',
];

export interface FixtureRow {
  cells: (string | number | Date | null)[];
  /** What the report must say of it. */
  result: '新建' | '已存在' | '无效';
  reason: string;
  name: string;
  maskedPhone: string;
  /** The phone a record must already hold before the import (made by the test). */
  onFile?: string;
}

export const OWNER_NAME = '演示市场专员';

/** The i-th row (0-based) of a fixture whose phones are `prefix` (7 digits) + a 4-digit number. */
export function fixtureRow(i: number, prefix: string, xlsx: boolean): FixtureRow {
  const phone = `${prefix}${String(i).padStart(4, '0')}`;
  const born = `19${60 + (i % 40)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
  const name = `患者${i}`;
  const kind = i % 50;
  const date = (d: string) => (xlsx ? new Date(`${d}T00:00:00Z`) : d);
  const base = {
    name,
    phone: xlsx ? Number(phone) : phone,
    gender: i % 2 ? '男' : '女',
    born: date(born),
    id: '',
    channel: ['自然到院', '老带新', '网络', '社区'][i % 4] as string,
    owner: '',
    notes: i % 10 === 0 ? '=HYPERLINK("x")' : '',
  };
  const row = (o: Partial<typeof base> = {}) => {
    const b = { ...base, ...o };
    return [b.name, b.phone, b.gender, b.born, b.id, b.channel, b.owner, b.notes, `VIP${i}`];
  };
  const ok = (o: Partial<typeof base> = {}, reason = ''): FixtureRow => ({
    cells: row(o),
    result: '新建',
    reason,
    name: o.name ?? name,
    maskedPhone: maskPhone(phone),
  });
  const bad = (o: Partial<typeof base>, reason: string, masked = maskPhone(phone)): FixtureRow => ({
    cells: row(o),
    result: '无效',
    reason,
    name: o.name ?? name,
    maskedPhone: masked,
  });
  switch (kind) {
    case 3:
      return ok({ owner: OWNER_NAME });
    case 7: {
      // The phone of the row before (a plain one): the first wins.
      const earlier = `${prefix}${String(i - 1).padStart(4, '0')}`;
      return {
        cells: row({ phone: xlsx ? Number(earlier) : earlier }),
        result: '已存在',
        reason: '文件中重复',
        name,
        maskedPhone: maskPhone(earlier),
      };
    }
    case 11:
      return { ...ok(), result: '已存在', reason: '该手机号已建档', onFile: phone };
    case 13:
      return bad({ phone: '12345' }, '手机：请输入正确的 11 位手机号', maskPhone('12345'));
    case 17:
      return bad({ born: '1990-02-30' }, '出生日期：日期不正确，请按“1990-01-31”的样子填写');
    case 19: {
      const good = idCardFor(born);
      const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      return bad({ id: wrong }, '身份证号校验位不正确');
    }
    case 23:
      return ok({ channel: '抖音' });
    case 29:
      return bad({ name: '' }, '姓名为空');
    case 31:
      return ok({ id: idCardFor(born) });
    case 37:
      return ok({ owner: '不存在' }, '归属人“不存在”不是本院员工，未设归属人');
    case 41:
      return bad({ born: date('2020-06-01') }, '未满 14 周岁的就诊人需监护人同意');
    default:
      return ok();
  }
}

export function fixtureRows(n: number, prefix: string, xlsx: boolean): FixtureRow[] {
  return Array.from({ length: n }, (_, i) => fixtureRow(i, prefix, xlsx));
}

/** A 7-digit phone prefix no other run of the suite uses (199 + 4 random digits). */
export function phonePrefix(): string {
  return `199${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
}

export async function fixtureXlsx(rows: FixtureRow[]): Promise<Buffer> {
  const data = [IMPORT_HEADERS, ...rows.map((r) => r.cells)];
  return writeExcelFile(data as never, { dateFormat: 'yyyy-mm-dd' } as never).toBuffer();
}

/** The rows as CSV text (cells quoted where needed). */
export function fixtureCsv(rows: FixtureRow[]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${[IMPORT_HEADERS, ...rows.map((r) => r.cells)].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** The report the import must leave: every line (after the header), as the CSV writes it. */
export function expectedReport(rows: FixtureRow[], patientIds: Map<number, string>): string[] {
  return rows.map((r, i) => {
    const id = r.result === '新建' ? (patientIds.get(i + 2) ?? '?') : '';
    return [i + 2, r.name, r.maskedPhone, r.result, r.reason, id].join(',');
  });
}
