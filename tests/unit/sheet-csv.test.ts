import { describe, expect, it } from 'vitest';
import { readUpload } from '../../functions/imports/sheet';
import { ValidationError } from '../../shared/errors';

// The import's CSV reading (functions/imports/sheet.ts): what an old system's export looks like,
// quoted fields and all, and a broken file refused with a message a manager can act on.

const csv = (text: string) => readUpload('患者.csv', Buffer.from(text, 'utf8'));

describe('reading a CSV upload', () => {
  it('reads quoted fields with commas, line breaks and doubled quotes, CRLF or LF', async () => {
    const sheet = await csv(
      '姓名,电话,说明\r\n张三,13800138000,"种植, 二期"\r\n"李""四""",13900139000,"第一行\n第二行"\r\n',
    );
    expect(sheet.headers).toEqual(['姓名', '电话', '说明']);
    expect(sheet.rows).toEqual([
      { row: 2, cells: ['张三', '13800138000', '种植, 二期'] },
      { row: 3, cells: ['李"四"', '13900139000', '第一行\n第二行'] },
    ]);
  });

  it('pads short rows, keeps long ones, skips blank lines and keeps each row its line number', async () => {
    const sheet = await csv('姓名,电话\n王五\n\n赵六,13700137000,多余\n');
    expect(sheet.rows).toEqual([
      { row: 2, cells: ['王五', '', ''] },
      { row: 4, cells: ['赵六', '13700137000', '多余'] },
    ]);
    expect(sheet.headers).toHaveLength(3);
  });

  it('refuses a file with an unclosed quote instead of reading the rest of it as one field', async () => {
    const broken = csv('姓名,电话\n"张三,13800138000\n李四,13900139000\n');
    await expect(broken).rejects.toBeInstanceOf(ValidationError);
    await expect(broken).rejects.toThrow('无法读取这个 CSV 文件，请检查引号和分隔符');
  });
});
