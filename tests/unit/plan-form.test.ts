import { describe, expect, it } from 'vitest';
import { draftsOf, issuesByRow, rowsToSend } from '../../miniprogram/src/staff/plan-form';

describe('the follow-up plan editor form', () => {
  it('sends typed whole days as numbers and anything else as typed, for the server to refuse in Chinese', () => {
    const drafts = draftsOf([{ daysAfter: 1, kind: 'call', role: 'service' }]);
    expect(
      rowsToSend([
        ...drafts,
        { days: ' 25 ', kind: 'message', role: 'nurse' },
        { days: '一周', kind: 'survey', role: 'service' },
      ]),
    ).toEqual([
      { daysAfter: 1, kind: 'call', role: 'service' },
      { daysAfter: 25, kind: 'message', role: 'nurse' },
      { daysAfter: '一周', kind: 'survey', role: 'service' },
    ]);
  });

  it("puts the server's issues beside their rows and the rest above the plan", () => {
    expect(
      issuesByRow([
        { path: 'rows.0.daysAfter', message: '天数应为 0 到 365 的整数' },
        { path: 'rows.2', message: '第 3 条与前面的回访重复（同一天同一方式）' },
        { path: 'rows.2.role', message: '请选择负责的岗位' },
        { path: 'rows', message: '每个类别最多 10 条回访' },
      ]),
    ).toEqual({
      rows: {
        0: '天数应为 0 到 365 的整数',
        2: '第 3 条与前面的回访重复（同一天同一方式）；请选择负责的岗位',
      },
      plan: '每个类别最多 10 条回访',
    });
  });
});
