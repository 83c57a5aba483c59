import { ConflictError } from '../../shared/errors';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import type { MessageKind, MessageStatus } from '../../shared/schemas/messages';
import { tableName } from '../lib/db';
import { partitionQuery, queryAll, queryFilteredPage } from '../lib/store';
import { commit, type TxItem, write } from '../lib/transact';
import { CLINIC_DAY_INDEX, clinicDayKey } from './centre-day-index';
import { dueIndex, key, type OutboxRecord } from './outbox-repository';

/** A clinic's day holds its reminders and, on a greeting day, a greeting per patient: a ceiling for the counts. */
const DAY_MAX = 50_000;

/** The kind, channel and status of each message of a clinic's day (for the counts; nothing else is read). */
export async function statusesOfClinicDay(
  clinicId: string,
  date: string,
): Promise<Pick<OutboxRecord, 'kind' | 'channel' | 'status'>[]> {
  const spec = partitionQuery(CLINIC_DAY_INDEX, 'clinicDay', clinicDayKey(clinicId, date));
  return queryAll(
    {
      ...spec,
      ProjectionExpression: '#k, #c, #st',
      ExpressionAttributeNames: { ...spec.ExpressionAttributeNames, '#k': 'kind', '#c': 'channel', '#st': 'status' },
    },
    DAY_MAX,
  );
}

/** One page of a clinic's day of messages, kind by kind; a status filter reads the kind's items and keeps those. */
export async function messagesOfClinicDay(
  clinicId: string,
  date: string,
  filter: { kind?: MessageKind; status?: MessageStatus },
  page: PageQuery,
): Promise<ListResult<OutboxRecord>> {
  return queryFilteredPage<OutboxRecord>(
    partitionQuery(CLINIC_DAY_INDEX, 'clinicDay', clinicDayKey(clinicId, date), {
      ...(filter.kind ? { sortPrefix: { name: 'clinicDaySort', prefix: `${filter.kind}#` } } : {}),
      ...(filter.status
        ? { filter: { expression: '#st = :st', names: { '#st': 'status' }, values: { ':st': filter.status } } }
        : {}),
    }),
    page,
  );
}

/** Why a resend was refused, in Chinese. */
export const NOT_FAILED = '未发送失败的消息无需重发';
export const TOO_LATE = '已过时效，不能重发';

/**
 * A failed message back in the queue, due at `at` with its tries reset and a note of who resent it,
 * with its audit event. Only while it is still failed: a second resend at once meets a ConflictError.
 * (Whether it is still worth sending the service checks: validUntil is written with any offset.)
 */
export async function requeueFailed(id: string, at: string, note: string, audit: TxItem): Promise<void> {
  const { outboxShard, outboxDue } = dueIndex(id, at);
  await commit([
    write(
      {
        Update: {
          TableName: tableName,
          Key: key(id),
          UpdateExpression:
            'SET #st = :queued, dueAt = :at, attempts = :zero, outboxShard = :shard, outboxDue = :due, ' +
            'history = list_append(history, :h) REMOVE reason, leaseUntilMs, leaseId',
          ConditionExpression: '#st = :failed',
          ExpressionAttributeNames: { '#st': 'status' },
          ExpressionAttributeValues: {
            ':queued': 'queued',
            ':failed': 'failed',
            ':at': at,
            ':zero': 0,
            ':shard': outboxShard,
            ':due': outboxDue,
            ':h': [{ at, status: 'queued', note }],
          },
        },
      },
      () => new ConflictError('CONFLICT', NOT_FAILED),
    ),
    audit,
  ]);
}
