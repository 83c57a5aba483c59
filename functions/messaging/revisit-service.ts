import { chineseDate, clinicDate } from '../../shared/dates';
import { endOfClinicDay, renderTemplate, revisitDateRemindedOn } from '../../shared/messaging-rules';
import { bookedDaysComplete, bookedDaysOf, mayHoldBookingFrom } from '../booking/booked-days';
import { hasBookingFrom } from '../booking/booking-repository';
import { getDepartment } from '../clinics/clinic-repository';
import { patientsByIds } from '../patients/patient-repository';
import { type DueVisit, visitsDueForRevisit } from '../visits/visit-repository';
import { messageId } from './outbox-repository';
import { forEachDue, type PlanCounts, planCounts, signerNames, underRunLease } from './planning';
import { templateSettings } from './template-repository';

/**
 * 10:00: a reminder for each visit whose next revisit date is 3 days ahead, unless its patient holds
 * a booking from today on. A service message signed by the visit's clinic, worth sending until the
 * revisit day ends, in the clinic's own text unless it switched the kind off. Reads the visits due
 * that day a page at a time, each with whom to address as the visit was recorded (visit-repository.ts:
 * the record is read only for a visit that does not keep it), the page's booked days (BatchGetItem)
 * and, only for a patient with a booked day from today on, one booking query (booked-days.ts: most
 * patients due have none; every visit is asked while the table's booked days are incomplete); a
 * page's reminders are written together, runs of the job taking turns. The day's first run does not
 * read which reminders exist (planning.ts, RunOptions): a visit is due on its one revisit date only.
 */
export async function planRevisitReminders(now: Date): Promise<PlanCounts> {
  const today = clinicDate(now);
  const revisitOn = revisitDateRemindedOn(today);
  const counts = planCounts({ booked: 0, disabled: 0 });
  const signer = signerNames();
  const settings = templateSettings();
  const departments = new Map<string, Promise<string>>();
  const departmentName = (id: string) => {
    let name = departments.get(id);
    if (!name) {
      name = getDepartment(id).then((d) => d?.name ?? '');
      departments.set(id, name);
    }
    return name;
  };
  const useBookedDays = await bookedDaysComplete();
  await underRunLease('revisit-reminder', { day: today }, (run) =>
    forEachDue(
      run,
      counts,
      (page) => visitsDueForRevisit(revisitOn, page),
      async (visits) => {
        const ids = visits.map((v) => v.patientId);
        const unaddressed = visits.filter((v) => !v.revisitPatient).map((v) => v.patientId);
        const [records, bookedDays] = await Promise.all([
          unaddressed.length > 0 ? patientsByIds(unaddressed, ['id', 'name', 'erasedAt']) : undefined,
          useBookedDays ? bookedDaysOf(ids) : undefined,
        ]);
        // An erased record's visits leave the index (visitErasedWrite); one read here may be erased.
        const addresseeOf = (v: DueVisit) => {
          if (v.revisitPatient) return v.revisitPatient;
          const p = records?.get(v.patientId);
          return p && !p.erasedAt ? p : undefined;
        };
        const mayHoldBooking = (patientId: string) =>
          !bookedDays || mayHoldBookingFrom(bookedDays.get(patientId), today);
        return Promise.all(
          visits.map(async (v) => {
            // The clinic switched its revisit reminders off (message centre): nothing more to read.
            const { revisit: template } = await settings(v.clinicId);
            if (!template.enabled) {
              counts.disabled++;
              return;
            }
            // An erased record (issue 10, deletion) is contacted no more.
            const patient = addresseeOf(v);
            if (!patient) return;
            if (mayHoldBooking(v.patientId) && (await hasBookingFrom(v.patientId, today))) {
              counts.booked++;
              return;
            }
            const vars = {
              name: patient.name,
              clinic: await signer(v.clinicId),
              department: await departmentName(v.departmentId),
              date: chineseDate(revisitOn),
            };
            return {
              id: messageId('revisit', v.patientId, v.id),
              kind: 'revisit' as const,
              patientId: v.patientId,
              clinicId: v.clinicId,
              occasion: v.id,
              marketing: false,
              text: renderTemplate(template.text, vars),
              // `day` (YYYY-MM-DD) serves the WeChat template's date field.
              vars: { ...vars, day: revisitOn },
              dueAt: now.toISOString(),
              validUntil: endOfClinicDay(revisitOn),
              createdAt: now.toISOString(),
            };
          }),
        );
      },
    ),
  );
  return counts;
}
