import { addDays, clinicDate } from '../../shared/dates';
import { revisitDateRemindedOn, revisitReminderDay } from '../../shared/messaging-rules';
import { inWaves } from '../lib/batch';
import { tableName } from '../lib/db';
import { getItem, partitionQuery, putItem, queryAll } from '../lib/store';
import { type Write, write } from '../lib/transact';
import { addRevisitDate, type PatientRecord, revisitDatesHeldWrite } from '../patients/patient-repository';
import {
  backfillBookedDays,
  bookedDaysComplete,
  bookedDaysHeldWrite,
  bookedDaysOfPatient,
  perPatientOfIndex,
} from './booked-days';
import {
  revisitBookedCompleteItem,
  revisitBookedCompleteKey,
  revisitBookedKey,
  revisitBookedPartition,
} from './booked-days-keys';

/**
 * Marks for the revisit reminder (revisit-service.ts): a patient who may hold a booking from the day
 * a revisit date's reminders go out, kept under that date, so that the reminder reads its day's marks
 * in one Query instead of every due patient's booked days. A mark is put
 * - by a booking, for each of its patient's revisit dates still to be reminded of whose reminders go
 *   out on or before the booked day (the record's revisitDates, held as read);
 * - by a recorded visit with a revisit date, when one of its patient's booked days (booked-days.ts)
 *   falls on or after that date's reminder day (the booked days, held as read);
 * - by a merge and by the migration, after the dates reached the record, from the booked days then.
 * The two holds make a booking and a visit recorded at the same moment see each other: whichever
 * commits second fails its hold and is built again. A mark only says "ask": a booking cancelled or
 * attended since leaves it, and the booked index decides (hasBookingFrom). Marks expire 30 days after
 * their date.
 */

const MARK_KEPT_DAYS = 30;

function markItem(revisitDate: string, patientId: string): Record<string, unknown> {
  const expiresAt = Math.floor(Date.parse(`${addDays(revisitDate, MARK_KEPT_DAYS)}T00:00:00Z`) / 1000);
  return { ...revisitBookedKey(revisitDate, patientId), type: 'revisitBooked', patientId, expiresAt };
}

const markPut = (revisitDate: string, patientId: string): Write =>
  write({ Put: { TableName: tableName, Item: markItem(revisitDate, patientId) } });

/** Whether one of the booked days falls on or after the day the revisit date's reminders go out. */
const bookedFromReminder = (days: Iterable<string>, revisitDate: string) => {
  const from = revisitReminderDay(revisitDate);
  return [...days].some((d) => d >= from);
};

/** The revisit dates among these whose reminders go out on `today` or later, once each. */
function pendingOf(dates: Iterable<string>, today: string): string[] {
  return [...new Set(dates)].filter((d) => revisitReminderDay(d) >= today);
}

/**
 * A booking's share: a mark on each of its patient's pending revisit dates whose reminders go out on
 * or before the booked day, and the hold on the record's revisit dates as read.
 */
export function bookingMarkWrites(patient: PatientRecord, bookedDay: string, today: string): Write[] {
  const marked = pendingOf(patient.revisitDates ?? [], today).filter((d) => revisitReminderDay(d) <= bookedDay);
  return [revisitDatesHeldWrite(patient), ...marked.map((d) => markPut(d, patient.id))];
}

/**
 * A recorded visit's share, for a revisit date still to be reminded of: a mark when one of the
 * patient's booked days falls on or after the reminder day, and the hold on the booked days as read.
 */
export async function visitMarkWrites(
  patientId: string,
  revisitDate: string | undefined,
  today: string,
): Promise<Write[]> {
  if (!revisitDate || revisitReminderDay(revisitDate) < today) return [];
  const days = await bookedDaysOfPatient(patientId);
  const booked = bookedFromReminder(days ?? [], revisitDate);
  return [bookedDaysHeldWrite(patientId, days), ...(booked ? [markPut(revisitDate, patientId)] : [])];
}

