import { npsBand, type SurveyScores, surveyDimensions } from '../../shared/schemas/surveys';
import type { Write } from '../lib/transact';
import {
  addTo,
  CLINIC_TOTAL,
  dimensionCount,
  dimensionSum,
  type SatCounts,
  type SatTarget,
  satCounterNames,
  zeroCounts,
} from './satisfaction-repository';

/**
 * What the survey flow counts for the satisfaction report. The survey flow (functions/surveys,
 * a complaint's closing in functions/followup) joins these writes to its own transactions; the report reads what they count, so a report costs the
 * same with 1,000 or 100,000 answers. Everything is counted in the month of the VISIT the
 * invitation is for (so response rate = answers / invitations of the same visits).
 *
 * Each fact moves the clinic's total, its department's and its doctor's item of that month (ADD,
 * no read); every item appears once in what these return, as a transaction requires.
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

/** The counter items one fact of a scope moves: the clinic total, the department, the doctor. */
export function targetsOf(s: SurveyScope): SatTarget[] {
  const base = { clinicId: s.clinicId, month: s.month };
  const targets: SatTarget[] = [
    { ...base, scope: 'clinic', id: CLINIC_TOTAL, meta: {} },
    { ...base, scope: 'dept', id: s.departmentId, meta: {} },
  ];
  if (s.doctorId) {
    targets.push({
      ...base,
      scope: 'doctor',
      id: s.doctorId,
      meta: { departmentId: s.departmentId, ...(s.doctorName ? { name: s.doctorName } : {}) },
    });
  }
  return targets;
}

/** What one answer adds: one answer, its NPS band, each rated dimension (1–5) and whether it is low. */
export function answerDelta(a: Pick<AnswerFacts, 'scores' | 'nps' | 'low'>): Partial<SatCounts> {
  const d: Partial<SatCounts> = { answers: 1 };
  const band = npsBand(a.nps);
  d[band === 'promoter' ? 'promoters' : band === 'passive' ? 'passives' : 'detractors'] = 1;
  for (const dim of surveyDimensions) {
    const score = a.scores[dim];
    // A dimension left unrated (0 or missing) is not averaged in.
    if (Number.isInteger(score) && score >= 1 && score <= 5) {
      d[dimensionSum(dim)] = score;
      d[dimensionCount(dim)] = 1;
    }
  }
  if (a.low) d.low = 1;
  return d;
}

/** One scope's delta: what many facts of that scope add up to. */
export interface ScopedDelta {
  scope: SurveyScope;
  delta: Partial<SatCounts>;
}

/**
 * Many facts' aggregate at once: deltas summed per counter item, one ADD per item. The bench seeds
 * 100,000 answers' worth through it; a job recounting a month could too.
 */
export function countedTogether(facts: readonly ScopedDelta[]): Write[] {
  const items = new Map<string, { target: SatTarget; sum: SatCounts }>();
  for (const f of facts) {
    for (const t of targetsOf(f.scope)) {
      const key = `${t.clinicId}|${t.month}|${t.scope}|${t.id}`;
      const entry = items.get(key) ?? { target: t, sum: zeroCounts() };
      entry.target = { ...entry.target, meta: { ...entry.target.meta, ...t.meta } };
      for (const n of satCounterNames) entry.sum[n] += f.delta[n] ?? 0;
      items.set(key, entry);
    }
  }
  return [...items.values()].map((e) => addTo(e.target, e.sum));
}

/** Joins the transaction that creates an invitation (the visit's). */
export function invitationCounted(s: SurveyScope): Write[] {
  return countedTogether([{ scope: s, delta: { invitations: 1 } }]);
}

/** Joins the transaction that stores an answer. */
export function answerCounted(a: AnswerFacts): Write[] {
  return countedTogether([{ scope: a, delta: answerDelta(a) }]);
}

/** Joins the transaction that closes a low answer's complaint; inTime = closed within 24 h of the answer. */
export function complaintResolvedCounted(s: SurveyScope, inTime: boolean): Write[] {
  return countedTogether([{ scope: s, delta: { lowResolved: 1, ...(inTime ? { lowResolvedInTime: 1 } : {}) } }]);
}
