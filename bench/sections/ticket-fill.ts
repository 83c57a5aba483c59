/**
 * Grows the visit-day table by FILL_TICKETS ticket items on other queues and days (a real ticket
 * under other numbers, stored as the ticket repository stores it): today's are waiting, the rest done.
 */
import { type TicketRecord, ticketIdFor, ticketItem, ticketKey } from '../../functions/queue/ticket-repository';
import { BENCH_PREFIX, FILL_CONCURRENCY, round } from '../harness/config';
import type { ServerContext } from '../harness/context';
import { bulkWrite, type Item, itemBytes } from '../harness/items';
import { getRaw, rawItem, recordOf } from '../harness/stored';

const FILL_TICKETS = 100_000;
const FILL_MAX_MS = 180_000;
const FILL_QUEUES = 40;
const FILL_DAYS = 30;

export async function fillTickets(ctx: ServerContext, templateId: string, today: string) {
  const { admin, fill, names } = ctx.store;
  const got = await getRaw(admin, names.main, ticketKey(templateId));
  if (!got) return { error: `template ticket ${templateId} not found`, written: 0 };
  const template = recordOf<TicketRecord>(got);
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const make = (k: number): Item => {
    const q = k % FILL_QUEUES;
    const dayBack = Math.floor(k / FILL_QUEUES) % FILL_DAYS;
    const number = Math.floor(k / (FILL_QUEUES * FILL_DAYS)) + 1;
    const queueId = `d_${BENCH_PREFIX}_fill${q}`;
    const date = new Date(todayMs - dayBack * 86_400_000).toISOString().slice(0, 10);
    const waiting = dayBack === 0;
    return rawItem(
      ticketItem({
        ...template,
        id: ticketIdFor(queueId, date, number),
        queueId,
        date,
        number,
        displayNumber: `F${String(number).padStart(3, '0')}`,
        seq: number * 1000,
        status: waiting ? 'waiting' : 'done',
        createdAt: `${date}T01:00:00.000Z`,
        ...(waiting ? {} : { completedAt: `${date}T02:00:00.000Z` }),
      }),
    );
  };
  const templateBytes = itemBytes(make(FILL_QUEUES));
  const batches = Math.ceil(FILL_TICKETS / 25);
  console.log(
    `• loading up to ${FILL_TICKETS} ticket items (${FILL_QUEUES} other queues x ${FILL_DAYS} days; today's waiting, the rest done; ~${templateBytes} B each), BatchWriteItem 25 a batch, ${FILL_CONCURRENCY} at a time, at most ${FILL_MAX_MS / 1000} s ...`,
  );
  const batchOf = (b: number) =>
    Array.from({ length: Math.min(25, FILL_TICKETS - b * 25) }, (_, j) => make(b * 25 + j));
  const w = await bulkWrite(fill, names.main, batches, batchOf, FILL_MAX_MS);
  return {
    target: FILL_TICKETS,
    written: w.written,
    unprocessedLeft: w.unprocessedLeft,
    batchErrors: w.batchErrors,
    batchesSent: w.batchesSent,
    itemBytes: templateBytes,
    otherQueues: FILL_QUEUES,
    days: FILL_DAYS,
    waitingShare: `today's items (1 day in ${FILL_DAYS}) are waiting, on the other queues`,
    stored: "ticket-repository's ticketItem (keys, day and call-order index attributes), marshalled",
    elapsedMs: round(w.elapsedMs, 1),
    itemsPerSec: round((w.written / w.elapsedMs) * 1000, 1),
    stoppedBy: w.stoppedBy,
  };
}
