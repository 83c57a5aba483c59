import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Target } from '../../shared/schemas/campaigns';
import { db, tableName } from '../lib/db';

const targetPk = (clinicId: string, month: string) => `TARGET#${clinicId}#${month}`;

export async function putTarget(
  clinicId: string,
  month: string,
  staffId: string,
  t: Target,
  by: string,
): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: { pk: targetPk(clinicId, month), sk: staffId, type: 'target', clinicId, month, staffId, ...t, setBy: by },
    }),
  );
}

/** Every marketer's target of a clinic's month (one Query). */
export async function targetsOf(clinicId: string, month: string): Promise<Map<string, Target>> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': targetPk(clinicId, month) },
    }),
  );
  return new Map(
    (out.Items ?? []).map((i) => [String(i.sk), { revenueFen: Number(i.revenueFen), arrivals: Number(i.arrivals) }]),
  );
}
