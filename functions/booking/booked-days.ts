import { ConflictError } from '../../shared/errors';
import { inWaves } from '../lib/batch';
import { db, tableName } from '../lib/db';
import { getItem, putItem } from '../lib/store';
import { ScanCommand, UpdateCommand } from '../lib/store-client';
import { type Write, write } from '../lib/transact';
import { bookedDaysCompleteItem, bookedDaysCompleteKey, bookedDaysKey } from './booked-days-keys';

/**
 * The days a patient has held bookings for. Every booking adds its day in its own transaction; a
 * merge adds the moved bookings' days to the survivor's before moving them; nothing takes a day away.
 * So no day from a date on means no booking from that date on. A visit with a revisit date reads them
 * to mark its patient as possibly booked for that date's reminder (revisit-marks.ts), holding them as
 * read. Complete once the table is (booked-days-keys.ts): bookings made before this was kept have no day.
 */

interface BookedDaysRecord {
  patientId: string;
  days: Set<string>;
}

const addDays = (patientId: string, days: readonly string[]) => ({
  TableName: tableName,
  Key: bookedDaysKey(patientId),
  UpdateExpression: 'SET patientId = :p, #t = :type ADD #d :d',
  ExpressionAttributeNames: { '#t': 'type', '#d': 'days' },
  ExpressionAttributeValues: { ':p': patientId, ':type': 'bookedDays', ':d': new Set(days) },
});

/** The booking's share of its transaction: its day among the patient's booked days. */
export function bookedDayWrite(patientId: string, date: string): Write {
  return write({ Update: addDays(patientId, [date]) });
}

/** Adds days to the patient's booked days (a merge's moved bookings, the backfill). */
export async function addBookedDays(patientId: string, days: readonly string[]): Promise<void> {
  if (days.length === 0) return;
  await db.send(new UpdateCommand(addDays(patientId, [...new Set(days)])));
}

/** A patient's booked days, read strongly (a visit builds its marks on them and holds them as read). */
export async function bookedDaysOfPatient(patientId: string): Promise<ReadonlySet<string> | undefined> {
  return (await getItem<BookedDaysRecord>(bookedDaysKey(patientId), true))?.days;
}

/** A booking of a new day came between reading a patient's booked days and writing what was built on them. */
export class BookedDaysChangedError extends ConflictError {
  constructor() {
    super('CONFLICT', '患者的预约刚刚变化，请重试');
  }
}

/** Holds a transaction to the booked days as read: a day added since (a booking) fails it. */
export function bookedDaysHeldWrite(patientId: string, days: ReadonlySet<string> | undefined): Write {
  return write(
    {
      ConditionCheck: {
        TableName: tableName,
        Key: bookedDaysKey(patientId),
        ...(days
          ? {
              ConditionExpression: 'size(#d) = :n',
              ExpressionAttributeNames: { '#d': 'days' },
              ExpressionAttributeValues: { ':n': days.size },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    },
    () => new BookedDaysChangedError(),
  );
}

/** Whether every booking of the table has its day kept (else no revisit mark may be built on them). */
export async function bookedDaysComplete(): Promise<boolean> {
  return (await getItem(bookedDaysCompleteKey)) !== undefined;
}

/**
 * A sparse index read whole, page by page, as patient id → one value per item: for once-per-table
 * migrations only (a Scan, never on a request path), where no partition key gathers what they need.
 */
export async function perPatientOfIndex(
  scan: { index: string; projection: string; filter?: { expression: string; values: Record<string, unknown> } },
  entryOf: (item: Record<string, unknown>) => [patientId: string, value: string],
): Promise<{ items: number; byPatient: Map<string, string[]> }> {
  const byPatient = new Map<string, string[]>();
  let items = 0;
  let cursor: Record<string, unknown> | undefined;
  do {
    // A Scan: once per table, from a migration script, never on a request path.
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        IndexName: scan.index,
        ProjectionExpression: scan.projection,
        ...(scan.filter
          ? { FilterExpression: scan.filter.expression, ExpressionAttributeValues: scan.filter.values }
          : {}),
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of page.Items ?? []) {
      const [patientId, value] = entryOf(item);
      byPatient.set(patientId, [...(byPatient.get(patientId) ?? []), value]);
      items++;
    }
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return { items, byPatient };
}

/**
 * For a table whose bookings predate booked days: keeps the day of every appointment still booked
 * (the sparse booked index, read whole: a handful per patient booked), patient by patient, 8 at a
 * time, then marks the table complete. Safe to run again, and while bookings are made (those keep
 * their own day).
 */
export async function backfillBookedDays(): Promise<{ appointments: number; patients: number }> {
  const { items, byPatient } = await perPatientOfIndex(
    { index: 'byBookedPatient', projection: 'bookedPatientId, bookedSort' },
    // bookedSort starts with the appointment's day (YYYY-MM-DD#…).
    (item) => [String(item.bookedPatientId), String(item.bookedSort).slice(0, 10)],
  );
  await inWaves([...byPatient.entries()], ([patientId, booked]) => addBookedDays(patientId, booked));
  await putItem({ ...bookedDaysCompleteItem });
  return { appointments: items, patients: byPatient.size };
}
