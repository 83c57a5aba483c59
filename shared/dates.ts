/** The clinic's time zone; every day boundary is taken here. */
export const CLINIC_TIME_ZONE = 'Asia/Shanghai';

/** Today's date (YYYY-MM-DD) in Asia/Shanghai at the given instant. */
export function clinicDate(at: Date = new Date()): string {
  // China has had no daylight saving since 1991: a fixed +08:00 offset is exact.
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** True when YYYY-MM-DD names a real calendar date. */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
