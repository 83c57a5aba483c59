import type { ChannelStats, DailyStats, MonthlyStats, StaffRankRow, Target } from '@shared/schemas/campaigns';
import { request, requestBinary } from './request';

function query(params: Record<string, string | undefined>): string {
  const q = Object.entries(params)
    .filter((e): e is [string, string] => Boolean(e[1]))
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return q ? `?${q}` : '';
}

/** A day's figures: a marketer's own (no staffId), or a manager's pick. */
export function dailyStats(date?: string, staffId?: string): Promise<DailyStats> {
  return request('GET', `/v1/stats/daily${query({ date, staffId })}`);
}

export function monthlyStats(month?: string, staffId?: string): Promise<MonthlyStats> {
  return request('GET', `/v1/stats/monthly${query({ month, staffId })}`);
}

/** Managers: results by channel and by campaign. */
export function channelStats(month: string): Promise<ChannelStats> {
  return request('GET', `/v1/stats/channels${query({ month })}`);
}

/** Managers: marketers ranked, with their targets. */
export function staffRanking(month: string): Promise<{ month: string; items: StaffRankRow[] }> {
  return request('GET', `/v1/stats/staff${query({ month })}`);
}

export function setTarget(staffId: string, month: string, target: Target): Promise<unknown> {
  return request('PUT', `/v1/stats/targets/${encodeURIComponent(staffId)}${query({ month })}`, target);
}

/** H5 only: a stats report as a CSV file the browser saves (name from content-disposition). */
export async function downloadCsv(path: string, fallbackName: string): Promise<string> {
  const r = await requestBinary(path, 'text/csv');
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(r.header['content-disposition'] ?? '');
  const name = m?.[1] ? decodeURIComponent(m[1]) : fallbackName;
  const url = URL.createObjectURL(new Blob([r.data], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

export { query as statsQuery };
