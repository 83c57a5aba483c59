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
