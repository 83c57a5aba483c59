import type { TestProject } from 'vitest/node';
import { localClient, startDynamo } from '../../scripts/local/dynamo';
import { ensureTables, tableNames } from '../../scripts/local/tables';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** One DynamoDB Local (in memory) for the whole run: integration tests talk to it over the wire. */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dynamo = await startDynamo();
  const client = localClient(dynamo.endpoint);
  await ensureTables(client, tableNames('test'));
  client.destroy();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
