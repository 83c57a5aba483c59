import * as z from 'zod';
import { idParam } from './common';

/**
 * Satisfaction surveys: what a patient rates after a visit. The survey form, the answer route, the
 * complaint loop and the monthly report all read these names.
 */

/** Dimensions rated 1–5 stars, in the order the form asks them. */
export const surveyDimensions = ['overall', 'doctor', 'nurse', 'environment', 'waiting', 'fees'] as const;
export type SurveyDimension = (typeof surveyDimensions)[number];

export const surveyDimensionLabels: Record<SurveyDimension, string> = {
  overall: '总体满意度',
  doctor: '医生',
  nurse: '护士',
  environment: '就诊环境',
  waiting: '等候时间',
  fees: '收费清楚',
};

export type SurveyScores = Record<SurveyDimension, number>;

/** NPS bands of the 0–10 "would you recommend us" answer. */
export const npsBand = (nps: number): 'promoter' | 'passive' | 'detractor' =>
  nps >= 9 ? 'promoter' : nps >= 7 ? 'passive' : 'detractor';

/** A low answer opens a complaint: overall ≤ 2, any dimension ≤ 2, or NPS ≤ 6. */
export const isLowAnswer = (scores: SurveyScores, nps: number): boolean =>
  surveyDimensions.some((d) => scores[d] <= 2) || nps <= 6;

/** Hours a complaint from a low answer has before it is late. */
export const COMPLAINT_DUE_HOURS = 24;

/** Days an invitation stays open. */
export const SURVEY_INVITATION_DAYS = 30;

// ---- The patient's form and what it answers (survey step) -------------------------------------

const stars = (label: string) =>
  z
    .number({ message: `请为「${label}」打 1 到 5 星` })
    .int({ message: `请为「${label}」打 1 到 5 星` })
    .min(1, { message: `请为「${label}」打 1 到 5 星` })
    .max(5, { message: `请为「${label}」打 1 到 5 星` });

/** POST /v1/me/surveys/{invitationId}/answer: six dimensions of 1–5 stars, NPS 0–10, a comment. */
export const answerSurveyInput = z.strictObject({
  scores: z.strictObject(
    Object.fromEntries(surveyDimensions.map((d) => [d, stars(surveyDimensionLabels[d])])) as Record<
      SurveyDimension,
      ReturnType<typeof stars>
    >,
    { message: '请为每一项打分' },
  ),
  nps: z
    .number({ message: '请选择 0 到 10 分的推荐意愿' })
    .int({ message: '请选择 0 到 10 分的推荐意愿' })
    .min(0, { message: '请选择 0 到 10 分的推荐意愿' })
    .max(10, { message: '请选择 0 到 10 分的推荐意愿' }),
  comment: z.string().trim().max(500, { message: '意见最多 500 字' }).optional(),
});
export type AnswerSurveyInput = z.infer<typeof answerSurveyInput>;

export type InvitationStatus = 'open' | 'answered' | 'expired';

/** An invitation as its patient sees it (GET /v1/me/surveys/{invitationId}, GET /v1/me/surveys). */
export interface SurveyInvitationView {
  id: string;
  patientId: string;
  /** The profile's name, so a family sees whose visit it is about. */
  patientName: string;
  clinicName: string;
  departmentName: string;
  doctorName?: string;
  visitDate: string;
  expiresAt: string;
  /** 'expired' once expiresAt has passed unanswered. */
  status: InvitationStatus;
  answeredAt?: string;
}

/** An answer as a complaint carries it to staff. */
export interface SurveyAnswerFacts {
  invitationId: string;
  answerId: string;
  scores: SurveyScores;
  nps: number;
  comment?: string;
  answeredAt: string;
}

/** PUT /v1/clinics/{clinicId}/service-lead: who in the clinic's service staff takes the complaints. */
export const setServiceLeadInput = z.strictObject({ staffId: idParam });
export type SetServiceLeadInput = z.infer<typeof setServiceLeadInput>;
