/**
 * The satisfaction report (GET /v1/reports/satisfaction) of a clinic with 1,000 and of one with
 * 100,000 answers counted, in fresh tables of the same DynamoDB Local with a server child of its
 * own: latency under load, and store commands and items read per request, measured in turn twice. The counters are seeded
 * through the survey flow's own counter writes (answerDelta, countedTogether: ADD per counter item,
 * many answers added up first), spread over 12 months, 6 departments and 30 doctors. The answer
 * items themselves belong to the survey flow and are not stored: the report never reads them.
 */
import http from 'node:http';
import { type DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { clinicItem, departmentItem } from '../../functions/clinics/clinic-repository';
import { answerDelta, countedTogether, type ScopedDelta } from '../../functions/reports/satisfaction-counters';
import { satisfactionKeys } from '../../functions/reports/satisfaction-repository';
import { ensureTables, tableNames } from '../../scripts/local/tables';
import { addMonths, clinicMonth } from '../../shared/dates';
import { isLowAnswer, type SurveyScores, surveyDimensions } from '../../shared/schemas/surveys';
import { BENCH_PREFIX, round, WARMUP_MAX_MS } from '../harness/config';
import { benchClinic } from '../harness/fixtures';
import { type Api, devLogin, getJson, unexpected } from '../harness/http';
import { partitionCount } from '../harness/items';
import { type LoadResult, runLoad } from '../harness/load';
import { opsDuring, perEach, sumValues } from '../harness/ops';
import { failed, type Outcome, printLoads, table, yesNo } from '../harness/print';
import { onCleanup } from '../harness/processes';
import { handlerEnv, startServerChild } from '../harness/server';
import type { Store } from '../harness/store';
import { rawItem, rawTx } from '../harness/stored';

const SMALL = 1_000;
const LARGE = 100_000;
const MONTHS = 12;
const DEPARTMENTS = 6;
const DOCTORS = 30;
const CONNECTIONS = 16;
const WARMUP = 100;
const COUNT = 3_000;
const MAX_MS = 15_000;
const OPS_SAMPLE = 100;

/** Answer k of the generator: its visit month, department, doctor, scores and what became of it. */
function answerAt(clinicId: string, month: string, k: number): ScopedDelta[] {
  const doctor = Math.floor(k / MONTHS) % DOCTORS;
  const scope = {
    clinicId,
    month: addMonths(month, -(k % MONTHS)),
    departmentId: `${clinicId}-d${doctor % DEPARTMENTS}`,
    doctorId: `${clinicId}-s${doctor}`,
    doctorName: `医生${doctor + 1}`,
  };
  const bad = k % 11 === 0;
  const scores = Object.fromEntries(
    surveyDimensions.map((d, j) => [d, bad ? 1 + ((k + j) % 3) : 3 + ((k + j) % 3)]),
  ) as SurveyScores;
  const nps = bad ? k % 7 : 6 + (k % 5);
  const low = isLowAnswer(scores, nps);
  const closed = low && k % 4 !== 0;
  return [
    // Each answer's invitation, and one unanswered invitation for every second answer.
    { scope, delta: { invitations: k % 2 === 0 ? 2 : 1 } },
    { scope, delta: answerDelta({ scores, nps, low }) },
    ...(closed ? [{ scope, delta: { lowResolved: 1, lowResolvedInTime: k % 3 === 0 ? 0 : 1 } }] : []),
  ];
}

/**
 * Answers from..to-1 added up and written as the survey flow's counter writes, 50 items a
 * transaction, through the client with retries (DynamoDB Local drops idle keep-alive connections).
 */
async function seed(
  client: DynamoDBClient,
  tableName: string,
  clinicId: string,
  month: string,
  from: number,
  to: number,
) {
  const t = performance.now();
  const facts: ScopedDelta[] = [];
  for (let k = from; k < to; k++) facts.push(...answerAt(clinicId, month, k));
  const writes = countedTogether(facts);
  for (let i = 0; i < writes.length; i += 50) {
    const chunk = writes.slice(i, i + 50).map((w) => rawTx(w.item, tableName));
    await client.send(new TransactWriteItemsCommand({ TransactItems: chunk }));
  }
  return { answers: to - from, counterWrites: writes.length, ms: round(performance.now() - t, 1) };
}

/** What the generator put in `month` for answers 0..n-1 (to check the report against). */
function expectedAnswers(month: string, n: number): number {
  let answers = 0;
  for (let k = 0; k < n; k++) if (addMonths(month, -(k % MONTHS)) === month) answers++;
  return answers;
}

/** A clinic of the bench's own with its departments, written as the clinic repository stores them. */
async function benchClinicWithDepartments(store: Store, tableName: string, clinicId: string) {
  const put = (item: Record<string, unknown>) =>
    store.admin.send(new PutItemCommand({ TableName: tableName, Item: rawItem(item) }));
  await put(clinicItem(benchClinic(clinicId)));
  for (let d = 0; d < DEPARTMENTS; d++) {
    const prefix = 'ABCDEF'[d] as string;
    await put(
      departmentItem({ id: `${clinicId}-d${d}`, clinicId, name: `科室${d + 1}`, prefix, defaultServiceMinutes: 15 }),
    );
  }
}

export async function reports(store: Store) {
  const names = tableNames(`${BENCH_PREFIX}rp`);
  await ensureTables(store.admin, names);
  const tableName = names.main;
  const month = clinicMonth(new Date());
  // Two clinics in one table, 1,000 and 100,000 answers counted, measured in turn (twice), so that
  // the shared machine's load drifting over the run is seen as such, not as a difference of size.
  const clinics = { small: `${BENCH_PREFIX}-rsmall`, large: `${BENCH_PREFIX}-rlarge` };
  for (const c of Object.values(clinics)) await benchClinicWithDepartments(store, tableName, c);
  const seeded = {
    small: await seed(store.admin, tableName, clinics.small, month, 0, SMALL),
    large: await seed(store.admin, tableName, clinics.large, month, 0, LARGE),
  };
  const server = await startServerChild(
    { ...handlerEnv(store.dynamo.endpoint, names), BENCH_COUNT_STORE_OPS: '1' },
    'reports server child',
  );
  const { url, opsUrl } = server;
  if (!opsUrl) throw new Error('reports server child started without its counts endpoint');
  const api: Api = { agent: new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS }), base: new URL(url) };
  const agentCleanup = onCleanup('reports http agent', async () => api.agent.destroy());
  try {
    console.log(`• reports: fresh tables ${tableName}, a server child at ${url}`);
    // The group admin reads either clinic (a manager reads the same, for their own clinic only).
    const admin = await devLogin(api, { openid: `${BENCH_PREFIX}-radmin`, role: 'admin', clinicId: clinics.small });

    const measure = async (label: string, clinicId: string, answers: number) => {
      const path = `/v1/reports/satisfaction?month=${month}&clinicId=${clinicId}`;
      const op = async () => unexpected(await getJson(api, path, admin), 200);
      const probe = await getJson(api, path, admin);
      if (probe.status !== 200) throw new Error(`${path}: HTTP ${probe.status} ${probe.text.slice(0, 300)}`);
      const body = JSON.parse(probe.text) as {
        totals: { answers: number; invitations: number; nps: number | null };
        departments: unknown[];
        doctors: unknown[];
        trend: Array<{ answers: number }>;
      };
      const { result: sample, counts } = await opsDuring(opsUrl, () =>
        runLoad(`ops report (${label})`, { count: OPS_SAMPLE, concurrency: 8, maxMs: 60_000 }, op),
      );
      const c = counts as NonNullable<typeof counts>;
      await runLoad(`warm-up report (${label})`, { count: WARMUP, concurrency: CONNECTIONS, maxMs: WARMUP_MAX_MS }, op);
      const load = await runLoad(
        `GET /v1/reports/satisfaction (${label}, ${CONNECTIONS} conns)`,
        { count: COUNT, concurrency: CONNECTIONS, maxMs: MAX_MS },
        op,
      );
      const state = {
        answersCounted: answers,
        counterItemsInPartition: await partitionCount(store.admin, tableName, satisfactionKeys.partition(clinicId)),
        answer: {
          monthAnswers: body.totals.answers,
          expectedMonthAnswers: expectedAnswers(month, answers),
          invitations: body.totals.invitations,
          nps: body.totals.nps,
          departments: body.departments.length,
          doctors: body.doctors.length,
          trendAnswers: body.trend.map((t) => t.answers),
        },
        itemsReadPerRequest: round(c.itemsRead / sample.attempted, 2),
        commandsPerRequest: round(sumValues(c.commands) / sample.attempted, 3),
        perRequestByCommand: perEach(c.commands, sample.attempted, 3),
        sampleFailed: sample.failed,
        load,
      };
      console.log(
        `  ${label}: ${state.counterItemsInPartition} counter items; ${state.itemsReadPerRequest} items read and ${state.commandsPerRequest} store commands per request; p50 ${load.latencyMs.p50} / p99 ${load.latencyMs.p99} ms, ${load.opsPerSec.toFixed(1)} req/s`,
      );
      return state;
    };

    const rounds = [];
    for (const n of [1, 2]) {
      const small = await measure(`${SMALL.toLocaleString('en')} answers, round ${n}`, clinics.small, SMALL);
      const large = await measure(`${LARGE.toLocaleString('en')} answers, round ${n}`, clinics.large, LARGE);
      rounds.push({ small, large });
    }
    const all = rounds.flatMap((r) => [r.small, r.large]);
    return {
      setup: {
        table: tableName,
        clinics,
        month,
        spread: `answer k: visit month k mod ${MONTHS} back from ${month}, doctor floor(k / ${MONTHS}) mod ${DOCTORS} in department doctor mod ${DEPARTMENTS}; an unanswered invitation for every second answer; 1 in 11 low, 3 in 4 of those closed`,
        seeded,
        stored:
          "counter items only, written by countedTogether (the survey flow answerCounted/invitationCounted writes, added up); answer items are the survey flow's and are never read by the report",
        measure: `per clinic and round: ${OPS_SAMPLE} requests at 8 connections for commands and items read; then ${WARMUP} warm-up and ${COUNT} requests or ${MAX_MS / 1000} s at ${CONNECTIONS} keep-alive connections; rounds: small, large, small, large`,
      },
      rounds,
      itemsReadEqual: all.every((s) => s.itemsReadPerRequest === all[0]?.itemsReadPerRequest),
      commandsEqual: all.every((s) => s.commandsPerRequest === all[0]?.commandsPerRequest),
    };
  } finally {
    await server.stop();
    await agentCleanup.stop();
  }
}

