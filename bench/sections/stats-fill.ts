/**
 * Grows the stats table towards STATS_FILL_TARGET patients: counter rows first (the items
 * counterTargets names for each patient's record creation, one shard of its day, added up), then
 * the patient items (a real record under other ids, stored as the patient repository stores it)
 * each with its phone guard. Other staff's patients spread over the last year including this
 * month; the marketer's over earlier months only (so the measured member-month is the same in both states).
 */
import { createHash } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type PatientRecord, phoneGuardItem, storedPatient } from '../../functions/patients/patient-repository';
import { counterTargets, SHARDS } from '../../functions/stats/counter-repository';
import { channels } from '../../shared/schemas/common';
import { BENCH_PREFIX, FILL_CONCURRENCY, round } from '../harness/config';
import { FILL_NAMES } from '../harness/fixtures';
import { bulkWrite, countTypes, type Item } from '../harness/items';
import { rawItem, recordOf } from '../harness/stored';

const STATS_FILL_TARGET = 100_000;
const STATS_FILL_MAX_MS = 150_000;
const STATS_FILL_STAFF = 12;
const STATS_FILL_DAYS = 365;

interface Planned {
  id: string;
  staffId: string;
  date: string;
  channel: string;
  name: string;
}

interface FillInput {
  patientItem: Item;
  guardItem: Item | undefined;
  marketerId: string;
  clinicId: string;
  today: string;
}

/** Counter rows for patients 0..n-1: newRecords 1 each, appointments 2 in 5, arrivals/visits 1 in 4 with revenue. */
function counterRows(n: number, plan: (k: number) => Planned, clinicId: string): Item[] {
  const rows = new Map<string, { item: Record<string, unknown>; counts: Record<string, number> }>();
  for (let k = 0; k < n; k++) {
    const p = plan(k);
    const who = { clinicId, ownerClinicId: clinicId, ownerStaffId: p.staffId, channel: p.channel };
    for (const t of counterTargets(who, p.date, k % SHARDS)) {
      const key = `${t.pk}|${t.sk}`;
      const row = rows.get(key) ?? { item: { pk: t.pk, sk: t.sk, ...t.meta }, counts: {} };
      rows.set(key, row);
      const add = (name: string, v: number) => {
        row.counts[name] = (row.counts[name] ?? 0) + v;
      };
      add('newRecords', 1);
      if (k % 5 < 2) add('appointments', 1);
      if (k % 4 === 0) {
        add('arrivals', 1);
        add('visits', 1);
        add('revenueFen', 30_000 + (k % 7) * 10_000);
      }
    }
  }
  return [...rows.values()].map((r) => rawItem({ ...r.item, ...r.counts }));
}

