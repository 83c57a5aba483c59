import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { mainTable } from '../../functions/table-def';
import { localClient } from '../../scripts/local/dynamo';
import { ensureTables } from '../../scripts/local/tables';

describe('the local table set-up', () => {
  it('adds the indexes a data folder from an older version lacks, and they become active', async () => {
    const client = localClient(process.env.DYNAMO_ENDPOINT ?? '');
    const prefix = `old${Date.now().toString(36)}`;
    const names = { main: `${prefix}-main`, idempotency: `${prefix}-idempotency` };
    await client.send(
      new CreateTableCommand({
        TableName: names.main,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    const created = await ensureTables(client, names);
    expect(created).toContain(names.idempotency);
    expect(created).toContain(`${names.main} index byOutboxDue`);
    const t = await client.send(new DescribeTableCommand({ TableName: names.main }));
    const indexes = t.Table?.GlobalSecondaryIndexes ?? [];
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(mainTable.indexes.map((i) => i.name).sort());
    expect(indexes.every((i) => i.IndexStatus === 'ACTIVE')).toBe(true);
    expect(await ensureTables(client, names)).toEqual([]);
    client.destroy();
  }, 120_000);
});
