import { createHash } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { ValidationError } from '../../shared/errors';

/**
 * What every way of keeping an Idempotency-Key shares (http.ts, key-in-transaction.ts, idempotency.ts).
 * Kept apart from the records around the work (idempotency.ts) so a group whose routes never keep
 * a key that way bundles none of it.
 */

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The stored key of an Idempotency-Key: hashed with its scope (the route and the caller). */
export const scopedKeyHash = (scope: string, key: string) => sha256(`${scope}\n${key}`);
/** The hash of a request's body, kept to refuse the same key with another body. */
export const bodyHash = (body: unknown) => sha256(JSON.stringify(body ?? null));

/** A key longer than 128 characters is refused (400), whichever way it is kept. */
export function checkKeyLength(key: string): void {
  if (key.length > 128) {
    throw new ValidationError('Idempotency-Key 过长', {
      fields: [{ path: 'Idempotency-Key', message: '不能超过 128 个字符' }],
    });
  }
}

/**
 * Does `work` once per Idempotency-Key (scoped to the route and the caller): a retry gets the first
 * answer, a retry still in flight is told to wait, the same key with another body is refused.
 */
export type KeyKeeper = <T>(
  req: { key: string; scope: string; body: unknown; context: Context },
  work: () => Promise<T>,
) => Promise<T>;
