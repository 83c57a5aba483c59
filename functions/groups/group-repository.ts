import { ConflictError } from '../../shared/errors';
import type { Placement } from '../../shared/patient-group-rules';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import { type GroupKey, type GroupSettings, groupKeys } from '../../shared/schemas/patient-groups';
import { batchGet } from '../lib/batch';
import { db, tableName } from '../lib/db';
import { AlreadyMovedError } from '../lib/repoint';
import { getItem, partitionQuery, putIfAbsent, queryAll, queryPage } from '../lib/store';
import { QueryCommand, UpdateCommand } from '../lib/store-client';
import { type Write, write } from '../lib/transact';

/**
 * A month's groups of a clinic. Keys:
 * - member:  pk PGROUP#clinic#month#group, sk P#patient (a visit finds a patient's memberships by key);
 *   through byClinic, PGDUE#clinic#month#group by due date while still due, PGRET#… by return time once
 *   back: either list is one Query page whatever the group's size;
 * - month:   pk PGMONTH#clinic#month: sk RUN (when made, with the settings used) and G#group (counts).
 */
export interface MemberRecord extends Omit<Placement, 'reminderReason'> {
  clinicId: string;
  month: string;
  patientId: string;
  reminderReason: string;
  lastVisitDate: string;
  placedAt: string;
  returnedAt?: string;
  returnedVisitId?: string;
  taskId?: string;
  remindedAt?: string;
}

export interface RunRecord {
  clinicId: string;
  month: string;
  /** The moment grouping began: patients seen after it are back, not placed. */
  startedAt: string;
  settings: GroupSettings;
  finishedAt?: string;
  read?: number;
  placed?: number;
}

export interface HeaderRecord {
  group: GroupKey;
  placed?: number;
  returned?: number;
}

const memberPk = (clinicId: string, month: string, g: GroupKey) => `PGROUP#${clinicId}#${month}#${g}`;
const memberKey = (clinicId: string, month: string, g: GroupKey, patientId: string) => ({
  pk: memberPk(clinicId, month, g),
  sk: `P#${patientId}`,
});
const duePart = (clinicId: string, month: string, g: GroupKey) => `PGDUE#${clinicId}#${month}#${g}`;
const returnedPart = (clinicId: string, month: string, g: GroupKey) => `PGRET#${clinicId}#${month}#${g}`;
const monthPk = (clinicId: string, month: string) => `PGMONTH#${clinicId}#${month}`;
const runKey = (clinicId: string, month: string) => ({ pk: monthPk(clinicId, month), sk: 'RUN' });
const headerKey = (clinicId: string, month: string, g: GroupKey) => ({ pk: monthPk(clinicId, month), sk: `G#${g}` });

/** A member as stored, still due: in its group's due list by due date. */
export function storedMember(m: MemberRecord): Record<string, unknown> {
  return {
    ...memberKey(m.clinicId, m.month, m.group, m.patientId),
    type: 'groupMember',
    ...m,
    clinicKey: duePart(m.clinicId, m.month, m.group),
    clinicSort: `${m.dueDate}#${m.patientId}`,
  };
}

export async function getRun(clinicId: string, month: string): Promise<RunRecord | undefined> {
  return getItem<RunRecord>(runKey(clinicId, month), true);
}

/** Begins a month's grouping unless begun already: the first run's moment and settings hold for reruns. */
export async function beginRun(r: RunRecord): Promise<RunRecord> {
  if (await putIfAbsent({ ...runKey(r.clinicId, r.month), type: 'groupRun', ...r })) return r;
  return (await getRun(r.clinicId, r.month)) as RunRecord;
}

export async function finishRun(clinicId: string, month: string, at: string, read: number, placed: number) {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: runKey(clinicId, month),
      UpdateExpression: 'SET finishedAt = :at, #read = :read, placed = :placed',
      ExpressionAttributeNames: { '#read': 'read' },
      ExpressionAttributeValues: { ':at': at, ':read': read, ':placed': placed },
    }),
  );
}

/** The patient ids already placed in each group of the month (a rerun writes only what is missing). */
export async function placedIds(clinicId: string, month: string): Promise<Map<GroupKey, Set<string>>> {
  const out = new Map<GroupKey, Set<string>>();
  await Promise.all(
    groupKeys.map(async (g) => {
      const ids = new Set<string>();
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': memberPk(clinicId, month, g) },
            ProjectionExpression: 'sk',
            ExclusiveStartKey: start,
          }),
        );
        for (const i of page.Items ?? []) ids.add(String(i.sk).slice(2));
        start = page.LastEvaluatedKey;
      } while (start);
      out.set(g, ids);
    }),
  );
  return out;
}

/** Sets how many were placed in a group (returns are added by visits, never overwritten here). */
export async function setPlaced(clinicId: string, month: string, g: GroupKey, placed: number): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: headerKey(clinicId, month, g),
      UpdateExpression: 'SET #type = :type, #g = :g, placed = :n',
      ExpressionAttributeNames: { '#type': 'type', '#g': 'group' },
      ExpressionAttributeValues: { ':type': 'groupHeader', ':g': g, ':n': placed },
    }),
  );
}

