import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { db } from './db';

type Items = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** Which item of a transaction failed its condition, with the stored item when it was asked for. */
export interface ConditionFailure {
  index: number;
  item?: Record<string, unknown>;
}

const MAX_ATTEMPTS = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Exponential back-off with full jitter (10 ms doubling, capped at 400 ms): a crowd spreads itself out. */
export function jitteredBackoff(attempt: number): number {
  return Math.random() * Math.min(400, 10 * 2 ** Math.min(attempt, 10));
}

/**
 * Writes all items or none. A condition failure calls onConditionFailed, whose error is thrown;
 * a conflict with another transaction in flight is retried with jittered back-off.
 */
export async function transactWrite(
  items: Items,
  onConditionFailed: (failure: ConditionFailure) => Error,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = err.CancellationReasons ?? [];
      const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
      if (failed >= 0) {
        const raw = reasons[failed]?.Item;
        throw onConditionFailed({ index: failed, item: raw ? unmarshall(raw) : undefined });
      }
      const retryable = reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
      if (!retryable || attempt >= MAX_ATTEMPTS) throw err;
      await sleep(jitteredBackoff(attempt));
    }
  }
}
