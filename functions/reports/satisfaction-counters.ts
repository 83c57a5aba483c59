import type { SurveyScores } from '../../shared/schemas/surveys';
import type { Write } from '../lib/transact';

/**
 * CONTRACT between the survey flow and the satisfaction report (issue 9). The survey flow joins
 * these writes to its own transactions; the report reads what they count, so a report costs the
 * same with 1,000 or 100,000 answers. Everything is counted in the month of the VISIT the
 * invitation is for (so response rate = answers / invitations of the same visits).
 *
 * Until the report lands these count nothing: the report engineer replaces the bodies.
 */
export interface SurveyScope {
  clinicId: string;
  departmentId: string;
  doctorId?: string;
  doctorName?: string;
  /** YYYY-MM of the visit's day (Asia/Shanghai). */
  month: string;
}

export interface AnswerFacts extends SurveyScope {
  scores: SurveyScores;
  nps: number;
  low: boolean;
}

/** Joins the transaction that creates an invitation (the visit's). */
export function invitationCounted(_s: SurveyScope): Write[] {
  return [];
}

/** Joins the transaction that stores an answer. */
export function answerCounted(_a: AnswerFacts): Write[] {
  return [];
}

/** Joins the transaction that closes a low answer's complaint; inTime = closed within 24 h of the answer. */
export function complaintResolvedCounted(_s: SurveyScope, _inTime: boolean): Write[] {
  return [];
}
