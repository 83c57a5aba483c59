/**
 * Dates and instants in the clinic's time zone. A date is `YYYY-MM-DD`, a month `YYYY-MM`, a clinic
 * time `HH:MM`; an instant is a `Date` or an ISO string. China has had no daylight saving since
 * 1991, so Asia/Shanghai is a fixed +08:00 and every conversion here is exact arithmetic.
 */

/** The clinic's time zone; every day boundary is taken here. */
export const CLINIC_TIME_ZONE = 'Asia/Shanghai';

/** The clinic's offset as written in ISO instants. */
export const CLINIC_OFFSET = '+08:00';

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The date (YYYY-MM-DD) in Asia/Shanghai at an instant. */
export function clinicDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The month (YYYY-MM) in Asia/Shanghai at an instant. */
export function clinicMonth(at: Date): string {
  return clinicDate(at).slice(0, 7);
}

/** An instant's wall-clock time (HH:MM) in Asia/Shanghai; a string that is no instant is cut as it stands. */
export function clinicTime(at: Date | string): string {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(t)) return typeof at === 'string' ? at.slice(11, 16) : '';
  return new Date(t + OFFSET_MS).toISOString().slice(11, 16);
}

/** Clinic wall-clock time as an ISO instant: 2026-11-24 + 09:30 -> 2026-11-24T09:30:00+08:00. */
export function clinicInstant(date: string, hhmm = '00:00'): string {
  return `${date}T${hhmm}:00${CLINIC_OFFSET}`;
}

/** The instant a clinic day begins (00:00 in Asia/Shanghai). */
export function startOfClinicDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS);
}

/** True when YYYY-MM-DD names a real calendar date. */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * What a person typed as a date, in the API's spelling: "1960-2-3", "1960/2/3", "1960.2.3",
 * "1960年2月3日" and "19600203" all become "1960-02-03". Anything else comes back trimmed, unchanged.
 */
export function normalizeDateInput(typed: string): string {
  const s = typed.trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return s;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/** YYYY-MM-DD plus n days (calendar arithmetic). */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from one date to another (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Every date from `from` to `to`, both included (empty when `to` is earlier). */
export function datesBetween(from: string, to: string): string[] {
  const n = daysBetween(from, to);
  return Array.from({ length: Math.max(0, n + 1) }, (_, i) => addDays(from, i));
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The month (YYYY-MM) of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** YYYY-MM plus n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to` (YYYY-MM), both included, at most `max`. */
export function monthsBetween(from: string, to: string, max = 120): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < max; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** Every date of a month (YYYY-MM). */
export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** HH:MM plus minutes, kept inside the day (at most 23:59). */
export function addMinutes(hhmm: string, minutes: number): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const total = Math.max(0, Math.min(h * 60 + m + minutes, 24 * 60 - 1));
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]\d{2}:[0-5]\d)$/;

/**
 * An ISO instant that names its offset (Z or ±HH:MM) as a Date. Anything else — no offset (which
 * JavaScript would read as the machine's local time), 30 February, 24:00 — is a RangeError.
 */
export function parseInstant(at: string): Date {
  const m = INSTANT.exec(at);
  if (!m || !isRealDate(m[1]!)) throw new RangeError(`not an ISO instant with an offset: ${at}`);
  return new Date(Date.parse(at));
}

/** A date as people write it in Chinese text: 2026-12-07 -> 12月7日. */
export function chineseDate(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}
