import * as z from 'zod';
import { idParam, pageFields } from './common';

// Online consultation (在线咨询, issue 11): a patient asks the clinic a question about one of their profiles;
// the clinic's service staff reply or pass it to a doctor; a thread closes by staff or after 7 quiet days.

/** waiting: the clinic owes an answer; answered: the clinic replied last; closed: no more messages. */
export const consultationStatuses = ['waiting', 'answered', 'closed'] as const;
export type ConsultationStatus = (typeof consultationStatuses)[number];
export const consultationStatusLabels: Record<ConsultationStatus, string> = {
  waiting: '待回复',
  answered: '已回复',
  closed: '已结束',
};

/** A thread with no message for this many days is closed by the daily job. */
export const CONSULTATION_QUIET_DAYS = 7;
export const CONSULTATION_TEXT_MAX = 500;
/** A photo as sent (already compressed by the phone), before base64. */
export const CONSULTATION_PHOTO_MAX_BYTES = 1_500_000;
export const consultationPhotoTypes = ['image/jpeg', 'image/png'] as const;

const text = z
  .string({ message: '请填写内容' })
  .trim()
  .max(CONSULTATION_TEXT_MAX, { message: `内容最多 ${CONSULTATION_TEXT_MAX} 字` });

/** One message: text, a photo (uploaded first), or both; never neither. */
export const consultationMessageInput = z
  .strictObject({ text: text.optional(), photoId: idParam.optional() })
  .refine((m) => Boolean(m.text) || Boolean(m.photoId), { message: '请填写问题或附上照片', path: ['text'] });
export type ConsultationMessageInput = z.infer<typeof consultationMessageInput>;

/** A new question: which profile it is about and which clinic is asked, and its first message. */
export const consultationInput = z
  .strictObject({
    patientId: idParam,
    clinicId: idParam,
    text: text.optional(),
    photoId: idParam.optional(),
  })
  .refine((m) => Boolean(m.text) || Boolean(m.photoId), { message: '请填写问题或附上照片', path: ['text'] });
export type ConsultationInput = z.infer<typeof consultationInput>;

export const consultationPhotoInput = z.strictObject({
  contentType: z.enum(consultationPhotoTypes, { message: '照片应为 JPG 或 PNG' }),
  dataBase64: z.base64({ message: '照片数据不正确' }),
});
export type ConsultationPhotoInput = z.infer<typeof consultationPhotoInput>;

/** A staff reply is text only. */
export const consultationReplyInput = z.strictObject({
  text: text.min(1, { message: '请填写回复内容' }),
});
export type ConsultationReplyInput = z.infer<typeof consultationReplyInput>;

export const consultationAssignInput = z.strictObject({ doctorId: idParam });
export type ConsultationAssignInput = z.infer<typeof consultationAssignInput>;

export const myConsultationsQuery = z.strictObject({ ...pageFields, patientId: idParam.optional() });
export type MyConsultationsQuery = z.infer<typeof myConsultationsQuery>;

export const consultationsQuery = z.strictObject({
  ...pageFields,
  clinicId: idParam.optional(),
  /** waiting when absent: the questions that owe an answer, oldest first. */
  status: z.enum(consultationStatuses, { message: '状态应为 waiting、answered 或 closed' }).optional(),
  /** Only threads passed to this doctor ('me': the caller). */
  assignedTo: idParam.optional(),
});
export type ConsultationsQuery = z.infer<typeof consultationsQuery>;

export const consultationMessageView = z.object({
  messageId: z.string(),
  from: z.enum(['patient', 'staff']),
  /** The staff member's name and role label for a staff message (a patient's is their profile's masked name). */
  authorName: z.string(),
  text: z.string().optional(),
  photoId: z.string().optional(),
  at: z.string(),
});
export type ConsultationMessageView = z.infer<typeof consultationMessageView>;

export const consultationView = z.object({
  threadId: z.string(),
  patientId: z.string(),
  /** Masked for staff lists (张*), the profile's name for its own account. */
  patientName: z.string(),
  clinicId: z.string(),
  clinicName: z.string(),
  status: z.enum(consultationStatuses),
  assignedDoctorId: z.string().optional(),
  assignedDoctorName: z.string().optional(),
  /** The first message's text, cut to 60 characters, for lists. */
  preview: z.string(),
  createdAt: z.string(),
  lastMessageAt: z.string(),
  closedAt: z.string().optional(),
  /** 'staff' or 'quiet' (closed by the daily job). */
  closedBy: z.enum(['staff', 'quiet']).optional(),
});
export type ConsultationView = z.infer<typeof consultationView>;

export const consultationThread = consultationView.extend({ messages: z.array(consultationMessageView) });
export type ConsultationThread = z.infer<typeof consultationThread>;

export const consultationPhotoView = z.object({
  photoId: z.string(),
  contentType: z.enum(consultationPhotoTypes),
  dataBase64: z.string(),
});
export type ConsultationPhotoView = z.infer<typeof consultationPhotoView>;
