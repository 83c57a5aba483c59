/**
 * Patient groups, on tables of their own (the run's first tables dropped and made again, empty):
 * a clinic of 100,000 patients and one of 1,000, each patient with a care summary as the visits
 * build it (visits spread over two years, categories in turn, spend rising with the count), written
 * with BatchWriteItem in parallel. Then the monthly grouping job over each clinic (time, store items
 * read, members written), its rerun, and a group's first page (limit 100) read as service staff see
 * it, in the small clinic and the large one. Items read are counted by a middleware on the functions'
 * client: a Query's ScannedCount, 1 per item a GetItem found, a BatchGetItem's items.
 */
import { performance } from 'node:perf_hooks';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { clinicItem } from '../../functions/clinics/clinic-repository';
import { storedSummary } from '../../functions/groups/care-summary-repository';
import { groupMembers } from '../../functions/groups/group-service';
import { groupClinic } from '../../functions/groups/grouping-service';
import { encryptField } from '../../functions/lib/crypto';
import { db } from '../../functions/lib/db';
import { consentEntries, newPatientRecord } from '../../functions/patients/patient-record';
import { storedPatient } from '../../functions/patients/patient-repository';
import { ensureTables } from '../../scripts/local/tables';
import { addDays } from '../../shared/dates';
import type { CareSummary } from '../../shared/patient-group-rules';
import { type Category, categories } from '../../shared/schemas/common';
import { BENCH_PREFIX, round } from '../harness/config';
import { benchClinic, FILL_NAMES } from '../harness/fixtures';
import { bulkWrite, type Item } from '../harness/items';
import type { Store } from '../harness/store';
import { countStoreReads } from '../harness/store-reads';
import { rawItem } from '../harness/stored';

const LARGE = 100_000;
const SMALL = 1_000;
/** The bench's month: far from any real data. */
const MONTH = '2031-06';
const RUN_AT = '2031-06-01T02:00:00+08:00';
const FILL_MAX_MS = 400_000;
const PAGE_READS = 20;

/** Patient k of a clinic: visits over the two years before the month, a category each in turn. */
function summaryOf(clinicId: string, patientId: string, k: number): CareSummary {
  const visits = 1 + (k % 5);
  const lastVisitDate = addDays('2031-05-31', -(k % 730));
  const firstVisitDate = addDays(lastVisitDate, -60 * (visits - 1));
  const last: CareSummary['last'] = {};
  for (let i = 0; i < visits; i++) {
    const c = categories[(k + i) % categories.length] as Category;
    last[c] = { date: addDays(lastVisitDate, -60 * i), visitId: `v_${patientId}_${i}` };
  }
  const lastCategory = categories[k % categories.length] as Category;
  return {
    patientId,
    clinicId,
    firstVisitDate,
    lastVisitDate,
    lastVisitId: `v_${patientId}_0`,
    lastVisitAt: `${lastVisitDate}T02:00:00.000Z`,
    lastCategory,
    last,
    ...(last.implant ? { implantSince: last.implant.date } : {}),
    spendFen: visits * 150_000 + (k % 7) * 200_000,
    visitCount: visits,
  };
}

async function fill(store: Store, clinics: { id: string; patients: number }[]) {
  const sample = await newPatientRecord(
    { clinicId: clinics[0]!.id, name: FILL_NAMES[0]!, channel: 'walk_in', gender: 'female' },
    '13800138000',
    consentEntries({ healthData: true, marketing: true }, '2029-01-01T00:00:00.000Z', { byStaffId: 's_bench' }),
    '2029-01-01T00:00:00.000Z',
  );
  const phoneEnc = await encryptField('13800138000');
  const items: (() => Item)[] = [];
  for (const c of clinics) {
    items.push(() => rawItem(clinicItem(benchClinic(c.id))));
    for (let k = 0; k < c.patients; k++) {
      const id = `p_${c.id}_${k}`;
      items.push(() =>
        rawItem(
          storedPatient({
            ...sample,
            id,
            clinicId: c.id,
            name: FILL_NAMES[k % FILL_NAMES.length]!,
            phoneEnc,
            phoneHash: `h_${id}`,
            maskedPhone: `138****${String(k % 10_000).padStart(4, '0')}`,
          }),
        ),
      );
      items.push(() => rawItem(storedSummary(summaryOf(c.id, id, k))));
    }
  }
  const w = await bulkWrite(
    store.fill,
    store.names.main,
    Math.ceil(items.length / 25),
    (b) => items.slice(b * 25, b * 25 + 25).map((f) => f()),
    FILL_MAX_MS,
  );
  return {
    written: w.written,
    elapsedMs: round(w.elapsedMs, 1),
    itemsPerSec: round((w.written / w.elapsedMs) * 1000, 1),
    stoppedBy: w.stoppedBy,
    unprocessedLeft: w.unprocessedLeft,
  };
}

