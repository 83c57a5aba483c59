import { describe, expect, it } from 'vitest';
import { ownTables } from '../support/own-tables';

// The daily planners write a page's messages with BatchWriteItem, which takes no condition: a message
// is planned once because runs of one job take turns (the job's run lease) and each run reads which
// ids exist before writing the others. A run holding a lease here would hold up other files' runs of
// the same job: this file has tables of its own.
await ownTables('lease');

const { DeleteCommand, ScanCommand } = await import('../../functions/lib/store-client');
const { db, tableName } = await import('../../functions/lib/db');
const { batchPut } = await import('../../functions/lib/batch');
const { firstRunOfDay, takeRunLease } = await import('../../functions/messaging/job-state-repository');
const { getMessage, messageId, queueMessage } = await import('../../functions/messaging/outbox-repository');
const { plannedDaysSinceItem, plannedDaysSinceKey } = await import('../../functions/messaging/planned-days-keys');
const { onPlanStep, planCounts, planMessages, underRunLease } = await import('../../functions/messaging/planning');
const { addDays, clinicDate } = await import('../../shared/dates');
type RunOptions = import('../../functions/messaging/planning').RunOptions;
const { putItem } = await import('../../functions/lib/store');

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
        underRunLease('birthday-greeting', {}, async () => {
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
      underRunLease('holiday-greeting', {}, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const t0 = performance.now();
    await underRunLease('holiday-greeting', {}, async () => undefined);
    expect(performance.now() - t0).toBeLessThan(1_000);

    // A run that died holding the lease (never given back), for 400 ms.
    expect(await takeRunLease('revisit-reminder', 'lease_dead', 400)).toBe(true);
    const t1 = performance.now();
    await underRunLease('revisit-reminder', {}, async () => undefined);
    expect(performance.now() - t1).toBeGreaterThanOrEqual(300);
  });

  it('plans each id once: ids queued already are counted and left as they are, the others queued', async () => {
    const old = greeting('p_lease_old', '旧的祝福');
    expect(await queueMessage(old)).toBe(true);
    const counts = planCounts({});
    await underRunLease('birthday-greeting', {}, (run) =>
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

/** A planned appointment reminder of `day` (its id holds the appointment, as the planner's does). */
const reminder = (day: string, n: number, text = '明天的预约') => ({
  id: messageId('appointment', `p_day_${day}_${n}`, `a_day_${day}_${n}`),
  kind: 'appointment' as const,
  patientId: `p_day_${day}_${n}`,
  clinicId: 'c_lease',
  occasion: `a_day_${day}_${n}`,
  marketing: false,
  text,
  dueAt: `${day}T18:00:00+08:00`,
  createdAt: `${day}T18:00:00+08:00`,
});

/** The BatchGetItem calls for outbox ids sent while `work` runs (the read of which ids exist). */
async function outboxReads(work: () => Promise<unknown>): Promise<number> {
  let reads = 0;
  db.observe('outboxReads', {
    command: (operation, body, next) => {
      if (operation === 'BatchGetItem' && JSON.stringify(body).includes('OUTBOX#')) reads++;
      return next(body);
    },
  });
  try {
    await work();
  } finally {
    db.unobserve('outboxReads');
  }
  return reads;
}

/** One run of the appointment reminder's day `day` over `messages`, with its counts. */
async function planDay(day: string, messages: ReturnType<typeof reminder>[], options: RunOptions = {}) {
  const counts = planCounts({});
  let firstOfDay: boolean | undefined;
  await underRunLease('appointment-reminder', { day, ...options }, async (run) => {
    firstOfDay = run.firstOfDay;
    for (let i = 0; i < messages.length; i += 100) await planMessages(run, counts, messages.slice(i, i + 100));
  });
  return { counts, firstOfDay };
}

describe("a planner's first run of a day", () => {
  it('writes without reading which ids exist; a later run of that day reads them and leaves them as they are', async () => {
    const day = '2044-06-01';
    const messages = Array.from({ length: 150 }, (_, n) => reminder(day, n));
    let first: Awaited<ReturnType<typeof planDay>> | undefined;
    expect(await outboxReads(async () => (first = await planDay(day, messages)))).toBe(0);
    expect(first).toEqual({ firstOfDay: true, counts: { read: 0, planned: 150, alreadyPlanned: 0 } });

    const again = messages.map((m) => ({ ...m, text: '重新规划的文字' }));
    let second: Awaited<ReturnType<typeof planDay>> | undefined;
    expect(await outboxReads(async () => (second = await planDay(day, again)))).toBe(2);
    expect(second).toEqual({ firstOfDay: false, counts: { read: 0, planned: 0, alreadyPlanned: 150 } });
    expect(await getMessage(messages[149]!.id)).toMatchObject({ text: '明天的预约', status: 'queued' });
  });

  it('reads, in a first run, only the ids the planner says an earlier day may have planned', async () => {
    const day = '2044-06-04';
    const messages = Array.from({ length: 3 }, (_, n) => reminder(day, n));
    // Queued on another day, with the id of this day's second message.
    expect(await queueMessage({ ...messages[1]!, text: '另一天的' })).toBe(true);
    const mayExist = (m: { id: string }) => m.id === messages[1]!.id;
    let run: Awaited<ReturnType<typeof planDay>> | undefined;
    expect(await outboxReads(async () => (run = await planDay(day, messages, { mayExist })))).toBe(1);
    expect(run).toEqual({ firstOfDay: true, counts: { read: 0, planned: 2, alreadyPlanned: 1 } });
    expect(await getMessage(messages[1]!.id)).toMatchObject({ text: '另一天的' });
  });

  it('is not the first again after a run crashed part-way: the next run plans the rest, each message once', async () => {
    const day = '2044-06-02';
    const messages = Array.from({ length: 250 }, (_, n) => reminder(day, n));
    let queued = 0;
    onPlanStep((step) => {
      if (step === 'after-queue' && ++queued === 120) throw new Error('planner died');
    });
    try {
      await expect(planDay(day, messages)).rejects.toThrow('planner died');
    } finally {
      onPlanStep(undefined);
    }
    const rerun = await planDay(day, messages);
    // The first page (100) was written before the crash; the second was written whole, then the run died.
    expect(rerun).toEqual({ firstOfDay: false, counts: { read: 0, planned: 50, alreadyPlanned: 200 } });
  });

  it('is one run of two at once: the other waits its turn, reads, and plans nothing twice', async () => {
    const day = '2044-06-03';
    const messages = Array.from({ length: 120 }, (_, n) => reminder(day, n));
    const runs = await Promise.all([planDay(day, messages), planDay(day, messages)]);
    expect(runs.map((r) => r.firstOfDay).sort()).toEqual([false, true]);
    expect(runs.map((r) => r.counts.planned).sort((a, b) => a - b)).toEqual([0, 120]);
    expect(runs.map((r) => r.counts.alreadyPlanned).sort((a, b) => a - b)).toEqual([0, 120]);
  });

  it('on a table older than kept days, counts only the days after its first run that keeps one', async () => {
    const today = clinicDate(new Date());
    try {
      await db.send(new DeleteCommand({ TableName: tableName, Key: plannedDaysSinceKey }));
      // An older table: runs from before may have planned any day up to today, or a day ahead run by hand.
      const ahead = addDays(today, 5);
      expect(await firstRunOfDay('revisit-reminder', ahead, today)).toBe(false);
      expect(await firstRunOfDay('revisit-reminder', addDays(today, 2), today)).toBe(false);
      expect(await firstRunOfDay('revisit-reminder', addDays(today, 6), today)).toBe(true);
      expect(await firstRunOfDay('revisit-reminder', addDays(today, 6), today)).toBe(false);
      // A planner that needs days kept from before its day (the birthday greeting: from 1 January).
      expect(await firstRunOfDay('birthday-greeting', addDays(today, 7), today, addDays(today, 1))).toBe(false);
      expect(await firstRunOfDay('birthday-greeting', addDays(today, 8), today, addDays(today, 6))).toBe(true);
    } finally {
      await putItem({ ...plannedDaysSinceItem });
    }
    // A table made empty keeps every day from the start.
    expect(await firstRunOfDay('revisit-reminder', '2000-01-01', today)).toBe(true);
  });
});
