/**
 * DynamoDB Local for the run, its tables, and the three clients of this process: `admin` (set-up,
 * counts), `fill` (the bulk fills), and `bare` (the bare-store figures): a fresh store client of the
 * kind the functions use (functions/lib/store-client.ts) with its own connections and no retries, so
 * that it measures the store and the wire, and nothing of ours above them.
 */
import http from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { StoreClient } from '../../functions/lib/store-client';
import { type LocalDynamo, startDynamo } from '../../scripts/local/dynamo';
import { ensureTables, tableNames } from '../../scripts/local/tables';
import { BENCH_PREFIX, CONCURRENCY, REQUEST_TIMEOUT_MS } from './config';
import { onCleanup } from './processes';
import { handlerEnv } from './server';

export interface Store {
  dynamo: LocalDynamo;
  names: ReturnType<typeof tableNames>;
  /** The handlers' environment for these tables. */
  env: NodeJS.ProcessEnv;
  admin: DynamoDBClient;
  fill: DynamoDBClient;
  bare: StoreClient;
  /** Stops the clients and DynamoDB Local (to free the CPUs for the builds). */
  stop: () => Promise<void>;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function startStore(): Promise<Store> {
  console.log('• starting DynamoDB Local (in memory) ...');
  const dynamo = await startDynamo();
  const stopDynamo = onCleanup('DynamoDB Local', () => dynamo.stop());
  const names = tableNames(BENCH_PREFIX);
  const admin = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'local', credentials });
  await ensureTables(admin, names);
  console.log(`  ${dynamo.endpoint}, tables ${names.main}, ${names.idempotency}`);
  const fillAgent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const fill = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials,
    maxAttempts: 1,
    requestHandler: { httpAgent: fillAgent, requestTimeout: REQUEST_TIMEOUT_MS },
  });
  const bare = new StoreClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials,
    maxAttempts: 1,
    maxSockets: CONCURRENCY,
  });
  const stopClients = onCleanup('store clients', async () => {
    bare.destroy();
    fill.destroy();
    admin.destroy();
  });
  const stop = async () => {
    await stopClients.stop();
    await stopDynamo.stop();
  };
  return { dynamo, names, env: handlerEnv(dynamo.endpoint, names), admin, fill, bare, stop };
}

/**
 * This process's repositories read their configuration when first imported: bind them to the run's
 * store before importing anything of `functions/` (the sections are imported after this).
 */
export function bindRepositories(env: NodeJS.ProcessEnv): void {
  Object.assign(process.env, env);
}
