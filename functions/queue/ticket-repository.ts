// Over 300 lines on purpose: a ticket's keys (the item, its open-ticket guard, its queue index) are
// written only here, so every write that touches them — issuing, calling, the record's deletion and
// merge — stays beside them.

import { ConflictError } from '../../shared/errors';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import type { TicketStatus } from '../../shared/schemas/visit-day';
import { db, tableName } from '../lib/db';
import { repointWrite } from '../lib/repoint';
import { getItem, partitionQuery, putIfAbsent, queryAll, queryPage } from '../lib/store';
import { QueryCommand } from '../lib/store-client';
import { type Write, write } from '../lib/transact';
import { patientItemsIndex } from '../patients/timeline-index';

export interface TicketRecord {
  id: string;
  queueId: string;
  clinicId: string;
  clinicName?: string;
  departmentName: string;
  date: string;
  number: number;
  displayNumber: string;
  status: TicketStatus;
  /** Call order: number x 1000 at first; a returning missed patient gets a place in between. */
  seq: number;
  patientId: string;
  patientName: string;
  maskedName: string;
  accountId?: string;
  appointmentId?: string;
  vip: boolean;
  tags: string[];
  visitCount: number;
  createdAt: string;
  calledAt?: string;
  room?: string;
  completedAt?: string;
  callSeq?: number;
  visitId?: string;
}

/** Statuses in which a ticket is still the patient's place in the queue. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['waiting', 'called', 'serving', 'skipped'];

/** The key of a ticket. */
export const ticketKey = (id: string) => ({ pk: `TICKET#${id}`, sk: 'TICKET' });
const dayKey = (queueId: string, date: string) => `TICKETS#${queueId}#${date}`;
const waitKey = (queueId: string, date: string) => `WAIT#${queueId}#${date}`;
const waitSort = (seq: number, number: number) => `${String(seq).padStart(12, '0')}#${String(number).padStart(6, '0')}`;
/** A patient holds at most one open ticket per queue and day. */
const openTicketKey = (queueId: string, date: string, patientId: string) => ({
  pk: `OPENTICKET#${queueId}#${date}#${patientId}`,
  sk: 'GUARD',
});
/** A patient's arrival at a clinic counts once a day, whatever the departments. */
const arrivalKey = (clinicId: string, date: string, patientId: string) => ({
  pk: `ARRIVAL#${clinicId}#${date}#${patientId}`,
  sk: 'GUARD',
});
const ACCOUNT_SORT = 'TICKET#';

/** The id of a queue's day's number: stable, so a number is written once. */
export const ticketIdFor = (queueId: string, date: string, number: number) =>
  `tk_${queueId}_${date.replace(/-/g, '')}_${number}`;

/** A ticket as stored, with its day, account and (while waiting) call-order index attributes. */
export function ticketItem(t: TicketRecord) {
  return {
    ...ticketKey(t.id),
    type: 'ticket',
    ...t,
    clinicKey: dayKey(t.queueId, t.date),
    clinicSort: String(t.number).padStart(6, '0'),
    ...(t.accountId ? { accountSort: `${ACCOUNT_SORT}${t.date}#${t.createdAt}` } : {}),
    ...(t.status === 'waiting' ? { queueKey: waitKey(t.queueId, t.date), queueSort: waitSort(t.seq, t.number) } : {}),
    ...patientItemsIndex(t.patientId, t.createdAt, 'ticket', t.id),
  };
}

export async function getTicket(id: string): Promise<TicketRecord | undefined> {
  return getItem<TicketRecord>(ticketKey(id), true);
}

const waitingQuery = (queueId: string, date: string) => partitionQuery('byQueue', 'queueKey', waitKey(queueId, date));

/** The first waiting tickets in call order. */
export async function waiting(queueId: string, date: string, limit: number): Promise<TicketRecord[]> {
  return (await queryPage<TicketRecord>(waitingQuery(queueId, date), { limit })).items;
}

/** Every waiting ticket in call order (a queue's day has hundreds at most). */
export async function allWaiting(queueId: string, date: string): Promise<TicketRecord[]> {
  return queryAll<TicketRecord>(waitingQuery(queueId, date));
}

