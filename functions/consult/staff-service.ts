import { AppError, NotFoundError } from '../../shared/errors';
import { actsIn, consultationAssignees, hasRole, roleLabels } from '../../shared/roles';
import type { ListResult } from '../../shared/schemas/common';
import type {
  ConsultationAssignInput,
  ConsultationReplyInput,
  ConsultationsQuery,
  ConsultationThread,
  ConsultationView,
} from '../../shared/schemas/consultations';
import { getStaff } from '../auth/identity-repository';
import { getClinic } from '../clinics/clinic-repository';
import type { Ctx } from '../lib/context';
import { newId } from '../lib/ids';
import { commit, retrying } from '../lib/transact';
import { auditWrite } from '../patients/audit-repository';
import { getPatient } from '../patients/patient-repository';
import { actorOf, clinicActedIn } from '../staff/acting';
import { requireCleanText } from './content-check';
import { replyNoticeWrites } from './reply-notice';
import {
  getThread,
  type MessageRecord,
  messagesOf,
  messageWrite,
  putCreateOnly,
  savedThreadWrite,
  ThreadChangedError,
  type ThreadRecord,
  threadClosedError,
  threadsOfClinic,
} from './thread-repository';
import { clinicNames, consultationView, threadView } from './thread-view';

/** A thread of the caller's clinic (any clinic for the group admin); another clinic's is a 404 like a missing one. */
async function clinicThread(ctx: Ctx, threadId: string): Promise<ThreadRecord> {
  const t = await getThread(threadId, true);
  if (!t || !actsIn(ctx.caller, t.clinicId)) throw new NotFoundError('consultation', { threadId });
  return t;
}

/**
 * The thread with every message. Staff see the profile's full name here (they answer this person)
 * and masked names in lists; each staff read of a thread is audited as a read of health content.
 */
async function staffView(ctx: Ctx, t: ThreadRecord, audit: boolean): Promise<ConsultationThread> {
  const [p, clinic, messages] = await Promise.all([getPatient(t.patientId), getClinic(t.clinicId), messagesOf(t.id)]);
  if (audit) {
    await putCreateOnly(
      auditWrite(
        {
          patientId: t.patientId,
          clinicId: p?.clinicId ?? t.clinicId,
          actorStaffId: actorOf(ctx.caller),
          ...(ctx.caller.clinicId ? { actorClinicId: ctx.caller.clinicId } : {}),
          action: 'read',
          requestId: ctx.requestId,
          fields: [`consultation:${t.id}`],
        },
        ctx.now.toISOString(),
      ),
    );
  }
  return threadView(t, messages, p && !p.erasedAt ? p.name : t.maskedName, clinic?.name ?? '');
}

/** GET /v1/consultations: a clinic's threads of one status (waiting by default, longest waiting first), names masked. */
export async function listConsultations(ctx: Ctx, query: ConsultationsQuery): Promise<ListResult<ConsultationView>> {
  const { clinicId: asked, status = 'waiting', assignedTo, ...page } = query;
  const clinicId = clinicActedIn(ctx.caller, asked, '只能查看本院的咨询');
  const doctorId = assignedTo === 'me' ? (ctx.caller.staffId ?? '-') : assignedTo;
  const threads = await threadsOfClinic(clinicId, status, page, doctorId);
  const clinic = clinicNames();
  const items = await Promise.all(
    threads.items.map(async (t) => consultationView(t, t.maskedName, await clinic(t.clinicId))),
  );
  return { items, ...(threads.nextCursor ? { nextCursor: threads.nextCursor } : {}) };
}

/** GET /v1/consultations/{threadId}. */
export async function getConsultation(ctx: Ctx, threadId: string): Promise<ConsultationThread> {
  return staffView(ctx, await clinicThread(ctx, threadId), true);
}

/** A change to an open thread, redone on a fresh read when another request changed it first. */
async function changeThread(
  ctx: Ctx,
  threadId: string,
  change: (t: ThreadRecord) => Promise<{ next: ThreadRecord; writes?: Parameters<typeof commit>[0] }>,
): Promise<ThreadRecord> {
  return retrying(
    (e) => e instanceof ThreadChangedError,
    async () => {
      const t = await clinicThread(ctx, threadId);
      if (t.status === 'closed') throw threadClosedError();
      const { next, writes = [] } = await change(t);
      await commit([...writes, savedThreadWrite({ ...next, version: t.version + 1 }, t.version)]);
      return { ...next, version: t.version + 1 };
    },
  );
}

/** The author line of a staff message: 周客服（客服）. */
async function staffAuthor(ctx: Ctx): Promise<string> {
  const s = ctx.caller.staffId ? await getStaff(ctx.caller.staffId) : undefined;
  const role = ctx.caller.roles.find((r) => r !== 'patient');
  return `${s?.name ?? '医院工作人员'}${role ? `（${roleLabels[role]}）` : ''}`;
}

/**
 * POST /v1/consultations/{threadId}/replies: the text is checked first; the reply, the thread's new
 * state and the patient's notice are one write. Racing replies are all kept, in the order of their moments.
 */
export async function reply(ctx: Ctx, threadId: string, input: ConsultationReplyInput): Promise<ConsultationThread> {
  const first = await clinicThread(ctx, threadId);
  if (first.status === 'closed') throw threadClosedError();
  await requireCleanText(input.text, ctx.caller.userId);
  const [authorName, clinic] = await Promise.all([staffAuthor(ctx), getClinic(first.clinicId)]);
  const m: MessageRecord = {
    id: newId('cm'),
    threadId,
    from: 'staff',
    authorName,
    ...(ctx.caller.staffId ? { authorStaffId: ctx.caller.staffId } : {}),
    text: input.text,
    at: ctx.now.toISOString(),
  };
  const saved = await changeThread(ctx, threadId, async (t) => ({
    next: { ...t, status: 'answered', waitingSince: undefined, lastMessageAt: m.at },
    writes: [messageWrite(m), ...(await replyNoticeWrites(t, m, clinic?.name ?? ''))],
  }));
  return staffView(ctx, saved, false);
}

/** POST /v1/consultations/{threadId}/assign: passed to a doctor of the thread's clinic (anyone else: 400). */
export async function assignConsultation(
  ctx: Ctx,
  threadId: string,
  input: ConsultationAssignInput,
): Promise<ConsultationThread> {
  const t = await clinicThread(ctx, threadId);
  const doctor = await getStaff(input.doctorId);
  if (!doctor || doctor.clinicId !== t.clinicId || !hasRole(doctor, consultationAssignees) || doctor.deactivatedAt) {
    throw new AppError('VALIDATION_FAILED', '请选择本门诊的医生', {
      fields: [{ path: 'doctorId', message: '请选择本门诊的医生' }],
    });
  }
  const saved = await changeThread(ctx, threadId, async (cur) => ({
    next: { ...cur, assignedDoctorId: doctor.id, assignedDoctorName: doctor.name },
  }));
  return staffView(ctx, saved, false);
}

/** POST /v1/consultations/{threadId}/close: no more messages (a second close: 409). */
export async function closeConsultation(ctx: Ctx, threadId: string): Promise<ConsultationThread> {
  const at = ctx.now.toISOString();
  const saved = await changeThread(ctx, threadId, async (t) => ({
    next: { ...t, status: 'closed', closedAt: at, closedBy: 'staff', waitingSince: undefined },
  }));
  return staffView(ctx, saved, false);
}
