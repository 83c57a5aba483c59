import type { ConsultationThread, ConsultationView } from '../../shared/schemas/consultations';
import { getClinic } from '../clinics/clinic-repository';
import type { MessageRecord, ThreadRecord } from './thread-repository';

const PREVIEW_LENGTH = 60;

/** A thread's list line: the first message's text cut for lists ('[图片]' for a photo alone). */
export function previewOf(text: string | undefined): string {
  const chars = Array.from(text ?? '');
  if (chars.length === 0) return '[图片]';
  return chars.length > PREVIEW_LENGTH ? `${chars.slice(0, PREVIEW_LENGTH).join('')}…` : chars.join('');
}

/** Clinic names, each read once per request. */
export function clinicNames(): (clinicId: string) => Promise<string> {
  const cache = new Map<string, Promise<string>>();
  return (id) => {
    let name = cache.get(id);
    if (!name) {
      name = getClinic(id).then((c) => c?.name ?? '');
      cache.set(id, name);
    }
    return name;
  };
}

export function consultationView(t: ThreadRecord, patientName: string, clinicName: string): ConsultationView {
  return {
    threadId: t.id,
    patientId: t.patientId,
    patientName,
    clinicId: t.clinicId,
    clinicName,
    status: t.status,
    ...(t.assignedDoctorId ? { assignedDoctorId: t.assignedDoctorId } : {}),
    ...(t.assignedDoctorName ? { assignedDoctorName: t.assignedDoctorName } : {}),
    preview: t.preview,
    createdAt: t.createdAt,
    lastMessageAt: t.lastMessageAt,
    ...(t.closedAt ? { closedAt: t.closedAt } : {}),
    ...(t.closedBy ? { closedBy: t.closedBy } : {}),
  };
}

export function threadView(
  t: ThreadRecord,
  messages: MessageRecord[],
  patientName: string,
  clinicName: string,
): ConsultationThread {
  return {
    ...consultationView(t, patientName, clinicName),
    // Racing messages keep the order of their moments (the sort key is the moment, then the id).
    messages: messages.map((m) => ({
      messageId: m.id,
      from: m.from,
      authorName: m.authorName,
      ...(m.text ? { text: m.text } : {}),
      ...(m.photoId ? { photoId: m.photoId } : {}),
      at: m.at,
    })),
  };
}
