import { routes } from '@shared/routes';
import type { ChannelStats, DailyStats, MonthlyStats, StaffRankRow, Target } from '@shared/schemas/campaigns';
import { call, callBinary } from './request';
import { saveFileH5 } from './save-file';

/** A day's figures: a marketer's own (no staffId), or a manager's pick. */
export function dailyStats(date?: string, staffId?: string): Promise<DailyStats> {
  return call(routes.daily, { query: { date, staffId } });
}

export function monthlyStats(month?: string, staffId?: string): Promise<MonthlyStats> {
  return call(routes.monthly, { query: { month, staffId } });
}

/** Managers: results by channel and by campaign. */
export function channelStats(month: string): Promise<ChannelStats> {
  return call(routes.channels, { query: { month } });
}

/** Managers: marketers ranked, with their targets. */
export function staffRanking(month: string): Promise<{ month: string; items: StaffRankRow[] }> {
  return call(routes.staffRanking, { query: { month } });
}

export function setTarget(staffId: string, month: string, target: Target): Promise<unknown> {
  return call(routes.setTarget, { params: { staffId }, query: { month }, body: target });
}

const csvRoutes = {
  staff: routes.staffRanking,
  channels: routes.channels,
  satisfaction: routes.satisfactionReport,
} as const;
export type CsvReport = keyof typeof csvRoutes;

/** H5 only: a month's report as a CSV file the browser saves (name from content-disposition). */
export async function downloadCsv(report: CsvReport, month: string): Promise<string> {
  const r = await callBinary(csvRoutes[report], { query: { month } }, 'text/csv');
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(r.header['content-disposition'] ?? '');
  const name = m?.[1] ? decodeURIComponent(m[1]) : `${report}-${month}.csv`;
  saveFileH5(r.data, name, 'text/csv;charset=utf-8');
  return name;
}
