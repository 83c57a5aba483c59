import * as z from 'zod';

/** The sections of GET /v1/me/export, in the order the page shows them, with their Chinese titles. */
export const exportSections = {
  profiles: '就诊人资料',
  consentHistory: '授权记录',
  appointments: '预约记录',
  tickets: '排队记录',
  visits: '就诊记录',
  messages: '消息记录',
  surveyInvitations: '评价邀请',
  surveyAnswers: '满意度评价',
  followUps: '回访记录',
  careSummaries: '就诊概况',
  consultations: '在线咨询',
} as const;
export type ExportSection = keyof typeof exportSections;

/** GET /v1/me/export: everything held about the account's profiles, one list per section. */
export type MyExport = { exportedAt: string; explanations: Record<ExportSection, string> } & Record<
  ExportSection,
  Record<string, unknown>[]
>;

/** POST /v1/patients/{patientId}/deletion: staff record a patient's deletion request, with why. */
export const recordDeletionInput = z.strictObject({
  reason: z
    .string({ message: '请填写删除原因' })
    .trim()
    .min(2, { message: '请填写删除原因（至少 2 个字）' })
    .max(200, { message: '删除原因最多 200 字' }),
});
export type RecordDeletionInput = z.infer<typeof recordDeletionInput>;

/** What a deletion answers: the record's id (kept as the pseudonym of what the hospital keeps) and when. */
export interface DeletionResult {
  patientId: string;
  erasedAt: string;
}