/** A month's run record and group counts: one Query. */
export async function monthOf(
  clinicId: string,
  month: string,
): Promise<{ run?: RunRecord; headers: Map<GroupKey, HeaderRecord> }> {
  const items = await queryAll<Record<string, unknown>>(partitionQuery(undefined, 'pk', monthPk(clinicId, month)), 20);
  const run = items.find((i) => i.startedAt) as RunRecord | undefined;
  const headers = new Map<GroupKey, HeaderRecord>();
  for (const i of items) if (i.group) headers.set(i.group as GroupKey, i as unknown as HeaderRecord);
  return { run, headers };
}

/** One page of a group's members: still due (by due date) or back (latest first). */
export function membersPage(
  clinicId: string,
  month: string,
  g: GroupKey,
  view: 'due' | 'returned',
  page: PageQuery,
): Promise<ListResult<MemberRecord>> {
  return view === 'due'
    ? queryPage<MemberRecord>(partitionQuery('byClinic', 'clinicKey', duePart(clinicId, month, g)), page, 20)
    : queryPage<MemberRecord>(
        partitionQuery('byClinic', 'clinicKey', returnedPart(clinicId, month, g), { newestFirst: true }),
        page,
        20,
      );
}

/** A patient's memberships of a month at a clinic (at most one per group): one BatchGetItem. */
export async function membershipsOf(clinicId: string, month: string, patientId: string): Promise<MemberRecord[]> {
  return batchGet<MemberRecord>(groupKeys.map((g) => memberKey(clinicId, month, g, patientId)));
}

/** A member still due was taken back by a visit at the same moment: the visit reads again. */
export class MembershipChangedError extends ConflictError {
  constructor() {
    super('CONFLICT', '患者分组刚刚变化，请重试');
  }
}

/**
 * A visit marks a member still due as back (it leaves the due list for the returned one) and counts
 * it on the group's card, in the visit's transaction; only while still due, so it counts once.
 */
export function returnedWrites(m: MemberRecord, visitId: string, at: string): Write[] {
  return [
    write(
      {
        Update: {
          TableName: tableName,
          Key: memberKey(m.clinicId, m.month, m.group, m.patientId),
          UpdateExpression: 'SET returnedAt = :at, returnedVisitId = :v, clinicKey = :rk, clinicSort = :rs',
          ConditionExpression: 'clinicKey = :due',
          ExpressionAttributeValues: {
            ':at': at,
            ':v': visitId,
            ':rk': returnedPart(m.clinicId, m.month, m.group),
            ':rs': `${at}#${m.patientId}`,
            ':due': duePart(m.clinicId, m.month, m.group),
          },
        },
      },
      () => new MembershipChangedError(),
    ),
    write({
      Update: {
        TableName: tableName,
        Key: headerKey(m.clinicId, m.month, m.group),
        UpdateExpression: 'SET #type = :type, #g = :g ADD returned :one',
        ExpressionAttributeNames: { '#type': 'type', '#g': 'group' },
        ExpressionAttributeValues: { ':type': 'groupHeader', ':g': m.group, ':one': 1 },
      },
    }),
  ];
}

/** The follow-up task made for a member, joining the task's own write. */
export function memberTaskWrite(m: MemberRecord, taskId: string): Write {
  return write({
    Update: {
      TableName: tableName,
      Key: memberKey(m.clinicId, m.month, m.group, m.patientId),
      UpdateExpression: 'SET taskId = :t',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':t': taskId },
    },
  });
}

/** Notes that a member's reminder was queued (shown on the member's row). */
export async function markReminded(m: MemberRecord, at: string): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: memberKey(m.clinicId, m.month, m.group, m.patientId),
      UpdateExpression: 'SET remindedAt = if_not_exists(remindedAt, :at)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': at },
    }),
  );
}

/** Every member still due of a group, page after page (tasks and reminders go to each). */
export async function forEachDueMember(
  clinicId: string,
  month: string,
  g: GroupKey,
  each: (page: MemberRecord[]) => Promise<void>,
): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await membersPage(clinicId, month, g, 'due', { limit: 100, cursor });
    await each(page.items);
    cursor = page.nextCursor;
  } while (cursor);
}

/**
 * A merge hands a month's membership to the surviving record (in the due or the returned list, as
 * it stood), or only removes it when the survivor is in that group already. The group's figures
 * stay: that placement was counted once.
 */
export function memberMovedWrites(m: MemberRecord, toId: string, survivorHolds: boolean): Write[] {
  const old = write(
    {
      Delete: {
        TableName: tableName,
        Key: memberKey(m.clinicId, m.month, m.group, m.patientId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    },
    () => new AlreadyMovedError(),
  );
  if (survivorHolds) return [old];
  const moved = { ...m, patientId: toId };
  const item = m.returnedAt
    ? {
        ...storedMember(moved),
        clinicKey: returnedPart(m.clinicId, m.month, m.group),
        clinicSort: `${m.returnedAt}#${toId}`,
      }
    : storedMember(moved);
  return [write({ Put: { TableName: tableName, Item: item } }), old];
}
