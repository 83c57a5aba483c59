import * as z from 'zod';
import { educationItem } from '../../schemas/care';
import { categories } from '../../schemas/common';
import { followUpKinds, outcomes, planRow } from '../../schemas/follow-ups';
import { surveyDimensions } from '../../schemas/surveys';
import { day, instant, rate } from './common';

const category = z.enum(categories);

export const careInstructionsView = z.object({
  category,
  title: z.string(),
  lines: z.array(z.string()),
  isDefault: z.boolean().meta({ description: '仍为默认内容' }),
  updatedAt: instant.optional(),
});

export const educationView = z.object({
  departmentId: z.string(),
  departmentName: z.string(),
  items: z.array(educationItem),
  isDefault: z.boolean(),
  updatedAt: instant.optional(),
});

export const followUpPlanView = z.object({
  category,
  clinicId: z.string(),
  rows: z.array(planRow),
  isDefault: z.boolean(),
});

const scores = z.object(
  Object.fromEntries(surveyDimensions.map((d) => [d, z.number().int()])) as Record<
    (typeof surveyDimensions)[number],
    z.ZodNumber
  >,
);

export const followUpView = z.object({
  id: z.string(),
  clinicId: z.string(),
  patientId: z.string(),
  visitId: z.string(),
  visitDate: day,
  category,
  kind: z.enum([...followUpKinds, 'complaint']).meta({ description: '电话、满意度调查、提醒消息或投诉处理' }),
  role: z.string(),
  dueDate: day,
  dueAt: instant.optional().meta({ description: '投诉处理期限' }),
  answer: z
    .object({
      invitationId: z.string(),
      answerId: z.string(),
      scores,
      nps: z.number().int(),
      comment: z.string().optional(),
      answeredAt: instant,
    })
    .optional(),
  resolution: z
    .object({ note: z.string(), at: instant, by: z.string(), byName: z.string(), inTime: z.boolean() })
    .optional(),
  status: z.enum(['open', 'done', 'unreachable']),
  claimedBy: z.string().optional(),
  claimedByName: z.string().optional(),
  noAnswers: z.number().int(),
  history: z.array(
    z.object({
      at: instant,
      by: z.string(),
      byName: z.string(),
      outcome: z.enum(outcomes),
      note: z.string().optional(),
      nextDate: day.optional(),
    }),
  ),
  reason: z.string().optional(),
  patientName: z.string(),
  phone: z.string().optional(),
  phoneMasked: z.boolean(),
});

export const surveyInvitationView = z.object({
  id: z.string(),
  patientId: z.string(),
  patientName: z.string(),
  clinicName: z.string(),
  departmentName: z.string(),
  doctorName: z.string().optional(),
  visitDate: day,
  expiresAt: instant,
  status: z.enum(['open', 'answered', 'expired']),
  answeredAt: instant.optional(),
});

export const surveyAnswerResult = z.object({
  id: z.string(),
  invitationId: z.string(),
  low: z.boolean().meta({ description: '低分评价（已转投诉处理）' }),
  answeredAt: instant,
});

const satisfactionFigures = z.object({
  invitations: z.number().int(),
  answers: z.number().int(),
  responseRate: rate,
  averages: z.object(
    Object.fromEntries(surveyDimensions.map((d) => [d, z.number().nullable()])) as Record<
      (typeof surveyDimensions)[number],
      z.ZodNullable<z.ZodNumber>
    >,
  ),
  nps: z.number().nullable(),
  promoters: z.number().int(),
  passives: z.number().int(),
  detractors: z.number().int(),
  low: z.number().int(),
  lowResolved: z.number().int(),
  lowResolvedInTime: z.number().int(),
  resolvedInTimeRate: rate,
});
const satisfactionRow = satisfactionFigures.extend({ id: z.string(), name: z.string() });

export const satisfactionReport = z.object({
  month: z.string(),
  clinicId: z.string(),
  totals: satisfactionFigures,
  departments: z.array(satisfactionRow),
  doctors: z.array(
    satisfactionRow.extend({ departmentId: z.string().optional(), departmentName: z.string().optional() }),
  ),
  trend: z.array(satisfactionFigures.extend({ month: z.string() })),
});
