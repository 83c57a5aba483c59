import { addDays } from '../../shared/dates';
import type { Write } from '../lib/transact';
import { surveyInvitationWrites } from '../surveys/invitation-writes';
import { planMessageWrites } from './plan-messages';
import { planFor } from './plan-repository';
import { newTaskWrite, type TaskRecord } from './task-repository';

/** What a visit's follow-up needs to know about it. */
export interface VisitFacts {
  id: string;
  clinicId: string;
  patientId: string;
  departmentId: string;
  doctorId?: string;
  doctorName?: string;
  date: string;
  category: TaskRecord['category'];
  createdAt: string;
}

/**
 * The follow-up tasks a visit's plan asks for, as writes joining the visit's transaction: one task
 * per call row, due `daysAfter` days after the visit's day (Asia/Shanghai); one outbox reminder per
 * message row; one survey invitation (with its message) per survey row.
 */
export async function followUpWrites(v: VisitFacts): Promise<Write[]> {
  const plan = await planFor(v.clinicId, v.category);
  const writes: Write[] = [];
  const messageDays: number[] = [];
  const surveyDays: number[] = [];
  for (const row of plan.rows) {
    if (row.kind === 'message') {
      // A reminder row: an outbox message (functions/followup/plan-messages.ts), below.
      messageDays.push(row.daysAfter);
      continue;
    }
    if (row.kind === 'survey') {
      // An invitation, its message and its count (functions/surveys), below.
      surveyDays.push(row.daysAfter);
      continue;
    }
    writes.push(
      newTaskWrite({
        // One task per visit and day: a plan refuses two call rows on the same day.
        id: `fu_${v.id}_${row.daysAfter}`,
        clinicId: v.clinicId,
        patientId: v.patientId,
        visitId: v.id,
        visitDate: v.date,
        category: v.category,
        kind: 'call',
        role: row.role,
        dueDate: addDays(v.date, row.daysAfter),
        status: 'open',
        noAnswers: 0,
        history: [],
        version: 1,
        createdAt: v.createdAt,
        updatedAt: v.createdAt,
      }),
    );
  }
  writes.push(...(await planMessageWrites(v, messageDays)), ...(await surveyInvitationWrites(v, surveyDays)));
  return writes;
}
