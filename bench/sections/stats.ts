/**
 * Monthly stats with ~1,000 and with ~100,000 patients in the table, on fresh tables of the same
 * DynamoDB Local and a second server child: GET /v1/stats/monthly (the marketer) and
 * GET /v1/stats/channels (the manager), their latency and store commands per request.
 */
import http from 'node:http';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { clinicItem } from '../../functions/clinics/clinic-repository';
import { patientKey, phoneKey } from '../../functions/patients/patient-repository';
import { counterKeys } from '../../functions/stats/counter-repository';
import { ensureTables, tableNames } from '../../scripts/local/tables';
import { clinicDate } from '../../shared/dates';
import { BENCH_PREFIX, SETUP_CONCURRENCY, WARMUP_MAX_MS } from '../harness/config';
import { benchClinic, FILL_NAMES, nextPhone } from '../harness/fixtures';
import { type Api, createdId, devLogin, getJson, postJson, unexpected } from '../harness/http';
import { countTypes, type Item, itemBytes, partitionCount } from '../harness/items';
import { type LoadResult, runLoad } from '../harness/load';
import { measureOps, type OpsMeasurement, sameOpsPerCommand } from '../harness/ops';
import { onCleanup } from '../harness/processes';
import { handlerEnv, startServerChild } from '../harness/server';
import type { Store } from '../harness/store';
import { getRaw, rawItem } from '../harness/stored';
import { fillPatients } from './stats-fill';

const STATS_PATIENTS = 1000;
const STATS_CREATE_MAX_MS = 90_000;
const STATS_CONNECTIONS = 50;
const STATS_WARMUP = 300;
const STATS_COUNT = 30_000;
const STATS_MONTHLY_MAX_MS = 15_000;
const STATS_CHANNELS_MAX_MS = 10_000;
const STATS_OPS_SAMPLE = 100;

interface EndpointMeasurement {
  ops: OpsMeasurement | { error: string };
  load: LoadResult;
  /** What the probed response held (a sanity check that both states answer the same question). */
  answer: Record<string, unknown>;
}

interface Probe {
  what: string;
  path: string;
  token: string;
  maxMs: number;
  answerOf: (body: Record<string, unknown>) => Record<string, unknown>;
}

/** One endpoint: a probe, its store commands over a fixed sample, then its latency under load. */
async function measureEndpoint(api: Api, opsUrl: string, p: Probe, label: string, patients: number, how: string) {
  const op = async () => unexpected(await getJson(api, p.path, p.token), 200);
  const probe = await getJson(api, p.path, p.token);
  if (probe.status !== 200) throw new Error(`${p.path}: HTTP ${probe.status} ${probe.text.slice(0, 300)}`);
  const answer = p.answerOf(JSON.parse(probe.text) as Record<string, unknown>);
  const ops = await measureOps(
    opsUrl,
    `ops ${p.what}`,
    { count: STATS_OPS_SAMPLE, concurrency: 8, maxMs: 60_000 },
    op,
    {
      ticketsInTable: patients,
      ticketsInTableHow: how,
      waitingInQueue: 0,
    },
  );
  await runLoad(`warm-up ${p.what}`, { count: STATS_WARMUP, concurrency: STATS_CONNECTIONS, maxMs: WARMUP_MAX_MS }, op);
  const load = await runLoad(
    `${p.what} (${label}, ${STATS_CONNECTIONS} conns)`,
    { count: STATS_COUNT, concurrency: STATS_CONNECTIONS, maxMs: p.maxMs },
    op,
  );
  console.log(
    `  ${p.what}: ${load.opsPerSec.toFixed(1)} req/s, p50 ${load.latencyMs.p50} / p95 ${load.latencyMs.p95} / p99 ${load.latencyMs.p99} ms, ${ops.opsPerRequest} store commands per request`,
  );
  return { ops, load, answer } satisfies EndpointMeasurement;
}

