import { AppError, ConflictError, NotFoundError } from '../../shared/errors';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import type { ConsultationStatus } from '../../shared/schemas/consultations';
import { db, tableName } from '../lib/db';
import { repointWrite } from '../lib/repoint';
import { getItem, partitionQuery, queryAll, queryFilteredPage } from '../lib/store';
import { PutCommand } from '../lib/store-client';
import { type TxItem, type Write, write } from '../lib/transact';
import { patientItemsIndex } from '../patients/timeline-index';

/** A consultation thread as stored: one patient profile asking one clinic. */
export interface ThreadRecord {
  id: string;
  patientId: string;
  /** The WeChat account owning the profile when it asked: only it reads the thread on the patient side. */
  accountId: string;
  clinicId: string;
  status: ConsultationStatus;
  /** The profile's masked name (张*), for staff lists. */
  maskedName: string;
  assignedDoctorId?: string;
  assignedDoctorName?: string;
  preview: string;
  createdAt: string;
  lastMessageAt: string;
  /** Since when the clinic owes an answer (the first patient message after a reply): staff lists sort by it. */
  waitingSince?: string;
  closedAt?: string;
  closedBy?: 'staff' | 'quiet';
  version: number;
}

export interface MessageRecord {
  id: string;
  threadId: string;
  from: 'patient' | 'staff';
  authorName: string;
  authorStaffId?: string;
  text?: string;
  photoId?: string;
  at: string;
}

const partition = (threadId: string) => `CONSULT#${threadId}`;
const threadKey = (id: string) => ({ pk: partition(id), sk: 'THREAD' });
const messageSort = (m: MessageRecord) => `MSG#${m.at}#${m.id}`;
const ACCOUNT_SORT = 'CONSULT#';
const clinicList = (clinicId: string, status: ConsultationStatus) => `CONSULTS#${clinicId}#${status}`;

/** Where a thread sorts in its clinic's list of its status: waiting by when the clinic began to owe an answer. */
function listSort(t: ThreadRecord): string {
  return `${t.status === 'waiting' ? (t.waitingSince ?? t.lastMessageAt) : t.lastMessageAt}#${t.id}`;
}

/** The stored item: the account's list (byAccount), the clinic's list per status (byClinic), the patient's items (merge, deletion). */
function threadItem(t: ThreadRecord): Record<string, unknown> {
  return {
    ...threadKey(t.id),
    type: 'consultation',
    ...t,
    accountSort: `${ACCOUNT_SORT}${t.createdAt}#${t.id}`,
    clinicKey: clinicList(t.clinicId, t.status),
    clinicSort: listSort(t),
    ...patientItemsIndex(t.patientId, t.createdAt, 'consultation', t.id),
  };
}

const THREAD_FIELDS = [
  'id',
  'patientId',
  'accountId',
  'clinicId',
  'status',
  'maskedName',
  'assignedDoctorId',
  'assignedDoctorName',
  'preview',
  'createdAt',
  'lastMessageAt',
  'waitingSince',
  'closedAt',
  'closedBy',
  'version',
] as const;

function threadOf(item: Record<string, unknown>): ThreadRecord {
  return Object.fromEntries(THREAD_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as never;
}

function messageOf(item: Record<string, unknown>): MessageRecord {
  const { pk: _p, sk: _s, type: _t, ...m } = item;
  return m as unknown as MessageRecord;
}

/** Another request changed the thread first: read it again and redo. */
export class ThreadChangedError extends ConflictError {
  constructor() {
    super('CONFLICT', '咨询已有新的变化，请刷新后重试');
  }
}

export const threadClosedError = () => new AppError('CONSULTATION_CLOSED', '该咨询已结束，不能再发送消息');

export async function getThread(id: string, consistent = false): Promise<ThreadRecord | undefined> {
  const item = await getItem<Record<string, unknown>>(threadKey(id), consistent);
  return item ? threadOf(item) : undefined;
}

export async function requireThread(id: string): Promise<ThreadRecord> {
  const t = await getThread(id, true);
  if (!t) throw new NotFoundError('consultation', { threadId: id });
  return t;
}

/** A thread's messages, oldest first (a thread holds tens). */
export async function messagesOf(threadId: string): Promise<MessageRecord[]> {
  return queryAll(
    partitionQuery(undefined, 'pk', partition(threadId), { sortPrefix: { name: 'sk', prefix: 'MSG#' } }),
    1000,
    messageOf,
  );
}

export function messageWrite(m: MessageRecord): Write {
  return write({
    Put: {
      TableName: tableName,
      Item: { pk: partition(m.threadId), sk: messageSort(m), type: 'consultationMessage', ...m },
    },
  });
}

/** A new thread: created once (its id is fresh). */
export function newThreadWrite(t: ThreadRecord): Write {
  return write({
    Put: { TableName: tableName, Item: threadItem(t), ConditionExpression: 'attribute_not_exists(pk)' },
  });
}

/**
 * The thread as changed by a message, an assignment or a closing: written whole, only over the
 * version it was read at and only while it is open (a closed thread changes no more).
 */
export function savedThreadWrite(t: ThreadRecord, seenVersion: number): Write {
  return write(
    {
      Put: {
        TableName: tableName,
        Item: threadItem(t),
        ConditionExpression: 'version = :v AND #s <> :closed',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':v': seenVersion, ':closed': 'closed' },
      },
    },
    (stored) => (stored?.status === 'closed' ? threadClosedError() : new ThreadChangedError()),
  );
}

