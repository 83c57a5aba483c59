/**
 * The scheduled jobs' table: SJ_PATIENTS patients of one clinic, 1% of them due for each job on the
 * bench's day: SJ_DUE born on its month-day (the others spread over the other 364), SJ_DUE of the
 * SJ_DAYS x SJ_DUE appointments booked for the next day, SJ_DUE of the SJ_DAYS x SJ_DUE visits with
 * their revisit date 3 days ahead. Every item as its repository builds it (storedPatient, the
 * appointment of bookingWrites, visitWrite), marshalled and written with BatchWriteItem in parallel.
 * Patients, appointments and visits are of different people, so no revisit patient holds a booking
 * and none is marked for the revisit date (revisit-marks.ts): the revisit reminder's read of the
 * day's marks finds none, and no booked days are written.
 */
import { createHash } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type AppointmentRecord, bookingWrites } from '../../functions/booking/booking-repository';
import { clinicItem } from '../../functions/clinics/clinic-repository';
import { encryptField } from '../../functions/lib/crypto';
import { consentEntries, newPatientRecord } from '../../functions/patients/patient-record';
import { storedPatient } from '../../functions/patients/patient-repository';
import { type VisitRecord, visitWrite } from '../../functions/visits/visit-repository';
import { addDays } from '../../shared/dates';
import { BENCH_PREFIX, round } from '../harness/config';
import { benchClinic, FILL_NAMES } from '../harness/fixtures';
import { bulkWrite, type Item } from '../harness/items';
import { rawItem } from '../harness/stored';

export const SJ_PATIENTS = 100_000;
/** Due for each job on the day: 1% of the patients. */
export const SJ_DUE = 1_000;
/** Days the appointments and the revisit dates spread over (SJ_DUE on each). */
const SJ_DAYS = 10;
const SJ_FILL_MAX_MS = 240_000;

export interface ScheduledFill {
  patients: number;
  appointments: number;
  visits: number;
  written: number;
  unprocessedLeft: number;
  batchErrors: number;
  elapsedMs: number;
  itemsPerSec: number;
  patientsPerSec: number;
  stoppedBy: string;
  spread: string;
  stored: string;
}

/** Month-days of a common year (no 29 February), but `except`. */
function otherMonthDays(except: string): string[] {
  const out: string[] = [];
  for (let d = '2031-01-01'; d <= '2031-12-31'; d = addDays(d, 1)) if (d.slice(5) !== except) out.push(d.slice(5));
  return out;
}

