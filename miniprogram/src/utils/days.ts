import { clinicDate } from '@shared/dates';

const weekdayNames = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** YYYY-MM-DD plus n days (calendar arithmetic, no time zone involved). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function weekdayOf(date: string): string {
  return weekdayNames[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '';
}

/** 今天 / 明天 / 周三, for a date relative to today in the clinic. */
export function dayWord(date: string, today = clinicDate(new Date())): string {
  if (date === today) return '今天';
  if (date === addDays(today, 1)) return '明天';
  return weekdayOf(date);
}

/** 11-25 */
export function monthDay(date: string): string {
  return date.slice(5);
}

/** The next n days from today in the clinic's time zone. */
export function nextDays(n: number, today = clinicDate(new Date())): string[] {
  return Array.from({ length: n }, (_, i) => addDays(today, i));
}

/** An ISO instant as HH:MM in Asia/Shanghai. */
export function clinicTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso.slice(11, 16);
  return new Date(t + 8 * 3600_000).toISOString().slice(11, 16);
}

/** 09:00–09:30 */
export function timeRange(startsAt: string, endsAt: string): string {
  return `${clinicTime(startsAt)}–${clinicTime(endsAt)}`;
}

/** 11月25日 周三 */
export function longDate(date: string): string {
  const [, m, d] = date.split('-');
  return `${Number(m)}月${Number(d)}日 ${weekdayOf(date)}`;
}

/** "3" -> "3 诊室"; "3诊室" or "口腔二室" stay as they are. */
export function roomText(room?: string): string {
  const r = (room ?? '').trim();
  if (!r) return '诊室';
  return /[室区台]$/.test(r) ? r : `${r} 诊室`;
}
