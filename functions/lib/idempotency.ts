import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { AppError } from '../../shared/errors';
import { config } from './config';
import { bodyHash, checkKeyLength, type KeyKeeper, scopedKeyHash } from './idempotency-key';
import { IdempotencyTable } from './idempotency-table';

let store: IdempotencyTable | undefined;
function idempotencyStore(): IdempotencyTable {
  store ??= new IdempotencyTable(config.IDEMPOTENCY_TABLE_NAME);
  return store;
}
const IDEMPOTENCY_CONFIG = new IdempotencyConfig({ eventKeyJmesPath: 'key', payloadValidationJmesPath: 'bodyHash' });

interface Payload {
  key: string;
  bodyHash: string;
}

let runOnce: ((p: Payload, work: () => Promise<unknown>) => Promise<unknown>) | undefined;

/**
 * The key kept in Powertools' idempotency table around the work (a route's `keptBy`): for work that
 * does not end in one transaction of its own. The answer must be plain JSON.
 */
export const keptInIdempotencyTable: KeyKeeper = async <T>(
  req: Parameters<KeyKeeper>[0],
  work: () => Promise<T>,
): Promise<T> => {
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
};