/** Writes the table for the day `day` (YYYY-MM-DD) and answers what it wrote and how fast. */
export async function fillScheduled(bare: DynamoDBClient, table: string, day: string): Promise<ScheduledFill> {
  const clinic = benchClinic(`${BENCH_PREFIX}-sj-clinic`);
  const departmentId = `d_${BENCH_PREFIX}_sj`;
  const monthDay = day.slice(5);
  const others = otherMonthDays(monthDay);
  const at = `${addDays(day, -400)}T02:00:00.000Z`;
  const consents = consentEntries({ healthData: true, marketing: true }, at, { byStaffId: 's_bench' });
  const patientId = (k: number) => `p_${BENCH_PREFIX}_sj${k}`;
  const name = (k: number) => FILL_NAMES[k % FILL_NAMES.length] as string;
  // The one sealing of a phone the records share (the due ones are decrypted by the sender); each
  // record keeps its own phone hash, so the weekly marketing cap is per patient.
  const phoneEnc = await encryptField('13800138000');
  const sample = await newPatientRecord(
    { clinicId: clinic.id, name: name(0), channel: 'walk_in', gender: 'female' },
    '13800138000',
    consents,
    at,
  );
  const patient = (k: number): Item => {
    const md = k < SJ_DUE ? monthDay : (others[k % others.length] as string);
    return rawItem(
      storedPatient({
        ...sample,
        id: patientId(k),
        name: name(k),
        birthDate: `${1950 + (k % 60)}-${md}`,
        phoneEnc,
        phoneHash: createHash('sha256').update(`bench-sj-${BENCH_PREFIX}-${k}`).digest('base64url').slice(0, 32),
        maskedPhone: `138****${String(k % 10_000).padStart(4, '0')}`,
      }),
    );
  };
  const dayOf = (i: number) => addDays(day, (i % SJ_DAYS) - 3);
  const appointment = (i: number): Item => {
    const date = dayOf(i);
    const startsAt = new Date(`${date}T09:00:00+08:00`).getTime() + (i % 480) * 60_000;
    const a: AppointmentRecord = {
      id: `a_${BENCH_PREFIX}_sj${i}`,
      patientId: patientId(SJ_PATIENTS / 10 + i),
      patientName: name(i),
      slotId: `sl_${BENCH_PREFIX}_sj${i}`,
      clinicId: clinic.id,
      clinicName: clinic.name,
      departmentId,
      departmentName: '口腔科',
      date,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 30 * 60_000).toISOString(),
      status: 'booked',
      startsAtMs: startsAt,
      bookedBy: 'u_bench',
      createdAt: at,
    };
    const put = bookingWrites(a, 0)[2]?.item.Put?.Item;
    if (!put) throw new Error('bookingWrites no longer ends with the appointment put');
    return rawItem(put);
  };
  const visit = (i: number): Item => {
    const k = (SJ_PATIENTS / 10) * 2 + i;
    const v: VisitRecord = {
      id: `v_${BENCH_PREFIX}_sj${i}`,
      patientId: patientId(k),
      clinicId: clinic.id,
      departmentId,
      date: addDays(dayOf(i), -30),
      category: 'cleaning',
      chargeFen: 20_000,
      doctorId: 's_bench_doctor',
      nextRevisitDate: dayOf(i),
      ticketId: `t_${BENCH_PREFIX}_sj${i}`,
      recordedBy: 's_bench_doctor',
      createdAt: at,
    };
    const put = visitWrite(v, { name: name(k) }).item.Put?.Item;
    if (!put) throw new Error('visitWrite no longer puts the visit');
    return rawItem(put);
  };
  const counts = { patients: SJ_PATIENTS, appointments: SJ_DAYS * SJ_DUE, visits: SJ_DAYS * SJ_DUE };
  const all = counts.patients + counts.appointments + counts.visits;
  const itemOf = (n: number) =>
    n < counts.patients
      ? patient(n)
      : n < counts.patients + counts.appointments
        ? appointment(n - counts.patients)
        : visit(n - counts.patients - counts.appointments);
  const batchOf = (b: number) =>
    b === 0
      ? [rawItem(clinicItem(clinic))]
      : Array.from({ length: Math.min(25, all - (b - 1) * 25) }, (_, j) => itemOf((b - 1) * 25 + j));
  console.log(
    `• scheduled jobs: loading ${counts.patients} patients, ${counts.appointments} appointments, ${counts.visits} visits (BatchWriteItem 25 a batch, in parallel) ...`,
  );
  const w = await bulkWrite(bare, table, 1 + Math.ceil(all / 25), batchOf, SJ_FILL_MAX_MS);
  const patientsWritten = w.writtenByType.patient ?? 0;
  console.log(
    `  wrote ${w.written} items (${patientsWritten} patients) in ${(w.elapsedMs / 1000).toFixed(1)} s (${((w.written / w.elapsedMs) * 1000).toFixed(0)} items/s, stopped by ${w.stoppedBy})`,
  );
  return {
    ...counts,
    written: w.written,
    unprocessedLeft: w.unprocessedLeft,
    batchErrors: w.batchErrors,
    elapsedMs: round(w.elapsedMs, 1),
    itemsPerSec: round((w.written / w.elapsedMs) * 1000, 1),
    patientsPerSec: round((patientsWritten / w.elapsedMs) * 1000, 1),
    stoppedBy: w.stoppedBy,
    spread: `patients 0..${SJ_DUE - 1} born on ${monthDay}, the others over the other 364 month-days; appointments and revisit dates ${SJ_DUE} a day over the ${SJ_DAYS} days ${dayOf(0)}..${dayOf(SJ_DAYS - 1)}, of patients ${SJ_PATIENTS / 10}.. and ${(SJ_PATIENTS / 10) * 2}.. (no revisit patient holds a booking); all with marketing consent, each its own phone hash`,
    stored:
      "patients as patient-repository's storedPatient builds them (no phone guards: no job reads them), appointments as the booking's put of bookingWrites, visits as visitWrite; marshalled",
  };
}