export type ReportsResults = Awaited<ReturnType<typeof reports>>;

export function printReports(r: Outcome<ReportsResults>): void {
  console.log('\n=== satisfaction report: 1,000 vs 100,000 answers counted ===');
  if (failed(r)) {
    console.log(`  error: ${r.error}`);
    return;
  }
  const states = r.rounds.flatMap((x) => [x.small, x.large]);
  printLoads(states.map((s) => s.load) as LoadResult[]);
  const head = r.rounds.flatMap((_, i) => [`${SMALL} (round ${i + 1})`, `${LARGE} (round ${i + 1})`]);
  const row = (label: string, f: (s: (typeof states)[number]) => string) => [label, ...states.map(f)];
  console.log(
    table([
      ['answers counted', ...head],
      row('counter items in the clinic partition', (s) => String(s.counterItemsInPartition)),
      row(
        'answers of the month (report / generated)',
        (s) => `${s.answer.monthAnswers} / ${s.answer.expectedMonthAnswers}`,
      ),
      row('store items read per request', (s) => String(s.itemsReadPerRequest)),
      row('store commands per request', (s) => String(s.commandsPerRequest)),
      row('p50 / p99 ms', (s) => `${s.load.latencyMs.p50} / ${s.load.latencyMs.p99}`),
      row('requests per second', (s) => s.load.opsPerSec.toFixed(1)),
    ]),
  );
  console.log(`  items read equal: ${yesNo(r.itemsReadEqual)}, commands equal: ${yesNo(r.commandsEqual)}`);
}
