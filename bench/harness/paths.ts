/**
 * One request path measured the way: store round trips in sequence (a sequential probe on
 * the server child's counter), requests per second through the local server, and requests per
 * second of the bare store replaying the very commands the load's requests sent, each request once,
 * round trip by round trip, on a client of its own at the same concurrency. The ratio of the two is
 * the path's figure. Before the replay, the items of the requests whose state before the recording
 * proves are put back as they were (restore.ts), so their conditioned writes succeed as the load's
 * did; a write still refused by its condition (a request with an item several requests wrote, as a
 * slot's count) is counted as `refused`, not as a failure. Where items were put back, the replay on
 * the items as the load left them (every conditioned write refused: cheaper for the store than the
 * write) is run first and reported too. Round trips are those of a warm request (the probe's first
 * request, which fills the per-container caches, is reported apart).
 */
import { CONCURRENCY, RATIO_TARGET, REQUEST_TIMEOUT_MS, round } from './config';
import type { ServerContext } from './context';
import { type LoadResult, type Op, rateRatio, runLoad } from './load';
import { sumValues } from './ops';
import { keyNamesOf, restore, restorePlan } from './restore';
import type { RecordedRequest, RoundTripCounts } from './round-trips';

export interface PathSpec {
  /** Results key: registration, booking, checkIn … */
  name: string;
  route: string;
  roundTripsTarget: number;
  /** Requests of the sequential probe (each a fresh one: `op(i)` for i < probe). */
  probe: number;
  /** Requests of the load, at most (`op(probe + i)`), and its time limit. */
  count: number;
  maxMs: number;
  op: Op;
  /**
   * What the bare store replays: the load's own commands, each request once (default), or the
   * probe's requests, cycled up to the load's count (the board: its load is answered from the
   * container's cache and sends almost nothing; the bare store does what an uncached board does).
   */
  replay?: 'load' | 'probe';
}

export interface PathResult {
  route: string;
  /** Mean and most round trips of a request once the container's caches hold what it reads. */
  roundTrips: number;
  roundTripsMax: number;
  roundTripsTarget: number;
  /** The probe's first request, on caches of nothing (a container's first request of this kind). */
  firstRequestRoundTrips: number;
  commands: number;
  byCommand: Record<string, number>;
  /** Per request, as the store reported its ConsumedCapacity during the probe. */
  readUnits: number;
  writeUnits: number;
  probe: { requests: number; failures: Record<string, number> };
  load: LoadResult;
  /**
   * The replay the ratio is of: the load's commands on the items it wrote put back as they were
   * (those of `restored` requests, `itemsRestored` items; `notRestored` items left as the load left
   * them: written by several requests, of unknown state, or of a request with such an item: restore.ts).
   */
  bare: LoadResult & {
    refused: number;
    replayed: 'load' | 'probe';
    requests: number;
    restored: number;
    itemsRestored: number;
    notRestored: number;
  };
  /** The same replay on the items as the load left them (its conditioned writes refused), and its ratio. */
  bareUnrestored?: LoadResult & { refused: number };
  ratioUnrestored?: number;
  ratio: number;
  ratioTarget: number;
  met: boolean;
}

