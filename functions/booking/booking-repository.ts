// Over 300 lines on purpose: an appointment's keys (the item, its one-booking-a-day guard, its
// index attributes) are written only here, so every write that touches them — booking, cancelling,
// completing, and a record's deletion and merge — stays beside them.

import { ConflictError } from '../../shared/errors';
import type { Category, ListResult, PageQuery } from '../../shared/schemas/common';
import type { AppointmentView } from '../../shared/schemas/visit-day';
import { db, tableName } from '../lib/db';
import { repointWrite } from '../lib/repoint';
import { fromItem, getItem, partitionQuery, queryAll, queryPage } from '../lib/store';
import { UpdateCommand } from '../lib/store-client';
import { type Write, write } from '../lib/transact';
import { patientItemsIndex } from '../patients/timeline-index';
import { bookedDayWrite } from './booked-days';
import { type SlotRecord, slotKey, slotProblem } from './slot-repository';

export type { SlotRecord };

export interface AppointmentRecord extends Omit<AppointmentView, 'clinicName' | 'slotClosed'> {
  /** Absent on bookings made before clinic names were kept on them. */
  clinicName?: string;
  accountId?: string;
  startsAtMs: number;
  /** Set while a check-in draws this appointment's number (see claimForCheckIn). */
  claimId?: string;
  bookedBy: string;
}

const appointmentKey = (id: string) => ({ pk: `APPT#${id}`, sk: 'APPT' });
/** One booking per patient, department and day. */
const guardKey = (patientId: string, departmentId: string, date: string) => ({
  pk: `APPTGUARD#${patientId}#${departmentId}#${date}`,
  sk: 'GUARD',
});
const appointmentsOfDayKey = (departmentId: string, date: string) => `APPTS#${departmentId}#${date}`;
const ACCOUNT_SORT = 'APPT#';

/**
 * Sparse, while booked: the appointment found by its patient and day, so the revisit reminder asks
 * "has this patient booked from today on?" with one Query, however many appointments the group
 * holds. The index is the answer: the appointment carries these attributes itself, and the updates
 * that end a booking (cancel, check-in, completion) remove them with the reminder index's. The
 * patient's booked days (booked-days.ts) only tell the reminder when it need not ask.
 */
function bookedIndex(a: AppointmentRecord) {
  return { bookedPatientId: a.patientId, bookedSort: `${a.date}#${a.startsAt}#${a.id}` };
}
/** What an appointment that stops being booked removes: it leaves both indexes of booked appointments. */
const BOOKED_INDEX_ATTRIBUTES = 'apptDate, apptSort, bookedPatientId, bookedSort';

/**
 * The writes of a booking: the slot's count (never above capacity, never after it started), the
 * one-booking-per-patient-per-department-per-day guard, the appointment and its day among the
 * patient's booked days (booked-days.ts). Its counters join them.
 */
