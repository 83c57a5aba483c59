// Over 300 lines on purpose: the outbox message's keys and sparse indexes (due shards, the clinic's
// day, the patient's list, the timeline) are written only here, by queueing, claiming, settling,
// erasing and moving a message alike.

import { ConflictError } from '../../shared/errors';
import type { ListResult } from '../../shared/schemas/common';
import type { MessageChannel, MessageKind, MessageStatus, OutboxView } from '../../shared/schemas/messages';
import { batchGet, batchPut } from '../lib/batch';
import { db, tableName } from '../lib/db';
import { repointWrite } from '../lib/repoint';
import { fromItem, getItem, partitionQuery, putIfAbsent, queryAll, queryPage } from '../lib/store';
import { QueryCommand, UpdateCommand } from '../lib/store-client';
import { type Write, write } from '../lib/transact';
import { timelineIndex } from '../patients/timeline-index';
import { clinicDayIndex } from './centre-day-index';

/** A message of the outbox: planned once per occasion, sent at most once, its history kept. */
export interface OutboxRecord extends OutboxView {
  /** The occasion it is for: an appointment id, a year, a greeting day. */
  occasion: string;
  marketing: boolean;
  /** After this instant it is no use any more (the appointment began, the greeting's day ended): skipped. */
  validUntil?: string;
  /** The account holding the record when it was planned, where the planner knew it; the sender reaches the one holding it when sending. */
  accountId?: string;
  /** The values its text was made from (name, clinic, department, date, time, day…): a WeChat template's fields and a domestic SMS template's parameters. */
  vars?: Record<string, string>;
  history: { at: string; status: MessageStatus; note?: string }[];
  /** While a sender holds it: the lease's end (epoch ms) and who holds it. */
  leaseUntilMs?: number;
  leaseId?: string;
  providerId?: string;
  createdAt: string;
}

/** Due messages spread over this many partitions, so senders and planners never crowd one. */
export const DUE_SHARDS = 4;

/** A message's item key (the centre's resend updates the same item). */
export const key = (id: string) => ({ pk: `OUTBOX#${id}`, sk: 'OUTBOX' });
const shardOf = (id: string) => {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `OUTBOXDUE#${h % DUE_SHARDS}`;
};
const dueSort = (dueAt: string, id: string) => `${new Date(dueAt).toISOString()}#${id}`;
const patientMessages = (patientId: string) => `MSGS#${patientId}`;

/** The due-index attributes of a message due at `dueAt`: back in the sender's reach (a resend). */
export const dueIndex = (id: string, dueAt: string) => ({ outboxShard: shardOf(id), outboxDue: dueSort(dueAt, id) });

/** The deterministic id of a message: kind, patient and occasion (birthday#p_123#2027). */
export function messageId(kind: MessageKind, patientId: string, occasion: string): string {
  return `${kind}#${patientId}#${occasion}`;
}

type NewMessage = Omit<OutboxRecord, 'status' | 'attempts' | 'history'>;

/** The stored item of a newly queued message, with the indexes the sender, the patient and the centre read. */
function queuedItem(m: NewMessage): Record<string, unknown> {
  const record: OutboxRecord = {
    ...m,
    status: 'queued',
    attempts: 0,
    history: [{ at: m.createdAt, status: 'queued' }],
  };
  return {
    ...key(m.id),
    type: 'outbox',
    ...record,
    outboxShard: shardOf(m.id),
    outboxDue: dueSort(m.dueAt, m.id),
    clinicKey: patientMessages(m.patientId),
    clinicSort: dueSort(m.dueAt, m.id),
    ...clinicDayIndex(m),
    // On the patient's timeline at its planned due time (a deferral moves the due index, not this).
    ...timelineIndex(m.patientId, new Date(m.dueAt).toISOString(), 'message', m.id),
  };
}

/** Queues a message unless its id exists: a job run twice, or two runs at once, queue it once. */
export async function queueMessage(m: NewMessage): Promise<boolean> {
  return putIfAbsent(queuedItem(m));
}

/** Of these message ids, those queued already (whatever became of them): BatchGetItem, ids only. */
export async function existingMessageIds(ids: readonly string[]): Promise<Set<string>> {
  const found = await batchGet<{ id: string }>(ids.map(key), { attributes: ['id'] });
  return new Set(found.map((m) => m.id));
}