/** How many are waiting, in all or before a ticket: one Query that returns a count, not items. */
export async function waitingCount(queueId: string, date: string, before?: TicketRecord): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'byQueue',
        KeyConditionExpression: before ? 'queueKey = :k AND queueSort < :s' : 'queueKey = :k',
        ExpressionAttributeValues: before
          ? { ':k': waitKey(queueId, date), ':s': waitSort(before.seq, before.number) }
          : { ':k': waitKey(queueId, date) },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}

/** One page of a queue's day, by number. */
export async function ticketsOfDay(queueId: string, date: string, page: PageQuery): Promise<ListResult<TicketRecord>> {
  return queryPage<TicketRecord>(partitionQuery('byClinic', 'clinicKey', dayKey(queueId, date)), page);
}

/** An account's tickets of a day (a family's handful). */
export async function ticketsOfAccount(accountId: string, date: string): Promise<TicketRecord[]> {
  return queryAll<TicketRecord>(
    partitionQuery('byAccount', 'accountId', accountId, {
      sortPrefix: { name: 'accountSort', prefix: `${ACCOUNT_SORT}${date}#` },
    }),
    50,
  );
}

/** The ticket a patient holds in a queue today, if any. */
export async function openTicketOf(queueId: string, date: string, patientId: string): Promise<string | undefined> {
  return (await getItem<{ ticketId: string }>(openTicketKey(queueId, date, patientId), true))?.ticketId;
}

/** Whether the patient's arrival at the clinic has been counted today. */
export async function arrivalCounted(clinicId: string, date: string, patientId: string): Promise<boolean> {
  return Boolean(await getItem(arrivalKey(clinicId, date, patientId), true));
}

/**
 * The keys of a patient's guards on a queue's day (the ticket they hold there, their arrival at the
 * clinic), to read in one batch with other items; `guardsRead` tells what the items found say.
 */
export function guardKeys(queueId: string, date: string, clinicId: string, patientId: string) {
  return [openTicketKey(queueId, date, patientId), arrivalKey(clinicId, date, patientId)];
}

export function guardsRead(
  open: Record<string, unknown> | undefined,
  arrival: Record<string, unknown> | undefined,
): { held: string | undefined; counted: boolean } {
  return { held: open ? String(open.ticketId) : undefined, counted: Boolean(arrival) };
}

/** The patient already holds an open ticket in this queue today. */
export class HoldsTicketError extends Error {
  constructor(readonly ticketId: string) {
    super('holds a ticket');
  }
}

/** Another arrival of the patient at this clinic today was counted first. */
export class ArrivalCountedError extends Error {}

/**
 * The writes of a new ticket: the ticket, the patient's open-ticket guard for this queue and day
 * and, on their first arrival at the clinic today, the arrival guard (its counters join it).
 */