export function bookingWrites(a: AppointmentRecord, nowMs: number): Write[] {
  return [
    write(
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
      (stored) => slotProblem(stored, nowMs),
    ),
    write(
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
      () => new ConflictError('ALREADY_BOOKED', '该就诊人当天已预约此科室'),
    ),
    write(
      {
        Put: {
          TableName: tableName,
          Item: {
            ...appointmentKey(a.id),
            type: 'appointment',
            ...a,
            ...(a.accountId ? { accountSort: `${ACCOUNT_SORT}${a.startsAt}#${a.id}` } : {}),
            clinicKey: appointmentsOfDayKey(a.departmentId, a.date),
            clinicSort: `${a.startsAt}#${a.id}`,
            // In the reminder index while booked: cancelling or checking in takes it out.
            apptDate: a.date,
            apptSort: `${a.startsAt}#${a.id}`,
            ...bookedIndex(a),
            ...patientItemsIndex(a.patientId, a.startsAt, 'appointment', a.id),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      () => new ConflictError('CONFLICT', '该预约已存在'),
    ),
    bookedDayWrite(a.patientId, a.date),
  ];
}

/** The writes of a cancellation before the slot starts: the place goes back to the slot, the guard is lifted. */
export function cancellationWrites(a: AppointmentRecord, nowMs: number): Write[] {
  return [
    write(
      {
        Update: {
          TableName: tableName,
          Key: appointmentKey(a.id),
          UpdateExpression: `SET #s = :cancelled REMOVE ${BOOKED_INDEX_ATTRIBUTES}`,
          ConditionExpression: '#s = :booked',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':booked': 'booked' },
        },
      },
      () => new ConflictError('NOT_CANCELLABLE', '该预约已不能取消'),
    ),
    write(
      {
        Update: {
          TableName: tableName,
          Key: slotKey(a.slotId),
          UpdateExpression: 'SET booked = booked - :one',
          ConditionExpression: 'startsAtMs > :now AND booked > :zero',
          ExpressionAttributeValues: { ':one': 1, ':now': nowMs, ':zero': 0 },
        },
      },
      () => new ConflictError('SLOT_STARTED', '就诊时段已开始，不能取消'),
    ),
    write({ Delete: { TableName: tableName, Key: guardKey(a.patientId, a.departmentId, a.date) } }),
  ];
}

export async function getAppointment(id: string, consistent = false): Promise<AppointmentRecord | undefined> {
  return getItem<AppointmentRecord>(appointmentKey(id), consistent);
}

/** An account's appointments, latest slot first. */
export async function appointmentsOfAccount(
  accountId: string,
  page: PageQuery,
): Promise<ListResult<AppointmentRecord>> {
  return queryPage<AppointmentRecord>(
    partitionQuery('byAccount', 'accountId', accountId, {
      sortPrefix: { name: 'accountSort', prefix: ACCOUNT_SORT },
      newestFirst: true,
    }),
    page,
    50,
  );
}

/** A department's appointments of a day, by start time. */
export async function appointmentsOfDay(
  departmentId: string,
  date: string,
  page: PageQuery,
): Promise<ListResult<AppointmentRecord>> {
  return queryPage<AppointmentRecord>(
    partitionQuery('byClinic', 'clinicKey', appointmentsOfDayKey(departmentId, date)),
    page,
  );
}

/** One page of the appointments still booked for a day, across the group (the reminder job's read). */
export async function bookedOn(date: string, page: PageQuery): Promise<ListResult<AppointmentRecord>> {
  return queryPage<AppointmentRecord>(partitionQuery('byAppointmentDate', 'apptDate', date), page);
}

/** True when the patient holds an appointment still booked on `date` or later, at any clinic of the group. */
export async function hasBookingFrom(patientId: string, date: string): Promise<boolean> {
  const page = await queryPage<AppointmentRecord>(
    {
      ...partitionQuery('byBookedPatient', 'bookedPatientId', patientId),
      KeyConditionExpression: '#pk = :pk AND bookedSort >= :from',
      ExpressionAttributeValues: { ':pk': patientId, ':from': date },
    },
    { limit: 1 },
  );
  return page.items.length > 0;
}

/**
 * True when the patient holds an appointment still booked at a clinic on `date` or later: the
 * patient's booked appointments from that day on (a handful), filtered by clinic, page by page.
 */
export async function hasBookingAtClinicFrom(patientId: string, clinicId: string, date: string): Promise<boolean> {
  let cursor: string | undefined;
  do {
    const page = await queryPage<AppointmentRecord>(
      {
        ...partitionQuery('byBookedPatient', 'bookedPatientId', patientId),
        KeyConditionExpression: '#pk = :pk AND bookedSort >= :from',
        FilterExpression: 'clinicId = :clinic',
        ExpressionAttributeValues: { ':pk': patientId, ':from': date, ':clinic': clinicId },
      },
      { limit: 20, cursor },
    );
    if (page.items.length > 0) return true;
    cursor = page.nextCursor;
  } while (cursor);
  return false;
}

/** A claim older than this was left by a request that died; another check-in may take over. */
const STALE_CLAIM_MS = 30_000;

/** Who may check an appointment in: its account's holder and, when given, staff of that clinic (or of any). */
export interface CheckInScope {
  accountId: string;
  staffOf?: { clinicId: string } | 'any clinic';
}

/** A claim taken (with the appointment as it now stands), or refused (with the appointment as stored, if any). */
export type CheckInClaim =
  | { claimed: true; appointment: AppointmentRecord }
  | { claimed: false; stored: AppointmentRecord | undefined };

/**
 * Claims an appointment for check-in, so that two check-ins of one appointment (a double tap, a
 * retry, the patient and the desk at once) never draw two numbers. One conditional write instead of
 * a read and then a write: it lands only on a booked appointment of `today`, without a ticket or a
 * live claim, that `scope` may check in; refused, it answers the stored appointment, so the caller
 * tells why (missing, not theirs, checked in, cancelled, another day, being checked in).
 */
export async function claimForCheckIn(
  appointmentId: string,
  claimId: string,
  nowMs: number,
  today: string,
  scope: CheckInScope,
): Promise<CheckInClaim> {
  const { staffOf } = scope;
  const who =
    staffOf === 'any clinic' ? '' : staffOf ? '(accountId = :me OR clinicId = :clinic) AND ' : 'accountId = :me AND ';
  try {
    const out = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: appointmentKey(appointmentId),
        UpdateExpression: 'SET claimId = :c, claimedAtMs = :now',
        ConditionExpression: `${who}#s = :booked AND #d = :today AND attribute_not_exists(ticketId) AND (attribute_not_exists(claimId) OR claimedAtMs < :stale)`,
        ExpressionAttributeNames: { '#s': 'status', '#d': 'date' },
        ExpressionAttributeValues: {
          ':c': claimId,
          ':now': nowMs,
          ':booked': 'booked',
          ':today': today,
          ':stale': nowMs - STALE_CLAIM_MS,
          ...(staffOf === 'any clinic' ? {} : { ':me': scope.accountId }),
          ...(staffOf && staffOf !== 'any clinic' ? { ':clinic': staffOf.clinicId } : {}),
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { claimed: true, appointment: fromItem<AppointmentRecord>(out.Attributes ?? {}) };
  } catch (e) {
    if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
    const stored = (e as { Item?: Record<string, unknown> }).Item;
    return { claimed: false, stored: stored ? fromItem<AppointmentRecord>(stored) : undefined };
  }
}

/** Gives a claim back (its check-in stopped before drawing a number): another may check in at once. */
export async function releaseClaim(appointmentId: string, claimId: string): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: appointmentKey(appointmentId),
        UpdateExpression: 'REMOVE claimId, claimedAtMs',
        ConditionExpression: 'claimId = :c',
        ExpressionAttributeValues: { ':c': claimId },
      }),
    );
  } catch (e) {
    if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
  }
}

