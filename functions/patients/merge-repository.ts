import { AppError, ConflictError } from '../../shared/errors';
import { maskName } from '../../shared/mask';
import { db, tableName } from '../lib/db';
import { AlreadyMovedError } from '../lib/repoint';
import { QueryCommand } from '../lib/store-client';
import { commit, type Write, write } from '../lib/transact';
import { type AuditEntry, auditWrite } from './audit-repository';
import { guardedPhones } from './merge-rules';
import {
  type PatientRecord,
  patientKey,
  patientPartition,
  phoneKey,
  storedPatient,
  withBirthdayMove,
} from './patient-repository';

/** A consent event as stored (its key kept: a merge writes it again under the survivor). */
export type StoredConsentEvent = Record<string, unknown> & { pk: string; sk: string };

/** A record's consent events with their keys (tens at most). */
export async function consentEventsOf(patientId: string): Promise<StoredConsentEvent[]> {
  const items: StoredConsentEvent[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': patientPartition(patientId), ':sk': 'CONSENT#' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((out.Items ?? []) as StoredConsentEvent[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** A consent event moved into the survivor's history (same moment and sort key), gone from the merged one. */
export function consentMovedWrites(e: StoredConsentEvent, toId: string): Write[] {
  return [
    write({ Put: { TableName: tableName, Item: { ...e, pk: patientPartition(toId) } } }),
    write(
      { Delete: { TableName: tableName, Key: { pk: e.pk, sk: e.sk }, ConditionExpression: 'attribute_exists(pk)' } },
      () => new AlreadyMovedError(),
    ),
  ];
}

/** A merge under way holds both records this long at most (a run that died leaves it to lapse). */
const MERGE_LOCK_MS = 2 * 60_000;

/** Marks of a merge under way on both records: the pair, and since when. */
interface MergeLock {
  mergeLock?: string;
  mergeLockAt?: number;
}

/**
 * Both records are held for this pair, so no other merge touching either one can move items into a
 * record that is about to become a pointer. The same pair takes the hold again (a retry, or the
 * same merge sent twice at once); another pair is refused until this one ends or its hold lapses.
 */
export async function holdForMerge(survivorId: string, mergedId: string, nowMs: number): Promise<void> {
  const lock = `${survivorId}>${mergedId}`;
  const hold = (id: string): Write =>
    write(
      {
        Update: {
          TableName: tableName,
          Key: patientKey(id),
          UpdateExpression: 'SET mergeLock = :lock, mergeLockAt = :now',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(mergedInto) AND (attribute_not_exists(mergeLock) OR mergeLock = :lock OR mergeLockAt < :stale)',
          ExpressionAttributeValues: { ':lock': lock, ':now': nowMs, ':stale': nowMs - MERGE_LOCK_MS },
        },
      },
      () => new ConflictError('CONFLICT', '其中一份档案正在与其他档案合并，请稍后再试'),
    );
  await commit([hold(survivorId), hold(mergedId)]);
}

/** Another merge (or an edit) of one of the two records came first. */
export class MergeRaceError extends ConflictError {
  constructor() {
    super('CONFLICT', '档案已被他人修改或合并，请刷新后重试');
  }
}

/**
 * The last step of a merge, in one transaction: the merged record becomes a bare pointer (no
 * personal data; out of every index: no name, account, owner, clinic list or birthday), the survivor
 * takes what it keeps, the merged phone's guard leads to the survivor, and both records are audited.
 */
export function mergeCompletedWrites(
  merged: PatientRecord,
  before: PatientRecord,
  after: PatientRecord,
  audits: AuditEntry[],
  at: string,
): Write[] {
  const pointer = {
    ...patientKey(merged.id),
    type: 'patient',
    id: merged.id,
    clinicId: merged.clinicId,
    mergedInto: after.id,
    mergedAt: at,
    createdAt: merged.createdAt,
    updatedAt: at,
    version: merged.version + 1,
  };
  const versioned = (v: number) => ({
    ConditionExpression: 'version = :v AND attribute_not_exists(mergedInto) AND attribute_not_exists(erasedAt)',
    ExpressionAttributeValues: { ':v': v },
  });
  const writes: Write[] = [
    write({ Put: { TableName: tableName, Item: pointer, ...versioned(merged.version) } }, () => new MergeRaceError()),
    write(
      {
        Put: {
          TableName: tableName,
          Item: storedPatient({ ...withBirthdayMove(before, withoutHold(after), at), version: before.version + 1 }),
          ...versioned(before.version),
        },
      },
      () => new MergeRaceError(),
    ),
  ];
  for (const hash of guardedPhones(merged)) {
    writes.push(
      write({
        Update: {
          TableName: tableName,
          Key: phoneKey(hash),
          UpdateExpression: 'SET patientId = :s, clinicId = :c, maskedName = :n',
          ConditionExpression: 'patientId = :m',
          ExpressionAttributeValues: {
            ':s': after.id,
            ':c': after.clinicId,
            ':n': maskName(after.name),
            ':m': merged.id,
          },
        },
      }),
    );
  }
  writes.push(...audits.map((a) => write(auditWrite(a, at))));
  return writes;
}

/** The record without the merge's hold (the last step lifts it). */
function withoutHold(p: PatientRecord): PatientRecord {
  const { mergeLock: _lock, mergeLockAt: _at, ...rest } = p as PatientRecord & MergeLock;
  return rest;
}

/** A merge refused: the two records belong to two different WeChat accounts. */
export const twoAccountsError = () =>
  new AppError('CONFLICT', '两份档案分属不同的微信账号，不能合并；请先由患者在其中一个账号中删除就诊人');
