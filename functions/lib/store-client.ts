/**
 * The store client every function sends its DynamoDB commands with: DynamoDB's JSON API, each
 * request signed and sent by aws-http.ts, items converted by @aws-sdk/util-dynamodb.
 *
 * Why not the SDK's client: bundled, `@aws-sdk/client-dynamodb` with `lib-dynamodb` is ~208 KB
 * minified before any code of ours even with its credential chain cut down (341 KB as is) and
 * imports in 25–54 ms here; this client with what it uses is ~18 KB and ~10 ms (README, Figures:
 * the floor rows, which measure both). The commands keep lib-dynamodb's names and its input
 * and output types, so a repository reads as it would with the SDK. What the SDK did that matters
 * here is done here too: retries of throttling, 5xx and dropped connections with jittered back-off,
 * kept-alive connections, errors named as the SDK names them (`ConditionalCheckFailedException`,
 * `TransactionCanceledException`), with their `Item` and `CancellationReasons` (items as plain values).
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type * as lib from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type AwsCredentials,
  agentFor,
  isNetworkError,
  regionalEndpoint,
  signedRequest,
  withRetries,
} from './aws-http';

/** A command: the store operation and its input, as lib-dynamodb takes it; `O` is what it answers. */
abstract class StoreCommand<I, O> {
  declare readonly __output: O;
  abstract readonly operation: string;
  constructor(readonly input: I) {}
}
type Out<O> = Omit<O, '$metadata'>;

export class GetCommand extends StoreCommand<lib.GetCommandInput, Out<lib.GetCommandOutput>> {
  readonly operation = 'GetItem';
}
export class PutCommand extends StoreCommand<lib.PutCommandInput, Out<lib.PutCommandOutput>> {
  readonly operation = 'PutItem';
}
export class UpdateCommand extends StoreCommand<lib.UpdateCommandInput, Out<lib.UpdateCommandOutput>> {
  readonly operation = 'UpdateItem';
}
export class DeleteCommand extends StoreCommand<lib.DeleteCommandInput, Out<lib.DeleteCommandOutput>> {
  readonly operation = 'DeleteItem';
}
export class QueryCommand extends StoreCommand<lib.QueryCommandInput, Out<lib.QueryCommandOutput>> {
  readonly operation = 'Query';
}
export class ScanCommand extends StoreCommand<lib.ScanCommandInput, Out<lib.ScanCommandOutput>> {
  readonly operation = 'Scan';
}
export class BatchGetCommand extends StoreCommand<lib.BatchGetCommandInput, Out<lib.BatchGetCommandOutput>> {
  readonly operation = 'BatchGetItem';
}
export class BatchWriteCommand extends StoreCommand<lib.BatchWriteCommandInput, Out<lib.BatchWriteCommandOutput>> {
  readonly operation = 'BatchWriteItem';
}
export class TransactWriteCommand extends StoreCommand<
  lib.TransactWriteCommandInput,
  Out<lib.TransactWriteCommandOutput>
> {
  readonly operation = 'TransactWriteItems';
}

export type { QueryCommandInput, TransactWriteCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';

/** Wire bodies: JSON objects with attribute values in DynamoDB's own form ({S: …}, {N: …}). */
export type WireBody = Record<string, unknown>;

/**
 * Watches the commands on the wire (the bench's and the tests' counters of round trips and items
 * read). `command` sees each command once, on its way to the store and back: it may change the body
 * and must call `next` once. `attempt` is told of each HTTP request, retries included.
 */
export interface StoreObserver {
  command?: (operation: string, body: WireBody, next: (body: WireBody) => Promise<WireBody>) => Promise<WireBody>;
  attempt?: (operation: string) => void;
}

/** A refusal or failure the store answered with, named as the SDK names it. */
export class StoreError extends Error {
  /** The store's own fields of the error (`Item`, `CancellationReasons` …), items as plain values. */
  [field: string]: unknown;
  constructor(
    name: string,
    message: string,
    readonly status: number,
    fields: Record<string, unknown> = {},
  ) {
    super(message);
    Object.assign(this, fields);
    this.name = name;
  }
}

// What the SDK's standard retry strategy retries for DynamoDB: throttling, and the store's own faults.
const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'Throttling',
  'TooManyRequestsException',
  'RequestThrottled',
]);

function retryable(e: unknown): boolean {
  if (e instanceof StoreError) return e.status >= 500 || THROTTLING.has(e.name);
  return isNetworkError(e);
}

export interface StoreClientOptions {
  region: string;
  /** A stand-in store (DynamoDB Local); none: the region's DynamoDB. */
  endpoint?: string;
  /** None: the function's own, from the environment, as Lambda hands them over. */
  credentials?: AwsCredentials;
  /** Tries of one command, the first included (the SDK's default: 3). */
  maxAttempts?: number;
  /** Connections kept open to the store, at most. */
  maxSockets?: number;
}

