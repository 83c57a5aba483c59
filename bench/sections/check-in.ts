/**
 * Check-in throughput: POST /v1/appointments/{id}/check-in by the front desk over 5 queues (and on
 * one queue, as context), each back to back with as many bare UpdateItem ADD on a queue's state
 * item (the number draw's own write, on 5 keys or one); the server child's store commands per
 * successful check-in beside it.
 */
import { stateKey } from '../../functions/queue/queue-repository';
import { BENCH_PREFIX, CONCURRENCY, RATIO_TARGET, round, WARMUP_MAX_MS } from '../harness/config';
import type { ServerContext } from '../harness/context';
import { createdId, postJson, unexpected } from '../harness/http';
import { type LoadResult, rateRatio, runLoad } from '../harness/load';
import { type OpCounts, opsDuring, perEach, sumValues } from '../harness/ops';
import { rawItem } from '../harness/stored';
import { CHECKIN_WARMUP, type Plan, VISIT_QUEUES, type VisitDay } from './visit-day-setup';

const CHECKIN_MAX_MS = 45_000;

/** A ticket a check-in drew, with its patient's account and queue. */
export interface Checked {
  ticketId: string;
  owner: number;
  queue: number;
}

/** Checks in `plans[i]` as the front desk; keeps the tickets drawn in `keep`, if given. */
const checkInOf = (ctx: ServerContext, day: VisitDay, plans: Plan[], keep?: Checked[]) => async (i: number) => {
  const p = plans[i] as Plan;
  const appointmentId = day.booked.get(p);
  if (!appointmentId) return 'not booked in setup';
  const res = await postJson(ctx.api, `/v1/appointments/${appointmentId}/check-in`, {}, day.desk);
  const failure = unexpected(res, 201);
  if (!failure) keep?.push({ ticketId: createdId(res), owner: p.patient.owner, queue: p.queue });
  return failure;
};

/** The first CHECKIN_WARMUP appointments of the spread plan checked in: the tickets of the small table. */
export async function warmCheckIns(ctx: ServerContext, day: VisitDay, keep: Checked[]): Promise<LoadResult> {
  const plans = day.spreadPlan.slice(0, CHECKIN_WARMUP);
  console.log(`• check-in warm-up: ${plans.length} (round robin over ${VISIT_QUEUES} queues) ...`);
  const warm = await runLoad(
    'warm-up check-in',
    { count: plans.length, concurrency: CONCURRENCY, maxMs: WARMUP_MAX_MS },
    checkInOf(ctx, day, plans, keep),
  );
  if (warm.failed) console.log(`  warm-up check-in failures: ${JSON.stringify(warm.failures)}`);
  return warm;
}

/** UpdateItem ADD n :one on `keys` queue state items of today (i mod keys), as the number draw does. */
function bareAdd(ctx: ServerContext, day: VisitDay, tag: string, keys: number) {
  const table = ctx.store.names.main;
  const rawKeys = Array.from({ length: keys }, (_, k) => rawItem(stateKey(`${BENCH_PREFIX}-${tag}-${k}`, day.today)));
  return async (i: number) => {
    await ctx.store.bare.sendWire('UpdateItem', {
      TableName: table,
      Key: rawKeys[i % keys],
      UpdateExpression: 'ADD n :one',
      ExpressionAttributeValues: { ':one': { N: '1' } },
      ReturnValues: 'UPDATED_NEW',
    });
    return null;
  };
}

/** A load and what the server child sent the store for it, per successful check-in (retries included). */
async function withStoreOps(ctx: ServerContext, run: () => Promise<LoadResult>) {
  const { result, counts } = await opsDuring(ctx.server.opsUrl, run);
  if (!counts) return { result, ops: null };
  const per = (m: OpCounts['commands']) => round(sumValues(m) / Math.max(1, result.succeeded), 2);
  return {
    result,
    ops: {
      counts,
      perCheckIn: per(counts.commands),
      attemptsPerCheckIn: per(counts.attempts),
      perCheckInByCommand: perEach(counts.commands, Math.max(1, result.succeeded), 2),
    },
  };
}

/** The spread check-ins after the warm-up (their tickets kept in `keep`), then the one-queue run. */
export async function measureCheckIns(ctx: ServerContext, day: VisitDay, keep: Checked[]) {
  const measurePlans = day.spreadPlan.slice(CHECKIN_WARMUP);
  const onePlan = day.onePlan;
  const load = (count: number) => ({ count, concurrency: CONCURRENCY, maxMs: CHECKIN_MAX_MS });
  await runLoad(
    'warm-up UpdateItem ADD',
    { count: CHECKIN_WARMUP, concurrency: CONCURRENCY, maxMs: WARMUP_MAX_MS },
    bareAdd(ctx, day, 'warm', VISIT_QUEUES),
  );
  console.log(
    `• measuring back to back: ${measurePlans.length} check-ins over ${VISIT_QUEUES} queues, then as many UpdateItem ADD over ${VISIT_QUEUES} keys, concurrency ${CONCURRENCY} ...`,
  );
  const spreadLabel = `check-in POST /v1/appointments/{id}/check-in (${VISIT_QUEUES} queues)`;
  const spread = await withStoreOps(ctx, () =>
    runLoad(spreadLabel, load(measurePlans.length), checkInOf(ctx, day, measurePlans, keep)),
  );
  const addItem = await runLoad(
    `bare UpdateItem ADD (${VISIT_QUEUES} keys)`,
    load(measurePlans.length),
    bareAdd(ctx, day, 'spread', VISIT_QUEUES),
  );
  const checkInRatio = rateRatio(spread.result, addItem);

  console.log(`• context: ${onePlan.length} check-ins on ONE queue, then as many UpdateItem ADD on one key ...`);
  const one = await withStoreOps(ctx, () =>
    runLoad('check-in (1 queue)', load(onePlan.length), checkInOf(ctx, day, onePlan)),
  );
  const addOne = await runLoad('bare UpdateItem ADD (1 key)', load(onePlan.length), bareAdd(ctx, day, 'one', 1));
  return {
    bareAdd:
      "UpdateItem ADD n :one, ReturnValues UPDATED_NEW, on a queue state item of today (queue-repository's stateKey), key i mod 5 (or one key), same client as the other bare figures",
    checkIn: spread.result,
    checkInStoreOps: spread.ops,
    updateItemAdd: addItem,
    checkInRatio: round(checkInRatio, 3),
    checkInRatioTarget: RATIO_TARGET,
    checkInRatioMet: checkInRatio >= RATIO_TARGET,
    oneQueue: {
      checkIn: one.result,
      checkInStoreOps: one.ops,
      updateItemAdd: addOne,
      ratio: round(rateRatio(one.result, addOne), 3),
    },
  };
}
