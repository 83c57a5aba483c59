import { describe, expect, it } from 'vitest';
import { ownTables } from '../support/own-tables';

// The daily planners write a page's messages with BatchWriteItem, which takes no condition: a message
// is planned once because runs of one job take turns (the job's run lease) and each run reads which
// ids exist before writing the others. A run holding a lease here would hold up other files' runs of
// the same job: this file has tables of its own.
await ownTables('lease');

const { ScanCommand } = await import('../../functions/lib/store-client');
const { db, tableName } = await import('../../functions/lib/db');
const { batchPut } = await import('../../functions/lib/batch');
const { takeRunLease } = await import('../../functions/messaging/job-state-repository');
const { getMessage, messageId, queueMessage } = await import('../../functions/messaging/outbox-repository');
const { planCounts, planMessages, underRunLease } = await import('../../functions/messaging/planning');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const at = '2044-05-06T09:00:00+08:00';
const greeting = (patientId: string, text: string) => ({
  id: messageId('birthday', patientId, '2044'),
  kind: 'birthday' as const,
  patientId,
  clinicId: 'c_lease',
  occasion: '2044',
  marketing: true,
  text,
  dueAt: at,
  createdAt: at,
});

describe("a planner's run lease", () => {
  it('lets runs of one job take turns: three at once never overlap, and each one runs', async () => {
    const spans: { start: number; end: number }[] = [];
    await Promise.all(
      [1, 2, 3].map(() =>
        underRunLease('birthday-greeting', async () => {
          const start = performance.now();
          await sleep(150);
          spans.push({ start, end: performance.now() });
        }),
      ),
    );
    expect(spans).toHaveLength(3);
    spans.sort((a, b) => a.start - b.start);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
  });

  it('is given back by a run that failed, and taken from a run that died once its lease ends', async () => {
    await expect(
      underRunLease('holiday-greeting', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const t0 = performance.now();
    await underRunLease('holiday-greeting', async () => undefined);
    expect(performance.now() - t0).toBeLessThan(1_000);

    // A run that died holding the lease (never given back), for 400 ms.
    expect(await takeRunLease('revisit-reminder', 'lease_dead', 400)).toBe(true);
    const t1 = performance.now();
    await underRunLease('revisit-reminder', async () => undefined);
    expect(performance.now() - t1).toBeGreaterThanOrEqual(300);
  });

  it('plans each id once: ids queued already are counted and left as they are, the others queued', async () => {
    const old = greeting('p_lease_old', '旧的祝福');
    expect(await queueMessage(old)).toBe(true);
    const counts = planCounts({});
    await underRunLease('birthday-greeting', (run) =>
      planMessages(run, counts, [
        greeting('p_lease_old', '新的祝福'),
        greeting('p_lease_new', '新的祝福'),
        greeting('p_lease_new', '新的祝福'),
      ]),
    );
    expect(counts).toMatchObject({ planned: 1, alreadyPlanned: 1 });
    expect(await getMessage(old.id)).toMatchObject({ text: '旧的祝福', status: 'queued', history: [{ at }] });
    expect(await getMessage(messageId('birthday', 'p_lease_new', '2044'))).toMatchObject({
      text: '新的祝福',
      status: 'queued',
    });
  });
});

describe('batchPut', () => {
  it('throws only once every call in flight has ended: nothing is still being written after it', async () => {
    const good = (i: number) => ({ pk: `LEASEBATCH#${i}`, sk: 'X', type: 'leaseBatch' });
    // The first call fails at once (an item without its sort key); the other calls are in flight.
    const first = [
      { pk: 'LEASEBATCH#bad', type: 'leaseBatch' },
      ...Array.from({ length: 24 }, (_, i) => good(1000 + i)),
    ];
    const items = [...first, ...Array.from({ length: 25 * 7 }, (_, i) => good(i))];
    await expect(batchPut(items)).rejects.toThrow();
    const written = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#t = :t',
        ExpressionAttributeNames: { '#t': 'type' },
        ExpressionAttributeValues: { ':t': 'leaseBatch' },
      }),
    );
    // Eight calls started at once: the failed one wrote nothing, the seven others all they had.
    expect(written.Items).toHaveLength(25 * 7);
  });
});
