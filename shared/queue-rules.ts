/** 'void': a number whose check-in failed after it was drawn; kept so the day's numbers have no gap. */
export const ticketStatuses = ['waiting', 'called', 'serving', 'done', 'skipped', 'void'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
/** The words a person reads for each status (the patient home and ticket page, the staff queue). */
export const ticketStatusLabels: Record<TicketStatus, string> = {
  waiting: '候诊中',
  called: '请就诊',
  serving: '就诊中',
  done: '已完成',
  skipped: '已过号',
  void: '作废',
};

/** Minutes per patient before the day has data, when a department names none. */
export const FALLBACK_SERVICE_MINUTES = 15;

/** A missed patient who comes back is called after this many of those waiting, not sent to the end. */
export const REQUEUE_AFTER = 3;

/** Call order of a first-time ticket: its number x 1000, leaving room for returning patients in between. */
export function firstSeq(number: number): number {
  return number * 1000;
}

/** Average minutes per patient today, or the department's default before anyone is done. */
export function serviceMinutes(
  day: { doneCount: number; serviceMsTotal: number; defaultServiceMinutes: number } | undefined,
): number {
  if (!day) return FALLBACK_SERVICE_MINUTES;
  if (day.doneCount > 0) return Math.max(1, Math.round(day.serviceMsTotal / day.doneCount / 60_000));
  return day.defaultServiceMinutes;
}

/** Expected wait for a waiting ticket with `ahead` tickets before it. */
export function etaMinutes(ahead: number, minutesEach: number): number {
  return Math.max(0, ahead) * minutesEach;
}

/**
 * Where a returning missed patient goes: just after the REQUEUE_AFTER-th waiting ticket (or after
 * the last one when fewer wait), so they are neither skipped again nor sent to the end of the day.
 * `waitingSeqs` are the call-order positions of the first waiting tickets, in order.
 */
export function requeueSeq(waitingSeqs: readonly number[], ownSeq: number): number {
  const anchor = waitingSeqs.slice(0, REQUEUE_AFTER).at(-1);
  return anchor === undefined ? ownSeq : anchor + 1;
}

/** A4 -> A004: a department's prefix and three digits. */
export function displayNumber(prefix: string, number: number): string {
  return `${prefix}${String(number).padStart(3, '0')}`;
}

/**
 * "3" -> "3 诊室"; a name that already says 室, 区 or 台 ("3诊室", "口腔二室", "诊室3", "洁牙区") stays
 * as it is, and a short "3诊" becomes "3诊室".
 */
export function roomLabel(room?: string): string {
  const r = (room ?? '').trim();
  if (!r) return '诊室';
  if (/诊$/.test(r)) return `${r}室`;
  return /[室区台]/.test(r) ? r : `${r} 诊室`;
}