export async function fillPatients(bare: DynamoDBClient, table: string, t: FillInput) {
  const counted = await countTypes(bare, table, ['patient']);
  const existing = { count: counted.counts.patient ?? 0, complete: counted.complete };
  const n = Math.max(0, STATS_FILL_TARGET - existing.count);
  const todayMs = Date.parse(`${t.today}T00:00:00Z`);
  const dayOfMonth = Number(t.today.slice(8, 10));
  const staffIds = Array.from({ length: STATS_FILL_STAFF }, (_, j) =>
    j === 0 ? t.marketerId : `s_${BENCH_PREFIX}_m${j}`,
  );
  const plan = (k: number): Planned => {
    const j = k % STATS_FILL_STAFF;
    const step = Math.floor(k / STATS_FILL_STAFF);
    // The marketer: days before this month only; the others: any day of the last year but today
    // (today's rows hold the API-created counters, which a PutRequest would overwrite); the modulus
    // 363 is coprime with the step 7, so every day 1..363 back is used (364 = 7 x 52 would use 52).
    const dayBack =
      j === 0 ? dayOfMonth + (step % (STATS_FILL_DAYS - dayOfMonth)) : 1 + ((step * 7 + j) % (STATS_FILL_DAYS - 2));
    return {
      id: `p_${BENCH_PREFIX}_f${k}`,
      staffId: staffIds[j] as string,
      date: new Date(todayMs - dayBack * 86_400_000).toISOString().slice(0, 10),
      channel: channels[(k * 7 + j) % channels.length] as string,
      name: FILL_NAMES[k % FILL_NAMES.length] as string,
    };
  };
  const counterItems = counterRows(n, plan, t.clinicId);
  const sample = recordOf<PatientRecord>(t.patientItem);
  const patientOf = (k: number): Item[] => {
    const p = plan(k);
    const at = `${p.date}T02:${String(k % 60).padStart(2, '0')}:00.000Z`;
    const record: PatientRecord = {
      ...sample,
      id: p.id,
      name: p.name,
      ownerStaffId: p.staffId,
      channel: p.channel,
      phoneHash: createHash('sha256').update(`bench-fill-${BENCH_PREFIX}-${k}`).digest('hex'),
      maskedPhone: `139****${String(k % 10_000).padStart(4, '0')}`,
      createdAt: at,
      updatedAt: at,
    };
    const patient = rawItem(storedPatient(record));
    return t.guardItem ? [patient, rawItem(phoneGuardItem(record, `${p.name.slice(0, 1)}*`))] : [patient];
  };
  const perPatient = t.guardItem ? 2 : 1;
  const patientsPerBatch = Math.floor(25 / perPatient);
  const counterBatches = Math.ceil(counterItems.length / 25);
  const patientBatches = Math.ceil(n / patientsPerBatch);
  console.log(
    `• stats: loading ${counterItems.length} counter rows, then up to ${n} patients (+ phone guard each: ${t.guardItem ? 'yes' : 'no'}) over ${STATS_FILL_STAFF} staff (the marketer included) and ${STATS_FILL_DAYS} days, BatchWriteItem 25 a batch, ${FILL_CONCURRENCY} at a time, at most ${STATS_FILL_MAX_MS / 1000} s ...`,
  );
  const batchOf = (b: number) =>
    b < counterBatches
      ? counterItems.slice(b * 25, b * 25 + 25)
      : Array.from({ length: Math.min(patientsPerBatch, n - (b - counterBatches) * patientsPerBatch) }, (_, j) =>
          patientOf((b - counterBatches) * patientsPerBatch + j),
        ).flat();
  const w = await bulkWrite(bare, table, counterBatches + patientBatches, batchOf, STATS_FILL_MAX_MS);
  const countersWritten = w.writtenByType.counter ?? 0;
  const patientsWritten = w.writtenByType.patient ?? 0;
  const guardsWritten = w.written - countersWritten - patientsWritten;
  console.log(
    `  wrote ${countersWritten} counter rows, ${patientsWritten} patients, ${guardsWritten} phone guards in ${(w.elapsedMs / 1000).toFixed(1)} s (${((w.written / w.elapsedMs) * 1000).toFixed(0)} items/s, stopped by ${w.stoppedBy})`,
  );
  return {
    patientsBefore: existing.count,
    patientsPlanned: n,
    counterRowsPlanned: counterItems.length,
    countersWritten,
    patientsWritten,
    guardsWritten,
    unprocessedLeft: w.unprocessedLeft,
    batchErrors: w.batchErrors,
    staff: STATS_FILL_STAFF,
    days: STATS_FILL_DAYS,
    spread: `patient k: staff k mod 12 (index 0 = the measured marketer, dated in earlier months only; the others over the 363 days before today, incl. this month), channel cycled over all 10, counter shard k mod ${SHARDS}; counter rows aggregate newRecords 1 per patient, appointments 2 in 5, arrivals/visits 1 in 4 with revenue`,
    stored:
      "counter rows keyed by counter-repository's counterTargets; patients and guards as patient-repository's storedPatient / phoneGuardItem build them, marshalled",
    elapsedMs: round(w.elapsedMs, 1),
    itemsPerSec: round((w.written / w.elapsedMs) * 1000, 1),
    stoppedBy: w.stoppedBy,
  };
}
