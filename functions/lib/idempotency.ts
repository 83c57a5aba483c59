import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { config } from './config';
import { db } from './db';
import { bodyHash, checkKeyLength, type KeyKeeper, scopedKeyHash } from './idempotency-key';
import { answerOf, KEY_LIFETIME_SECONDS, type KeyRecord, readKey } from './key-in-transaction';
import { DeleteCommand, PutCommand, StoreError, UpdateCommand } from './store-client';

/**
 * An Idempotency-Key kept in the idempotency table around work that does not end in one transaction
 * of its own (a route's `keptBy`): taken before the work by a conditional put (INPROGRESS, held until
 * the function's time runs out), given back if the work fails, saved with the answer after it.
 *
 * The records are those Powertools' idempotency utility kept here before (its DynamoDB layer's
 * layout and conditions, its id and body hashes), so a retry spanning the change reads its first
 * answer. That utility was replaced because each bundle holding it carried ~41 KB (its JMESPath
 * engine among them) for what this file does (the bundle size target, README Figures).
 */

const md5 = (s: string) => createHash('md5').update(s).digest('base64');
/** Powertools' record id: the function's name, then the hash of the key (here already scoped and hashed). */
const recordId = (scopedHash: string) =>
  `${process.env.AWS_LAMBDA_FUNCTION_NAME ?? ''}#${md5(JSON.stringify(scopedHash))}`;
/** Powertools' payload hash, of the body's own hash. */
const validationOf = (body: unknown) => md5(JSON.stringify(bodyHash(body)));

const table = () => config.IDEMPOTENCY_TABLE_NAME;

/** Takes the key, or answers what its first use did (or that it is still in progress, or was for another body). */
async function take(id: string, validation: string, holdMs: number): Promise<{ taken: true } | { answer: unknown }> {
  const nowMs = Date.now();
  try {
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: {
          id,
          status: 'INPROGRESS',
          expiration: Math.floor(nowMs / 1000) + KEY_LIFETIME_SECONDS,
          in_progress_expiration: nowMs + holdMs,
          validation,
        } satisfies KeyRecord,
        // Free: never used, expired (TTL deletes late), or held by a function that ended mid-work.
        ConditionExpression:
          'attribute_not_exists(id) OR expiration < :now OR ' +
          '(#status = :inprogress AND attribute_exists(in_progress_expiration) AND in_progress_expiration < :nowMs)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':now': nowMs / 1000, ':nowMs': nowMs, ':inprogress': 'INPROGRESS' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { taken: true };
  } catch (e) {
    if (!(e instanceof StoreError) || e.name !== 'ConditionalCheckFailedException') throw e;
    const stored = (e.Item as KeyRecord | undefined) ?? (await readKey(id));
    if (!stored) throw new AppError('REQUEST_IN_PROGRESS', '相同的请求正在处理中，请稍候');
    return { answer: answerOf(stored, validation) };
  }
}

export const keptInIdempotencyTable: KeyKeeper = async <T>(
  req: Parameters<KeyKeeper>[0],
  work: () => Promise<T>,
): Promise<T> => {
  checkKeyLength(req.key);
  const id = recordId(scopedKeyHash(req.scope, req.key));
  const taken = await take(id, validationOf(req.body), req.context.getRemainingTimeInMillis());
  if ('answer' in taken) return taken.answer as T;
  let out: T;
  try {
    out = await work();
  } catch (err) {
    // Given back, so that a retry does the work; if this fails, the hold ends with the function's time.
    await db.send(new DeleteCommand({ TableName: table(), Key: { id } })).catch(() => undefined);
    throw err;
  }
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: { id },
      UpdateExpression: 'SET #s = :done, #d = :data, expiration = :exp',
      ExpressionAttributeNames: { '#s': 'status', '#d': 'data' },
      ExpressionAttributeValues: {
        ':done': 'COMPLETED',
        ':data': out,
        ':exp': Math.floor(Date.now() / 1000) + KEY_LIFETIME_SECONDS,
      },
    }),
  );
  return out;
};
