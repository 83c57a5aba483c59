import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError, statusFor } from '../../shared/errors';
import { config } from './config';
import { db } from './db';
import { GetCommand, PutCommand, UpdateCommand } from './store-client';

/**
 * An Idempotency-Key kept IN the work's own transaction (routes whose work ends in one `commit`):
 * "this key was used" and the work are one write, instead of a conditional put before the work and
 * an update after it (2 round trips, idempotency.ts). Same item shape as those records (Powertools'
 * idempotency format): the key hashed with its scope, the body's hash, an expiry (the table's TTL).
 * A service that knows its answer before committing passes it to `commit` and it is saved with the
 * work; otherwise the answer is saved by one update after the work (status INPROGRESS meanwhile).
 */

/** How long a key is remembered (Powertools' default; the routes of idempotency.ts keep theirs as long). */
export const KEY_LIFETIME_SECONDS = 3600;

type StoredAnswer = Record<string, unknown>;

interface Claim {
  id: string;
  bodyHash: string;
  /** Turns the service's answer into what is stored (the HTTP answer, plain JSON). */
  toStored: (answer: unknown) => StoredAnswer;
  written: boolean;
  answered: boolean;
}

const claims = new AsyncLocalStorage<Claim>();

/** A record as stored (idempotency.ts's records add when their work's in-progress hold ends). */
export interface KeyRecord {
  id: string;
  status: 'INPROGRESS' | 'COMPLETED';
  expiration: number;
  validation: string;
  data?: StoredAnswer;
  /** Epoch ms: an INPROGRESS record past this was left by a function that ended mid-work. */
  in_progress_expiration?: number;
}

/** The key was used before (or is being used now): what that use answered, or why it cannot. */
export class KeyUsedError extends Error {
  constructor(readonly stored: KeyRecord | undefined) {
    super('idempotency key used');
  }
}

const nowSeconds = () => Date.now() / 1000;

/**
 * The write that marks the key used, for `commit` to put first in the transaction (so a retry's
 * failed condition is reported as this one, before any rule of the work), or undefined outside such
 * a request or once the key is written. With `answer`, the record is saved complete.
 */
export function keyWrite(answer?: { value: unknown }) {
  const claim = claims.getStore();
  if (!claim || claim.written) return undefined;
  const record: KeyRecord = {
    id: claim.id,
    status: answer ? 'COMPLETED' : 'INPROGRESS',
    expiration: Math.floor(nowSeconds()) + KEY_LIFETIME_SECONDS,
    validation: claim.bodyHash,
    ...(answer ? { data: claim.toStored(answer.value) } : {}),
  };
  return {
    item: {
      Put: {
        TableName: config.IDEMPOTENCY_TABLE_NAME,
        Item: record,
        // An expired record (TTL deletes it late) counts as absent, as in Powertools.
        ConditionExpression: 'attribute_not_exists(id) OR expiration < :now',
        ExpressionAttributeValues: { ':now': nowSeconds() },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    },
    onConditionFailed: (stored: Record<string, unknown> | undefined) =>
      new KeyUsedError(stored as KeyRecord | undefined),
    /** Called by `commit` once the transaction is written. */
    done: () => {
      claim.written = true;
      claim.answered = Boolean(answer);
    },
  };
}

/** What a used key answers: the first answer, "still in progress", or "this key was for another body". */
export function answerOf(stored: KeyRecord, bodyHash: string): StoredAnswer {
  if (stored.validation !== bodyHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', '这个 Idempotency-Key 已用于另一份内容，新的操作请使用新的 Key');
  }
  if (stored.status !== 'COMPLETED' || !stored.data) {
    throw new AppError('REQUEST_IN_PROGRESS', '相同的请求正在处理中，请稍候');
  }
  return stored.data;
}

const live = (r: KeyRecord | undefined): r is KeyRecord => r !== undefined && r.expiration >= nowSeconds();

/**
 * Runs `work` with the key held in its transaction. A retry after success gets the first answer
 * (read from the record the failed condition returns, or, when the work refused the retry before
 * committing — "already answered" — from one read of the record); the same key with another body
 * is refused. `work` answers the stored form of its answer.
 */
export async function keyInTransaction(
  req: { id: string; bodyHash: string; toStored: (answer: unknown) => StoredAnswer },
  work: () => Promise<StoredAnswer>,
): Promise<StoredAnswer> {
  const claim: Claim = { ...req, written: false, answered: false };
  let out: StoredAnswer;
  try {
    out = await claims.run(claim, work);
  } catch (err) {
    if (err instanceof KeyUsedError) {
      if (live(err.stored)) return answerOf(err.stored, req.bodyHash);
      throw new AppError('REQUEST_IN_PROGRESS', '相同的请求正在处理中，请稍候');
    }
    // A refusal (4xx) may be the work seeing what this key's first use did: that use answers instead.
    if (!claim.written && err instanceof AppError && statusFor(err.code) < 500) {
      const stored = await readKey(req.id);
      if (live(stored)) return answerOf(stored, req.bodyHash);
    }
    throw err;
  }
  if (!claim.written) {
    // The work committed nothing in a transaction: the key is written with its answer on its own.
    const w = keyWrite({ value: out })!;
    try {
      await db.send(new PutCommand(w.item.Put));
    } catch (e) {
      if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw e;
      const stored = await readKey(req.id);
      if (live(stored)) return answerOf(stored, req.bodyHash);
      throw e;
    }
  } else if (!claim.answered) {
    await db.send(
      new UpdateCommand({
        TableName: config.IDEMPOTENCY_TABLE_NAME,
        Key: { id: req.id },
        UpdateExpression: 'SET #s = :done, #d = :data',
        ExpressionAttributeNames: { '#s': 'status', '#d': 'data' },
        ExpressionAttributeValues: { ':done': 'COMPLETED', ':data': out },
      }),
    );
  }
  return out;
}

export async function readKey(id: string): Promise<KeyRecord | undefined> {
  const res = await db.send(
    new GetCommand({ TableName: config.IDEMPOTENCY_TABLE_NAME, Key: { id }, ConsistentRead: true }),
  );
  return res.Item as KeyRecord | undefined;
}