export function newTicketWrites(t: TicketRecord, countArrival: boolean): Write[] {
  const writes = [
    write(
      { Put: { TableName: tableName, Item: ticketItem(t), ConditionExpression: 'attribute_not_exists(pk)' } },
      () => new ConflictError('CONFLICT', '该号码已存在'),
    ),
    write(
      {
        Put: {
          TableName: tableName,
          Item: {
            ...openTicketKey(t.queueId, t.date, t.patientId),
            type: 'openTicket',
            ticketId: t.id,
            clinicId: t.clinicId,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      (stored) => new HoldsTicketError(String(stored?.ticketId ?? '')),
    ),
  ];
  if (countArrival) {
    writes.push(
      write(
        {
          Put: {
            TableName: tableName,
            Item: {
              ...arrivalKey(t.clinicId, t.date, t.patientId),
              type: 'arrival',
              ticketId: t.id,
              clinicId: t.clinicId,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        () => new ArrivalCountedError(),
      ),
    );
  }
  return writes;
}

/** A drawn number whose ticket could not be written: kept as void, so the day's numbers have no gap. */
export async function putVoidTicket(t: TicketRecord): Promise<void> {
  await putIfAbsent(ticketItem({ ...t, status: 'void' }));
}

/** The same void number, as one write of a transaction. */
export function voidTicketWrite(t: TicketRecord): Write {
  return write({
    Put: {
      TableName: tableName,
      Item: ticketItem({ ...t, status: 'void' }),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });
}

/** What moves with a status change besides the status. */
export interface StatusChange {
  completedAt?: string;
  seq?: number;
  room?: string;
  calledAt?: string;
  callSeq?: number;
  visitId?: string;
}

/**
 * A ticket's move from one of `from` to `to`, if it is still in one of them. A ticket that leaves
 * the open statuses frees the patient's place (they may take a new number later that day).
 */
export function statusWrites(
  t: TicketRecord,
  from: readonly TicketStatus[],
  to: TicketStatus,
  change: StatusChange = {},
): Write[] {
  const values: Record<string, unknown> = { ':to': to };
  from.forEach((f, i) => {
    values[`:f${i}`] = f;
  });
  const sets = ['#s = :to'];
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined || k === 'seq') continue;
    sets.push(k === 'completedAt' ? `${k} = if_not_exists(${k}, :${k})` : `${k} = :${k}`);
    values[`:${k}`] = v;
  }
  const removes: string[] = [];
  let condition = `#s IN (${from.map((_, i) => `:f${i}`).join(', ')})`;
  if (change.visitId) condition += ' AND attribute_not_exists(visitId)';
  if (to === 'waiting') {
    const seq = change.seq ?? t.seq;
    sets.push('seq = :seq', 'queueKey = :qk', 'queueSort = :qs');
    Object.assign(values, { ':seq': seq, ':qk': waitKey(t.queueId, t.date), ':qs': waitSort(seq, t.number) });
  } else {
    removes.push('queueKey', 'queueSort');
  }
  const writes: Write[] = [
    write(
      {
        Update: {
          TableName: tableName,
          Key: ticketKey(t.id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: values,
        },
      },
      () => new TicketChangedError(),
    ),
  ];
  if (!OPEN_STATUSES.includes(to)) {
    writes.push(write({ Delete: { TableName: tableName, Key: openTicketKey(t.queueId, t.date, t.patientId) } }));
  }
  return writes;
}

/** The ticket was changed by someone else between reading and writing it. */
export class TicketChangedError extends ConflictError {
  constructor() {
    super('TICKET_STATE', '该号码的状态已变化，请刷新');
  }
}

/** Every ticket an account holds, any day (an export or a deletion: tens). */
export async function allTicketsOfAccount(accountId: string): Promise<TicketRecord[]> {
  return queryAll<TicketRecord>(
    partitionQuery('byAccount', 'accountId', accountId, { sortPrefix: { name: 'accountSort', prefix: ACCOUNT_SORT } }),
    1000,
  );
}

/** Deletion (issue 10): the ticket keeps its number and day under the patient id, not the name; it leaves the account's list. */
export function ticketErasedWrite(t: TicketRecord, erasedName: string): Write {
  return write({
    Update: {
      TableName: tableName,
      Key: ticketKey(t.id),
      UpdateExpression: 'SET patientName = :n, maskedName = :m REMOVE accountId, accountSort',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':n': erasedName, ':m': erasedName },
    },
  });
}

/**
 * A merge hands a ticket to the surviving record (and, if it had none, the survivor's account); an
 * open ticket's guard moves with it. The arrival guard stays: that arrival was counted once already.
 */
export function ticketMovedWrites(t: TicketRecord, toId: string, accountId?: string): Write[] {
  const writes = [
    repointWrite(ticketKey(t.id), t.patientId, toId, {
      ...patientItemsIndex(toId, t.createdAt, 'ticket', t.id),
      ...(accountId && !t.accountId ? { accountId, accountSort: `${ACCOUNT_SORT}${t.date}#${t.createdAt}` } : {}),
    }),
  ];
  if (OPEN_STATUSES.includes(t.status)) {
    writes.push(
      write({ Delete: { TableName: tableName, Key: openTicketKey(t.queueId, t.date, t.patientId) } }),
      write({
        Put: {
          TableName: tableName,
          Item: { ...openTicketKey(t.queueId, t.date, toId), type: 'openTicket', ticketId: t.id, clinicId: t.clinicId },
        },
      }),
    );
  }
  return writes;
}
