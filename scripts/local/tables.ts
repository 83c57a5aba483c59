import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
  PutItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { bookedDaysCompleteItem, revisitBookedCompleteItem } from '../../functions/booking/booked-days-keys';
import { plannedDaysSinceItem } from '../../functions/messaging/planned-days-keys';
import { type TableDef, tables } from '../../functions/table-def';

/** Local table names for the one table definition. */
export function tableNames(prefix = 'patientloop'): Record<TableDef['id'], string> {
  return { main: `${prefix}-main`, idempotency: `${prefix}-idempotency` };
}

/** Creates the tables that are missing, from the same definition the CDK stack uses. */
export async function ensureTables(client: DynamoDBClient, names: Record<TableDef['id'], string>): Promise<string[]> {
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  const created: string[] = [];
  for (const def of tables) {
    const name = names[def.id];
    if (existing.has(name)) {
      created.push(...(await addMissingIndexes(client, name, def)));
      continue;
    }
    await createTable(client, name, def);
    // A table made empty holds no booking from before booked days were kept, no visit from before
    // revisit marks were kept (booked-days-keys.ts), and no planner's run from before planned days
    // were kept (planned-days-keys.ts).
    if (def.id === 'main') {
      for (const item of [bookedDaysCompleteItem, revisitBookedCompleteItem, plannedDaysSinceItem]) {
        await client.send(new PutItemCommand({ TableName: name, Item: marshall(item) }));
      }
    }
    created.push(name);
  }
  return created;
}

/** Creates one table of the definition, with its indexes and time-to-live. */
export async function createTable(client: DynamoDBClient, name: string, def: TableDef): Promise<void> {
  const attrs = new Set([def.partitionKey, def.sortKey, ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attrs]
        .filter((a): a is string => Boolean(a))
        .map((a) => ({ AttributeName: a, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: def.partitionKey, KeyType: 'HASH' },
        ...(def.sortKey ? [{ AttributeName: def.sortKey, KeyType: 'RANGE' as const }] : []),
      ],
      GlobalSecondaryIndexes: def.indexes.length ? def.indexes.map(indexSpec) : undefined,
    }),
  );
  if (def.ttlAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true },
      }),
    );
  }
}

const indexSpec = (i: TableDef['indexes'][number]) => ({
  IndexName: i.name,
  KeySchema: [
    { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

/** Building an index on a busy machine can take a while; past this the set-up stops with a clear error. */
const INDEX_BUILD_LIMIT_MS = 5 * 60_000;

/** Waits until every index of the table is active (none still being built). */
async function indexesActive(client: DynamoDBClient, name: string): Promise<void> {
  const until = Date.now() + INDEX_BUILD_LIMIT_MS;
  for (;;) {
    const t = await client.send(new DescribeTableCommand({ TableName: name }));
    const building = (t.Table?.GlobalSecondaryIndexes ?? []).filter((x) => x.IndexStatus !== 'ACTIVE');
    if (building.length === 0) return;
    if (Date.now() > until)
      throw new Error(`${name}: index ${building.map((b) => b.IndexName).join(', ')} still not active after 5 minutes`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * A data folder made by an older version lacks the indexes added since: add them (one at a time, as
 * DynamoDB allows) and wait until each is active. Items written before keep no index entry.
 */
async function addMissingIndexes(client: DynamoDBClient, name: string, def: TableDef): Promise<string[]> {
  const described = await client.send(new DescribeTableCommand({ TableName: name }));
  const have = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const added: string[] = [];
  for (const i of def.indexes.filter((x) => !have.has(x.name))) {
    // DynamoDB builds one new index of a table at a time: wait for the one before to finish.
    await indexesActive(client, name);
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: [i.partitionKey, i.sortKey].map((a) => ({ AttributeName: a, AttributeType: 'S' })),
        GlobalSecondaryIndexUpdates: [{ Create: indexSpec(i) }],
      }),
    );
    added.push(`${name} index ${i.name}`);
  }
  await indexesActive(client, name);
  return added;
}
