import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { AppError, ConflictError, NotFoundError } from '../../shared/errors';
import type { TicketStatus } from '../../shared/schemas/visit-day';
import { appointmentKey } from '../booking/booking-repository';
import { db, tableName } from '../lib/db';
import { jitteredBackoff } from '../lib/transact';
import { FUNCTION_TIMEOUT_SECONDS } from '../routes';

type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface TicketRecord {
  id: string;
  queueId: string;
  clinicId: string;
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

export interface NowServing {
  ticketId: string;
  displayNumber: string;
  maskedName: string;
  room: string;
  calledAt: string;
  callSeq: number;
}

/** One queue's day: the number counter, the call sequence, what is being served, service times. */
export interface QueueState {
  queueId: string;
  date: string;
  clinicId: string;
  departmentName: string;
  prefix: string;
  defaultServiceMinutes: number;
  lastNumber: number;
  callSeq: number;
  nowServing?: NowServing;
  doneCount: number;
  serviceMsTotal: number;
}

export type QueueInfo = Pick<
  QueueState,
  'queueId' | 'date' | 'clinicId' | 'departmentName' | 'prefix' | 'defaultServiceMinutes'
>;

const stateKey = (queueId: string, date: string) => ({ pk: `QUEUE#${queueId}#${date}`, sk: 'STATE' });
const ticketKey = (id: string) => ({ pk: `TICKET#${id}`, sk: 'TICKET' });
const waitKey = (queueId: string, date: string) => `WAIT#${queueId}#${date}`;
const waitSort = (seq: number, number: number) => `${String(seq).padStart(12, '0')}#${String(number).padStart(6, '0')}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Contended queue writes retry for up to this long, leaving the rest of the function's time limit. */
const CONTENTION_BUDGET_MS = (FUNCTION_TIMEOUT_SECONDS - 5) * 1000;

function ticketItem(t: TicketRecord) {
  return {
    ...ticketKey(t.id),
    type: 'ticket',
    ...t,
    clinicKey: `TICKETS#${t.queueId}#${t.date}`,
    clinicSort: String(t.number).padStart(6, '0'),
    ...(t.accountId ? { accountSort: `TICKET#${t.date}#${t.createdAt}` } : {}),
    ...(t.status === 'waiting' ? { queueKey: waitKey(t.queueId, t.date), queueSort: waitSort(t.seq, t.number) } : {}),
  };
}

function clean<T>(item: Record<string, unknown>): T {
  const {
    pk: _p,
    sk: _s,
    type: _t,
    clinicKey: _c,
    clinicSort: _cs,
    accountSort: _a,
    queueKey: _q,
    queueSort: _qs,
    ...rest
  } = item;
  return rest as T;
}

export async function getTicket(id: string): Promise<TicketRecord | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: ticketKey(id), ConsistentRead: true }));
  return out.Item ? clean<TicketRecord>(out.Item) : undefined;
}

export async function getState(queueId: string, date: string): Promise<QueueState | undefined> {
  const out = await db.send(
    new GetCommand({ TableName: tableName, Key: stateKey(queueId, date), ConsistentRead: true }),
  );
  return out.Item ? clean<QueueState>(out.Item) : undefined;
}

/** The first waiting tickets in call order. */
export async function waiting(queueId: string, date: string, limit: number): Promise<TicketRecord[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'byQueue',
      KeyConditionExpression: 'queueKey = :k',
      ExpressionAttributeValues: { ':k': waitKey(queueId, date) },
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((i) => clean<TicketRecord>(i));
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

export async function ticketsOfDay(queueId: string, date: string): Promise<TicketRecord[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'byClinic',
      KeyConditionExpression: 'clinicKey = :k',
      ExpressionAttributeValues: { ':k': `TICKETS#${queueId}#${date}` },
    }),
  );
  return (out.Items ?? []).map((i) => clean<TicketRecord>(i));
}