/**
 * Marks a patient for each of these revisit dates still pending that has a booked day on or after its
 * reminder day (a merge's survivor, the migration). The dates must be on the record already, so a
 * booking made from now on marks them itself; the booked days are read after that.
 */
export async function markRevisits(patientId: string, revisitDates: readonly string[], today: string): Promise<number> {
  const pending = pendingOf(revisitDates, today);
  if (pending.length === 0) return 0;
  const days = (await bookedDaysOfPatient(patientId)) ?? [];
  const marked = pending.filter((d) => bookedFromReminder(days, d));
  await Promise.all(marked.map((d) => putItem(markItem(d, patientId))));
  return marked.length;
}

/**
 * A merge's share, once the moved bookings' days are the survivor's (addBookedDays): the moved
 * visits' pending revisit dates go on the survivor's record, then the survivor is marked over its own
 * dates and those, from its booked days.
 */
export async function markMergedRevisits(survivor: PatientRecord, movedDates: readonly string[], today: string) {
  for (const d of pendingOf(movedDates, today)) await addRevisitDate(survivor.id, d);
  await markRevisits(survivor.id, [...(survivor.revisitDates ?? []), ...movedDates], today);
}

/** Whether every pending revisit date of the table has its marks (else every due visit is asked). */
async function marksComplete(): Promise<boolean> {
  return (await getItem(revisitBookedCompleteKey)) !== undefined;
}

/**
 * The patients marked for a revisit date (those who may hold a booking from its reminder day on);
 * undefined while the table's marks are incomplete (an older table before its migration).
 */
export async function patientsMarkedFor(revisitDate: string): Promise<ReadonlySet<string> | undefined> {
  const [complete, marks] = await Promise.all([
    marksComplete(),
    queryAll<string>(
      {
        ...partitionQuery(undefined, 'pk', revisitBookedPartition(revisitDate)),
        ProjectionExpression: 'patientId',
      },
      Number.MAX_SAFE_INTEGER,
      (item) => String(item.patientId),
    ),
  ]);
  return complete ? new Set(marks) : undefined;
}

/**
 * For a table whose visits predate the marks (`npm run migrate:booked-days`, after the booked days):
 * every visit whose revisit date is still to be reminded of puts its date on its record, then its
 * patient is marked from the booked days; then the table is marked complete. Safe to run again, and
 * while bookings and visits are made (those keep their own).
 */
export async function backfillRevisitMarks(today: string): Promise<{ visits: number; marked: number }> {
  // The marks are built on the booked days: they must be complete first (backfillBookedDays).
  if (!(await bookedDaysComplete())) throw new Error('请先记下预约日期（backfillBookedDays），再补复诊标记');
  // The visits with a revisit date still to be reminded of (the sparse revisit index, read whole).
  const { items: visits, byPatient } = await perPatientOfIndex(
    {
      index: 'byRevisitDate',
      projection: 'patientId, revisitDate',
      filter: { expression: 'revisitDate >= :from', values: { ':from': revisitDateRemindedOn(today) } },
    },
    (item) => [String(item.patientId), String(item.revisitDate)],
  );
  let marked = 0;
  await inWaves([...byPatient.entries()], async ([patientId, pending]) => {
    for (const d of pendingOf(pending, today)) await addRevisitDate(patientId, d);
    marked += await markRevisits(patientId, pending, today);
  });
  await putItem({ ...revisitBookedCompleteItem });
  return { visits, marked };
}

/**
 * An older table's migration (`npm run migrate:booked-days`; `npm start` for an older data folder):
 * the booked days first if they are not complete, then the marks, if they are not.
 */
export async function keepBookedDaysAndMarks(now: Date) {
  const days = (await bookedDaysComplete()) ? { appointments: 0, patients: 0 } : await backfillBookedDays();
  const marks = (await marksComplete()) ? { visits: 0, marked: 0 } : await backfillRevisitMarks(clinicDate(now));
  return { ...days, ...marks };
}
