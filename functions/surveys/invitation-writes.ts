import { addDays, chineseDate, clinicInstant, monthOf } from '../../shared/dates';
import { renderTemplate } from '../../shared/messaging-rules';
import type { Category } from '../../shared/schemas/common';
import { SURVEY_INVITATION_DAYS } from '../../shared/schemas/surveys';
import { config } from '../lib/config';
import type { Write } from '../lib/transact';
import { messageId, queueMessageWrite } from '../messaging/outbox-repository';
import { signerNames } from '../messaging/planning';
import { clinicTemplates, type TemplateSetting } from '../messaging/template-repository';
import { getPatient, type PatientRecord } from '../patients/patient-repository';
import { countedTogether, type SurveyScope } from '../reports/satisfaction-counters';
import { type InvitationRecord, invitationId, invitationWrite } from './invitation-repository';

/** What an invitation needs to know about its visit. */
export interface SurveyVisit {
  id: string;
  clinicId: string;
  departmentId: string;
  doctorId?: string;
  doctorName?: string;
  patientId: string;
  date: string;
  category: Category;
  createdAt: string;
}

/** Invitation messages go out mid-morning of their day: not at dawn, well before quiet hours. */
export const SURVEY_SEND_TIME = '10:00';

/** The H5 page of one invitation's form (the SMS link; the mini-program opens `survey/index?id=`). */
export const surveyLink = (id: string) => `${config.PUBLIC_APP_URL}/#/survey/index?id=${encodeURIComponent(id)}`;

/**
 * A plan's survey rows as writes joining the visit's transaction: per row the invitation and its
 * message (due `daysAfter` days after the visit at 10:00, worth sending until the invitation expires;
 * none when the clinic switched survey messages off), and the report's invitation count once for all
 * rows (a transaction may touch a counter item only once).
 */
export async function surveyInvitationWrites(v: SurveyVisit, days: readonly number[]): Promise<Write[]> {
  if (days.length === 0) return [];
  const [patient, templates, clinic] = await Promise.all([
    getPatient(v.patientId),
    clinicTemplates(v.clinicId),
    signerNames()(v.clinicId),
  ]);
  if (!patient) return [];
  const scope: SurveyScope = {
    clinicId: v.clinicId,
    departmentId: v.departmentId,
    ...(v.doctorId ? { doctorId: v.doctorId } : {}),
    ...(v.doctorName ? { doctorName: v.doctorName } : {}),
    month: monthOf(v.date),
  };
  const writes = countedTogether([{ scope, delta: { invitations: days.length } }]);
  for (const daysAfter of days)
    writes.push(...invitationWrites(v, daysAfter, scope, patient, templates.survey, clinic));
  return writes;
}

function invitationWrites(
  v: SurveyVisit,
  daysAfter: number,
  scope: SurveyScope,
  patient: PatientRecord,
  template: TemplateSetting,
  clinic: string,
): Write[] {
  const sendAt = new Date(clinicInstant(addDays(v.date, daysAfter), SURVEY_SEND_TIME)).toISOString();
  const expiresAt = new Date(Date.parse(sendAt) + SURVEY_INVITATION_DAYS * 86_400_000).toISOString();
  const inv: InvitationRecord = {
    id: invitationId(v.id, daysAfter),
    patientId: v.patientId,
    ...(patient.accountId ? { accountId: patient.accountId } : {}),
    clinicId: v.clinicId,
    departmentId: v.departmentId,
    ...(v.doctorId ? { doctorId: v.doctorId, doctorName: v.doctorName } : {}),
    visitId: v.id,
    visitDate: v.date,
    category: v.category,
    scope,
    sendAt,
    expiresAt,
    status: 'open',
    createdAt: v.createdAt,
  };
  const writes = [invitationWrite(inv)];
  if (template.enabled) {
    const vars = { name: patient.name, clinic, date: chineseDate(v.date), link: surveyLink(inv.id) };
    writes.push(
      queueMessageWrite({
        id: messageId('survey', v.patientId, inv.id),
        kind: 'survey',
        patientId: v.patientId,
        clinicId: v.clinicId,
        accountId: patient.accountId,
        occasion: inv.id,
        marketing: false,
        text: renderTemplate(template.text, vars),
        // `day` and `invitationId` serve the WeChat template (its date field, the page it opens).
        vars: { ...vars, day: v.date, invitationId: inv.id },
        dueAt: sendAt,
        validUntil: expiresAt,
        createdAt: v.createdAt,
      }),
    );
  }
  return writes;
}
