/**
 * Store round trips in sequence, counted on the store client (functions/lib/db's): a command that
 * starts while none of the client's commands is in flight opens a new round trip; commands sent
 * together (`Promise.all`) share one. Exact when requests run one at a time, which is how the probes
 * use it (the bench's sequential probe, a test's single request).
 *
 * While recording, each command also asks for its ConsumedCapacity and is kept as sent on the wire
 * (its command name and the JSON body, without the capacity field added here), grouped by request
 * and round trip, so the bench can replay exactly those commands on a bare client.
 *
 * Requests running at once (a load) are recorded with `recordRequests()`: each command is kept under
 * the request `requestOf()` names when it starts (the server child's per-request context), and its
 * round trips are counted within that request; nothing is added to the commands (no capacity asked).
 * Either way a read keeps its answer (the items as they were) and a refused command its error's name:
 * what bench/harness/restore.ts needs to put the written items back before the bare store replays.
 */
import type { StoreClient } from '../../functions/lib/store-client';
import { itemsReadBy } from './store-reads';

/** One command as it went to the store. */
export interface SentCommand {
  command: string;
  /** The request body (the low-level command input, as JSON). */
  input: Record<string, unknown>;
  /** A read by key's answer as it came (its items, on the wire): what the keys held then. */
  output?: Record<string, unknown>;
  /** The error a refused or failed command answered (its name), as a write refused by its condition. */
  refused?: string;
}

/** One request's commands, by round trip in order. */
export type RecordedRequest = SentCommand[][];

export interface RoundTripCounts {
  commands: Record<string, number>;
  itemsRead: number;
  roundTrips: number;
  /** ConsumedCapacity while recording (read and write units, as the store reports them). */
  readUnits: number;
  writeUnits: number;
}

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const emptyCounts = (): RoundTripCounts => ({ commands: {}, itemsRead: 0, roundTrips: 0, readUnits: 0, writeUnits: 0 });

const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);

/** Reads by key, whose answers say what each key held (a query's do not say what it did not find). */
const KEYED_READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

/** Adds one ConsumedCapacity (or a list of them) to the counts: reads to read units, the rest to write units. */
function addCapacity(counts: RoundTripCounts, command: string, consumed: Capacity | Capacity[] | undefined) {
  for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
    const read = c.ReadCapacityUnits ?? (READS.has(command) ? (c.CapacityUnits ?? 0) : 0);
    const write = c.WriteCapacityUnits ?? (READS.has(command) ? 0 : (c.CapacityUnits ?? 0));
    counts.readUnits += read;
    counts.writeUnits += write;
  }
}

export interface RoundTripProbe {
  readonly counts: RoundTripCounts;
  /** The counts so far, and zero again. */
  take(): RoundTripCounts;
  /** Starts keeping commands (and asking for capacity): each `markRequest()` opens a new request. */
  record(): void;
  markRequest(): void;
  /** Starts keeping the commands of requests running at once, by the request `requestOf` names (at attach). */
  recordRequests(): void;
  /** Stops keeping commands; answers what was kept (concurrent requests in the order they arrived). */
  stopRecording(): RecordedRequest[];
  detach(): void;
}

/** A request of a concurrent recording: its commands in flight now, and its round trips so far. */
interface ConcurrentRequest {
  inFlight: number;
  waves: SentCommand[][];
}

/**
 * `requestOf` names the request a command belongs to (undefined: none), for `recordRequests()`;
 * the sequential counting and `record()` do without it.
 */
export function attachRoundTripProbe(
  client: StoreClient,
  name = 'benchRoundTrips',
  requestOf?: () => number | undefined,
): RoundTripProbe {
  let counts = emptyCounts();
  let inFlight = 0;
  let recorded: (RecordedRequest & { firstWave?: number })[] | undefined;
  let concurrent: Map<number, ConcurrentRequest> | undefined;
  /** The command's request of a concurrent recording, its round trip opened if none of its commands is in flight. */
  const concurrentRequest = (): ConcurrentRequest | undefined => {
    const id = concurrent ? requestOf?.() : undefined;
    if (!concurrent || id === undefined) return undefined;
    let request = concurrent.get(id);
    if (!request) {
      request = { inFlight: 0, waves: [] };
      concurrent.set(id, request);
    }
    if (request.inFlight === 0) request.waves.push([]);
    request.inFlight++;
    return request;
  };
  client.observe(name, {
    command: async (operation, body, next) => {
      const command = `${operation}Command`;
      counts.commands[command] = (counts.commands[command] ?? 0) + 1;
      if (inFlight === 0) counts.roundTrips++;
      inFlight++;
      const request = concurrentRequest();
      const sent: SentCommand = { command, input: body };
      if (request) {
        request.waves.at(-1)?.push(sent);
      } else if (recorded) {
        const current = recorded.at(-1);
        if (current) {
          // Round trips are numbered per process; within the request they start at the request's first.
          current.firstWave ??= counts.roundTrips;
          const at = counts.roundTrips - current.firstWave;
          current[at] ??= [];
          current[at].push(sent);
        }
      }
      const asked = recorded && body.ReturnConsumedCapacity === undefined;
      try {
        const out = await next(asked ? { ...body, ReturnConsumedCapacity: 'TOTAL' } : body);
        counts.itemsRead += itemsReadBy(out);
        if (recorded)
          addCapacity(counts, command, (out as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity);
        // Kept as it came (no copy made while the load runs).
        if (KEYED_READS.has(command) && (recorded || request)) sent.output = out as Record<string, unknown>;
        return out;
      } catch (err) {
        sent.refused = (err as Error).name;
        throw err;
      } finally {
        inFlight--;
        if (request) request.inFlight--;
      }
    },
  });
  return {
    get counts() {
      return counts;
    },
    take() {
      const out = counts;
      counts = emptyCounts();
      return out;
    },
    record() {
      concurrent = undefined;
      recorded = [];
    },
    recordRequests() {
      if (!requestOf) throw new Error('recordRequests needs requestOf at attach');
      recorded = undefined;
      concurrent = new Map();
    },
    markRequest() {
      recorded?.push([]);
    },
    stopRecording() {
      const kept = concurrent
        ? [...concurrent.entries()].sort(([a], [b]) => a - b).map(([, r]) => r.waves)
        : (recorded ?? []);
      const out = kept.map((r) => r.filter((wave) => wave.length > 0).map((wave) => [...wave]));
      recorded = undefined;
      concurrent = undefined;
      return out.filter((r) => r.length > 0);
    },
    detach() {
      client.unobserve(name);
    },
  };
}
