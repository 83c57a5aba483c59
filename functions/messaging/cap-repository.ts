import { db, tableName } from '../lib/db';
import { UpdateCommand } from '../lib/store-client';

/** At most one marketing message per phone in this many days (family profiles on one phone share it). */
export const MARKETING_CAP_DAYS = 7;

const key = (phoneHash: string) => ({ pk: `MKTCAP#${phoneHash}`, sk: 'CAP' });

/**
 * Takes the phone's weekly marketing place for one message, atomically: true when no marketing
 * message went to this phone in the last 7 days (or this very message holds the place already,
 * a retry); false when another one did.
 */
export async function claimMarketingCap(phoneHash: string, messageId: string, nowMs: number): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(phoneHash),
        UpdateExpression: 'SET lastAtMs = :now, messageId = :id',
        ConditionExpression: 'attribute_not_exists(pk) OR lastAtMs <= :cutoff OR messageId = :id',
        ExpressionAttributeValues: {
          ':now': nowMs,
          ':id': messageId,
          ':cutoff': nowMs - MARKETING_CAP_DAYS * 86_400_000,
        },
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}