export async function stats(store: Store) {
  const { admin, fill: fillClient } = store;
  const names = tableNames(`${BENCH_PREFIX}st`);
  await ensureTables(admin, names);
  const table = names.main;
  const today = clinicDate(new Date());
  const month = today.slice(0, 7);
  const clinicId = `${BENCH_PREFIX}-clinic`;
  // The bench clinic as the clinic repository stores it (this process's repositories are bound to
  // the visit-day tables, so it is written here with the raw client).
  await admin.send(new PutItemCommand({ TableName: table, Item: rawItem(clinicItem(benchClinic(clinicId))) }));

  const env = { ...handlerEnv(store.dynamo.endpoint, names), BENCH_COUNT_STORE_OPS: '1' };
  const server = await startServerChild(env, 'stats server child');
  const { url, opsUrl } = server;
  if (!opsUrl) throw new Error('stats server child started without its counts endpoint');
  const api: Api = { agent: new http.Agent({ keepAlive: true, maxSockets: STATS_CONNECTIONS }), base: new URL(url) };
  const agentCleanup = onCleanup('stats http agent', async () => api.agent.destroy());
  try {
    console.log(`• stats: fresh tables ${table} (same DynamoDB Local), a second server child at ${url}`);
    const login = (openid: string, role: string) => devLogin(api, { openid, role, clinicId });
    const marketer = await login(`${BENCH_PREFIX}-marketer`, 'marketing');
    const manager = await login(`${BENCH_PREFIX}-manager`, 'manager');

    console.log(`• stats: ${STATS_PATIENTS} patients through POST /v1/patients as the marketer (channel street) ...`);
    const createdIds: string[] = [];
    const create = await runLoad(
      'create patient POST /v1/patients (setup)',
      { count: STATS_PATIENTS, concurrency: SETUP_CONCURRENCY, maxMs: STATS_CREATE_MAX_MS },
      async (i) => {
        const name = FILL_NAMES[i % FILL_NAMES.length] as string;
        const res = await postJson(api, '/v1/patients', { name, phone: nextPhone(), channel: 'street' }, marketer);
        const failure = unexpected(res, 201);
        if (!failure) createdIds.push(createdId(res));
        return failure;
      },
    );
    console.log(
      `  ${create.succeeded} created, ${create.failed} failed${create.failed ? ` ${JSON.stringify(create.failures)}` : ''}, ${create.opsPerSec.toFixed(1)}/s`,
    );
    const sampleId = createdIds[0];
    if (!sampleId) throw new Error(`no patient created: ${JSON.stringify(create.failures)}`);
    const patientItem = await getRaw(admin, table, patientKey(sampleId));
    if (!patientItem) throw new Error(`patient ${sampleId} not found`);
    const marketerId = patientItem.ownerStaffId?.S;
    const hash = patientItem.phoneHash?.S;
    if (!marketerId || !hash) throw new Error('the created patient has no ownerStaffId or phoneHash');
    const guardItem: Item | undefined = await getRaw(admin, table, phoneKey(hash));

    const probes: Probe[] = [
      {
        what: 'GET /v1/stats/monthly (marketer)',
        path: `/v1/stats/monthly?month=${month}`,
        token: marketer,
        maxMs: STATS_MONTHLY_MAX_MS,
        answerOf: (b) => ({
          totals: b.totals,
          daysWithRecords: (b.days as Array<{ newRecords: number }>).filter((d) => d.newRecords > 0).length,
          staffId: b.staffId,
        }),
      },
      {
        what: 'GET /v1/stats/channels (manager)',
        path: `/v1/stats/channels?month=${month}`,
        token: manager,
        maxMs: STATS_CHANNELS_MAX_MS,
        answerOf: (b) => ({
          channels: (b.channels as Array<{ channel: string; newRecords: number }>).map(
            (c) => `${c.channel} ${c.newRecords}`,
          ),
          campaigns: (b.campaigns as unknown[]).length,
        }),
      },
    ];
    const measureState = async (label: string) => {
      const counted = await countTypes(admin, table, ['patient', 'counter']);
      const patients = { count: counted.counts.patient ?? 0, complete: counted.complete };
      const counters = counted.counts.counter ?? 0;
      const partitions = {
        staffPartitionItems: await partitionCount(admin, table, counterKeys.staff(clinicId, month)),
        channelPartitionItems: await partitionCount(admin, table, counterKeys.channel(clinicId, month)),
        clinicPartitionItems: await partitionCount(admin, table, counterKeys.clinic(clinicId, month)),
      };
      console.log(
        `• stats (${label}): ${patients.count} patient items${patients.complete ? '' : ' (count scan timed out: at least)'}, ${counters} counter items; ${month} partitions: staff ${partitions.staffPartitionItems}, channel ${partitions.channelPartitionItems}, clinic ${partitions.clinicPartitionItems} items`,
      );
      const how = `patients: Scan Select COUNT type = patient${patients.complete ? '' : ' (timed out: lower bound)'}`;
      const monthly = await measureEndpoint(api, opsUrl, probes[0] as Probe, label, patients.count, how);
      const channels = await measureEndpoint(api, opsUrl, probes[1] as Probe, label, patients.count, how);
      return { patients, counters, partitions, monthly, channels };
    };

    const small = await measureState('~1,000 patients');
    const fill = await fillPatients(fillClient, table, { patientItem, guardItem, marketerId, clinicId, today });
    const large = await measureState('~100,000 patients');
    return {
      setup: {
        table,
        server:
          'a second server child (bench/server-child.ts, BENCH_COUNT_STORE_OPS=1) on fresh tables of the same DynamoDB Local; the visit-day tables were deleted first',
        clinicId,
        month,
        marketerStaffId: marketerId,
        patientsCreated: {
          ok: create.succeeded,
          failed: create.failed,
          failures: create.failures,
          perSec: create.opsPerSec,
        },
        measure: `${STATS_OPS_SAMPLE} requests at 8 connections for the store-command count; then ${STATS_WARMUP} warm-up and ${STATS_COUNT} requests or ${STATS_MONTHLY_MAX_MS / 1000} s (monthly) / ${STATS_CHANNELS_MAX_MS / 1000} s (channels) at ${STATS_CONNECTIONS} keep-alive connections`,
        patientItemBytes: itemBytes(patientItem),
        guardItemBytes: guardItem ? itemBytes(guardItem) : null,
      },
      small,
      fill,
      large,
      monthlyOpsEqual: sameOpsPerCommand(small.monthly.ops, large.monthly.ops),
      channelsOpsEqual: sameOpsPerCommand(small.channels.ops, large.channels.ops),
    };
  } finally {
    // Free the CPUs before the builds and the import timings.
    await server.stop();
    await agentCleanup.stop();
  }
}

export type StatsResults = Awaited<ReturnType<typeof stats>>;
