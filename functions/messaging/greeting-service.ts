import { clinicDate } from '../../shared/dates';
import {
  birthdayKeysFor,
  birthdayOn,
  endOfClinicDay,
  marketingAllowed,
  renderTemplate,
} from '../../shared/messaging-rules';
import { listClinics } from '../clinics/clinic-repository';
import { type GreetingRecipient, patientsBornOnPage, patientsOfClinicPage } from '../patients/patient-list-repository';
import { UNASSIGNED_CLINIC } from '../patients/patient-record';
import { greetingOn, officialScheduleKnown } from './greeting-days';
import { messageId, type OutboxRecord } from './outbox-repository';
import { each, forEachDue, type PlanCounts, planCounts, signerNames, underRunLease } from './planning';
import { clinicTemplates, templateSettings } from './template-repository';

/**
 * One greeting for a patient who agreed to marketing (counted as noConsent otherwise): a marketing
 * message due now, of no use after the end of today.
 */
async function greeting(
  counts: PlanCounts,
  p: GreetingRecipient,
  now: Date,
  today: string,
  g: {
    kind: 'birthday' | 'holiday';
    occasion: string;
    text: () => Promise<string> | string;
    /** The template's values, for a domestic SMS provider's template parameters. */
    vars?: Record<string, string>;
  },
): Promise<Omit<OutboxRecord, 'status' | 'attempts' | 'history'> | undefined> {
  if (!marketingAllowed(p.consents)) {
    counts.noConsent = (counts.noConsent ?? 0) + 1;
    return;
  }
  return {
    id: messageId(g.kind, p.id, g.occasion),
    kind: g.kind,
    occasion: g.occasion,
    text: await g.text(),
    ...(g.vars ? { vars: g.vars } : {}),
    patientId: p.id,
    clinicId: p.clinicId,
    accountId: p.accountId,
    marketing: true,
    dueAt: now.toISOString(),
    validUntil: endOfClinicDay(today),
    createdAt: now.toISOString(),
  };
}

/**
 * 09:00: a birthday greeting to each patient born on today's month-day (29 February birthdays on
 * 28 February in common years) who agreed to marketing, once a year, signed by the patient's
 * clinic or the group, in that clinic's text unless it switched birthday greetings off. Reads only
 * the records of today's birthdays; the day's first run reads which greetings exist only for records
 * whose birth date changed this year (planning.ts, RunOptions).
 */
export async function planBirthdayGreetings(now: Date): Promise<PlanCounts> {
  const today = clinicDate(now);
  const year = today.slice(0, 4);
  const counts = planCounts({ noConsent: 0, disabled: 0 });
  const signer = signerNames();
  const settings = templateSettings();
  // A record whose birth date changed this year may have been greeted on another day (RunOptions).
  const movedThisYear = new Set<string>();
  const mayExist = (m: { patientId: string }) => movedThisYear.has(m.patientId);
  await underRunLease('birthday-greeting', { day: today, keptFrom: `${year}-01-01`, mayExist }, async (run) => {
    for (const monthDay of birthdayKeysFor(today)) {
      await forEachDue(
        run,
        counts,
        (page) => patientsBornOnPage(monthDay, page),
        each(async (p) => {
          // Born this year (or a record dated ahead): no birthday to greet yet.
          if (!p.birthDate || !birthdayOn(p.birthDate, today)) return;
          if (p.birthdayMovedAt && clinicDate(new Date(p.birthdayMovedAt)) >= `${year}-01-01`) movedThisYear.add(p.id);
          // The patient's clinic (or the group, for no clinic) switched birthday greetings off.
          const { birthday: template } = await settings(p.clinicId);
          if (!template.enabled) {
            counts.disabled++;
            return;
          }
          const vars = { name: p.name, clinic: await signer(p.clinicId) };
          return greeting(counts, p, now, today, {
            kind: 'birthday',
            occasion: year,
            text: () => renderTemplate(template.text, vars),
            vars,
          });
        }),
      );
    }
  });
  return counts;
}

/**
 * 09:00 on a greeting day (元旦, 春节, 元宵, 端午, 中秋, 国庆, 全国爱牙日): a greeting to every patient
 * who agreed to marketing, clinic by clinic and then those of no clinic yet (signed by the group).
 * Reads each clinic's patients a page at a time, in its own text; a clinic that switched holiday
 * greetings off is counted as `disabled` and its patients are not read. Without the State Council's schedule for the year
 * the lunar and fixed-date greetings still go, and the run reports `officialScheduleMissing`.
 */
export async function planHolidayGreetings(now: Date): Promise<PlanCounts> {
  const today = clinicDate(now);
  const counts = planCounts({ noConsent: 0, disabled: 0 });
  if (!officialScheduleKnown(Number(today.slice(0, 4)))) counts.officialScheduleMissing = 1;
  // Every clinic of this group is a dental clinic, so 全国爱牙日 is a greeting day for all of them.
  const day = greetingOn(today, { dental: true });
  if (!day) return counts;
  const signer = signerNames();
  const clinicIds = [...(await listClinics()).map((c) => c.id), UNASSIGNED_CLINIC];
  await underRunLease('holiday-greeting', {}, async (run) => {
    for (const clinicId of clinicIds) {
      // A clinic that switched holiday greetings off: its patients are not even read (counted per clinic).
      const { holiday: template } = await clinicTemplates(clinicId);
      if (!template.enabled) {
        counts.disabled++;
        continue;
      }
      const clinic = await signer(clinicId);
      await forEachDue(
        run,
        counts,
        (page) => patientsOfClinicPage(clinicId, page),
        each(async (p) => {
          const vars = { name: p.name, clinic, holiday: day.name, wish: day.wish };
          return greeting(counts, p, now, today, {
            kind: 'holiday',
            occasion: today,
            text: () => renderTemplate(template.text, vars),
            vars,
          });
        }),
      );
    }
  });
  return counts;
}
