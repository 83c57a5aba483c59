import * as z from 'zod';
import { monthString } from './campaigns';
import { idParam } from './common';
import type { SurveyDimension } from './surveys';

/** GET /v1/reports/satisfaction: a month (default this one) of a clinic (default the caller's). */
export const satisfactionReportQuery = z.strictObject({ month: monthString.optional(), clinicId: idParam.optional() });
export type SatisfactionReportQuery = z.infer<typeof satisfactionReportQuery>;

/** Months the trend shows, ending with the month asked. */
export const SATISFACTION_TREND_MONTHS = 6;

/**
 * The figures of one scope (clinic, department or doctor) in one month. Rates are fractions (0.42);
 * a rate or an average with nothing to divide by is null, never NaN.
 */
export interface SatisfactionFigures {
  invitations: number;
  answers: number;
  /** answers / invitations (both counted in the month of the visit). */
  responseRate: number | null;
  /** Average stars (1–5, two decimals) per dimension. */
  averages: Record<SurveyDimension, number | null>;
  /** (promoters − detractors) / answers × 100, one decimal. */
  nps: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  /** Low answers (each opened a complaint). */
  low: number;
  lowResolved: number;
  /** Closed within COMPLAINT_DUE_HOURS of the answer. */
  lowResolvedInTime: number;
  /** lowResolvedInTime / low. */
  resolvedInTimeRate: number | null;
}

export interface SatisfactionRow extends SatisfactionFigures {
  id: string;
  name: string;
}

export interface SatisfactionDoctorRow extends SatisfactionRow {
  departmentId?: string;
  departmentName?: string;
}

export interface SatisfactionTrendPoint extends SatisfactionFigures {
  month: string;
}

export interface SatisfactionReport {
  month: string;
  clinicId: string;
  totals: SatisfactionFigures;
  departments: SatisfactionRow[];
  doctors: SatisfactionDoctorRow[];
  /** The SATISFACTION_TREND_MONTHS months up to the one asked, oldest first (empty months are zeros). */
  trend: SatisfactionTrendPoint[];
}
