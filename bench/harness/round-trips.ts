/**
 * Store round trips in sequence, counted on a DynamoDB client (functions/lib/db's): a command that
 * starts while none of the client's commands is in flight opens a new round trip; commands sent
 * together (`Promise.all`) share one. Exact when requests run one at a time, which is how the probes
 * use it (the bench's sequential probe, a test's single request).
 *
 * While recording, each command also asks for its ConsumedCapacity and is kept as sent on the wire
 * (its command name and the JSON body, without the capacity field added here), grouped by request
 * and round trip, so the bench can replay exactly those commands on a bare client.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { itemsReadBy } from './store-reads';

/** One command as it went to the store. */
export interface SentCommand {
  command: string;
  /** The request body (the low-level command input, as JSON). */
  input: Record<string, unknown>;
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

/** Adds one ConsumedCapacity (or a list of them) to the counts: reads to read units, the rest to write units. */
function addCapacity(counts: RoundTripCounts, command: string, consumed: Capacity | Capacity[] | undefined) {
  for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
    const read = c.ReadCapacityUnits ?? (READS.has(command) ? (c.CapacityUnits ?? 0) : 0);
    const write = c.WriteCapacityUnits ?? (READS.has(command) ? 0 : (c.CapacityUnits ?? 0));
    counts.readUnits += read;
    counts.writeUnits += write;
  }
}

/** The JSON body of a serialized request (a string or bytes, by SDK version). */
function bodyText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  return undefined;
}

export interface RoundTripProbe {
  readonly counts: RoundTripCounts;
  /** The counts so far, and zero again. */
  take(): RoundTripCounts;
  /** Starts keeping commands (and asking for capacity): each `markRequest()` opens a new request. */
  record(): void;
  markRequest(): void;
  /** Stops keeping commands; answers what was kept. */
  stopRecording(): RecordedRequest[];
  detach(): void;
}

export function attachRoundTripProbe(client: DynamoDBClient, name = 'benchRoundTrips'): RoundTripProbe {
  let counts = emptyCounts();
  let inFlight = 0;
  let recorded: RecordedRequest[] | undefined;
  const waveOf = new WeakMap<object, number>();
  const addedCapacity = new WeakSet<object>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      counts.commands[command] = (counts.commands[command] ?? 0) + 1;
      if (inFlight === 0) counts.roundTrips++;
      inFlight++;
      waveOf.set(context, counts.roundTrips);
      const input = args.input as Record<string, unknown>;
      if (recorded && input.ReturnConsumedCapacity === undefined) {
        input.ReturnConsumedCapacity = 'TOTAL';
        addedCapacity.add(context);
      }
      try {
        const out = await next(args);
        counts.itemsRead += itemsReadBy(out.output);
        if (recorded) {
          const o = out.output as { ConsumedCapacity?: Capacity | Capacity[] };
          addCapacity(counts, command, o.ConsumedCapacity);
        }
        return out;
      } finally {
        inFlight--;
      }
    },
    { step: 'initialize', name: `${name}Count`, priority: 'high' },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { body?: unknown };
      const current = recorded?.at(-1);
      const body = bodyText(request.body);
      if (current && body !== undefined) {
        const input = JSON.parse(body) as Record<string, unknown>;
        if (addedCapacity.has(context)) delete input.ReturnConsumedCapacity;
        // Round trips are numbered per process; within the request they start at the request's first.
        const wave = waveOf.get(context) ?? 0;
        const first = (current as RecordedRequest & { firstWave?: number }).firstWave ?? wave;
        (current as RecordedRequest & { firstWave?: number }).firstWave = first;
        const at = wave - first;
        current[at] ??= [];
        current[at].push({ command: context.commandName ?? 'unknown', input });
      }
      return next(args);
    },
    { step: 'build', name: `${name}Record`, priority: 'high' },
  );
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
      recorded = [];
    },
    markRequest() {
      recorded?.push([]);
    },
    stopRecording() {
      const out = (recorded ?? []).map((r) => r.filter(Boolean).map((wave) => [...wave]));
      recorded = undefined;
      return out.filter((r) => r.length > 0);
    },
    detach() {
      client.middlewareStack.remove(`${name}Count`);
      client.middlewareStack.remove(`${name}Record`);
    },
  };
}