const ATTRIBUTE_MAPS = new Set(['Item', 'Key', 'ExclusiveStartKey', 'ExpressionAttributeValues']);
const RESULT_MAPS = new Set(['Item', 'Attributes', 'LastEvaluatedKey']);

/** An input as DynamoDB takes it: every item, key and expression value marshalled, wherever it sits. */
function toWire(value: unknown, options: Parameters<typeof marshall>[1]): unknown {
  if (Array.isArray(value)) return value.map((v) => toWire(v, options));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (ATTRIBUTE_MAPS.has(k)) out[k] = marshall(v as Record<string, unknown>, options);
    else if (k === 'Keys') out[k] = (v as Record<string, unknown>[]).map((key) => marshall(key, options));
    else out[k] = toWire(v, options);
  }
  return out;
}

/** An answer as lib-dynamodb gives it: items, keys and attributes back to plain values. */
function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (RESULT_MAPS.has(k)) out[k] = unmarshall(v as never);
    else if (k === 'Items' || k === 'Keys') out[k] = (v as never[]).map((i) => unmarshall(i));
    else if (k === 'Responses' && !Array.isArray(v)) {
      // BatchGetItem: table name → its items.
      out[k] = Object.fromEntries(
        Object.entries(v as Record<string, never[]>).map(([t, items]) => [t, items.map((i) => unmarshall(i))]),
      );
    } else out[k] = fromWire(v);
  }
  return out;
}

export class StoreClient {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly observers = new Map<string, StoreObserver>();

  constructor(private readonly options: StoreClientOptions) {
    this.url = new URL(options.endpoint ?? regionalEndpoint('dynamodb', options.region));
    this.agent = agentFor(this.url.href, options.maxSockets);
  }

  /** Where the commands go. */
  get endpoint(): string {
    return this.url.href;
  }

  /** Sends a command as lib-dynamodb would (undefined attributes left out) and answers its plain output. */
  async send<I, O>(command: StoreCommand<I, O>): Promise<O> {
    const body = toWire(command.input, { removeUndefinedValues: true }) as WireBody;
    return fromWire(await this.sendWire(command.operation, body)) as O;
  }

  /** One command as it goes on the wire, through the observers: what a bare replay of recorded commands sends. */
  sendWire(operation: string, body: WireBody): Promise<WireBody> {
    let next = (b: WireBody) => this.call(operation, b);
    for (const { command } of this.observers.values()) {
      if (!command) continue;
      const inner = next;
      next = (b) => command(operation, b, inner);
    }
    return next(body);
  }

  observe(name: string, observer: StoreObserver): void {
    this.observers.set(name, observer);
  }

  unobserve(name: string): void {
    this.observers.delete(name);
  }

  /** Closes the kept-alive connections (a process that is done with the store). */
  destroy(): void {
    this.agent.destroy();
  }

  /** The command, tried again after throttling, a store fault or a dropped connection. */
  private call(operation: string, body: WireBody): Promise<WireBody> {
    // As the SDK does: one token for all tries of a transaction, so a retry of one that did commit
    // (its answer lost) is answered as that commit, not refused by its own conditions.
    const sent =
      operation === 'TransactWriteItems' && body.ClientRequestToken === undefined
        ? { ...body, ClientRequestToken: randomUUID() }
        : body;
    const json = JSON.stringify(sent, refuseBinary);
    return withRetries(this.options.maxAttempts ?? 3, retryable, () => {
      for (const o of this.observers.values()) o.attempt?.(operation);
      return this.post(operation, json);
    });
  }

  private async post(operation: string, json: string): Promise<WireBody> {
    const res = await signedRequest(
      { service: 'dynamodb', region: this.options.region, credentials: this.options.credentials },
      this.agent,
      {
        method: 'POST',
        url: this.url,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}` },
        body: json,
      },
    );
    const text = res.body.toString('utf8');
    const parsed = parseJson(text);
    if (res.status === 200 && parsed) return parsed;
    const type = String(parsed?.__type ?? '');
    const name = type.slice(type.lastIndexOf('#') + 1) || (res.status >= 500 ? 'InternalServerError' : 'UnknownError');
    const { __type: _t, message, Message, ...fields } = parsed ?? {};
    const said = String(message ?? Message ?? (text.slice(0, 200) || `HTTP ${res.status}`));
    throw new StoreError(name, said, res.status, fromWire(fields) as Record<string, unknown>);
  }
}

/**
 * No item here holds binary (B, BS) attributes, and this client does not convert them: one is refused
 * before it is sent rather than stored in a form it would read back wrongly.
 */
function refuseBinary(this: unknown, key: string, value: unknown): unknown {
  if (value instanceof Uint8Array || (value as { type?: unknown })?.type === 'Buffer') {
    throw new TypeError(`store client: binary attribute at ${key} is not supported`);
  }
  return value;
}

function parseJson(text: string): WireBody | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as WireBody) : undefined;
  } catch {
    return undefined;
  }
}