/**
 * Queues messages 25 a BatchWriteItem, with no condition: each replaces what is at its id. Only for
 * a planner that holds its job's run lease and read under it that none of them exists
 * (existingMessageIds): the lease, not a condition, keeps a message planned once (planning.ts).
 */
export async function queueNewMessages(ms: readonly NewMessage[]): Promise<void> {
  await batchPut(ms.map(queuedItem));
}

/**
 * A message queued in the same transaction as the fact it follows from (a visit's survey
 * invitation or plan reminder). Its id derives from that fact, so it cannot exist already.
 */
export function queueMessageWrite(m: NewMessage): Write {
  return write(
    { Put: { TableName: tableName, Item: queuedItem(m), ConditionExpression: 'attribute_not_exists(pk)' } },
    () => new ConflictError('VISIT_EXISTS', '该号码的就诊已记录'),
  );
}

export async function getMessage(id: string): Promise<OutboxRecord | undefined> {
  return getItem<OutboxRecord>(key(id), true);
}

/** Messages due by `at`, oldest first, from every shard: only due ones are read. */
export async function dueMessages(at: Date, perShard: number): Promise<OutboxRecord[]> {
  const upTo = `${at.toISOString()}#~`;
  const shards = await Promise.all(
    Array.from({ length: DUE_SHARDS }, (_, i) =>
      queryPage<OutboxRecord>(
        {
          ...partitionQuery('byOutboxDue', 'outboxShard', `OUTBOXDUE#${i}`),
          KeyConditionExpression: '#pk = :pk AND outboxDue <= :upTo',
          ExpressionAttributeValues: { ':pk': `OUTBOXDUE#${i}`, ':upTo': upTo },
        },
        { limit: perShard },
      ),
    ),
  );
  return shards.flatMap((s) => s.items).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/** A patient's messages, newest first. */
export async function messagesOfPatient(patientId: string, limit = 100): Promise<ListResult<OutboxRecord>> {
  return queryPage<OutboxRecord>(
    partitionQuery('byClinic', 'clinicKey', patientMessages(patientId), { newestFirst: true }),
    { limit },
  );
}

/** Every message of a patient (local inbox; a patient has tens). */
export async function allMessagesOfPatient(patientId: string): Promise<OutboxRecord[]> {
  return queryAll<OutboxRecord>(partitionQuery('byClinic', 'clinicKey', patientMessages(patientId)), 1000);
}

/**
 * Takes a due message for one sender for `leaseMs` of real time: only a queued or deferred message
 * whose earlier lease (a sender that died) has ended. Answers the claimed record, or undefined when
 * another sender holds it or it was settled meanwhile. Leases run on the machine's clock, not on the
 * moment a job runs as: they are about senders dying, not about the day being planned.
 */
export async function claimMessage(id: string, leaseId: string, leaseMs: number): Promise<OutboxRecord | undefined> {
  const nowMs = Date.now();
  const leaseUntilMs = nowMs + leaseMs;
  try {
    const out = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(id),
        UpdateExpression: 'SET leaseUntilMs = :until, leaseId = :lease, attempts = attempts + :one',
        ConditionExpression:
          '#s IN (:queued, :deferred) AND (attribute_not_exists(leaseUntilMs) OR leaseUntilMs < :now)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':until': leaseUntilMs,
          ':lease': leaseId,
          ':one': 1,
          ':queued': 'queued',
          ':deferred': 'deferred',
          ':now': nowMs,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return out.Attributes as OutboxRecord;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return undefined;
    throw e;
  }
}

/** How a claimed message ends this attempt. */
export type Settlement =
  | { status: 'sent'; channel: MessageChannel; text: string; providerId: string; note?: string }
  | { status: 'skipped' | 'failed'; reason: string; channel?: MessageChannel }
  /** Back in the queue at a later moment: quiet hours (deferred) or a retry after a failure (queued). */
  | { status: 'queued' | 'deferred'; dueAt: string; reason?: string };

/**
 * Settles a message held under `leaseId`; false when the lease was lost (it ran out and another
 * sender took the message), in which case nothing is changed.
 */
export async function settleMessage(id: string, leaseId: string, at: string, s: Settlement): Promise<boolean> {
  const reason = 'reason' in s ? s.reason : undefined;
  const note = reason ?? ('note' in s ? s.note : undefined);
  const values: Record<string, unknown> = {
    ':lease': leaseId,
    ':s': s.status,
    ':h': [{ at, status: s.status, ...(note ? { note } : {}) }],
  };
  const sets = ['#s = :s', 'history = list_append(history, :h)'];
  const removes = ['leaseUntilMs', 'leaseId'];
  if (s.status === 'sent') {
    Object.assign(values, { ':c': s.channel, ':t': s.text, ':p': s.providerId, ':at': at });
    sets.push('channel = :c', '#text = :t', 'providerId = :p', 'sentAt = :at');
  }
  if (reason) {
    values[':r'] = reason;
    sets.push('reason = :r');
  }
  if (s.status === 'queued' || s.status === 'deferred') {
    values[':due'] = s.dueAt;
    values[':ds'] = dueSort(s.dueAt, id);
    sets.push('dueAt = :due', 'outboxDue = :ds');
  } else {
    // Settled for good: out of the due index.
    removes.push('outboxShard', 'outboxDue');
  }
  if (s.status !== 'sent' && 'channel' in s && s.channel) {
    values[':c'] = s.channel;
    sets.push('channel = :c');
  }
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(id),
        UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
        ConditionExpression: 'leaseId = :lease',
        ExpressionAttributeNames: { '#s': 'status', ...(s.status === 'sent' ? { '#text': 'text' } : {}) },
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

/** A sent message of a patient with its place in the patient's list (for paging across a family's profiles). */
export interface PlacedMessage {
  record: OutboxRecord;
  /** Where it sorts in the patient's list (planned due time, then id): unique, so a page can start after it. */
  place: string;
}

/**
 * Up to `want` messages of a patient that were sent, newest first, placed before `before` when given.
 * Reads only this patient's messages (tens), page after page until enough sent ones are found.
 */
export async function sentMessagesOfPatient(
  patientId: string,
  want: number,
  before?: string,
): Promise<PlacedMessage[]> {
  const out: PlacedMessage[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'byClinic',
        KeyConditionExpression: before ? 'clinicKey = :pk AND clinicSort < :before' : 'clinicKey = :pk',
        FilterExpression: '#s = :sent',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':pk': patientMessages(patientId),
          ':sent': 'sent',
          ...(before ? { ':before': before } : {}),
        },
        ScanIndexForward: false,
        Limit: want,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      out.push({ record: fromItem<OutboxRecord>(item), place: item.clinicSort as string });
    }
    start = page.LastEvaluatedKey;
  } while (start && out.length < want);
  return out.slice(0, want);
}

