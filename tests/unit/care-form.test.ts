import { describe, expect, it } from 'vitest';
import { issuesAt, linesOf } from '../../miniprogram/src/staff/care-form';

describe('the care editing form', () => {
  it('reads one line per line typed, blank lines and edge spaces dropped', () => {
    expect(linesOf(' 咬紧纱布 \n\n  今天不要漱口\n')).toEqual(['咬紧纱布', '今天不要漱口']);
  });

  it("places the server's issues of one item beside its fields, lines numbered from 1", () => {
    const fields = [
      { path: 'items.1.title', message: '请填写宣教标题' },
      { path: 'items.1.lines.0', message: '每行最多 60 字，请拆成两行' },
      { path: 'items.1.lines', message: '每条宣教最多 3 行' },
      { path: 'items.0.title', message: '别的条目' },
    ];
    expect(issuesAt(fields, 'items.1')).toEqual({
      title: '请填写宣教标题',
      lines: '第 1 行：每行最多 60 字，请拆成两行\n每条宣教最多 3 行',
    });
  });

  it('reads top-level issues when there is no prefix', () => {
    expect(issuesAt([{ path: 'lines', message: '须知最多 8 条' }], '')).toEqual({ title: '', lines: '须知最多 8 条' });
  });
});