async function ops<T>(ctx: ServerContext, method: 'GET' | 'POST', path: string): Promise<T> {
  const res = await fetch(`${ctx.server.opsUrl}${path}`, { method, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`store counter ${method} ${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

const REFUSALS = new Set(['ConditionalCheckFailedException', 'TransactionCanceledException']);

/** Replays the recorded requests (cycling) on the bare client: each round trip's commands together. */
async function replay(ctx: ServerContext, label: string, recorded: RecordedRequest[], count: number, maxMs: number) {
  let refused = 0;
  const load = await runLoad(label, { count, concurrency: CONCURRENCY, maxMs }, async (i) => {
    const request = recorded[i % recorded.length] as RecordedRequest;
    for (const wave of request) {
      await Promise.all(
        wave.map(async (c) => {
          try {
            await ctx.store.bare.sendWire(c.command.replace(/Command$/, ''), c.input);
          } catch (err) {
            if (!REFUSALS.has((err as Error).name)) throw err;
            refused++;
          }
        }),
      );
    }
    return null;
  });
  return { ...load, refused };
}

export async function measurePath(ctx: ServerContext, spec: PathSpec): Promise<PathResult> {
  if (!ctx.server.opsUrl) throw new Error('the server child counts no store operations');
  console.log(`• ${spec.name}: ${spec.route} — ${spec.probe} requests one at a time, then the load ...`);
  // The probe: one request at a time, each marked, every command kept as sent.
  await ops(ctx, 'POST', '/reset');
  await ops(ctx, 'POST', '/record');
  const failures: Record<string, number> = {};
  let ok = 0;
  for (let i = 0; i < spec.probe; i++) {
    await ops(ctx, 'POST', '/mark');
    const failure = await spec.op(i);
    if (failure) failures[failure] = (failures[failure] ?? 0) + 1;
    else ok++;
  }
  const counts = await ops<RoundTripCounts>(ctx, 'GET', '/counts');
  const recorded = await ops<RecordedRequest[]>(ctx, 'POST', '/recorded');
  if (ok === 0 || recorded.length === 0)
    throw new Error(`${spec.name}: no probe request succeeded ${JSON.stringify(failures)}`);
  const perRequest = recorded.map((r) => r.length);
  const replayed = spec.replay ?? 'load';
  if (replayed === 'load') await ops(ctx, 'POST', '/record-requests');
  const load = await runLoad(
    `${spec.name} ${spec.route}`,
    { count: spec.count, concurrency: CONCURRENCY, maxMs: spec.maxMs },
    (i) => spec.op(spec.probe + i),
  );
  const loadCommands = replayed === 'load' ? await ops<RecordedRequest[]>(ctx, 'POST', '/recorded') : [];
  const toReplay = replayed === 'load' ? loadCommands : recorded;
  if (toReplay.length === 0) throw new Error(`${spec.name}: the load sent no store command to replay`);
  const count = replayed === 'load' ? toReplay.length : Math.max(load.succeeded, recorded.length);
  const label = `bare store replaying ${spec.name}'s commands (${replayed === 'load' ? "the load's, once each" : "the probe's, cycled"})`;
  // Where the load's items can be put back as they were (restore.ts), its commands are replayed
  // twice: first on the items as the load left them (the conditioned writes refused: the only replay
  // before), then on the items put back, the one the ratio is of. The second replay finds the store
  // warmer, which can only favour the bare side.
  const plan = replayed === 'load' ? restorePlan(toReplay, keyNamesOf(ctx.store.names)) : undefined;
  const unrestored = plan?.requests
    ? await replay(ctx, `${label}, items as the load left them`, toReplay, count, spec.maxMs)
    : undefined;
  if (plan?.requests) await restore(ctx.store.bare, plan);
  const bare = await replay(ctx, unrestored ? `${label}, items put back` : label, toReplay, count, spec.maxMs);
  const ratio = round(rateRatio(load, bare), 3);
  // The first request fills the per-container caches (clinic, department, queue definition, staff name).
  const warm = perRequest.length > 1 ? perRequest.slice(1) : perRequest;
  const roundTrips = round(warm.reduce((sum, n) => sum + n, 0) / warm.length, 2);
  const roundTripsMax = Math.max(...warm);
  return {
    route: spec.route,
    roundTrips,
    roundTripsMax,
    roundTripsTarget: spec.roundTripsTarget,
    firstRequestRoundTrips: perRequest[0] ?? 0,
    commands: round(sumValues(counts.commands) / ok, 2),
    byCommand: Object.fromEntries(
      Object.entries(counts.commands)
        .sort()
        .map(([k, v]) => [k, round(v / ok, 2)]),
    ),
    readUnits: round(counts.readUnits / ok, 2),
    writeUnits: round(counts.writeUnits / ok, 2),
    probe: { requests: spec.probe, failures },
    load,
    bare: {
      ...bare,
      replayed,
      requests: toReplay.length,
      restored: plan?.requests ?? 0,
      itemsRestored: plan?.requests ? plan.items.length : 0,
      notRestored: plan?.left ?? 0,
    },
    ...(unrestored ? { bareUnrestored: unrestored, ratioUnrestored: round(rateRatio(load, unrestored), 3) } : {}),
    ratio,
    ratioTarget: RATIO_TARGET,
    met: roundTripsMax <= spec.roundTripsTarget && ratio >= RATIO_TARGET && load.failed === 0,
  };
}
