import { addDays, clinicDate, clinicTime } from '@shared/dates';
import { roomLabel } from '@shared/queue-rules';

export { addDays, clinicTime };

const weekdayNames = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

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

/** 09:00–09:30 */
export function timeRange(startsAt: string, endsAt: string): string {
  return `${clinicTime(startsAt)}–${clinicTime(endsAt)}`;
}

/** 11月25日 周三 */
export function longDate(date: string): string {
  const [, m, d] = date.split('-');
  return `${Number(m)}月${Number(d)}日 ${weekdayOf(date)}`;
}

/** "3" -> "3 诊室"; "3诊室" or "口腔二室" stay as they are (one rule in shared/, for every page). */
export const roomText = roomLabel;

/** "12月5日 周六 18:00": an instant in the clinic's time zone. */
export function dateTime(iso: string): string {
  return `${longDate(clinicDate(new Date(iso)))} ${clinicTime(iso)}`;
}
