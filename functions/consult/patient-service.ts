import { AppError, NotFoundError } from '../../shared/errors';
import { maskName } from '../../shared/mask';
import type { ListResult } from '../../shared/schemas/common';
import type {
  ConsultationInput,
  ConsultationMessageInput,
  ConsultationThread,
  ConsultationView,
  MyConsultationsQuery,
} from '../../shared/schemas/consultations';
import { getClinic } from '../clinics/clinic-repository';
import type { Ctx } from '../lib/context';
import { newId } from '../lib/ids';
import { commit, retrying, type Write } from '../lib/transact';
import { patientsOfAccount } from '../patients/patient-list-repository';
import { getPatient, type PatientRecord } from '../patients/patient-repository';
import { requireCleanText } from './content-check';
import { photoAttachedWrite } from './photo-repository';
import {
  getThread,
  type MessageRecord,
  messagesOf,
  messageWrite,
  newThreadWrite,
  savedThreadWrite,
  ThreadChangedError,
  type ThreadRecord,
  threadClosedError,
  threadsOfAccount,
} from './thread-repository';
import { clinicNames, consultationView, previewOf, threadView } from './thread-view';

/** A profile of the caller's own account (another account's, an erased or merged one: 404 like a missing one). */
async function myProfile(ctx: Ctx, patientId: string): Promise<PatientRecord> {
  const p = await getPatient(patientId);
  if (!p || p.erasedAt || p.mergedInto || p.accountId !== ctx.caller.userId)
    throw new NotFoundError('patient', { patientId });
  return p;
}

/** Health content follows the profile's health-data consent (PIPL: sensitive data, its own consent). */
function requireHealthConsent(p: PatientRecord): void {
  if (!p.consents.healthData?.granted) {
    throw new AppError('CONSENT_REQUIRED', '请先在就诊人资料中同意“健康信息授权”，再发起或继续咨询', {
      patientId: p.id,
    });
  }
}

/** A thread of the caller's account, or 404 like a missing one. */
async function myThread(ctx: Ctx, threadId: string): Promise<ThreadRecord> {
  const t = await getThread(threadId, true);
  if (!t || t.accountId !== ctx.caller.userId) throw new NotFoundError('consultation', { threadId });
  return t;
}

function patientMessage(ctx: Ctx, t: ThreadRecord, input: { text?: string; photoId?: string }): MessageRecord {
  return {
    id: newId('cm'),
    threadId: t.id,
    from: 'patient',
    authorName: t.maskedName,
    ...(input.text ? { text: input.text } : {}),
    ...(input.photoId ? { photoId: input.photoId } : {}),
    at: ctx.now.toISOString(),
  };
}

const photoWrites = (ctx: Ctx, t: ThreadRecord, photoId: string | undefined): Write[] =>
  photoId ? [photoAttachedWrite(photoId, ctx.caller.userId, t.id)] : [];

async function ownView(t: ThreadRecord, messages?: MessageRecord[]): Promise<ConsultationThread> {
  const [p, clinic] = await Promise.all([getPatient(t.patientId), getClinic(t.clinicId)]);
  return threadView(t, messages ?? (await messagesOf(t.id)), p?.name ?? t.maskedName, clinic?.name ?? '');
}

/** POST /v1/me/consultations: a profile of the caller's account asks a clinic; its text is checked first. */
export async function createConsultation(ctx: Ctx, input: ConsultationInput): Promise<ConsultationThread> {
  const p = await myProfile(ctx, input.patientId);
  requireHealthConsent(p);
  const clinic = await getClinic(input.clinicId);
  if (!clinic) throw new NotFoundError('clinic', { clinicId: input.clinicId });
  await requireCleanText(input.text, ctx.caller.userId);
  const at = ctx.now.toISOString();
  const t: ThreadRecord = {
    id: newId('cq'),
    patientId: p.id,
    accountId: ctx.caller.userId,
    clinicId: clinic.id,
    status: 'waiting',
    maskedName: maskName(p.name),
    preview: previewOf(input.text),
    createdAt: at,
    lastMessageAt: at,
    waitingSince: at,
    version: 1,
  };
  const first = patientMessage(ctx, t, input);
  await commit([newThreadWrite(t), messageWrite(first), ...photoWrites(ctx, t, input.photoId)]);
  return threadView(t, [first], p.name, clinic.name);
}

/** GET /v1/me/consultations: the account's threads, newest first (one profile's with ?patientId=). */
export async function listMyConsultations(
  ctx: Ctx,
  query: MyConsultationsQuery,
): Promise<ListResult<ConsultationView>> {
  const { patientId, ...page } = query;
  const [threads, profiles] = await Promise.all([
    threadsOfAccount(ctx.caller.userId, page, patientId),
    patientsOfAccount(ctx.caller.userId),
  ]);
  const names = new Map(profiles.map((p) => [p.id, p.name]));
  const clinic = clinicNames();
  const items = await Promise.all(
    threads.items.map(async (t) =>
      consultationView(t, names.get(t.patientId) ?? t.maskedName, await clinic(t.clinicId)),
    ),
  );
  return { items, ...(threads.nextCursor ? { nextCursor: threads.nextCursor } : {}) };
}

/** GET /v1/me/consultations/{threadId}. */
export async function getMyConsultation(ctx: Ctx, threadId: string): Promise<ConsultationThread> {
  return ownView(await myThread(ctx, threadId));
}

/**
 * POST /v1/me/consultations/{threadId}/messages: the patient writes again. An answered thread waits
 * for the clinic again; a closed one takes nothing (409). A thread changed meanwhile is read again.
 */
export async function addMyMessage(
  ctx: Ctx,
  threadId: string,
  input: ConsultationMessageInput,
): Promise<ConsultationThread> {
  const first = await myThread(ctx, threadId);
  if (first.status === 'closed') throw threadClosedError();
  requireHealthConsent(await myProfile(ctx, first.patientId));
  await requireCleanText(input.text, ctx.caller.userId);
  const saved = await retrying(
    (e) => e instanceof ThreadChangedError,
    async (attempt) => {
      const t = attempt === 1 ? first : await myThread(ctx, threadId);
      if (t.status === 'closed') throw threadClosedError();
      const m = patientMessage(ctx, t, input);
      const next: ThreadRecord = {
        ...t,
        status: 'waiting',
        waitingSince: t.status === 'waiting' ? (t.waitingSince ?? m.at) : m.at,
        lastMessageAt: m.at,
        version: t.version + 1,
      };
      await commit([messageWrite(m), savedThreadWrite(next, t.version), ...photoWrites(ctx, t, input.photoId)]);
      return next;
    },
  );
  return ownView(saved);
}
