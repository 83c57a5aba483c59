import { AppError, ConflictError } from '../../shared/errors';
import { FUNCTION_TIMEOUT_SECONDS } from '../routes';
import { db } from './db';
import { keyWrite } from './key-in-transaction';
import { StoreError, TransactWriteCommand, type TransactWriteCommandInput } from './store-client';

/** Why each item of a cancelled transaction failed (its stored item when the write asked for it). */
interface CancellationReason {
  Code?: string;
  Item?: Record<string, unknown>;
}

/** One item of a transaction, as DynamoDB takes it. */
export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * One item of a unit of work, with what its failed condition means. Repositories build writes (a
 * fact, its guard, its counters); a service joins them and commits them as one.
 */
export interface Write {
  item: TxItem;
  /** The domain error a failed condition on this item becomes; it gets the stored item when asked for. */
  onConditionFailed?: (stored: Record<string, unknown> | undefined) => Error;
}

/** A write whose condition failing means `error` (or whatever the function makes of the stored item). */
export function write(item: TxItem, onConditionFailed?: Write['onConditionFailed']): Write {
  return { item, onConditionFailed };
}

/** Contended writes retry for up to this long, leaving the rest of the function's time limit. */
export const CONTENTION_BUDGET_MS = (FUNCTION_TIMEOUT_SECONDS - 5) * 1000;

/** A transaction that kept meeting others in flight until the budget was spent. */
export class ContentionError extends AppError {
  constructor(message = '当前操作的人较多，请稍后重试') {
    super('RATE_LIMITED', message);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Exponential back-off with full jitter (10 ms doubling, capped at 400 ms): a crowd spreads itself out. */
export function jitteredBackoff(attempt: number): number {
  return Math.random() * Math.min(400, 10 * 2 ** Math.min(attempt, 10));
}

/**
 * The one retry policy for contended writes: wait a jittered, growing moment, or give up with a
 * ContentionError once `CONTENTION_BUDGET_MS` has passed since `startedMs`.
 */
export async function backOff(attempt: number, startedMs: number, message?: string): Promise<void> {
  if (Date.now() - startedMs > CONTENTION_BUDGET_MS) throw new ContentionError(message);
  await sleep(jitteredBackoff(attempt));
}

/**
 * Runs `work` until it settles, trying again under the one back-off policy while it fails with an
 * error `retryable` accepts (a race lost to another request); `work` gets the attempt number.
 */
export async function retrying<T>(
  retryable: (e: unknown) => boolean,
  work: (attempt: number) => Promise<T>,
  contentionMessage?: string,
): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (e) {
      if (!retryable(e)) throw e;
      await backOff(attempt, started, contentionMessage);
    }
  }
}

const isWrite = (w: Write | TxItem): w is Write => 'item' in w;

/**
 * DynamoDB Local refuses a transaction that waited too long for an item's lock with a 500 ("will
 * succeed in actual DynamoDB"), nothing written; the real service reports TransactionConflict. Both
 * mean a crowd on one item: tried again under the same back-off.
 */
const lockTimedOut = (err: unknown) =>
  err instanceof Error && err.name === 'InternalServerError' && /waiting for a lock/.test(err.message);

/**
 * Writes all items or none. A failed condition throws that write's error (CONFLICT when it names
 * none); meeting another transaction in flight is retried under the one back-off policy.
 * On a route that keeps its Idempotency-Key in the transaction (key-in-transaction.ts), the key's
 * record goes first in the request's first successful commit; `answer` (what the request will
 * answer, when known before the commit) is saved with it.
 */
export async function commit(
  writes: readonly (Write | TxItem)[],
  opts: { contentionMessage?: string; answer?: unknown } = {},
): Promise<void> {
  const key = keyWrite(opts.answer === undefined ? undefined : { value: opts.answer });
  const all = [...(key ? [key] : []), ...writes.map((w) => (isWrite(w) ? w : { item: w }))];
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: all.map((w) => w.item) }));
      key?.done();
      return;
    } catch (err) {
      if (lockTimedOut(err)) {
        await backOff(attempt, started, opts.contentionMessage);
        continue;
      }
      if (!(err instanceof StoreError) || err.name !== 'TransactionCanceledException') throw err;
      const reasons = (err.CancellationReasons ?? []) as CancellationReason[];
      const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
      if (failed >= 0) {
        const stored = reasons[failed]?.Item;
        throw all[failed]?.onConditionFailed?.(stored) ?? new ConflictError('CONFLICT', '数据已变化，请刷新后重试');
      }
      const retryable = reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
      if (!retryable) throw err;
      await backOff(attempt, started, opts.contentionMessage);
    }
  }
}
