import { addDays, chineseDate, clinicDate, clinicTime } from '../../shared/dates';
import { renderTemplate } from '../../shared/messaging-rules';
import { bookedOn } from '../booking/booking-repository';
import { messageId } from './outbox-repository';
import { each, forEachDue, type PlanCounts, planCounts, underRunLease } from './planning';
import { templateSettings } from './template-repository';

/**
 * 18:00: a reminder for each appointment still booked for tomorrow, due at once, of no use once the
 * appointment has begun. Reads tomorrow's booked appointments only (cancelled and checked-in ones
 * leave the index). A clinic's own text is used; a clinic that switched the kind off gets none.
 * Runs of the job take turns (its run lease); a page's reminders are written together. The day's
 * first run does not read which reminders exist (planning.ts, RunOptions): an appointment's day is
 * fixed once booked.
 */
export async function planAppointmentReminders(now: Date): Promise<PlanCounts> {
  const today = clinicDate(now);
  const tomorrow = addDays(today, 1);
  const counts = planCounts({ disabled: 0 });
  const settings = templateSettings();
  await underRunLease('appointment-reminder', { day: today }, (run) =>
    forEachDue(
      run,
      counts,
      (page) => bookedOn(tomorrow, page),
      each(async (a) => {
        if (a.status !== 'booked') return;
        // The clinic switched its appointment reminders off (message centre).
        const { appointment: template } = await settings(a.clinicId);
        if (!template.enabled) {
          counts.disabled++;
          return;
        }
        const vars = {
          name: a.patientName,
          clinic: a.clinicName ?? '',
          department: a.departmentName,
          date: chineseDate(tomorrow),
          time: clinicTime(a.startsAt),
        };
        return {
          id: messageId('appointment', a.patientId, a.id),
          kind: 'appointment',
          patientId: a.patientId,
          clinicId: a.clinicId,
          accountId: a.accountId,
          occasion: a.id,
          marketing: false,
          text: renderTemplate(template.text, vars),
          // `day` (YYYY-MM-DD) serves the WeChat template's 年月日 time field.
          vars: { ...vars, day: tomorrow },
          dueAt: now.toISOString(),
          validUntil: a.startsAt,
          createdAt: now.toISOString(),
        };
      }),
    ),
  );
  return counts;
}
