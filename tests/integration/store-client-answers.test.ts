import { describe, expect, it } from 'vitest';
import { config } from '../../functions/lib/config';
import { db } from '../../functions/lib/db';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  StoreError,
  TransactWriteCommand,
} from '../../functions/lib/store-client';

// The functions' store client (functions/lib/store-client.ts) against DynamoDB Local: what the store
// answers (refusals included) comes back as plain values, as lib-dynamodb gave it.

describe('the store client against DynamoDB Local', () => {
  const t = config.TABLE_NAME;
  const pk = `STORECLIENT#${Date.now()}`;

  it('answers a failed condition with the stored item, as plain values', async () => {
    await db.send(new PutCommand({ TableName: t, Item: { pk, sk: 'A', n: 1, tags: new Set(['x']) } }));
    const e = await db
      .send(
        new PutCommand({
          TableName: t,
          Item: { pk, sk: 'A', n: 2 },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(StoreError);
    expect(e).toMatchObject({ name: 'ConditionalCheckFailedException', Item: { pk, sk: 'A', n: 1 } });
    expect((e as { Item: { tags: Set<string> } }).Item.tags).toEqual(new Set(['x']));
  });

  it("answers a cancelled transaction with each item's reason and the stored item", async () => {
    await db.send(new PutCommand({ TableName: t, Item: { pk, sk: 'T', state: 'taken' } }));
    const e = await db
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: t, Item: { pk, sk: 'T2', state: 'new' } } },
            {
              Update: {
                TableName: t,
                Key: { pk, sk: 'T' },
                UpdateExpression: 'SET #s = :s',
                ConditionExpression: '#s = :free',
                ExpressionAttributeNames: { '#s': 'state' },
                ExpressionAttributeValues: { ':s': 'mine', ':free': 'free' },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      )
      .catch((err: unknown) => err);
    expect(e).toMatchObject({
      name: 'TransactionCanceledException',
      CancellationReasons: [
        { Code: 'None' },
        { Code: 'ConditionalCheckFailed', Item: { pk, sk: 'T', state: 'taken' } },
      ],
    });
    await expect(db.send(new GetCommand({ TableName: t, Key: { pk, sk: 'T2' } }))).resolves.not.toHaveProperty('Item');
  });

  it('reads a batch and pages a query, keys back as plain values', async () => {
    for (const sk of ['Q1', 'Q2', 'Q3']) await db.send(new PutCommand({ TableName: t, Item: { pk, sk, n: 1 } }));
    const batch = await db.send(
      new BatchGetCommand({
        RequestItems: {
          [t]: {
            Keys: [
              { pk, sk: 'Q1' },
              { pk, sk: 'Q3' },
              { pk, sk: 'none' },
            ],
            ConsistentRead: true,
          },
        },
      }),
    );
    expect(batch.Responses?.[t]?.map((i) => i.sk).sort()).toEqual(['Q1', 'Q3']);
    const page = (ExclusiveStartKey?: Record<string, unknown>) =>
      db.send(
        new QueryCommand({
          TableName: t,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :q)',
          ExpressionAttributeValues: { ':p': pk, ':q': 'Q' },
          Limit: 2,
          ExclusiveStartKey,
        }),
      );
    const first = await page();
    expect(first.Items?.map((i) => i.sk)).toEqual(['Q1', 'Q2']);
    expect(first.LastEvaluatedKey).toEqual({ pk, sk: 'Q2' });
    const second = await page(first.LastEvaluatedKey);
    expect(second.Items?.map((i) => i.sk)).toEqual(['Q3']);
  });
});
