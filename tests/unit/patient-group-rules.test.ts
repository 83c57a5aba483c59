import { describe, expect, it } from 'vitest';
import {
  addMonthsToDate,
  type CareSummary,
  placementsFor,
  startsImplantSeries,
} from '../../shared/patient-group-rules';
import type { Category } from '../../shared/schemas/common';
import { defaultGroupSettings as settings } from '../../shared/schemas/patient-groups';

const MONTH = '2042-06';

/** A summary of visits (date, category, fen), oldest first, as the visits would have built it. */
function summary(visits: [string, Category, number?][]): CareSummary {
  const s: CareSummary = {
    patientId: 'p1',
    clinicId: 'c1',
    firstVisitDate: visits[0]![0],
    lastVisitDate: '',
    lastVisitId: '',
    lastVisitAt: '',
    lastCategory: 'general',
    last: {},
    spendFen: 0,
    visitCount: 0,
  };
  visits.forEach(([date, c, fen], i) => {
    const id = `v${i}`;
    if (c === 'implant' && startsImplantSeries(s.implantSince, date)) s.implantSince = date;
    Object.assign(s, { lastVisitDate: date, lastVisitId: id, lastVisitAt: `${date}T10:00:00+08:00`, lastCategory: c });
    s.last[c] = { date, visitId: id };
    s.spendFen += fen ?? 10_000;
    s.visitCount++;
  });
  return s;
}
const groups = (visits: [string, Category, number?][]) =>
  Object.fromEntries(placementsFor(summary(visits), settings, MONTH).map((p) => [p.group, p]));

describe('month arithmetic', () => {
  it('keeps the day, or takes the shorter month’s last day', () => {
    expect(addMonthsToDate('2042-01-31', 1)).toBe('2042-02-28');
    expect(addMonthsToDate('2041-12-30', 6)).toBe('2042-06-30');
    expect(addMonthsToDate('2042-03-15', -3)).toBe('2041-12-15');
  });
});

describe('a month’s groups hold those due by its last day', () => {
  it('orthodontic: 6 weeks after the last adjustment, due on the month’s last day is in, the day after is out', () => {
    const inGroup = groups([['2042-05-19', 'orthodontic']]);
    expect(inGroup.orthodontic?.dueDate).toBe('2042-06-30');
    expect(inGroup.orthodontic?.reason).toBe('上次正畸复诊 2042-05-19，每 6 周需调整');
    expect(groups([['2042-05-20', 'orthodontic']]).orthodontic).toBeUndefined();
  });

  it('orthodontic: a patient not seen for over a year is lapsed, not an overdue adjustment', () => {
    const g = groups([['2041-06-01', 'orthodontic']]);
    expect(g.orthodontic).toBeUndefined();
    expect(g.lapsed?.dueDate).toBe('2042-06-01');
  });

  it('prosthetic: 6 months after the last prosthetic visit', () => {
    expect(groups([['2041-12-30', 'prosthetic']]).prosthetic?.dueDate).toBe('2042-06-30');
    expect(groups([['2042-01-01', 'prosthetic']]).prosthetic).toBeUndefined();
  });

  it('implant: the latest review step due (1/3/6/12 months after the implant) not yet come for', () => {
    const g = groups([['2042-03-15', 'implant']]);
    expect(g.implant?.dueDate).toBe('2042-06-15');
    expect(g.implant?.reason).toBe('种植 2042-03-15，术后 3 个月复查');
    expect(g.implant?.reminderReason).toBe('您的种植牙已到术后 3 个月检查时间');
  });

  it('implant: a review visit up to 14 days early counts; one more than 14 days early does not', () => {
    // 3-month review due 2042-05-10.
    expect(
      groups([
        ['2042-02-10', 'implant'],
        ['2042-04-26', 'implant'],
      ]).implant,
    ).toBeUndefined();
    expect(
      groups([
        ['2042-02-10', 'implant'],
        ['2042-04-25', 'implant'],
      ]).implant?.dueDate,
    ).toBe('2042-05-10');
  });

  it('implant: a new implant long after the first starts its own series of reviews', () => {
    const g = groups([
      ['2040-01-10', 'implant'],
      ['2042-05-20', 'implant'],
    ]);
    // From 2042-05-20, the 1-month review falls on 2042-06-20.
    expect(g.implant?.dueDate).toBe('2042-06-20');
    expect(g.implant?.reason).toContain('术后 1 个月');
  });

  it('periodontal: 3 months after the last periodontal visit', () => {
    expect(groups([['2042-03-30', 'periodontal']]).periodontal?.dueDate).toBe('2042-06-30');
    expect(groups([['2042-04-01', 'periodontal']]).periodontal).toBeUndefined();
  });

  it('cleaning: 6 months after the last cleaning, or after the first visit when there was none', () => {
    expect(groups([['2041-12-30', 'cleaning']]).cleaning?.reason).toBe('上次洁牙 2041-12-30');
    expect(groups([['2042-01-01', 'cleaning']]).cleaning).toBeUndefined();
    const never = groups([['2041-12-30', 'endodontic']]).cleaning;
    expect(never?.dueDate).toBe('2042-06-30');
    expect(never?.reason).toBe('首次就诊 2041-12-30，尚无洁牙记录');
  });

  it('lapsed: no visit in the 12 months up to the month’s end', () => {
    expect(groups([['2041-06-30', 'general']]).lapsed?.dueDate).toBe('2042-06-30');
    expect(groups([['2041-07-01', 'general']]).lapsed).toBeUndefined();
  });

  it('high value: lifetime spend at or over the threshold', () => {
    const hv = groups([
      ['2042-05-01', 'cosmetic', 1_500_000],
      ['2042-05-20', 'general', 500_000],
    ]).high_value;
    expect(hv?.reason).toBe('累计消费 ¥20,000，共就诊 2 次');
    expect(hv?.dueDate).toBe('2042-06-01');
    expect(groups([['2042-05-01', 'cosmetic', 1_999_999]]).high_value).toBeUndefined();
  });

  it('uses the clinic’s intervals', () => {
    const s = summary([['2042-04-15', 'cleaning']]);
    expect(placementsFor(s, settings, MONTH).map((p) => p.group)).toEqual([]);
    expect(placementsFor(s, { ...settings, cleaningMonths: 2 }, MONTH).map((p) => p.group)).toEqual(['cleaning']);
  });
});

describe('what a group reminder tells the patient', () => {
  it('is a plain notice that fits one SMS with the signature and opt-out, for every group', async () => {
    const { defaultTemplates, renderTemplate, smsParts, smsText } = await import('../../shared/messaging-rules');
    const placed = [
      summary([['2042-05-01', 'orthodontic']]),
      summary([['2041-12-01', 'prosthetic']]),
      summary([['2042-03-01', 'implant', 3_000_000]]),
      summary([['2041-03-01', 'periodontal']]),
    ].flatMap((s) => placementsFor(s, settings, MONTH));
    expect(new Set(placed.map((p) => p.group)).size).toBe(7);
    for (const p of placed) {
      const body = renderTemplate(defaultTemplates.group, {
        name: '欧阳娜娜',
        clinic: '康美口腔',
        reason: p.reminderReason,
      });
      expect(body, p.group).not.toMatch(/优惠|折|免费|特价|活动|回访|复查|问卷|满意度|治疗|客户/);
      expect(smsParts(smsText({ signature: '康美口腔', body, marketing: true })), body).toBe(1);
    }
  });
});
