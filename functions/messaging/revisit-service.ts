import { chineseDate, clinicDate } from '../../shared/dates';
import { endOfClinicDay, renderTemplate, revisitDateRemindedOn } from '../../shared/messaging-rules';
import { hasBookingFrom } from '../booking/booking-repository';
import { patientsMarkedFor } from '../booking/revisit-marks';
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
 * the record is read only for a visit that does not keep it). The revisit date's marks, read once
 * (revisit-marks.ts), name the patients who may hold a booking from today on; only for those is the
 * booked index asked, one query each (every visit is asked while the table's marks are incomplete).
 * A page's reminders are written together, runs of the job taking turns. The day's first run does not
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
  const marked = await patientsMarkedFor(revisitOn);
  const mayHoldBooking = (patientId: string) => !marked || marked.has(patientId);
  await underRunLease('revisit-reminder', { day: today }, (run) =>
    forEachDue(
      run,
      counts,
      (page) => visitsDueForRevisit(revisitOn, page),
      async (visits) => {
        const unaddressed = visits.filter((v) => !v.revisitPatient).map((v) => v.patientId);
        const records =
          unaddressed.length > 0 ? await patientsByIds(unaddressed, ['id', 'name', 'erasedAt']) : undefined;
        // An erased record's visits leave the index (visitErasedWrite); one read here may be erased.
        const addresseeOf = (v: DueVisit) => {
          if (v.revisitPatient) return v.revisitPatient;
          const p = records?.get(v.patientId);
          return p && !p.erasedAt ? p : undefined;
        };
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