/** One page of an account's threads, newest first; with `patientId`, only that profile's. */
export function threadsOfAccount(
  accountId: string,
  page: PageQuery,
  patientId?: string,
): Promise<ListResult<ThreadRecord>> {
  return queryFilteredPage(
    partitionQuery('byAccount', 'accountId', accountId, {
      sortPrefix: { name: 'accountSort', prefix: ACCOUNT_SORT },
      newestFirst: true,
      ...(patientId ? { filter: { expression: 'patientId = :p', values: { ':p': patientId } } } : {}),
    }),
    page,
    20,
    threadOf,
  );
}

/**
 * One page of a clinic's threads of one status: waiting ones oldest first (who has waited longest),
 * answered and closed ones newest first; with `doctorId`, only those passed to that doctor.
 */
export function threadsOfClinic(
  clinicId: string,
  status: ConsultationStatus,
  page: PageQuery,
  doctorId?: string,
): Promise<ListResult<ThreadRecord>> {
  return queryFilteredPage(
    partitionQuery('byClinic', 'clinicKey', clinicList(clinicId, status), {
      newestFirst: status !== 'waiting',
      ...(doctorId ? { filter: { expression: 'assignedDoctorId = :d', values: { ':d': doctorId } } } : {}),
    }),
    page,
    20,
    threadOf,
  );
}

/** A clinic's answered threads whose last message is before `before`: the quiet ones. */
export async function quietThreads(clinicId: string, before: string): Promise<ThreadRecord[]> {
  const list = clinicList(clinicId, 'answered');
  return queryAll(
    {
      partition: { name: 'clinicKey', value: list },
      IndexName: 'byClinic',
      KeyConditionExpression: 'clinicKey = :k AND clinicSort < :before',
      ExpressionAttributeValues: { ':k': list, ':before': before },
    },
    Number.POSITIVE_INFINITY,
    threadOf,
  );
}

/** Audit items are created only: a conditional Put on a fresh key (one write, no transaction). */
export async function putCreateOnly(item: TxItem): Promise<void> {
  if (!item.Put) throw new Error('putCreateOnly takes a Put');
  await db.send(new PutCommand(item.Put as never));
}

/** Every item of a thread (the thread and its messages): what an erasure removes. */
export async function threadItemKeys(threadId: string): Promise<{ pk: string; sk: string }[]> {
  return queryAll(partitionQuery(undefined, 'pk', partition(threadId)), 2000, (i) => ({
    pk: String(i.pk),
    sk: String(i.sk),
  }));
}

export function deletedWrite(key: { pk: string; sk: string }): Write {
  return write({ Delete: { TableName: tableName, Key: key } });
}

/** A merge hands the thread to the surviving record (and its account); safe to repeat. */
export function threadMovedWrite(t: ThreadRecord, toId: string, accountId?: string): Write {
  const moved = { ...t, patientId: toId, ...(accountId ? { accountId } : {}) };
  const { pk: _p, sk: _s, patientId: _id, ...rest } = threadItem(moved);
  return repointWrite(threadKey(t.id), t.patientId, toId, rest);
}