export async function ticketsOfAccount(accountId: string, date: string): Promise<TicketRecord[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'byAccount',
      KeyConditionExpression: 'accountId = :a AND begins_with(accountSort, :p)',
      ExpressionAttributeValues: { ':a': accountId, ':p': `TICKET#${date}#` },
    }),
  );
  return (out.Items ?? []).map((i) => clean<TicketRecord>(i));
}

type Outcome = { ok: true } | { ok: false; failedIndex: number; conflict: boolean };

async function tryTransact(items: TxItem[]): Promise<Outcome> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return { ok: true };
  } catch (err) {
    if (!(err instanceof TransactionCanceledException)) throw err;
    const reasons = err.CancellationReasons ?? [];
    const failedIndex = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
    const conflict = reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
    if (failedIndex < 0 && !conflict) throw err;
    return { ok: false, failedIndex, conflict };
  }
}

/** Waits before another try (jittered, growing); gives up once the budget is spent. */
async function backoff(attempt: number, started: number): Promise<void> {
  if (Date.now() - started > CONTENTION_BUDGET_MS) {
    throw new AppError('RATE_LIMITED', '排队系统繁忙，请稍后重试');
  }
  await sleep(jitteredBackoff(attempt));
}

export class AlreadyCheckedInError extends Error {}

/** A claim older than this was left by a request that died; another check-in may take over. */
const STALE_CLAIM_MS = 30_000;

/**
 * Claims an appointment for check-in, so that two check-ins of one appointment (a double tap, a
 * retry, the patient and the desk at once) never draw two numbers.
 */
export async function claimAppointment(appointmentId: string, claimId: string, nowMs: number): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: appointmentKey(appointmentId),
        UpdateExpression: 'SET claimId = :c, claimedAtMs = :now',
        ConditionExpression:
          '#s = :booked AND attribute_not_exists(ticketId) AND (attribute_not_exists(claimId) OR claimedAtMs < :stale)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':c': claimId,
          ':now': nowMs,
          ':booked': 'booked',
          ':stale': nowMs - STALE_CLAIM_MS,
        },
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

/** Draws the next number of a queue's day: one atomic add, never the same number twice. */
async function drawNumber(queue: QueueInfo): Promise<number> {
  const out = await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: stateKey(queue.queueId, queue.date),
      UpdateExpression:
        'ADD lastNumber :one SET queueId = :q, #d = :d, clinicId = :c, departmentName = :dn, prefix = :px, defaultServiceMinutes = :dm, callSeq = if_not_exists(callSeq, :zero), doneCount = if_not_exists(doneCount, :zero), serviceMsTotal = if_not_exists(serviceMsTotal, :zero)',
      ExpressionAttributeNames: { '#d': 'date' },
      ExpressionAttributeValues: {
        ':one': 1,
        ':q': queue.queueId,
        ':d': queue.date,
        ':c': queue.clinicId,
        ':dn': queue.departmentName,
        ':px': queue.prefix,
        ':dm': queue.defaultServiceMinutes,
        ':zero': 0,
      },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(out.Attributes?.lastNumber);
}

/**
 * Issues the next number. The number is drawn atomically, then the ticket, the appointment's
 * check-in and the arrival counters are written in one transaction, retried until it lands. If it
 * cannot land, the number is written as a void ticket: the day's numbers stay without gaps.
 */
