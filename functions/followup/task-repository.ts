import { ConflictError } from '../../shared/errors';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import type { FollowUpTask } from '../../shared/schemas/follow-ups';
import { db, tableName } from '../lib/db';
import { repointWrite } from '../lib/repoint';
import { getItem, partitionQuery, type QuerySpec, queryPage } from '../lib/store';
import { PutCommand } from '../lib/store-client';
import { type Write, write } from '../lib/transact';
import { timelineIndex } from '../patients/timeline-index';
import type { SurveyScope } from '../reports/satisfaction-counters';

/** A follow-up task: made with its visit, worked by service staff. */
export interface TaskRecord extends FollowUpTask {
  /** Moves on every change: a change is written only over the version it was made from. */
  version: number;
  /** A complaint's place in the satisfaction report (its visit's clinic, department, doctor, month). */
  scope?: SurveyScope;
  createdAt: string;
  updatedAt: string;
}

const taskKey = (id: string) => ({ pk: `FOLLOWUP#${id}`, sk: 'TASK' });
const clinicPart = (clinicId: string) => `FU#${clinicId}`;
const claimerPart = (staffId: string) => `FU#${staffId}`;

/**
 * The stored item: list index attributes only while the task is open, so a finished task leaves
 * every list; on the patient's timeline always, at its creation (derived again on every save).
 */
function taskItem(t: TaskRecord) {
  const due = `${t.dueDate}#${t.id}`;
  return {
    ...taskKey(t.id),
    type: 'followUp',
    ...t,
    ...(t.status === 'open' ? { followUpClinic: clinicPart(t.clinicId), followUpDue: due } : {}),
    ...(t.status === 'open' && t.claimedBy
      ? { followUpClaimer: claimerPart(t.claimedBy), followUpClaimerDue: due }
      : {}),
    ...timelineIndex(t.patientId, t.createdAt, 'followup', t.id),
  };
}

/** A new task, joining its visit's transaction; a deterministic id makes it once per visit and plan row. */
export function newTaskWrite(t: TaskRecord): Write {
  return write(
    { Put: { TableName: tableName, Item: taskItem(t), ConditionExpression: 'attribute_not_exists(pk)' } },
    () => new ConflictError('VISIT_EXISTS', '该号码的就诊已记录'),
  );
}

export async function getTask(id: string): Promise<TaskRecord | undefined> {
  return getItem<TaskRecord>(taskKey(id), true);
}

/** Thrown when the task changed since it was read (another claim or outcome won). */
export class TaskChangedError extends Error {}

/** Writes a changed task over the version it was read at; TaskChangedError when another change came first. */
export async function saveTask(t: TaskRecord, seenVersion: number): Promise<void> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: taskItem(t),
        ConditionExpression: 'version = :seen',
        ExpressionAttributeValues: { ':seen': seenVersion },
      }),
    );
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') throw new TaskChangedError();
    throw e;
  }
}

/** A changed task written over the version it was read at, joining other writes (a complaint closed with its count). */
export function saveTaskWrite(t: TaskRecord, seenVersion: number): Write {
  return write(
    {
      Put: {
        TableName: tableName,
        Item: taskItem(t),
        ConditionExpression: 'version = :seen',
        ExpressionAttributeValues: { ':seen': seenVersion },
      },
    },
    () => new TaskChangedError(),
  );
}

/** Open tasks of a clinic due on a day (今日回访). */
export function dueOn(clinicId: string, date: string, page: PageQuery): Promise<ListResult<TaskRecord>> {
  return queryPage<TaskRecord>(
    partitionQuery('byFollowUpDue', 'followUpClinic', clinicPart(clinicId), {
      sortPrefix: { name: 'followUpDue', prefix: `${date}#` },
    }),
    page,
    20,
  );
}

/** Open tasks of a clinic due before a day (逾期), oldest first. */
export function dueBefore(clinicId: string, date: string, page: PageQuery): Promise<ListResult<TaskRecord>> {
  const spec: QuerySpec = {
    partition: { name: 'followUpClinic', value: clinicPart(clinicId) },
    IndexName: 'byFollowUpDue',
    KeyConditionExpression: 'followUpClinic = :pk AND followUpDue < :day',
    ExpressionAttributeValues: { ':pk': clinicPart(clinicId), ':day': date },
  };
  return queryPage<TaskRecord>(spec, page, 20);
}

/** Open tasks a staff member claimed (我的), by due date. */
export function claimedBy(staffId: string, page: PageQuery): Promise<ListResult<TaskRecord>> {
  return queryPage<TaskRecord>(partitionQuery('byFollowUpClaimer', 'followUpClaimer', claimerPart(staffId)), page, 20);
}

/** A merge puts a task on the surviving record (and its timeline). */
export function taskMovedWrite(t: TaskRecord, toId: string): Write {
  return repointWrite(taskKey(t.id), t.patientId, toId, timelineIndex(toId, t.createdAt, 'followup', t.id));
}