export async function patientGroupsBench(store: Store) {
  // Tables of this section's own: the run's first tables, dropped and made again empty.
  for (const t of [store.names.main, store.names.idempotency]) {
    await store.admin.send(new DeleteTableCommand({ TableName: t })).catch(() => undefined);
  }
  await ensureTables(store.admin, store.names);
  const large = `c_${BENCH_PREFIX}_pg100k`;
  const small = `c_${BENCH_PREFIX}_pg1k`;
  console.log(
    `• patient groups: loading ${LARGE} + ${SMALL} patients with their care summaries (BatchWriteItem, in parallel) ...`,
  );
  const filled = await fill(store, [
    { id: large, patients: LARGE },
    { id: small, patients: SMALL },
  ]);
  console.log(`  wrote ${filled.written} items in ${(filled.elapsedMs / 1000).toFixed(1)} s (${filled.itemsPerSec}/s)`);
  const counter = countStoreReads(db, 'benchGroupsItemsRead');
  try {
    const jobs = [];
    for (const [clinicId, patients, what] of [
      [small, SMALL, 'first run'],
      [large, LARGE, 'first run'],
      [large, LARGE, 'rerun (same groups, nothing written)'],
    ] as const) {
      counter.take();
      const t = performance.now();
      const r = await groupClinic(clinicId, new Date(RUN_AT));
      const ms = performance.now() - t;
      const c = counter.take();
      const row = {
        patients,
        what,
        elapsedMs: round(ms, 1),
        summariesRead: r.read,
        storeItemsRead: c.itemsRead,
        itemsReadPerPatient: round(c.itemsRead / patients, 3),
        placed: r.placed,
        written: r.written,
        writtenPerSec: round((r.written / ms) * 1000, 1),
        byGroup: r.byGroup,
        commands: c.commands,
      };
      console.log(
        `  grouping ${patients} patients (${what}): ${(ms / 1000).toFixed(1)} s, ${c.itemsRead} items read (${row.itemsReadPerPatient}/patient), ${r.placed} placed, ${r.written} written`,
      );
      jobs.push(row);
    }
    const pages = [];
    for (const [clinicId, patients] of [
      [small, SMALL],
      [large, LARGE],
    ] as const) {
      const ctx = {
        caller: { userId: 'u_bench', staffId: 's_bench', roles: ['service'], clinicId },
        now: new Date(RUN_AT),
        requestId: 'bench',
      } as Parameters<typeof groupMembers>[0];
      await groupMembers(ctx, 'lapsed', { month: MONTH, limit: 100 });
      counter.take();
      const times: number[] = [];
      let size = 0;
      for (let i = 0; i < PAGE_READS; i++) {
        const t = performance.now();
        size = (await groupMembers(ctx, 'lapsed', { month: MONTH, limit: 100 })).items.length;
        times.push(performance.now() - t);
      }
      const c = counter.take();
      times.sort((a, b) => a - b);
      const row = {
        patients,
        group: 'lapsed',
        pageSize: size,
        reads: PAGE_READS,
        medianMs: round(times[Math.floor(times.length / 2)]!, 1),
        p95Ms: round(times[Math.floor(times.length * 0.95)]!, 1),
        storeItemsReadPerPage: round(c.itemsRead / PAGE_READS, 1),
        commandsPerPage: Object.fromEntries(Object.entries(c.commands).map(([k, n]) => [k, n / PAGE_READS])),
      };
      console.log(
        `  a group's first page (100 members) with ${patients} patients: median ${row.medianMs} ms, ${row.storeItemsReadPerPage} items read`,
      );
      pages.push(row);
    }
    return {
      measuredAt: new Date().toISOString(),
      month: MONTH,
      runAt: RUN_AT,
      how: 'groupClinic and groupMembers (service role: full phones decrypted) in this process on the bench DynamoDB Local; summaries read through byClinic in 4 shards side by side, members written with BatchWriteItem 25 a call, 8 calls at a time',
      fill: filled,
      jobs,
      pages,
    };
  } finally {
    counter.stop();
  }
}

export type PatientGroupsResults = Awaited<ReturnType<typeof patientGroupsBench>>;

export function printPatientGroups(r: PatientGroupsResults | { error: string }) {
  console.log('\nPatient groups');
  if ('error' in r) {
    console.log(`  failed: ${r.error}`);
    return;
  }
  for (const j of r.jobs)
    console.log(
      `  job, ${j.patients} patients, ${j.what}: ${(j.elapsedMs / 1000).toFixed(1)} s, ${j.storeItemsRead} items read, ${j.written} members written`,
    );
  for (const p of r.pages)
    console.log(
      `  group page, ${p.patients} patients: median ${p.medianMs} ms, p95 ${p.p95Ms} ms, ${p.storeItemsReadPerPage} items read`,
    );
}
