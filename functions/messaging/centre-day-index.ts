import { clinicDate } from '../../shared/dates';
import type { MessageKind } from '../../shared/schemas/messages';

/** The staff message centre reads a clinic's day of messages through this index. */
export const CLINIC_DAY_INDEX = 'byClinicDay';

/** The partition of a clinic's messages of one day (Asia/Shanghai). */
export const clinicDayKey = (clinicId: string, date: string) => `MSGDAY#${clinicId}#${date}`;

/**
 * The attributes that put a message in its clinic's day, by the day it was first due: a message
 * deferred past midnight or resent stays in the day it was planned for.
 */
export function clinicDayIndex(m: { id: string; kind: MessageKind; clinicId: string; dueAt: string }) {
  return { clinicDay: clinicDayKey(m.clinicId, clinicDate(new Date(m.dueAt))), clinicDaySort: `${m.kind}#${m.id}` };
}
