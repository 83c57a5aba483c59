import type { ChannelStats, DailyStats, MonthlyStats, StaffRankRow } from '../../shared/schemas/campaigns';
import { type Channel, channelLabels } from '../../shared/schemas/common';
import { toCsv, yuan } from './csv';

/** One report as a spreadsheet: the file's name, a Chinese header row and the rows. */
export interface CsvFile {
  name: string;
  text: string;
}

const FIGURES = ['新建档', '预约', '到院', '营收(元)', '取消', '就诊'];

const channelName = (c: string) => channelLabels[c as Channel] ?? c;

/** A rate for Excel: a percentage, or "—" where it cannot be computed. */
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

type Figures = Pick<DailyStats, 'newRecords' | 'appointments' | 'arrivals' | 'revenueFen' | 'cancellations' | 'visits'>;
const figureCells = (f: Figures) => [
  f.newRecords,
  f.appointments,
  f.arrivals,
  yuan(f.revenueFen),
  f.cancellations,
  f.visits,
];

export function dailyCsv(d: DailyStats): CsvFile {
  return {
    name: `daily-${d.date}`,
    text: toCsv(['日期', '员工', ...FIGURES], [[d.date, d.staffName ?? '全院', ...figureCells(d)]]),
  };
}

export function monthlyCsv(m: MonthlyStats): CsvFile {
  const who = m.staffName ?? '全院';
  const rows = m.days.map((d) => [d.date, who, ...figureCells(d)]);
  rows.push(['合计', who, ...figureCells(m.totals)]);
  return { name: `monthly-${m.month}`, text: toCsv(['日期', '员工', ...FIGURES], rows) };
}

export function channelsCsv(c: ChannelStats): CsvFile {
  const rows = [
    ...c.channels.map((r) => [
      '渠道',
      channelName(r.channel),
      '',
      '',
      '',
      r.newRecords,
      r.appointments,
      r.arrivals,
      yuan(r.revenueFen),
      pct(r.conversion),
    ]),
    ...c.campaigns.map((r) => [
      '活动',
      r.name,
      r.ownerStaffName ?? '',
      r.signups,
      r.knownSignups,
      r.newRecords,
      r.appointments,
      r.arrivals,
      yuan(r.revenueFen),
      pct(r.conversion),
    ]),
  ];
  return {
    name: `channels-${c.month}`,
    text: toCsv(
      ['类型', '名称', '负责人', '报名', '其中老患者', '新建档', '预约', '到院', '营收(元)', '建档到院转化率'],
      rows,
    ),
  };
}

export function staffCsv(r: { month: string; items: StaffRankRow[] }): CsvFile {
  return {
    name: `staff-${r.month}`,
    text: toCsv(
      ['员工', '新建档', '预约', '到院', '营收(元)', '营收目标(元)', '到院目标'],
      r.items.map((i) => [
        i.name,
        i.totals.newRecords,
        i.totals.appointments,
        i.totals.arrivals,
        yuan(i.totals.revenueFen),
        i.target ? yuan(i.target.revenueFen) : '',
        i.target?.arrivals ?? '',
      ]),
    ),
  };
}