/** What an erased message says instead of its text. */
export const ERASED_TEXT = '（内容已随患者个人信息删除）';

/**
 * Deletion (issue 10): a message keeps its kind, day and outcome, not its rendered text, its values
 * (name…) or its account; one not sent yet is skipped for good and leaves the sender's reach.
 */
export function messageErasedWrite(m: OutboxRecord, at: string): Write {
  const pending = m.status === 'queued' || m.status === 'deferred';
  return write({
    Update: {
      TableName: tableName,
      Key: key(m.id),
      UpdateExpression: pending
        ? 'SET #text = :t, #s = :skipped, reason = :r, history = list_append(history, :h) REMOVE vars, accountId, outboxShard, outboxDue, leaseUntilMs, leaseId'
        : 'SET #text = :t REMOVE vars, accountId',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#text': 'text', ...(pending ? { '#s': 'status' } : {}) },
      ExpressionAttributeValues: {
        ':t': ERASED_TEXT,
        ...(pending
          ? {
              ':skipped': 'skipped',
              ':r': '患者已删除个人信息',
              ':h': [{ at, status: 'skipped', note: '患者已删除个人信息' }],
            }
          : {}),
      },
    },
  });
}

/**
 * A merge puts a message on the surviving record (its list and timeline). Its id keeps the old
 * patient's id: a message already planned is not planned again under the new one's.
 */
export function messageMovedWrite(m: OutboxRecord, toId: string): Write {
  return repointWrite(key(m.id), m.patientId, toId, {
    clinicKey: patientMessages(toId),
    ...timelineIndex(toId, new Date(m.dueAt).toISOString(), 'message', m.id),
  });
}
