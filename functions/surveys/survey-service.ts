import { AppError, NotFoundError } from '../../shared/errors';
import {
  type AnswerSurveyInput,
  isLowAnswer,
  type SurveyAnswerFacts,
  type SurveyInvitationView,
} from '../../shared/schemas/surveys';
import { getClinic, getDepartment } from '../clinics/clinic-repository';
import type { Ctx } from '../lib/context';
import { commit } from '../lib/transact';
import { heldByAccountWrite } from '../patients/patient-list-repository';
import { getPatient, type PatientRecord } from '../patients/patient-repository';
import { answerCounted } from '../reports/satisfaction-counters';
import { complaintWrite } from './complaint-writes';
import {
  type AnswerRecord,
  answeredError,
  answeredWrite,
  answerIdOf,
  answerWrite,
  getInvitation,
  type InvitationRecord,
  openInvitationsOfAccount,
} from './invitation-repository';
import { cachedServiceLeadOf } from './service-lead-repository';

/**
 * An invitation of one of the caller's patients. Another account's invitation answers exactly like
 * a missing one: nobody learns that it exists.
 */
async function myInvitation(userId: string, id: string): Promise<{ inv: InvitationRecord; patient: PatientRecord }> {
  const inv = await getInvitation(id);
  const patient = inv ? await getPatient(inv.patientId) : undefined;
  if (!inv || !patient || patient.accountId !== userId) throw notMine(id);
  return { inv, patient };
}

const notMine = (invitationId: string) => new NotFoundError('survey', { invitationId });

const expired = (inv: InvitationRecord, now: Date) => inv.status === 'open' && now.toISOString() >= inv.expiresAt;

async function view(inv: InvitationRecord, patient: PatientRecord, now: Date): Promise<SurveyInvitationView> {
  const [clinic, dept] = await Promise.all([getClinic(inv.clinicId), getDepartment(inv.departmentId)]);
  return {
    id: inv.id,
    patientId: inv.patientId,
    patientName: patient.name,
    clinicName: clinic?.name ?? '',
    departmentName: dept?.name ?? '',
    ...(inv.doctorName ? { doctorName: inv.doctorName } : {}),
    visitDate: inv.visitDate,
    expiresAt: inv.expiresAt,
    status: expired(inv, now) ? 'expired' : inv.status,
    ...(inv.answeredAt ? { answeredAt: inv.answeredAt } : {}),
  };
}

/** GET /v1/me/surveys/{invitationId}: the form's heading and state (open, answered, expired). */
export async function mySurvey(ctx: Ctx, id: string): Promise<SurveyInvitationView> {
  const { inv, patient } = await myInvitation(ctx.caller.userId, id);
  return view(inv, patient, ctx.now);
}

/** GET /v1/me/surveys: the account's invitations still open to answer (sent, not expired), newest first. */
export async function mySurveys(ctx: Ctx): Promise<{ items: SurveyInvitationView[] }> {
  const at = ctx.now.toISOString();
  const open = (await openInvitationsOfAccount(ctx.caller.userId)).filter(
    (i) => i.status === 'open' && i.sendAt <= at && at < i.expiresAt,
  );
  const items = await Promise.all(
    open.map(async (inv) => {
      const patient = await getPatient(inv.patientId);
      // A profile handed to another account since: no longer this account's to answer.
      return patient?.accountId === ctx.caller.userId ? view(inv, patient, ctx.now) : undefined;
    }),
  );
  return {
    items: items
      .filter((v): v is SurveyInvitationView => v !== undefined)
      .sort((a, b) => b.visitDate.localeCompare(a.visitDate)),
  };
}

/**
 * POST /v1/me/surveys/{invitationId}/answer: the one answer of an invitation. The invitation turns
 * answered only from open, in the same transaction as the answer, its count and (for a low answer)
 * its complaint: two submits at once store one answer and open one complaint.
 */
export async function answerSurvey(
  ctx: Ctx,
  id: string,
  input: AnswerSurveyInput,
): Promise<{ id: string; invitationId: string; low: boolean; answeredAt: string }> {
  const userId = ctx.caller.userId;
  // The invitation names the account it was made for: while that is the caller and it is open, the
  // patient's account is checked by the answer's transaction instead of a read before it.
  const seen = await getInvitation(id);
  const answerable = seen?.accountId === userId && seen.status === 'open' && !expired(seen, ctx.now);
  const inv = answerable ? seen : (await myInvitation(userId, id)).inv;
  if (inv.status !== 'open') throw answeredError();
  if (expired(inv, ctx.now)) {
    throw new AppError('SURVEY_EXPIRED', '本次评价已超过 30 天，无法再提交。感谢您的关注，如有意见可直接致电门诊');
  }
  const at = ctx.now.toISOString();
  const low = isLowAnswer(input.scores, input.nps);
  const answer: AnswerRecord = {
    id: answerIdOf(inv.id),
    invitationId: inv.id,
    patientId: inv.patientId,
    clinicId: inv.clinicId,
    departmentId: inv.departmentId,
    ...(inv.doctorId ? { doctorId: inv.doctorId } : {}),
    visitId: inv.visitId,
    month: inv.scope.month,
    scores: input.scores,
    nps: input.nps,
    ...(input.comment ? { comment: input.comment } : {}),
    low,
    answeredAt: at,
  };
  const facts: SurveyAnswerFacts = {
    invitationId: inv.id,
    answerId: answer.id,
    scores: input.scores,
    nps: input.nps,
    ...(input.comment ? { comment: input.comment } : {}),
    answeredAt: at,
  };
  const lead = low ? await cachedServiceLeadOf(inv.clinicId, ctx.now) : undefined;
  // The invitation's change comes first (after a kept Idempotency-Key's record): a lost race is
  // reported as "already answered".
  const reply = { id: answer.id, invitationId: inv.id, low, answeredAt: at };
  await commit(
    [
      ...(answerable ? [heldByAccountWrite(inv.patientId, userId, () => notMine(id))] : []),
      answeredWrite(inv, answer.id, at),
      answerWrite(answer),
      ...answerCounted({ ...inv.scope, scores: input.scores, nps: input.nps, low }),
      ...(low ? [complaintWrite(inv, facts, lead, ctx.now)] : []),
    ],
    { answer: reply },
  );
  return reply;
}