export async function issueTicket(
  queue: QueueInfo,
  draft: Omit<TicketRecord, 'id' | 'number' | 'displayNumber' | 'seq' | 'status'>,
  counters: TxItem[],
  claimId?: string,
): Promise<TicketRecord> {
  const number = await drawNumber(queue);
  const ticket: TicketRecord = {
    ...draft,
    id: `tk_${queue.queueId}_${queue.date.replace(/-/g, '')}_${number}`,
    number,
    displayNumber: `${queue.prefix}${String(number).padStart(3, '0')}`,
    seq: number * 1000,
    status: 'waiting',
  };
  const items: TxItem[] = [
    { Put: { TableName: tableName, Item: ticketItem(ticket), ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
  if (draft.appointmentId) {
    items.push({
      Update: {
        TableName: tableName,
        Key: appointmentKey(draft.appointmentId),
        UpdateExpression: 'SET ticketId = :t, #s = :in REMOVE claimId, claimedAtMs',
        ConditionExpression: '#s = :booked AND attribute_not_exists(ticketId) AND claimId = :c',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':t': ticket.id, ':in': 'checked_in', ':booked': 'booked', ':c': claimId ?? '-' },
      },
    });
  }
  items.push(...counters);
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const out = await tryTransact(items);
    if (out.ok) return ticket;
    if (out.failedIndex >= 0 || Date.now() - started > ISSUE_BUDGET_MS) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: ticketItem({ ...ticket, status: 'void' }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      if (out.failedIndex === 1) throw new AlreadyCheckedInError();
      throw new AppError('RATE_LIMITED', '签到人数较多，请稍后重试');
    }
    await sleep(jitteredBackoff(attempt));
  }
}

/** How long a drawn number's transaction keeps retrying (inside the function's time limit). */
const ISSUE_BUDGET_MS = CONTENTION_BUDGET_MS;

/** Calls the first waiting ticket; two callers at one moment never get the same ticket. */
export async function callNext(queueId: string, date: string, room: string, now: string): Promise<TicketRecord> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const state = await getState(queueId, date);
    const candidates = state ? await waiting(queueId, date, 5) : [];
    if (!state || candidates.length === 0) throw new ConflictError('QUEUE_EMPTY', '当前没有候诊的患者');
    let contended = false;
    for (const c of candidates) {
      const callSeq = state.callSeq + 1;
      const nowServing: NowServing = {
        ticketId: c.id,
        displayNumber: c.displayNumber,
        maskedName: c.maskedName,
        room,
        calledAt: now,
        callSeq,
      };
      const out = await tryTransact([
        {
          Update: {
            TableName: tableName,
            Key: ticketKey(c.id),
            UpdateExpression:
              'SET #s = :called, room = :room, calledAt = :now, callSeq = :cs REMOVE queueKey, queueSort',
            ConditionExpression: '#s = :waiting',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':called': 'called',
              ':waiting': 'waiting',
              ':room': room,
              ':now': now,
              ':cs': callSeq,
            },
          },
        },
        {
          Update: {
            TableName: tableName,
            Key: stateKey(queueId, date),
            UpdateExpression: 'SET callSeq = :cs, nowServing = :ns',
            ConditionExpression: 'callSeq = :prev',
            ExpressionAttributeValues: { ':cs': callSeq, ':ns': nowServing, ':prev': state.callSeq },
          },
        },
      ]);
      if (out.ok) return { ...c, status: 'called', room, calledAt: now, callSeq };
      if (out.failedIndex === 0) continue; // someone called this one a moment ago: try the next
      contended = true;
      break;
    }
    if (!contended && attempt > 3) throw new ConflictError('QUEUE_EMPTY', '当前没有候诊的患者');
    await backoff(attempt, started);
  }
}

/** Calls a called ticket again (the screen speaks it again). */
export async function recall(t: TicketRecord, now: string): Promise<TicketRecord> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const state = await getState(t.queueId, t.date);
    if (!state) throw new NotFoundError('queue');
    const callSeq = state.callSeq + 1;
    const room = t.room ?? '';
    const out = await tryTransact([
      {
        Update: {
          TableName: tableName,
          Key: ticketKey(t.id),
          UpdateExpression: 'SET callSeq = :cs, calledAt = :now',
          ConditionExpression: '#s = :called',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':cs': callSeq, ':now': now, ':called': 'called' },
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: stateKey(t.queueId, t.date),
          UpdateExpression: 'SET callSeq = :cs, nowServing = :ns',
          ConditionExpression: 'callSeq = :prev',
          ExpressionAttributeValues: {
            ':cs': callSeq,
            ':prev': state.callSeq,
            ':ns': {
              ticketId: t.id,
              displayNumber: t.displayNumber,
              maskedName: t.maskedName,
              room,
              calledAt: now,
              callSeq,
            },
          },
        },
      },
    ]);
    if (out.ok) return { ...t, callSeq, calledAt: now };
    if (out.failedIndex === 0) throw new ConflictError('TICKET_STATE', '只能重呼已叫号的患者');
    await backoff(attempt, started);
  }
}

