import { ConflictError } from '../../shared/errors';
import { db, tableName } from '../lib/db';
import { fromItem, getItem } from '../lib/store';
import { UpdateCommand } from '../lib/store-client';
import { type Write, write } from '../lib/transact';

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
> & { clinicName: string };

/** The key of a queue's day: its number counter and call state. */
export const stateKey = (queueId: string, date: string) => ({ pk: `QUEUE#${queueId}#${date}`, sk: 'STATE' });

export async function getState(queueId: string, date: string): Promise<QueueState | undefined> {
  return getItem<QueueState>(stateKey(queueId, date), true);
}

/**
 * Draws the next number of a queue's day: one atomic add, never the same number twice. Answers the
 * number with the queue's day as it stands after the draw (who is being served, the service times).
 */
export async function drawNumber(queue: QueueInfo): Promise<{ number: number; state: QueueState }> {
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
      ReturnValues: 'ALL_NEW',
    }),
  );
  const state = fromItem<QueueState>(out.Attributes ?? {});
  return { number: Number(state.lastNumber), state };
}

/** The state's call sequence moved on since it was read: someone else called a number. */
export class CallRaceError extends ConflictError {
  constructor() {
    super('TICKET_STATE', '叫号状态已变化，请刷新');
  }
}

/** The queue now serves a called ticket (a call or a recall): the call sequence moves on from the one read. */
export function nowServingWrite(queueId: string, date: string, prevCallSeq: number, serving: NowServing): Write {
  return write(
    {
      Update: {
        TableName: tableName,
        Key: stateKey(queueId, date),
        UpdateExpression: 'SET callSeq = :cs, nowServing = :ns',
        ConditionExpression: 'callSeq = :prev',
        ExpressionAttributeValues: { ':cs': serving.callSeq, ':ns': serving, ':prev': prevCallSeq },
      },
    },
    () => new CallRaceError(),
  );
}

/**
 * The ticket being served left (skipped, returned, done): nobody is shown as served until the next
 * call. A finished ticket's service time goes in the same update: a transaction may touch the
 * queue's state item only once.
 */
export function clearNowServingWrite(
  queueId: string,
  date: string,
  ticketId: string,
  callSeq: number,
  serviceMs?: number,
): Write {
  const timed = serviceMs !== undefined;
  return write(
    {
      Update: {
        TableName: tableName,
        Key: stateKey(queueId, date),
        UpdateExpression: `REMOVE nowServing${timed ? ' ADD doneCount :one, serviceMsTotal :ms' : ''}`,
        ConditionExpression: 'nowServing.ticketId = :t AND callSeq = :cs',
        ExpressionAttributeValues: {
          ':t': ticketId,
          ':cs': callSeq,
          ...(timed ? { ':one': 1, ':ms': Math.max(0, serviceMs) } : {}),
        },
      },
    },
    () => new CallRaceError(),
  );
}

/** A finished ticket's service time joins the day's average. */
export function serviceTimeWrite(queueId: string, date: string, serviceMs: number): Write {
  return write({
    Update: {
      TableName: tableName,
      Key: stateKey(queueId, date),
      UpdateExpression: 'ADD doneCount :one, serviceMsTotal :ms',
      ExpressionAttributeValues: { ':one': 1, ':ms': Math.max(0, serviceMs) },
    },
  });
}
