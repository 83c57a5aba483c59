import { addMonths } from '../../shared/dates';
import type {
  SatisfactionDoctorRow,
  SatisfactionFigures,
  SatisfactionReport,
  SatisfactionRow,
} from '../../shared/schemas/reports';
import { SATISFACTION_TREND_MONTHS } from '../../shared/schemas/reports';
import { type SurveyDimension, surveyDimensions } from '../../shared/schemas/surveys';
import {
  dimensionCount,
  dimensionSum,
  type SatCounts,
  type SatRow,
  satCounterNames,
  zeroCounts,
} from './satisfaction-repository';

/** n / d, or null when there is nothing to divide by. */
const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);
const round = (x: number | null, digits: number) => (x === null ? null : Number(x.toFixed(digits)));

/** The report's figures of one scope from its counts: averages, NPS and rates, null where undefined. */
export function figuresOf(c: SatCounts): SatisfactionFigures {
  const averages = Object.fromEntries(
    surveyDimensions.map((d) => [d, round(ratio(c[dimensionSum(d)], c[dimensionCount(d)]), 2)]),
  ) as Record<SurveyDimension, number | null>;
  const nps = ratio(c.promoters - c.detractors, c.answers);
  return {
    invitations: c.invitations,
    answers: c.answers,
    responseRate: round(ratio(c.answers, c.invitations), 4),
    averages,
    nps: nps === null ? null : round(nps * 100, 1),
    promoters: c.promoters,
    passives: c.passives,
    detractors: c.detractors,
    low: c.low,
    lowResolved: c.lowResolved,
    lowResolvedInTime: c.lowResolvedInTime,
    resolvedInTimeRate: round(ratio(c.lowResolvedInTime, c.low), 4),
  };
}

function countsOf(r: SatRow | undefined): SatCounts {
  const c = zeroCounts();
  if (r) for (const n of satCounterNames) c[n] = r[n];
  return c;
}

/** The first month of the trend that ends with `month`. */
export const trendStart = (month: string) => addMonths(month, -(SATISFACTION_TREND_MONTHS - 1));

/** Names the report shows: departments by id; doctors by the name stored with their counts. */
export interface Names {
  departments: Map<string, string>;
}

/**
 * The report of `month` from the counter items of the trend's months (what one Query read): the
 * month's totals and rows per department and per doctor, and the trend month by month.
 */
export function satisfactionReport(
  clinicId: string,
  month: string,
  rows: readonly SatRow[],
  names: Names,
): SatisfactionReport {
  const ofMonth = rows.filter((r) => r.month === month);
  const deptName = (id: string) => names.departments.get(id) ?? id;
  const byAnswers = <T extends SatisfactionRow>(a: T, b: T) =>
    b.answers - a.answers || b.invitations - a.invitations || a.name.localeCompare(b.name, 'zh-CN');
  const departments = ofMonth
    .filter((r) => r.scope === 'dept')
    .map((r): SatisfactionRow => ({ id: r.id, name: deptName(r.id), ...figuresOf(countsOf(r)) }))
    .sort(byAnswers);
  const doctors = ofMonth
    .filter((r) => r.scope === 'doctor')
    .map(
      (r): SatisfactionDoctorRow => ({
        id: r.id,
        name: r.name ?? r.id,
        ...(r.departmentId ? { departmentId: r.departmentId, departmentName: deptName(r.departmentId) } : {}),
        ...figuresOf(countsOf(r)),
      }),
    )
    .sort(byAnswers);
  const totalOf = (m: string) => rows.find((r) => r.month === m && r.scope === 'clinic');
  const trend = Array.from({ length: SATISFACTION_TREND_MONTHS }, (_, i) => addMonths(trendStart(month), i)).map(
    (m) => ({ month: m, ...figuresOf(countsOf(totalOf(m))) }),
  );
  return { month, clinicId, totals: figuresOf(countsOf(totalOf(month))), departments, doctors, trend };
}
