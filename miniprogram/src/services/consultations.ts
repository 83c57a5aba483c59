import { routes } from '@shared/routes';
import type { ListResult } from '@shared/schemas/common';
import type {
  ConsultationInput,
  ConsultationMessageInput,
  ConsultationPhotoInput,
  ConsultationPhotoView,
  ConsultationStatus,
  ConsultationThread,
  ConsultationView,
} from '@shared/schemas/consultations';
import type { SubscribeKind } from '@shared/schemas/messages';
import { call } from './request';
import { askSubscription, loadTemplates } from './subscribe';

// 在线咨询 (issue 11): used only by the `me` and `staff` subpackages.

/** The patient: my threads, newest message first. */
export function listMyConsultations(cursor?: string, limit = 20): Promise<ListResult<ConsultationView>> {
  return call(routes.listMyConsultations, { query: { limit, cursor } });
}

export function getMyConsultation(threadId: string): Promise<ConsultationThread> {
  return call(routes.getMyConsultation, { params: { threadId } });
}

/** A photo goes up first; its id then goes with the question or message. */
export function uploadConsultationPhoto(input: ConsultationPhotoInput): Promise<{ photoId: string }> {
  return call(routes.uploadConsultationPhoto, { body: input });
}

export function createConsultation(input: ConsultationInput): Promise<ConsultationThread> {
  return call(routes.createConsultation, { body: input });
}

export function addConsultationMessage(threadId: string, input: ConsultationMessageInput): Promise<ConsultationThread> {
  return call(routes.addConsultationMessage, { params: { threadId }, body: input });
}

/** A photo of a thread as base64 (the patient's own, or the clinic's workers). */
export function consultationPhoto(threadId: string, photoId: string): Promise<ConsultationPhotoView> {
  return call(routes.consultationPhoto, { params: { threadId, photoId } });
}

/** Staff: a page of the clinic's threads in one status ('me': passed to me), oldest waiting first. */
export function listConsultations(
  q: { status: ConsultationStatus; assignedTo?: string },
  cursor?: string,
  limit = 20,
): Promise<ListResult<ConsultationView>> {
  return call(routes.listConsultations, { query: { ...q, limit, cursor } });
}

export function getConsultation(threadId: string): Promise<ConsultationThread> {
  return call(routes.getConsultation, { params: { threadId } });
}

export function replyConsultation(threadId: string, text: string): Promise<ConsultationThread> {
  return call(routes.replyConsultation, { params: { threadId }, body: { text } });
}

export function assignConsultation(threadId: string, doctorId: string): Promise<ConsultationThread> {
  return call(routes.assignConsultation, { params: { threadId }, body: { doctorId } });
}

export function closeConsultation(threadId: string): Promise<ConsultationThread> {
  return call(routes.closeConsultation, { params: { threadId } });
}

/** The subscribe template that tells a patient the clinic replied. */
const REPLY_NOTICE = 'consultation_reply' as SubscribeKind;

/**
 * Asks (from the send tap, as WeChat requires) to be told of the reply by WeChat; whatever the
 * answer, or a failure, the question goes: without a grant the reply notice comes by SMS.
 */
export async function askReplyNotice(): Promise<void> {
  try {
    await askSubscription([REPLY_NOTICE]);
  } catch {
    // SMS then: the question matters more than the channel of its notice.
  }
}

/** Read when a page opens, so the send tap's prompt needs no network before it. */
export function preloadReplyNotice(): void {
  loadTemplates().catch(() => undefined);
}
