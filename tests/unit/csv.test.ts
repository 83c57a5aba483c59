import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv, yuan } from '../../functions/stats/csv';

/** A small RFC 4180 reader: what Excel makes of the text (BOM and the final CRLF stripped). */
function readCsv(text: string): string[][] {
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n$/, '');
  const rows: string[][] = [[]];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      rows.at(-1)!.push(cell);
      cell = '';
    } else if (ch === '\r' && body[i + 1] === '\n') {
      rows.at(-1)!.push(cell);
      rows.push([]);
      cell = '';
      i++;
    } else cell += ch;
  }
  rows.at(-1)!.push(cell);
  return rows;
}

/** Text a cell may hold that no spreadsheet reads as a formula. */
const plainText = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !/^[=+\-@]/.test(s));

describe('toCsv', () => {
  it('starts with a byte-order mark so Excel reads Chinese headers as UTF-8', () => {
    expect(toCsv(['日期'], []).startsWith('\uFEFF日期')).toBe(true);
  });

  it('ends every line with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 2]])).toBe('\uFEFFa,b\r\n1,2\r\n');
  });

  it('quotes a cell holding a comma, a quote or a line break, doubling quotes', () => {
    expect(toCsv(['x'], [['企业体检，春季,二组'], ['他说"好"'], ['两\n行']])).toBe(
      '\uFEFFx\r\n"企业体检，春季,二组"\r\n"他说""好"""\r\n"两\n行"\r\n',
    );
  });

  it('writes an empty cell for a missing value', () => {
    expect(toCsv(['a', 'b', 'c'], [[undefined, null, 0]])).toBe('\uFEFFa,b,c\r\n,,0\r\n');
  });

  it('reads back exactly the cells it was given', () => {
    fc.assert(
      fc.property(
        fc.array(plainText, { minLength: 1, maxLength: 5 }),
        fc.array(fc.array(plainText, { minLength: 1, maxLength: 5 }), { maxLength: 5 }),
        (header, rows) => {
          const width = header.length;
          const even = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
          expect(readCsv(toCsv(header, even))).toEqual([header, ...even]);
        },
      ),
    );
  });

  it('neutralises a cell starting with = + - or @ so Excel never runs it as a formula', () => {
    const cells = ['=HYPERLINK("http://x","点我")', '+86 138', '-2+3', '@SUM(A1)'];
    const [, row] = readCsv(toCsv(['a', 'b', 'c', 'd'], [cells]));
    expect(row).toEqual(cells.map((c) => `'${c}`));
  });

  it('neutralises any formula-like text, whatever follows its first character', () => {
    fc.assert(
      fc.property(fc.constantFrom('=', '+', '-', '@'), fc.string({ unit: 'grapheme', maxLength: 20 }), (lead, rest) => {
        const text = lead + rest;
        fc.pre(Number.isNaN(Number(text)));
        const [, [cell]] = readCsv(toCsv(['a'], [[text]])) as [string[], string[]];
        expect(cell).toBe(`'${text}`);
      }),
    );
  });

  it('leaves negative numbers as numbers', () => {
    expect(toCsv(['a', 'b', 'c'], [[-3, '-12.50', yuan(-1250)]])).toBe('\uFEFFa,b,c\r\n-3,-12.50,-12.50\r\n');
  });
});

describe('yuan', () => {
  it('writes fen as yuan with two decimals', () => {
    expect(yuan(1_280_050)).toBe('12800.50');
    expect(yuan(0)).toBe('0.00');
  });
});
