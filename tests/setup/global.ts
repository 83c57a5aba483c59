import type { TestProject } from 'vitest/node';
import { localClient, startDynamo } from '../../scripts/local/dynamo';
import { ensureH5Build } from '../../scripts/local/h5';
import { ensureTables, tableNames } from '../../scripts/local/tables';
import { testEnv } from './test-env';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** True when this run includes the browser tests (no file filter, or one naming e2e). */
function runsBrowserTests(): boolean {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('-') && a !== 'run' && !a.endsWith('vitest'));
  return args.length === 0 || args.some((a) => a.includes('e2e'));
}

/**
 * Once for the whole run, before any test file: DynamoDB Local (in memory) with the tables, and —
 * when browser tests run — the H5 build and the demo data, so parallel test files never build or
 * seed at the same moment.
 */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dynamo = await startDynamo();
  const client = localClient(dynamo.endpoint);
  await ensureTables(client, tableNames('test'));
  client.destroy();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  if (runsBrowserTests()) {
    await ensureH5Build((line) => console.info(line));
    Object.assign(process.env, testEnv(dynamo.endpoint));
    const { seedOnce } = await import('../../scripts/local/seed');
    await seedOnce();
  }
  return async () => {
    await dynamo.stop();
  };
}
