import * as z from 'zod';
import type { StaffRole } from '../roles';
import { type Category, dateString, idParam, pageFields } from './common';
import type { SurveyAnswerFacts } from './surveys';

/** What a plan row asks for: a phone call, a survey invitation, or a message (a reminder). */
export const followUpKinds = ['call', 'survey', 'message'] as const;
export type FollowUpKind = (typeof followUpKinds)[number];
export const followUpKindLabels: Record<FollowUpKind, string> = {
  call: '电话回访',
  survey: '满意度调查',
  message: '提醒消息',
};

/** What a task is: a plan's call, or a complaint a low survey answer opened (never a plan row). */
export type FollowUpTaskKind = FollowUpKind | 'complaint';
export const taskKindLabels: Record<FollowUpTaskKind, string> = { ...followUpKindLabels, complaint: '投诉处理' };

/** Roles a plan row may hand its work to. */
export const followUpRoles = [
  'service',
  'nurse',
  'doctor',
  'frontdesk',
  'manager',
] as const satisfies readonly StaffRole[];

/** One row of a category's follow-up plan: so many days after the visit, this kind of follow-up, by this role. */
export const planRow = z.strictObject({
  daysAfter: z
    .number({ message: '天数应为 0 到 365 的整数' })
    .int({ message: '天数应为 0 到 365 的整数' })
    .min(0, { message: '天数应为 0 到 365 的整数' })
    .max(365, { message: '天数应为 0 到 365 的整数' }),
  kind: z.enum(followUpKinds, { message: '回访方式应为电话、满意度调查或提醒消息' }),
  role: z.enum(followUpRoles, { message: '请选择负责的岗位' }),
});
export type PlanRow = z.infer<typeof planRow>;

/** PUT /v1/follow-up-plans/{category}: a clinic's rows for one category (an empty list: no follow-up). */
export const updatePlanInput = z
  .strictObject({
    clinicId: idParam.optional(),
    rows: z.array(planRow, { message: '请填写回访计划' }).max(10, { message: '每个类别最多 10 条回访' }),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.rows.forEach((r, i) => {
      const key = `${r.daysAfter}#${r.kind}`;
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', i],
          message: `第 ${i + 1} 条与前面的回访重复（同一天同一方式）`,
        });
      }
      seen.add(key);
    });
  });
export type UpdatePlanInput = z.infer<typeof updatePlanInput>;

export const plansQuery = z.strictObject({ clinicId: idParam.optional(), ...pageFields });

export interface FollowUpPlanView {
  category: Category;
  clinicId: string;
  rows: PlanRow[];
  /** True while the clinic keeps the default rows. */
  isDefault: boolean;
}

/** Defaults a dental clinic recognises: a call the day after surgery, a survey after every visit, a reminder before the next adjustment. */
export function defaultPlanRows(c: Category): PlanRow[] {
  const survey: PlanRow = { daysAfter: 1, kind: 'survey', role: 'service' };
  if (c === 'implant' || c === 'extraction') return [{ daysAfter: 1, kind: 'call', role: 'service' }, survey];
  // Brackets are adjusted about every four weeks: remind three days before.
  if (c === 'orthodontic') return [survey, { daysAfter: 25, kind: 'message', role: 'service' }];
  return [survey];
}

/** What a call came to. */
export const outcomes = ['answered', 'no_answer', 'wrong_number', 'refused', 'complaint'] as const;
export type Outcome = (typeof outcomes)[number];
export const outcomeLabels: Record<Outcome, string> = {
  answered: '接通',
  no_answer: '未接通',
  wrong_number: '号码错误',
  refused: '拒访',
  complaint: '投诉',
};

/** Unanswered calls after which a task ends as unreachable. */
export const MAX_NO_ANSWERS = 3;

/** POST /v1/follow-ups/{taskId}/outcome */
export const outcomeInput = z.strictObject({
  outcome: z.enum(outcomes, { message: '请选择回访结果' }),
  note: z.string().trim().max(500, { message: '备注最多 500 字' }).optional(),
  nextDate: dateString.optional(),
});
export type OutcomeInput = z.infer<typeof outcomeInput>;

export const followUpViews = ['today', 'overdue', 'mine'] as const;
export type FollowUpListView = (typeof followUpViews)[number];
export const listFollowUpsQuery = z.strictObject({
  view: z.enum(followUpViews, { message: '列表应为今日、逾期或我的' }),
  clinicId: idParam.optional(),
  ...pageFields,
});
export type ListFollowUpsQuery = z.infer<typeof listFollowUpsQuery>;

export type FollowUpStatus = 'open' | 'done' | 'unreachable';

export interface FollowUpAttempt {
  at: string;
  by: string;
  byName: string;
  outcome: Outcome;
  note?: string;
  nextDate?: string;
}

/** What a follow-up task is, stored and shown alike. */
export interface FollowUpTask {
  id: string;
  clinicId: string;
  patientId: string;
  visitId: string;
  visitDate: string;
  category: Category;
  kind: FollowUpTaskKind;
  role: string;
  dueDate: string;
  /** A complaint's deadline (the answer + COMPLAINT_DUE_HOURS). */
  dueAt?: string;
  /** A complaint's survey answer: scores, NPS, comment. */
  answer?: SurveyAnswerFacts;
  /** How a complaint was resolved: required to close one. */
  resolution?: { note: string; at: string; by: string; byName: string; inTime: boolean };
  status: FollowUpStatus;
  claimedBy?: string;
  claimedByName?: string;
  noAnswers: number;
  history: FollowUpAttempt[];
  /** Why the task was made, when not from a visit's plan: a patient group's reason (洁牙到期 …). */
  reason?: string;
}

/** A follow-up task as staff see it: the patient's name masked, the phone in full only for the roles that call. */
export interface FollowUpView extends FollowUpTask {
  patientName: string;
  phone?: string;
  phoneMasked: boolean;
}
