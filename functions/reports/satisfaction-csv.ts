import type { SatisfactionFigures, SatisfactionReport } from '../../shared/schemas/reports';
import { surveyDimensionLabels, surveyDimensions } from '../../shared/schemas/surveys';
import { toCsv } from '../stats/csv';
import type { CsvFile } from '../stats/stats-csv';

/** A rate for Excel: a percentage, or "—" where it cannot be computed (as the stats CSV writes it). */
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null, digits: number) => (x === null ? '—' : x.toFixed(digits));

const HEADER = [
  '类型',
  '名称',
  '所属科室',
  '邀请数',
  '答卷数',
  '回复率',
  ...surveyDimensions.map((d) => `${surveyDimensionLabels[d]}(均分)`),
  'NPS',
  '推荐者',
  '中立者',
  '贬损者',
  '低分答卷',
  '已处理',
  '按时处理',
  '按时处理率',
];

const cells = (f: SatisfactionFigures) => [
  f.invitations,
  f.answers,
  pct(f.responseRate),
  ...surveyDimensions.map((d) => num(f.averages[d], 2)),
  num(f.nps, 1),
  f.promoters,
  f.passives,
  f.detractors,
  f.low,
  f.lowResolved,
  f.lowResolvedInTime,
  pct(f.resolvedInTimeRate),
];

/** The month's report as one sheet: the clinic, each department, each doctor, then the trend by month. */
export function satisfactionCsv(r: SatisfactionReport): CsvFile {
  const rows = [
    ['全院', r.month, '', ...cells(r.totals)],
    ...r.departments.map((d) => ['科室', d.name, '', ...cells(d)]),
    ...r.doctors.map((d) => ['医生', d.name, d.departmentName ?? '', ...cells(d)]),
    ...r.trend.map((t) => ['月度趋势', t.month, '', ...cells(t)]),
  ];
  return { name: `satisfaction-${r.month}`, text: toCsv(HEADER, rows) };
}
