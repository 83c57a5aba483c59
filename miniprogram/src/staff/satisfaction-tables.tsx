import type { SatisfactionDoctorRow, SatisfactionRow } from '@shared/schemas/reports';
import { BarList, type BarMetric } from './manager-bars';
import { npsText, stars } from './satisfaction-charts';
import { pct } from './stats-ui';

/** A missing figure sorts last and draws no bar. */
const NONE = Number.NEGATIVE_INFINITY;
const orNone = (n: number | null) => (n === null ? NONE : n);
const unlessNone = (show: (n: number | null) => string) => (n: number) => show(n === NONE ? null : n);

const metrics: BarMetric<SatisfactionRow>[] = [
  { key: 'answers', label: '答卷', of: (r) => r.answers, show: String },
  { key: 'nps', label: 'NPS', of: (r) => orNone(r.nps), show: unlessNone(npsText) },
  { key: 'overall', label: '均分', of: (r) => orNone(r.averages.overall), show: unlessNone(stars) },
  { key: 'responseRate', label: '回复率', of: (r) => orNone(r.responseRate), show: unlessNone(pct) },
];

const notes = (r: SatisfactionRow): [string, string, string][] => [
  ['invitations', '邀请', String(r.invitations)],
  ['answers', '答卷', String(r.answers)],
  ['rate', '回复率', pct(r.responseRate)],
  ['overall', '总体均分', stars(r.averages.overall)],
  ['doctor', '医生评分', stars(r.averages.doctor)],
  ['nps', 'NPS', npsText(r.nps)],
  ['low', '低分', String(r.low)],
  ['inTime', '按时处理', `${r.lowResolvedInTime}/${r.low}`],
];

/** The month per department. */
export function DepartmentTable({ rows }: { rows: SatisfactionRow[] }) {
  return (
    <BarList
      id="dept"
      rows={rows}
      metrics={metrics}
      keyOf={(r) => r.id}
      titleOf={(r) => r.name}
      notesOf={notes}
      empty="本月暂无科室数据"
    />
  );
}

/** The month per doctor, with their department. */
export function DoctorTable({ rows }: { rows: SatisfactionDoctorRow[] }) {
  return (
    <BarList
      id="doctor"
      rows={rows}
      metrics={metrics as BarMetric<SatisfactionDoctorRow>[]}
      keyOf={(r) => r.id}
      titleOf={(r) => r.name}
      subtitleOf={(r) => r.departmentName ?? ''}
      notesOf={notes}
      empty="本月暂无医生数据"
    />
  );
}
