import { addDays } from '../../shared/dates';
import type { JobName } from '../../shared/routes';
import { db, tableName } from '../lib/db';
import { getItem, partitionQuery, putIfAbsent, queryAll, updateIf } from '../lib/store';
import { UpdateCommand } from '../lib/store-client';
import { commit, type TxItem } from '../lib/transact';
import { plannedDayKey, plannedDaysSinceKey } from './planned-days-keys';

/** What the group knows of a job: whether it is paused (by whom, since when) and its last run. */
export interface JobState {
  name: JobName;
  paused: boolean;
  pausedBy?: string;
  pausedByName?: string;
  pausedAt?: string;
  lastRun?: { at: string; ranAt: string; counts: Record<string, number>; tookMs: number; paused?: boolean };
}

/** Every job's state in one partition: the job list is one Query. */
const PK = 'JOBSTATE';
const key = (name: JobName) => ({ pk: PK, sk: `JOB#${name}` });

/** Every job's stored state (a job never paused nor run has none). */
export async function jobStates(): Promise<Map<JobName, JobState>> {
  const items = await queryAll<JobState>(partitionQuery(undefined, 'pk', PK), 100);
  return new Map(items.map((s) => [s.name, s]));
}

/** Whether a job is paused right now (read strongly: a brake must hold from the next run on). */
export async function isPaused(name: JobName): Promise<boolean> {
  return (await getItem<JobState>(key(name), true))?.paused === true;
}

/** Pauses or resumes a job for the whole group, with its audit event, as one write. */
export async function setPaused(
  name: JobName,
  paused: boolean,
  by: { staffId: string; name: string; at: string },
  audit: TxItem,
): Promise<void> {
  await commit([
    {
      Update: {
        TableName: tableName,
        Key: key(name),
        UpdateExpression: paused
          ? 'SET #n = :n, paused = :p, pausedBy = :by, pausedByName = :name, pausedAt = :at'
          : 'SET #n = :n, paused = :p REMOVE pausedBy, pausedByName, pausedAt',
        ExpressionAttributeNames: { '#n': 'name' },
        ExpressionAttributeValues: {
          ':n': name,
          ':p': paused,
          ...(paused ? { ':by': by.staffId, ':name': by.name, ':at': by.at } : {}),
        },
      },
    },
    audit,
  ]);
}

/** Keeps a job's last run: the moment it ran as, when it ran, its counts. */
export async function recordRun(name: JobName, run: NonNullable<JobState['lastRun']>): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key(name),
      UpdateExpression: 'SET #n = :n, lastRun = :run',
      ExpressionAttributeNames: { '#n': 'name' },
      ExpressionAttributeValues: { ':n': name, ':run': run },
    }),
  );
}

/**
 * Takes (or, with the same `leaseId`, renews) a job's run lease for `leaseMs` of real time: only when
 * no other run holds one that has not ended. False while another run holds it. Leases run on the machine's clock, not on the moment a
 * job runs as (they are about runs overlapping, not about the day planned).
 */
export async function takeRunLease(name: JobName, leaseId: string, leaseMs: number): Promise<boolean> {
  const nowMs = Date.now();
  return updateIf({
    Key: key(name),
    UpdateExpression: 'SET #n = :n, runLeaseId = :lease, runLeaseUntilMs = :until',
    ConditionExpression: 'attribute_not_exists(runLeaseUntilMs) OR runLeaseUntilMs < :now OR runLeaseId = :lease',
    ExpressionAttributeNames: { '#n': 'name' },
    ExpressionAttributeValues: { ':n': name, ':lease': leaseId, ':until': nowMs + leaseMs, ':now': nowMs },
  });
}

/** Gives a job's run lease back, if this run still holds it. */
export async function releaseRunLease(name: JobName, leaseId: string): Promise<void> {
  await updateIf({
    Key: key(name),
    UpdateExpression: 'REMOVE runLeaseId, runLeaseUntilMs',
    ConditionExpression: 'runLeaseId = :lease',
    ExpressionAttributeValues: { ':lease': leaseId },
  });
}

/**
 * Keeps that a run of `job` began planning `day` and answers whether it is the first to: no run kept
 * the day before, and the table kept planned days from `keptFrom` (at the latest `day`) on
 * (planned-days-keys.ts). Called under the job's run lease, before any message is written: a run that
 * crashes part-way has kept the day, so the next one is not the first. `today` is the clinic day on
 * the machine's clock.
 */
export async function firstRunOfDay(job: JobName, day: string, today: string, keptFrom = day): Promise<boolean> {
  const [kept, since] = await Promise.all([
    putIfAbsent({ ...plannedDayKey(job, day), type: 'plannedDay', job, day }),
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: plannedDaysSinceKey,
        UpdateExpression: 'SET since = if_not_exists(since, :next)',
        ExpressionAttributeValues: { ':next': addDays(day > today ? day : today, 1) },
        ReturnValues: 'ALL_NEW',
      }),
    ),
  ]);
  return kept && keptFrom >= String(since.Attributes?.since);
}
