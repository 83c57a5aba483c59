import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { keyNamesOf, restore, restorePlan } from '../../bench/harness/restore';
import { attachRoundTripProbe, type RecordedRequest } from '../../bench/harness/round-trips';
import { config } from '../../functions/lib/config';
import { db } from '../../functions/lib/db';
import { GetCommand, PutCommand } from '../../functions/lib/store-client';

// The bench's bare store replays a load's recorded commands. On the items as the load left them a
// write over the version it read is refused (less work for the store than the write); with the
// items put back as the recording says they were, the same commands write again, as the load did.
const t = () => config.TABLE_NAME;
const names = () => keyNamesOf({ main: config.TABLE_NAME, idempotency: config.IDEMPOTENCY_TABLE_NAME });
const key = (id: string) => ({ pk: `RESTORE#${id}`, sk: 'X' });

/** One "request": reads its task, then writes it over the version read and creates a record of it. */
const finish = (id: string) => async () => {
  const read = await db.send(new GetCommand({ TableName: t(), Key: key(id) }));
  const v = (read.Item?.version as number | undefined) ?? 0;
  await db.send(
    new PutCommand({
      TableName: t(),
      Item: { ...key(id), version: v + 1, status: 'done' },
      ConditionExpression: 'version = :seen',
      ExpressionAttributeValues: { ':seen': v },
    }),
  );
  await db.send(
    new PutCommand({
      TableName: t(),
      Item: { ...key(`${id}-log`), by: id },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

/** Replays the recorded requests on the store client, round trip by round trip; answers the refusals. */
async function replay(requests: RecordedRequest[]): Promise<string[]> {
  const refused: string[] = [];
  for (const request of requests)
    for (const wave of request)
      for (const c of wave)
        await db.sendWire(c.command.replace(/Command$/, ''), c.input).catch((e: Error) => refused.push(e.name));
  return refused;
}

describe("putting back a load's items before the bare replay", () => {
  it('records what each read found and each refusal, and puts the items back so the same writes succeed', async () => {
    const id = `r${Date.now()}`;
    await db.send(new PutCommand({ TableName: t(), Item: { ...key(id), version: 3, status: 'open' } }));
    const request = new AsyncLocalStorage<number>();
    const probe = attachRoundTripProbe(db, 'testRestoreProbe', () => request.getStore());
    let recorded: RecordedRequest[];
    try {
      probe.recordRequests();
      await request.run(1, finish(id));
      // A request writing over version 3 after it: refused, and recorded so.
      await request.run(2, () =>
        db
          .send(
            new PutCommand({
              TableName: t(),
              Item: { ...key(id), version: 4 },
              ConditionExpression: 'version = :seen',
              ExpressionAttributeValues: { ':seen': 3 },
            }),
          )
          .catch(() => undefined),
      );
      recorded = probe.stopRecording();
    } finally {
      probe.detach();
    }
    const [first, second] = recorded;
    expect(first?.[0]?.[0]?.output).toEqual({
      Item: { pk: { S: `RESTORE#${id}` }, sk: { S: 'X' }, version: { N: '3' }, status: { S: 'open' } },
    });
    expect(second?.[0]?.[0]?.refused).toBe('ConditionalCheckFailedException');
    const load = recorded.slice(0, 1);
    // As the load left them: both writes refused.
    expect(await replay(load)).toEqual(['ConditionalCheckFailedException', 'ConditionalCheckFailedException']);
    const plan = restorePlan(load, names());
    expect(plan).toMatchObject({ requests: 1, left: 0 });
    await restore(db, plan);
    expect((await db.send(new GetCommand({ TableName: t(), Key: key(id) }))).Item).toMatchObject({ version: 3 });
    expect((await db.send(new GetCommand({ TableName: t(), Key: key(`${id}-log`) }))).Item).toBeUndefined();
    // Put back: the same commands write again, and leave the items as the load did.
    expect(await replay(load)).toEqual([]);
    expect((await db.send(new GetCommand({ TableName: t(), Key: key(id) }))).Item).toMatchObject({
      version: 4,
      status: 'done',
    });
    expect((await db.send(new GetCommand({ TableName: t(), Key: key(`${id}-log`) }))).Item).toMatchObject({ by: id });
  });
});
