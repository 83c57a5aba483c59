import * as z from 'zod';
import { category, dateString, idParam, pageFields, phoneNumber } from './common';

/** The HIS's own numbers (document, patient): printable, no spaces, as a cashier's system makes them. */
export const hisNumber = (what: string) =>
  z.string({ message: `请填写${what}` }).regex(/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/, { message: `${what}格式不正确` });

/** A document number in a path (POST /v1/integrations/his/events/{documentNo}/apply). */
export const hisDocumentNo = hisNumber('单据号');

const fen = z.number({ message: '金额应为整数（分）' }).int({ message: '金额应为整数（分）' });

/** What every HIS event carries: its document number, the patient (by phone or HIS number), when it happened. */
const eventFields = {
  documentNo: hisNumber('单据号').meta({ description: 'HIS 单据号：同一单据号只入账一次' }),
  phone: phoneNumber.optional().meta({ description: '患者手机号（与 HIS 患者号至少填一个）' }),
  hisPatientNo: hisNumber('HIS 患者号')
    .optional()
    .meta({ description: 'HIS 患者号：首次与手机号一同发来后即可单独用它找到患者' }),
  at: z.iso
    .datetime({ offset: true, message: '时间应为带时区的 ISO 8601 格式' })
    .meta({ description: '发生时间，带时区，如 2026-12-06T10:30:00+08:00' }),
};

const chargeEvent = z.strictObject({
  kind: z.literal('charge').meta({ description: '收费（退费为负数金额）' }),
  ...eventFields,
  /** Negative for a refund: it moves revenue back. */
  amountFen: fen.refine((n) => n !== 0, { message: '金额不能为 0' }).meta({ description: '金额（分）；退费为负数' }),
  items: z
    .array(z.strictObject({ name: z.string().min(1, { message: '请填写项目名称' }).max(60), amountFen: fen }))
    .max(50, { message: '项目最多 50 项' })
    .default([]),
});

const treatmentEvent = z.strictObject({
  kind: z.literal('treatment').meta({ description: '完成的治疗（计为一次就诊）' }),
  ...eventFields,
  category: category.meta({ description: '治疗类别' }),
  /** One of the clinic's departments; without it the visit is filed under the HIS's own ('his'). */
  departmentId: idParam.optional().meta({ description: '本院科室编号；不填时记在 HIS 名下' }),
  doctorId: idParam.optional().meta({ description: '本院医生编号（与医生姓名至少填一个）' }),
  doctorName: z.string().min(1).max(20).optional().meta({ description: '医生姓名' }),
});

/** One event the HIS sends: a charge (收费, a refund when negative) or a completed treatment. */
export const hisEventInput = z
  .discriminatedUnion('kind', [chargeEvent, treatmentEvent], { message: '事件类型应为 charge 或 treatment' })
  .superRefine((e, ctx) => {
    if (!e.phone && !e.hisPatientNo)
      ctx.addIssue({ code: 'custom', path: ['phone'], message: '请提供患者手机号或 HIS 患者号' });
    if (e.kind === 'treatment' && !e.doctorId && !e.doctorName)
      ctx.addIssue({ code: 'custom', path: ['doctorName'], message: '请提供医生姓名或编号' });
  });
export type HisEventInput = z.infer<typeof hisEventInput>;

export const hisEventStatuses = ['applied', 'held'] as const;
export type HisEventStatus = (typeof hisEventStatuses)[number];

/** Why an event was held for review instead of applied. */
export const hisHoldReasons = { unknown_patient: '未找到该患者（手机号或 HIS 患者号无记录）' } as const;
export type HisHoldReason = keyof typeof hisHoldReasons;

/** What the HIS gets back, and what a manager's list shows (no phone: a masked one). */
export const hisEventView = z.object({
  documentNo: z.string(),
  kind: z.enum(['charge', 'treatment']),
  clinicId: z.string(),
  status: z.enum(hisEventStatuses),
  reason: z.enum(['unknown_patient']).optional(),
  reasonText: z.string().optional(),
  patientId: z.string().optional(),
  maskedPhone: z.string().optional(),
  hisPatientNo: z.string().optional(),
  at: z.string(),
  receivedAt: z.string(),
  amountFen: z.number().int().optional(),
  category: z.string().optional(),
  visitId: z.string().optional(),
  /** A held event applied later by a manager: when, by whom, and how the patient was found. */
  appliedAt: z.string().optional(),
  appliedBy: z.string().optional(),
  appliedHow: z.enum(['matched', 'chosen', 'later_event']).optional(),
});
export type HisEventView = z.infer<typeof hisEventView>;

/**
 * A manager applies a held event: without a patient it is matched again (phone, HIS patient number);
 * with one it goes to that patient (and the HIS patient number is remembered for them).
 */
export const applyHisEventInput = z
  .strictObject({ patientId: idParam.optional(), clinicId: idParam.optional() })
  .default({});
export type ApplyHisEventInput = z.infer<typeof applyHisEventInput>;

export const hisEventsQuery = z.strictObject({
  ...pageFields,
  clinicId: idParam.optional(),
  /** The day it arrived, in Asia/Shanghai; today when absent. */
  date: dateString.optional(),
  status: z.enum(hisEventStatuses, { message: '状态应为 applied 或 held' }).optional(),
});
export type HisEventsQuery = z.infer<typeof hisEventsQuery>;

export const hisCredentialInput = z.strictObject({ clinicId: idParam.optional() }).default({});
export type HisCredentialInput = z.infer<typeof hisCredentialInput>;

/** A new HIS credential: the secret is shown this once and never again. */
export const hisCredentialView = z.object({
  clinicId: z.string(),
  keyId: z.string(),
  secret: z.string(),
  createdAt: z.string(),
});
export type HisCredentialView = z.infer<typeof hisCredentialView>;
