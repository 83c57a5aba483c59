import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { config } from '../../functions/lib/config';
import { db } from '../../functions/lib/db';
import { keptInIdempotencyTable } from '../../functions/lib/idempotency';
import { bodyHash, scopedKeyHash } from '../../functions/lib/idempotency-key';
import { GetCommand, UpdateCommand } from '../../functions/lib/store-client';
import { AppError } from '../../shared/errors';

// An Idempotency-Key kept around the work (functions/lib/idempotency.ts, a route's `keptBy`), against
// DynamoDB Local: the work done once per key, whatever the timing of the retries.

const context = { awsRequestId: 'r-1', getRemainingTimeInMillis: () => 29_000 } as Context;
const scope = 'POST /v1/campaigns\nu_idem';
const request = (key: string, body: unknown = { name: '春季活动' }) => ({ key, scope, body, context });

/** Work that counts its runs and answers its run number. */
function counted(delayMs = 0) {
  let runs = 0;
  return {
    get runs() {
      return runs;
    },
    work: async () => {
      runs++;
      const n = runs;
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      return { status: 201, body: { run: n } };
    },
  };
}

const md5 = (s: string) => createHash('md5').update(s).digest('base64');
const recordOf = async (key: string) =>
  (
    await db.send(
      new GetCommand({
        TableName: config.IDEMPOTENCY_TABLE_NAME,
        Key: { id: `${process.env.AWS_LAMBDA_FUNCTION_NAME ?? ''}#${md5(JSON.stringify(scopedKeyHash(scope, key)))}` },
        ConsistentRead: true,
      }),
    )
  ).Item;

const codeOf = (e: unknown) => (e instanceof AppError ? e.code : String(e));

describe('an Idempotency-Key kept around the work', () => {
  it('does the work once: a retry gets the first answer, kept as Powertools kept it', async () => {
    const key = randomUUID();
    const w = counted();
    const first = await keptInIdempotencyTable(request(key), w.work);
    const retry = await keptInIdempotencyTable(request(key), w.work);
    expect(first).toEqual({ status: 201, body: { run: 1 } });
    expect(retry).toEqual(first);
    expect(w.runs).toBe(1);
    // Powertools' layout: its id and payload hashes, the answer as data, an expiry an hour on.
    const stored = await recordOf(key);
    expect(stored).toMatchObject({
      status: 'COMPLETED',
      validation: md5(JSON.stringify(bodyHash({ name: '春季活动' }))),
      data: { status: 201, body: { run: 1 } },
    });
    expect(stored?.expiration).toBeGreaterThan(Date.now() / 1000 + 3500);
  });

  it('does the work once when the same request is sent 5 times at once; the others wait or get its answer', async () => {
    const key = randomUUID();
    const w = counted(150);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => keptInIdempotencyTable(request(key), w.work)),
    );
    expect(w.runs).toBe(1);
    const answered = outcomes.filter((o) => o.status === 'fulfilled');
    expect(answered.length).toBeGreaterThanOrEqual(1);
    for (const o of answered) expect(o.value).toEqual({ status: 201, body: { run: 1 } });
    for (const o of outcomes) if (o.status === 'rejected') expect(codeOf(o.reason)).toBe('REQUEST_IN_PROGRESS');
    // Once done, any retry gets the answer.
    await expect(keptInIdempotencyTable(request(key), w.work)).resolves.toEqual({ status: 201, body: { run: 1 } });
  });

  it('refuses the same key with another body, during the work and after it', async () => {
    const key = randomUUID();
    const w = counted(150);
    const first = keptInIdempotencyTable(request(key), w.work);
    await new Promise((r) => setTimeout(r, 50));
    await expect(keptInIdempotencyTable(request(key, { name: '另一个活动' }), w.work)).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    await first;
    await expect(keptInIdempotencyTable(request(key, { name: '另一个活动' }), w.work)).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(w.runs).toBe(1);
  });

  it('gives the key back when the work fails, so a retry does it', async () => {
    const key = randomUUID();
    let tries = 0;
    const flaky = async () => {
      tries++;
      if (tries === 1) throw new AppError('RATE_LIMITED', '当前操作的人较多，请稍后重试');
      return { status: 201, body: { tries } };
    };
    await expect(keptInIdempotencyTable(request(key), flaky)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(await recordOf(key)).toBeUndefined();
    await expect(keptInIdempotencyTable(request(key), flaky)).resolves.toEqual({ status: 201, body: { tries: 2 } });
  });

  it('takes over a key held by a function that ended mid-work, once its time is up', async () => {
    const key = randomUUID();
    const stuck = counted();
    // A function that took the key and ended (timed out) before finishing: its hold runs out.
    const short = { ...context, getRemainingTimeInMillis: () => 100 } as Context;
    void keptInIdempotencyTable({ ...request(key), context: short }, () => new Promise<never>(() => {}));
    await new Promise((r) => setTimeout(r, 50));
    await expect(keptInIdempotencyTable(request(key), stuck.work)).rejects.toMatchObject({
      code: 'REQUEST_IN_PROGRESS',
    });
    await new Promise((r) => setTimeout(r, 100));
    await expect(keptInIdempotencyTable(request(key), stuck.work)).resolves.toEqual({ status: 201, body: { run: 1 } });
  });

  it('treats an expired record as free', async () => {
    const key = randomUUID();
    const w = counted();
    await keptInIdempotencyTable(request(key), w.work);
    const stored = await recordOf(key);
    await db.send(
      new UpdateCommand({
        TableName: config.IDEMPOTENCY_TABLE_NAME,
        Key: { id: stored?.id },
        UpdateExpression: 'SET expiration = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    await expect(keptInIdempotencyTable(request(key), w.work)).resolves.toEqual({ status: 201, body: { run: 2 } });
  });

  it('refuses a key over 128 characters before any work', async () => {
    const w = counted();
    await expect(keptInIdempotencyTable(request('k'.repeat(129)), w.work)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(w.runs).toBe(0);
  });
});
