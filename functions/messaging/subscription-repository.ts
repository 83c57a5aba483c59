import { db, tableName } from '../lib/db';
import { partitionQuery, queryAll } from '../lib/store';
import { UpdateCommand } from '../lib/store-client';

/** The grant an account holds for one subscribe-message template: each one-time accept is one send. */
export interface GrantRecord {
  accountId: string;
  templateId: string;
  remaining: number;
  banned: boolean;
  updatedAt: string;
}

const partition = (accountId: string) => `SUBGRANT#${accountId}`;
const key = (accountId: string, templateId: string) => ({ pk: partition(accountId), sk: `TPL#${templateId}` });

/** Every template grant of an account (a handful). */
export async function grantsOf(accountId: string): Promise<GrantRecord[]> {
  return queryAll<GrantRecord>(partitionQuery(undefined, 'pk', partition(accountId)), 50);
}

/**
 * Records one prompt's result for a template: `accepts` sends more (an accept also lifts an earlier
 * ban: the patient turned the template back on), `ban` marks it refused for good. ADD keeps
 * concurrent reports from losing one another.
 */
export async function recordGrant(
  accountId: string,
  templateId: string,
  change: { accepts: number; ban: boolean },
  at: string,
): Promise<void> {
  const sets = ['#type = :type', 'accountId = :a', 'templateId = :t', 'updatedAt = :at'];
  const values: Record<string, unknown> = {
    ':type': 'subscriptionGrant',
    ':a': accountId,
    ':t': templateId,
    ':at': at,
  };
  if (change.ban) {
    sets.push('banned = :true');
    values[':true'] = true;
  } else if (change.accepts > 0) {
    sets.push('banned = :false');
    values[':false'] = false;
  }
  values[':n'] = change.accepts;
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key(accountId, templateId),
      UpdateExpression: `SET ${sets.join(', ')} ADD remaining :n`,
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: values,
    }),
  );
}

/**
 * Spends one accept, atomically: true when the account had one left (remaining > 0). Two senders at
 * once never spend one accept twice.
 */
export async function consumeGrant(accountId: string, templateId: string): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(accountId, templateId),
        UpdateExpression: 'SET remaining = remaining - :one',
        ConditionExpression: 'remaining > :zero',
        ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

/** Gives back an accept spent on a send WeChat refused for another reason (the patient's grant was not used). */
export async function returnGrant(accountId: string, templateId: string): Promise<void> {
  await db
    .send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(accountId, templateId),
        UpdateExpression: 'ADD remaining :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    )
    .catch((e: Error) => {
      if (e.name !== 'ConditionalCheckFailedException') throw e;
    });
}

/** WeChat said the grant is used up (43101): our ledger was ahead of it, so it drops to 0. */
export async function exhaustGrant(accountId: string, templateId: string, at: string): Promise<void> {
  await db
    .send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(accountId, templateId),
        UpdateExpression: 'SET remaining = :zero, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':zero': 0, ':at': at },
      }),
    )
    .catch((e: Error) => {
      if (e.name !== 'ConditionalCheckFailedException') throw e;
    });
}
