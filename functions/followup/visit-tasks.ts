import { addDays } from '../../shared/dates';
import type { Write } from '../lib/transact';
import { surveyInvitationWrites } from '../surveys/invitation-writes';
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
 * per call row, due `daysAfter` days after the visit's day (Asia/Shanghai).
 */
export async function followUpWrites(v: VisitFacts): Promise<Write[]> {
  const plan = await planFor(v.clinicId, v.category);
  const writes: Write[] = [];
  for (const row of plan.rows) {
    if (row.kind === 'survey') {
      // The invitation, its message and its count (functions/surveys), in this same transaction.
      writes.push(...(await surveyInvitationWrites(v, row.daysAfter)));
      continue;
    }
    if (row.kind !== 'call') {
      // message rows: planned here as outbox messages with deterministic ids, in this same transaction.
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
  return writes;
}