/** Thrown when the appointment was checked in by someone else first. */
export class AlreadyCheckedInError extends Error {}

/** The appointment checked in with its ticket, by the check-in holding its claim. */
export function checkedInWrite(appointmentId: string, ticketId: string, claimId: string): Write {
  return write(
    {
      Update: {
        TableName: tableName,
        Key: appointmentKey(appointmentId),
        UpdateExpression: `SET ticketId = :t, #s = :in REMOVE claimId, claimedAtMs, ${BOOKED_INDEX_ATTRIBUTES}`,
        ConditionExpression: '#s = :booked AND attribute_not_exists(ticketId) AND claimId = :c',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':t': ticketId, ':in': 'checked_in', ':booked': 'booked', ':c': claimId },
      },
    },
    () => new AlreadyCheckedInError(),
  );
}

/** A recorded visit completes its appointment, keeping what was done and the revisit date for the patient. */
export function completedWrite(appointmentId: string, visit: { category: Category; nextRevisitDate?: string }): Write {
  return write({
    Update: {
      TableName: tableName,
      Key: appointmentKey(appointmentId),
      UpdateExpression: `SET #s = :done, visitCategory = :c${visit.nextRevisitDate ? ', nextRevisitDate = :r' : ''} REMOVE ${BOOKED_INDEX_ATTRIBUTES}`,
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':done': 'completed',
        ':c': visit.category,
        ...(visit.nextRevisitDate ? { ':r': visit.nextRevisitDate } : {}),
      },
    },
  });
}

/** Every appointment an account booked, any patient (an export or a deletion: tens). */
export async function allAppointmentsOfAccount(accountId: string): Promise<AppointmentRecord[]> {
  return queryAll<AppointmentRecord>(
    partitionQuery('byAccount', 'accountId', accountId, { sortPrefix: { name: 'accountSort', prefix: ACCOUNT_SORT } }),
    1000,
  );
}

/** The patient's appointments still booked, any day (byBookedPatient). */
export async function bookedAppointmentsOf(patientId: string): Promise<AppointmentRecord[]> {
  return queryAll<AppointmentRecord>(partitionQuery('byBookedPatient', 'bookedPatientId', patientId), 1000);
}

/**
 * Deletion (issue 10): the appointment keeps its facts under the patient id but not the name, and
 * leaves the account's list. One still booked ahead is cancelled: its place goes back to the slot.
 */
export function appointmentErasedWrites(a: AppointmentRecord, erasedName: string, nowMs: number): Write[] {
  const cancel = a.status === 'booked' && a.startsAtMs > nowMs;
  const erase = write({
    Update: {
      TableName: tableName,
      Key: appointmentKey(a.id),
      UpdateExpression: cancel
        ? `SET patientName = :n, #s = :cancelled REMOVE accountId, accountSort, ${BOOKED_INDEX_ATTRIBUTES}`
        : 'SET patientName = :n REMOVE accountId, accountSort',
      ConditionExpression: cancel ? '#s = :booked' : 'attribute_exists(pk)',
      ...(cancel ? { ExpressionAttributeNames: { '#s': 'status' } } : {}),
      ExpressionAttributeValues: {
        ':n': erasedName,
        ...(cancel ? { ':cancelled': 'cancelled', ':booked': 'booked' } : {}),
      },
    },
  });
  return cancel ? [erase, ...cancellationWrites(a, nowMs).slice(1)] : [erase];
}

/**
 * A merge hands an appointment to the surviving record (and, if it had none, the survivor's
 * account): while booked, its booked-patient index and its one-booking-a-day guard move too.
 */
export function appointmentMovedWrites(a: AppointmentRecord, toId: string, accountId?: string): Write[] {
  const booked = a.status === 'booked';
  const writes = [
    repointWrite(appointmentKey(a.id), a.patientId, toId, {
      ...patientItemsIndex(toId, a.startsAt, 'appointment', a.id),
      ...(booked ? { bookedPatientId: toId } : {}),
      ...(accountId && !a.accountId ? { accountId, accountSort: `${ACCOUNT_SORT}${a.startsAt}#${a.id}` } : {}),
    }),
  ];
  if (booked) {
    writes.push(
      write({ Delete: { TableName: tableName, Key: guardKey(a.patientId, a.departmentId, a.date) } }),
      write({
        Put: {
          TableName: tableName,
          Item: {
            ...guardKey(toId, a.departmentId, a.date),
            type: 'bookingGuard',
            appointmentId: a.id,
            clinicId: a.clinicId,
          },
        },
      }),
    );
  }
  return writes;
}
