import type { DayFigures } from './schemas/campaigns';

/** A day of a marketer's month that looks wrong, with the reason in words. */
export interface Anomaly {
  date: string;
  reason: string;
}

/** Days compared with a day's new records (the ones before it in the month). */
export const ANOMALY_WINDOW = 7;

/**
 * The marketer's anomaly rule, for past days only: appointments but nobody arrived, or new records
 * below half the average of the days before it (at least three of them, at most a week).
 */
export function findAnomalies(days: readonly DayFigures[], today: string): Anomaly[] {
  const out: Anomaly[] = [];
  days.forEach((d, i) => {
    if (d.date >= today) return;
    if (d.appointments > 0 && d.arrivals === 0) {
      out.push({ date: d.date, reason: `有 ${d.appointments} 个预约，但无人到院` });
    }
    const before = days.slice(Math.max(0, i - ANOMALY_WINDOW), i);
    if (before.length >= 3) {
      const avg = before.reduce((s, b) => s + b.newRecords, 0) / before.length;
      if (avg > 0 && d.newRecords < avg / 2) {
        out.push({
          date: d.date,
          reason: `新建档 ${d.newRecords} 个，不到前 ${ANOMALY_WINDOW} 天平均（${avg.toFixed(1)}）的一半`,
        });
      }
    }
  });
  return out;
}
