import { GetCommand, PutCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { type AppError, ConflictError, NotFoundError } from '../../shared/errors';
import type { AppointmentStatus } from '../../shared/schemas/visit-day';
import { db, tableName } from '../lib/db';
import { transactWrite } from '../lib/transact';

type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface SlotRecord {
  id: string;
  clinicId: string;
  departmentId: string;
  doctorId?: string;
  doctorName?: string;
  date: string;
  startsAt: string;
  endsAt: string;
  /** Epoch milliseconds of startsAt: conditions compare numbers. */
  startsAtMs: number;
  capacity: number;
  booked: number;
  closed?: boolean;
}

export interface AppointmentRecord {
  id: string;
  patientId: string;
  patientName: string;
  accountId?: string;
  slotId: string;
  clinicId: string;
  departmentId: string;
  departmentName: string;
  doctorId?: string;
  date: string;
  startsAt: string;
  endsAt: string;
  startsAtMs: number;
  status: AppointmentStatus;
  ticketId?: string;
  bookedBy: string;
  createdAt: string;
}

const slotKey = (id: string) => ({ pk: `SLOT#${id}`, sk: 'SLOT' });
export const appointmentKey = (id: string) => ({ pk: `APPT#${id}`, sk: 'APPT' });
const guardKey = (patientId: string, departmentId: string, date: string) => ({
  pk: `APPTGUARD#${patientId}#${departmentId}#${date}`,
  sk: 'GUARD',
});

function clean<T>(item: Record<string, unknown>): T {
  const { pk: _p, sk: _s, type: _t, clinicKey: _c, clinicSort: _cs, accountSort: _a, ...rest } = item;
  return rest as T;
}

/** Opens a slot unless it exists (re-running a weekly pattern creates nothing twice). */
export async function insertSlot(s: SlotRecord): Promise<boolean> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...slotKey(s.id),
          type: 'slot',
          ...s,
          clinicKey: `SLOTS#${s.departmentId}#${s.date}`,
          clinicSort: `${s.startsAt}#${s.id}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

export async function getSlot(id: string): Promise<SlotRecord | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: slotKey(id) }));
  return out.Item ? clean<SlotRecord>(out.Item) : undefined;
}

export async function slotsOfDay(departmentId: string, date: string): Promise<SlotRecord[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'byClinic',
      KeyConditionExpression: 'clinicKey = :k',
      ExpressionAttributeValues: { ':k': `SLOTS#${departmentId}#${date}` },
    }),
  );
  return (out.Items ?? []).map((i) => clean<SlotRecord>(i));
}

export async function closeSlot(id: string): Promise<SlotRecord> {
  await transactWrite(
    [
      {
        Update: {
          TableName: tableName,
          Key: slotKey(id),
          UpdateExpression: 'SET closed = :t',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':t': true },
        },
      },
    ],
    () => new NotFoundError('slot', { slotId: id }),
  );
  const slot = await getSlot(id);
  if (!slot) throw new NotFoundError('slot', { slotId: id });
  return slot;
}

function slotProblem(item: Record<string, unknown> | undefined, nowMs: number): AppError {
  if (!item) return new NotFoundError('slot');
  if (item.closed) return new ConflictError('SLOT_CLOSED', '该时段已停诊，请选择其他时段');
  if (Number(item.startsAtMs) <= nowMs) return new ConflictError('SLOT_STARTED', '该时段已开始，不能再预约');
  return new ConflictError('SLOT_FULL', '该时段已约满，请选择其他时段');
}

/**
 * Books in one transaction: the slot's count (never above capacity, never after it started), the
 * one-booking-per-patient-per-department-per-day guard, the appointment and its counters.
 */
export async function insertAppointment(a: AppointmentRecord, nowMs: number, counters: TxItem[]): Promise<void> {
  await transactWrite(
    [
      {
        Update: {
          TableName: tableName,
          Key: slotKey(a.slotId),
          UpdateExpression: 'SET booked = booked + :one',
          ConditionExpression:
            'attribute_exists(pk) AND booked < #cap AND attribute_not_exists(closed) AND startsAtMs > :now',
          ExpressionAttributeNames: { '#cap': 'capacity' },
          ExpressionAttributeValues: { ':one': 1, ':now': nowMs },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: {
            ...guardKey(a.patientId, a.departmentId, a.date),
            type: 'bookingGuard',
            appointmentId: a.id,
            clinicId: a.clinicId,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: {
            ...appointmentKey(a.id),
            type: 'appointment',
            ...a,
            ...(a.accountId ? { accountSort: `APPT#${a.startsAt}#${a.id}` } : {}),
            clinicKey: `APPTS#${a.departmentId}#${a.date}`,
            clinicSort: `${a.startsAt}#${a.id}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...counters,
    ],
    ({ index, item }) =>
      index === 0
        ? slotProblem(item, nowMs)
        : index === 1
          ? new ConflictError('ALREADY_BOOKED', '该就诊人当天已预约此科室')
          : new ConflictError('CONFLICT', 'appointment exists'),
  );
}

/** Cancels before the slot starts: the place goes back to the slot and the guard is lifted. */
export async function cancelAppointment(a: AppointmentRecord, nowMs: number, counters: TxItem[]): Promise<void> {
  await transactWrite(
    [
      {
        Update: {
          TableName: tableName,
          Key: appointmentKey(a.id),
          UpdateExpression: 'SET #s = :cancelled',
          ConditionExpression: '#s = :booked',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':booked': 'booked' },
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: slotKey(a.slotId),
          UpdateExpression: 'SET booked = booked - :one',
          ConditionExpression: 'startsAtMs > :now AND booked > :zero',
          ExpressionAttributeValues: { ':one': 1, ':now': nowMs, ':zero': 0 },
        },
      },
      { Delete: { TableName: tableName, Key: guardKey(a.patientId, a.departmentId, a.date) } },
      ...counters,
    ],
    ({ index }) =>
      index === 0
        ? new ConflictError('NOT_CANCELLABLE', '该预约已不能取消')
        : new ConflictError('SLOT_STARTED', '就诊时段已开始，不能取消'),
  );
}

export async function getAppointment(id: string): Promise<AppointmentRecord | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: appointmentKey(id) }));
  return out.Item ? clean<AppointmentRecord>(out.Item) : undefined;
}

export async function appointmentsOfAccount(accountId: string): Promise<AppointmentRecord[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'byAccount',
      KeyConditionExpression: 'accountId = :a AND begins_with(accountSort, :p)',
      ExpressionAttributeValues: { ':a': accountId, ':p': 'APPT#' },
      ScanIndexForward: false,
      Limit: 50,
    }),
  );
  return (out.Items ?? []).map((i) => clean<AppointmentRecord>(i));
}

export async function appointmentsOfDay(departmentId: string, date: string): Promise<AppointmentRecord[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'byClinic',
      KeyConditionExpression: 'clinicKey = :k',
      ExpressionAttributeValues: { ':k': `APPTS#${departmentId}#${date}` },
    }),
  );
  return (out.Items ?? []).map((i) => clean<AppointmentRecord>(i));
}
