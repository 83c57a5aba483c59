import { addDays, clinicInstant } from '../../shared/dates';
import { endOfClinicDay, renderTemplate } from '../../shared/messaging-rules';
import type { Category } from '../../shared/schemas/common';
import type { Write } from '../lib/transact';
import { messageId, queueMessageWrite } from '../messaging/outbox-repository';
import { signerNames } from '../messaging/planning';
import { clinicTemplates } from '../messaging/template-repository';
import { getPatient } from '../patients/patient-repository';

/**
 * What is coming up after a visit of each category, in the words of the reminder ({item}). Plain
 * notices: SMS providers refuse 复查 / 治疗 / 回访 wording (tests/unit/messaging-rules-text).
 */
export const followUpItems: Record<Category, string> = {
  orthodontic: '下次矫正复诊',
  prosthetic: '修复复诊',
  implant: '种植复诊',
  periodontal: '牙周维护',
  endodontic: '根管复诊',
  pediatric: '儿童口腔复诊',
  cleaning: '下次洁牙',
  extraction: '拔牙后复诊',
  cosmetic: '美白复诊',
  general: '口腔复诊',
};

/** A plan's reminder goes out at this hour of its day (Asia/Shanghai), well out of quiet hours. */
export const FOLLOW_UP_MESSAGE_HOUR = '10:00';
/** Days after its own day a reminder is still worth sending (a sender that was down catches up). */
const STILL_USEFUL_DAYS = 2;

export interface PlanMessageVisit {
  id: string;
  clinicId: string;
  patientId: string;
  date: string;
  category: Category;
  createdAt: string;
}

/**
 * The reminder messages of a visit's plan rows of kind 'message', as outbox writes joining the visit's
 * transaction: a service message (kind 'followup') per row, id followup#patient#visit_daysAfter, due on
 * the visit's day + daysAfter at 10:00, in the clinic's own text unless it switched the kind off.
 * Reads the patient, the clinic's templates and name only when such a row exists.
 */
export async function planMessageWrites(v: PlanMessageVisit, daysAfter: number[]): Promise<Write[]> {
  if (daysAfter.length === 0) return [];
  const [patient, templates, clinic] = await Promise.all([
    getPatient(v.patientId),
    clinicTemplates(v.clinicId),
    signerNames()(v.clinicId),
  ]);
  const template = templates.followup;
  if (!patient || !template.enabled) return [];
  const vars = { name: patient.name, clinic, item: followUpItems[v.category] };
  const text = renderTemplate(template.text, vars);
  return daysAfter.map((n) => {
    const day = addDays(v.date, n);
    const occasion = `${v.id}_${n}`;
    return queueMessageWrite({
      id: messageId('followup', v.patientId, occasion),
      kind: 'followup',
      patientId: v.patientId,
      clinicId: v.clinicId,
      ...(patient.accountId ? { accountId: patient.accountId } : {}),
      occasion,
      marketing: false,
      text,
      vars: { ...vars, day },
      dueAt: clinicInstant(day, FOLLOW_UP_MESSAGE_HOUR),
      validUntil: endOfClinicDay(addDays(day, STILL_USEFUL_DAYS)),
      createdAt: v.createdAt,
    });
  });
}
