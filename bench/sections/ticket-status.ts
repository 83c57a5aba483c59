/**
 * Ticket status, GET /v1/tickets/{id} as the owning patients' accounts: latency at 50 keep-alive
 * connections, and the store commands one request makes with a small and a large table.
 */
import { waitingCount } from '../../functions/queue/ticket-repository';
import { WARMUP_MAX_MS } from '../harness/config';
import type { ServerContext } from '../harness/context';
import { type Api, getJson, unexpected, withAgent } from '../harness/http';
import { countTypes } from '../harness/items';
import { type LoadResult, runLoad } from '../harness/load';
import { measureOps, type OpsMeasurement } from '../harness/ops';
import type { Checked } from './check-in';
import type { VisitDay } from './visit-day-setup';

const STATUS_CONNECTIONS = 50;
const STATUS_COUNT = 30_000;
const STATUS_MAX_MS = 15_000;
export const OPS_SAMPLE = 200;
export const OPS_CONCURRENCY = 8;

/** The ticket status of `tickets[i mod n]`, as its owner; `expect` a status, if given. */
const statusOf = (ctx: ServerContext, api: Api, tickets: Checked[], expect?: string) => async (i: number) => {
  const t = tickets[i % tickets.length] as Checked;
  const res = await getJson(api, `/v1/tickets/${t.ticketId}`, ctx.tokens[t.owner]);
  const failure = unexpected(res, 200);
  if (failure || !expect) return failure;
  const view = JSON.parse(res.text) as { status: string };
  return view.status === expect ? null : `status ${view.status}`;
};

/** Store commands per status request of the probed (waiting) tickets, with what the table holds now. */
export async function statusStoreOps(
  ctx: ServerContext,
  day: VisitDay,
  probe: { queueId: string; tickets: Checked[] },
  label: string,
): Promise<OpsMeasurement | { error: string }> {
  const { opsUrl } = ctx.server;
  if (!opsUrl) return { error: 'server child started without BENCH_COUNT_STORE_OPS' };
  const counted = await countTypes(ctx.store.admin, ctx.store.names.main, ['ticket']);
  const count = counted.counts.ticket ?? 0;
  const waiting = await waitingCount(probe.queueId, day.today);
  console.log(
    `• store operations per GET /v1/tickets/{id} (${label}): ${count} ticket items in the table${counted.complete ? '' : ' (count scan timed out: at least)'}, ${waiting} waiting in the probed queue ...`,
  );
  return withAgent(OPS_CONCURRENCY, (agent) =>
    measureOps(
      opsUrl,
      `ops ${label}`,
      { count: OPS_SAMPLE, concurrency: OPS_CONCURRENCY, maxMs: 60_000 },
      statusOf(ctx, { agent, base: ctx.api.base }, probe.tickets, 'waiting'),
      {
        ticketsInTable: count,
        ticketsInTableHow: `Scan Select COUNT type = ticket${counted.complete ? '' : ' (timed out: lower bound)'}`,
        waitingInQueue: waiting,
      },
    ),
  );
}

/** Status latency over `tickets` at STATUS_CONNECTIONS keep-alive connections, after a warm-up. */
export async function statusLatency(ctx: ServerContext, tickets: Checked[]) {
  console.log(
    `• ticket status: GET /v1/tickets/{id} over ${tickets.length} waiting tickets as their owners, ${STATUS_CONNECTIONS} keep-alive connections, ${STATUS_COUNT} requests or ${STATUS_MAX_MS / 1000} s ...`,
  );
  const load: LoadResult = await withAgent(STATUS_CONNECTIONS, async (agent) => {
    const op = statusOf(ctx, { agent, base: ctx.api.base }, tickets);
    await runLoad('warm-up status', { count: 500, concurrency: STATUS_CONNECTIONS, maxMs: WARMUP_MAX_MS }, op);
    return runLoad(
      `ticket status GET /v1/tickets/{id} (${STATUS_CONNECTIONS} conns)`,
      { count: STATUS_COUNT, concurrency: STATUS_CONNECTIONS, maxMs: STATUS_MAX_MS },
      op,
    );
  });
  return { ...load, tickets: tickets.length, as: 'owning patient account tokens' };
}
