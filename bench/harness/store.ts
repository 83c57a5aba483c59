/**
 * DynamoDB Local for the run, its tables, and the two clients of this process: `admin` (set-up,
 * counts) and `bare` (the bare-store figures and the bulk fills), a fresh client with its own
 * keep-alive agent and no retries, so that it measures the store and nothing else.
 */
import http from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
  bare: DynamoDBClient;
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
  const bareAgent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const bare = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials,
    maxAttempts: 1,
    requestHandler: { httpAgent: bareAgent, requestTimeout: REQUEST_TIMEOUT_MS },
  });
  const stopClients = onCleanup('store clients', async () => {
    bare.destroy();
    admin.destroy();
  });
  const stop = async () => {
    await stopClients.stop();
    await stopDynamo.stop();
  };
  return { dynamo, names, env: handlerEnv(dynamo.endpoint, names), admin, bare, stop };
}

/**
 * This process's repositories read their configuration when first imported: bind them to the run's
 * store before importing anything of `functions/` (the sections are imported after this).
 */
export function bindRepositories(env: NodeJS.ProcessEnv): void {
  Object.assign(process.env, env);
}
