import { clinicDate } from '../../shared/dates';
import { COMPLAINT_DUE_HOURS, type SurveyAnswerFacts } from '../../shared/schemas/surveys';
import { newTaskWrite } from '../followup/task-repository';
import type { Write } from '../lib/transact';
import type { InvitationRecord } from './invitation-repository';
import type { ServiceLead } from './service-lead-repository';

/** One complaint per invitation (and so per answer): its id derives from the invitation's. */
export const complaintId = (invitationId: string) => `cp_${invitationId.replace(/^sv_/, '')}`;

/**
 * The complaint a low answer opens, joining the answer's transaction: a follow-up task of kind
 * 'complaint', in today's list of the clinic (its dueDate is the answer's day; `cp_` sorts it before
 * the day's calls) and due within COMPLAINT_DUE_HOURS (dueAt), handed to the clinic's service lead
 * when it has one (claimed for them, so it is in their 我的), with the answer attached.
 */
export function complaintWrite(
  inv: InvitationRecord,
  answer: SurveyAnswerFacts,
  lead: ServiceLead | undefined,
  now: Date,
): Write {
  const at = now.toISOString();
  return newTaskWrite({
    id: complaintId(inv.id),
    clinicId: inv.clinicId,
    patientId: inv.patientId,
    visitId: inv.visitId,
    visitDate: inv.visitDate,
    category: inv.category,
    kind: 'complaint',
    role: 'service',
    dueDate: clinicDate(now),
    dueAt: new Date(now.getTime() + COMPLAINT_DUE_HOURS * 3600_000).toISOString(),
    status: 'open',
    ...(lead ? { claimedBy: lead.staffId, claimedByName: lead.staffName } : {}),
    noAnswers: 0,
    history: [],
    answer,
    scope: inv.scope,
    version: 1,
    createdAt: at,
    updatedAt: at,
  });
}
