/**
 * The satisfaction report (GET /v1/reports/satisfaction, the manager) with 1,000 and with 100,000
 * answers' worth of counters, on fresh tables of the same DynamoDB Local and a server child of its
 * own: latency under load, and store commands and items read per request. The counters are seeded
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

export async function reports(store: Store) {
  const names = tableNames(`${BENCH_PREFIX}rp`);
  await ensureTables(store.admin, names);
  const tableName = names.main;
  const month = clinicMonth(new Date());
  const clinicId = `${BENCH_PREFIX}-rclinic`;
  await store.admin.send(
    new PutItemCommand({ TableName: tableName, Item: rawItem(clinicItem(benchClinic(clinicId))) }),
  );
  for (let d = 0; d < DEPARTMENTS; d++) {
    const dept = {
      id: `${clinicId}-d${d}`,
      clinicId,
      name: `科室${d + 1}`,
      prefix: 'ABCDEF'[d] as string,
      defaultServiceMinutes: 15,
    };
    await store.admin.send(new PutItemCommand({ TableName: tableName, Item: rawItem(departmentItem(dept)) }));
  }
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
    const manager = await devLogin(api, { openid: `${BENCH_PREFIX}-rmanager`, role: 'manager', clinicId });
    const path = `/v1/reports/satisfaction?month=${month}&clinicId=${clinicId}`;
    const op = async () => unexpected(await getJson(api, path, manager), 200);

    const measure = async (label: string, seeded: number) => {
      const probe = await getJson(api, path, manager);
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
        answersSeeded: seeded,
        counterItemsInPartition: await partitionCount(store.admin, tableName, satisfactionKeys.partition(clinicId)),
        answer: {
          monthAnswers: body.totals.answers,
          expectedMonthAnswers: expectedAnswers(month, seeded),
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

    const seedSmall = await seed(store.admin, tableName, clinicId, month, 0, SMALL);
    const small = await measure(`${SMALL.toLocaleString('en')} answers`, SMALL);
    const seedLarge = await seed(store.admin, tableName, clinicId, month, SMALL, LARGE);
    const large = await measure(`${LARGE.toLocaleString('en')} answers`, LARGE);
    return {
      setup: {
        table: tableName,
        clinicId,
        month,
        spread: `answer k: visit month k mod ${MONTHS} back from ${month}, doctor floor(k / ${MONTHS}) mod ${DOCTORS} in department doctor mod ${DEPARTMENTS}; an unanswered invitation for every second answer; 1 in 11 low, 3 in 4 of those closed`,
        seeded: { small: seedSmall, large: seedLarge },
        measure: `${OPS_SAMPLE} requests at 8 connections for commands and items read; then ${WARMUP} warm-up and ${COUNT} requests or ${MAX_MS / 1000} s at ${CONNECTIONS} keep-alive connections`,
      },
      small,
      large,
      itemsReadEqual: small.itemsReadPerRequest === large.itemsReadPerRequest,
      commandsEqual: small.commandsPerRequest === large.commandsPerRequest,
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
  const { small, large } = r;
  printLoads([small.load, large.load] as LoadResult[]);
  const row = (label: string, f: (s: typeof small) => string) => [label, f(small), f(large)];
  console.log(
    table([
      ['', `${SMALL} answers`, `${LARGE} answers`],
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
