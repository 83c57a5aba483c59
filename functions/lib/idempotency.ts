import { createHash } from 'node:crypto';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { AppError, ValidationError } from '../../shared/errors';
import { config } from './config';
import { dynamoClient } from './db';

let store: DynamoDBPersistenceLayer | undefined;
function idempotencyStore(): DynamoDBPersistenceLayer {
  store ??= new DynamoDBPersistenceLayer({ tableName: config.IDEMPOTENCY_TABLE_NAME, awsSdkV3Client: dynamoClient });
  return store;
}
const IDEMPOTENCY_CONFIG = new IdempotencyConfig({ eventKeyJmesPath: 'key', payloadValidationJmesPath: 'bodyHash' });

interface Payload {
  key: string;
  bodyHash: string;
}

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

let runOnce: ((p: Payload, work: () => Promise<unknown>) => Promise<unknown>) | undefined;

/**
 * Does `work` once per Idempotency-Key (scoped to the route and the caller): a retry gets the first
 * answer, a retry still in flight is told to wait, the same key with another body is refused.
 * The answer must be plain JSON.
 */
export async function honourIdempotencyKey<T>(
  req: { key: string; scope: string; body: unknown; context: Context },
  work: () => Promise<T>,
): Promise<T> {
  checkKeyLength(req.key);
  runOnce ??= makeIdempotent(async (_payload: Payload, w: () => Promise<unknown>) => w(), {
    persistenceStore: idempotencyStore(),
    config: IDEMPOTENCY_CONFIG,
    dataIndexArgument: 0,
  });
  IDEMPOTENCY_CONFIG.registerLambdaContext(req.context);
  try {
    return (await runOnce({ key: scopedKeyHash(req.scope, req.key), bodyHash: bodyHash(req.body) }, work)) as T;
  } catch (err) {
    if (err instanceof IdempotencyAlreadyInProgressError) {
      throw new AppError('REQUEST_IN_PROGRESS', '相同的请求正在处理中，请稍候');
    }
    if (err instanceof IdempotencyValidationError) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', '这个 Idempotency-Key 已用于另一份内容，新的操作请使用新的 Key');
    }
    throw err;
  }
}
