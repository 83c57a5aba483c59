import type { AppointmentStatus, AppointmentView } from '@shared/schemas/visit-day';

// Still to come first, then visits done, cancelled last.
const rank: Record<AppointmentStatus, number> = { booked: 0, checked_in: 0, completed: 1, cancelled: 2 };

/**
 * 我的预约 in the order a patient looks for them: active bookings soonest first, then past visits
 * and cancelled bookings newest first.
 */
export function appointmentOrder(a: AppointmentView, b: AppointmentView): number {
  const r = rank[a.status] - rank[b.status];
  if (r !== 0) return r;
  const t = a.startsAt.localeCompare(b.startsAt);
  return rank[a.status] === 0 ? t : -t;
}