/** Moves a ticket from one status to another, if it is still in one of the expected ones. */
export async function setStatus(
  t: TicketRecord,
  from: TicketStatus[],
  to: TicketStatus,
  extra: { completedAt?: string; seq?: number; serviceMs?: number } = {},
): Promise<TicketRecord> {
  const values: Record<string, unknown> = { ':to': to };
  from.forEach((f, i) => {
    values[`:f${i}`] = f;
  });
  const sets = ['#s = :to'];
  const removes: string[] = [];
  if (extra.completedAt) {
    sets.push('completedAt = :at');
    values[':at'] = extra.completedAt;
  }
  if (to === 'waiting') {
    const seq = extra.seq ?? t.seq;
    sets.push('seq = :seq', 'queueKey = :qk', 'queueSort = :qs');
    Object.assign(values, { ':seq': seq, ':qk': waitKey(t.queueId, t.date), ':qs': waitSort(seq, t.number) });
  } else {
    removes.push('queueKey', 'queueSort');
  }
  const items: TxItem[] = [
    {
      Update: {
        TableName: tableName,
        Key: ticketKey(t.id),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: `#s IN (${from.map((_, i) => `:f${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: values,
      },
    },
  ];
  if (extra.serviceMs !== undefined) {
    items.push({
      Update: {
        TableName: tableName,
        Key: stateKey(t.queueId, t.date),
        UpdateExpression: 'ADD doneCount :one, serviceMsTotal :ms',
        ExpressionAttributeValues: { ':one': 1, ':ms': extra.serviceMs },
      },
    });
  }
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const out = await tryTransact(items);
    if (out.ok) break;
    if (out.failedIndex === 0) throw new ConflictError('TICKET_STATE', '该号码的状态已变化，请刷新');
    await backoff(attempt, started);
  }
  return {
    ...t,
    status: to,
    ...(extra.completedAt ? { completedAt: extra.completedAt } : {}),
    seq: extra.seq ?? t.seq,
  };
}

/**
 * A recorded visit ends its ticket: the ticket is marked with the visit (once: a retry or a second
 * doctor fails the condition) and done, and a called ticket's service time joins the day's average.
 * The condition also pins the status read, so a concurrent 完成 makes this fail rather than count twice.
 */
export function ticketVisitWrites(t: TicketRecord, visitId: string, now: string): TxItem[] {
  const items: TxItem[] = [
    {
      Update: {
        TableName: tableName,
        Key: ticketKey(t.id),
        UpdateExpression:
          'SET visitId = :v, #s = :done, completedAt = if_not_exists(completedAt, :now) REMOVE queueKey, queueSort',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(visitId) AND #s = :seen',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':v': visitId, ':done': 'done', ':now': now, ':seen': t.status },
      },
    },
  ];
  if ((t.status === 'called' || t.status === 'serving') && t.calledAt) {
    items.push({
      Update: {
        TableName: tableName,
        Key: stateKey(t.queueId, t.date),
        UpdateExpression: 'ADD doneCount :one, serviceMsTotal :ms',
        ExpressionAttributeValues: { ':one': 1, ':ms': Math.max(0, Date.parse(now) - Date.parse(t.calledAt)) },
      },
    });
  }
  return items;
}
