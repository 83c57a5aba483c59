import { IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError } from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { db } from './db';
import { DeleteCommand, GetCommand, PutCommand, StoreError, UpdateCommand } from './store-client';

/** Powertools' record layout (its DynamoDB layer's defaults): items written before this layer read the same. */
const ID = 'id';
const STATUS = 'status';
const EXPIRY = 'expiration';
const IN_PROGRESS_EXPIRY = 'in_progress_expiration';
const DATA = 'data';
const VALIDATION = 'validation';

const recordOf = (item: Record<string, unknown>) =>
  new IdempotencyRecord({
    idempotencyKey: item[ID] as string,
    status: item[STATUS] as IdempotencyRecord['status'],
    expiryTimestamp: item[EXPIRY] as number | undefined,
    inProgressExpiryTimestamp: item[IN_PROGRESS_EXPIRY] as number | undefined,
    responseData: item[DATA] as IdempotencyRecord['responseData'],
    payloadHash: item[VALIDATION] as string | undefined,
  });

/**
 * Powertools' idempotency records kept with the project's store client (functions/lib/store-client.ts)
 * instead of its DynamoDB layer, which would bring the SDK's client into every bundle that keeps a
 * key this way. The same four operations and conditions as that layer: a record is taken when none
 * exists, when it has expired, or when its work was left in progress past its in-progress expiry.
 */
export class IdempotencyTable extends BasePersistenceLayer {
  constructor(private readonly tableName: string) {
    super();
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const out = await db.send(
      new GetCommand({ TableName: this.tableName, Key: { [ID]: idempotencyKey }, ConsistentRead: true }),
    );
    if (!out.Item) throw new IdempotencyItemNotFoundError();
    return recordOf(out.Item);
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const now = Date.now();
    try {
      await db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            [ID]: record.idempotencyKey,
            [EXPIRY]: record.expiryTimestamp,
            [STATUS]: record.getStatus(),
            [IN_PROGRESS_EXPIRY]: record.inProgressExpiryTimestamp,
            ...(this.isPayloadValidationEnabled() ? { [VALIDATION]: record.payloadHash } : {}),
          },
          ConditionExpression:
            'attribute_not_exists(#id) OR #expiry < :now OR ' +
            '(#status = :inprogress AND attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis)',
          ExpressionAttributeNames: {
            '#id': ID,
            '#expiry': EXPIRY,
            '#in_progress_expiry': IN_PROGRESS_EXPIRY,
            '#status': STATUS,
          },
          ExpressionAttributeValues: { ':now': now / 1000, ':now_in_millis': now, ':inprogress': 'INPROGRESS' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (e) {
      if (!(e instanceof StoreError) || e.name !== 'ConditionalCheckFailedException') throw e;
      const stored = e.Item as Record<string, unknown> | undefined;
      throw new IdempotencyItemAlreadyExistsError(
        `Failed to put record for already existing idempotency key: ${record.idempotencyKey}`,
        stored && recordOf(stored),
      );
    }
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    const names: Record<string, string> = { '#expiry': EXPIRY, '#status': STATUS };
    const values: Record<string, unknown> = { ':expiry': record.expiryTimestamp, ':status': record.getStatus() };
    const sets = ['#expiry = :expiry', '#status = :status'];
    if (record.responseData !== undefined) {
      sets.push('#response_data = :response_data');
      names['#response_data'] = DATA;
      values[':response_data'] = record.responseData;
    }
    if (this.isPayloadValidationEnabled()) {
      sets.push('#validation_key = :validation_key');
      names['#validation_key'] = VALIDATION;
      values[':validation_key'] = record.payloadHash;
    }
    await db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { [ID]: record.idempotencyKey },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    await db.send(new DeleteCommand({ TableName: this.tableName, Key: { [ID]: record.idempotencyKey } }));
  }
}
