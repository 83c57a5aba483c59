/**
 * The visit day, on the registration's store and server: set-up, check-in throughput against bare
 * UpdateItem ADD, ticket-status latency, and store commands per status request with ~100 and with
 * ~100,000 ticket items in the table. The order matters: each step runs on what the last one left.
 */
import type { OwnedPatient, ServerContext } from '../harness/context';
import { sameOpsPerCommand } from '../harness/ops';
import { type Checked, measureCheckIns, warmCheckIns } from './check-in';
import { fillTickets } from './ticket-fill';
import { OPS_CONCURRENCY, OPS_SAMPLE, statusLatency, statusStoreOps } from './ticket-status';
import { setUpVisitDay } from './visit-day-setup';

export async function visitDay(ctx: ServerContext, registered: OwnedPatient[]) {
  const day = await setUpVisitDay(ctx, registered);

  // Check-in warm-up: its ~100 tickets are the small table of the store-operation count.
  const checkedIn: Checked[] = [];
  const warm = await warmCheckIns(ctx, day, checkedIn);
  const probe = { queueId: day.spreadDepts[0] as string, tickets: checkedIn.filter((c) => c.queue === 0) };
  if (probe.tickets.length === 0) throw new Error('no warm-up ticket in queue 0');
  const opsSmall = await statusStoreOps(ctx, day, probe, 'small table');

  const checkIns = await measureCheckIns(ctx, day, checkedIn);
  const ticketStatus = await statusLatency(
    ctx,
    checkedIn.filter((c) => !probe.tickets.includes(c)),
  );

  // ~100,000 more ticket items on other queues and days, then the same count again.
  const fill = await fillTickets(ctx, probe.tickets[0]?.ticketId ?? '', day.today);
  const opsLarge = await statusStoreOps(ctx, day, probe, 'large table');

  const { bareAdd, ...checkInResults } = checkIns;
  return {
    setup: {
      ...day.setup,
      warmupCheckIns: { ok: warm.succeeded, failed: warm.failed, failures: warm.failures },
      bareAdd,
    },
    ...checkInResults,
    ticketStatus,
    storeOps: {
      how: 'observers on the shared store client in the server child (BENCH_COUNT_STORE_OPS=1): each command once, and each HTTP attempt (retries included)',
      probe: {
        queueId: probe.queueId,
        tickets: probe.tickets.length,
        requests: OPS_SAMPLE,
        concurrency: OPS_CONCURRENCY,
      },
      small: opsSmall,
      fill,
      large: opsLarge,
      equal: sameOpsPerCommand(opsSmall, opsLarge),
    },
  };
}

export type VisitDayResults = Awaited<ReturnType<typeof visitDay>>;
