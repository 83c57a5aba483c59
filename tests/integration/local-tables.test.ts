import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainTable } from '../../functions/table-def';
import { type LocalDynamo, localClient, startDynamo } from '../../scripts/local/dynamo';
import { createTable, ensureTables } from '../../scripts/local/tables';

// A DynamoDB Local of its own: on the shared one, an index added to an existing table is built in the
// background behind every other test file's writes (the chaos test's 10,000 messages), which starved it.
let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynamo();
}, 120_000);
afterAll(() => dynamo?.stop());

describe('the local table set-up', () => {
  it('adds the indexes a data folder from an older version lacks, and they become active', async () => {
    const client = localClient(dynamo.endpoint);
    const prefix = `old${Date.now().toString(36)}`;
    const names = { main: `${prefix}-main`, idempotency: `${prefix}-idempotency` };
    // A data folder of the version before the message centre: every index but the two added since.
    const newer = ['byOutboxDue', 'byClinicDay'];
    await createTable(client, names.main, {
      ...mainTable,
      indexes: mainTable.indexes.filter((x) => !newer.includes(x.name)),
    });
    const created = await ensureTables(client, names);
    expect([...created].sort()).toEqual(
      [names.idempotency, `${names.main} index byClinicDay`, `${names.main} index byOutboxDue`].sort(),
    );
    const t = await client.send(new DescribeTableCommand({ TableName: names.main }));
    const indexes = t.Table?.GlobalSecondaryIndexes ?? [];
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(mainTable.indexes.map((i) => i.name).sort());
    expect(indexes.every((i) => i.IndexStatus === 'ACTIVE')).toBe(true);
    expect(await ensureTables(client, names)).toEqual([]);
    client.destroy();
  }, 120_000);
});
