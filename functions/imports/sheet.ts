import { ValidationError } from '../../shared/errors';
import { MAX_IMPORT_ROWS } from '../../shared/schemas/imports';

/** One data row: its row number in the spreadsheet (the header is row 1) and its cells. */
export interface SheetRow {
  row: number;
  cells: string[];
}

/** A spreadsheet as text: the header row and the data rows, every cell a trimmed string. */
export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

const unreadable = (message: string) => new ValidationError(message, { fields: [{ path: 'contentBase64', message }] });

/** An .xlsx file is a zip archive: it starts with "PK\x03\x04". */
const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** A date cell as the API spells dates; Excel keeps dates at midnight UTC. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return String(v).trim();
}

/**
 * Text of a CSV from an old system: UTF-8 (with or without a byte-order mark), or GBK as older Excel
 * saves it in China; GBK is tried only when the bytes are not valid UTF-8.
 */
export function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('gbk', { fatal: true }).decode(bytes);
    } catch {
      throw unreadable('文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV');
    }
  }
}

// The two readers (~70 KB with what they use; sheet-readers.ts) are loaded when a file is first
// read, not when the function starts: the bundle keeps them as code run on first use, so the imports
// group's cold start does not evaluate them.

async function readXlsx(bytes: Buffer): Promise<unknown[][]> {
  const { readSheet } = await import('./sheet-readers');
  try {
    // Numbers stay as written (a phone is no float); dates come back as dates.
    const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return await readSheet(data, { parseNumber: (s: string) => s });
  } catch {
    throw unreadable('无法读取这个 Excel 文件，请确认是 .xlsx 格式（旧的 .xls 请先另存为 .xlsx）');
  }
}

async function readCsv(bytes: Buffer): Promise<string[][]> {
  const text = decodeCsv(bytes);
  // The reader takes what it is given (an unclosed quote runs to the end of the file as one field):
  // quotes come in pairs in any well-formed CSV, so an odd count is refused rather than misread.
  if ((text.match(/"/g)?.length ?? 0) % 2 === 1) throw unreadable('无法读取这个 CSV 文件，请检查引号和分隔符');
  const { csvParseRows } = await import('./sheet-readers');
  return csvParseRows(text);
}

/** Headers as keys: a blank one is named by its position, a repeated one gets its count. */
function headerNames(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h || `第${i + 1}列`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}(${n})`;
  });
}

/** Reads an uploaded .xlsx (first sheet) or CSV: xlsx by its content, else by the name; anything else is a 400. */
export async function readUpload(fileName: string, bytes: Buffer): Promise<Sheet> {
  const lower = fileName.toLowerCase();
  if (!isZip(bytes) && (lower.endsWith('.xlsx') || lower.endsWith('.xls'))) {
    throw unreadable('无法读取这个 Excel 文件，请确认是 .xlsx 格式（旧的 .xls 请先另存为 .xlsx）');
  }
  if (!isZip(bytes) && !lower.endsWith('.csv') && !lower.endsWith('.txt')) {
    throw unreadable('请上传 Excel（.xlsx）或 CSV 文件');
  }
  const raw = isZip(bytes) ? await readXlsx(bytes) : await readCsv(bytes);
  // Blank rows are left out, but every row keeps its number in the spreadsheet.
  const nonEmpty = raw
    .map((r, i) => ({ row: i + 1, cells: r.map(cellText) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  const [first, ...rows] = nonEmpty;
  const header = first?.cells;
  if (!header || rows.length === 0) throw unreadable('文件中没有患者数据（第一行应为表头，之后每行一位患者）');
  if (rows.length > MAX_IMPORT_ROWS) {
    throw unreadable(`一次最多导入 ${MAX_IMPORT_ROWS} 行，请把文件拆开后分批导入`);
  }
  const width = rows.reduce((w, r) => Math.max(w, r.cells.length), header.length);
  const pad = (r: string[]) => Array.from({ length: width }, (_, i) => r[i] ?? '');
  return { headers: headerNames(pad(header)), rows: rows.map((r) => ({ row: r.row, cells: pad(r.cells) })) };
}
