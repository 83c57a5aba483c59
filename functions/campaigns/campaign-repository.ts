import { GetCommand, PutCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../shared/errors';
import { db, tableName } from '../lib/db';

type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface CampaignRecord {
  id: string;
  clinicId: string;
  name: string;
  channel: string;
  ownerStaffId: string;
  ownerStaffName?: string;
  startsOn: string;
  endsOn: string;
  notes?: string;
  scene: string;
  createdBy: string;
  createdAt: string;
}

export interface TouchRecord {
  campaignId: string;
  at: string;
  kind: 'new' | 'known';
  patientId: string;
  maskedName: string;
  maskedPhone: string;
  ownerStaffName?: string;
}

const campaignKey = (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: 'CAMPAIGN' });

function clean<T>(item: Record<string, unknown>): T {
  const { pk: _p, sk: _s, type: _t, clinicKey: _c, clinicSort: _cs, ...rest } = item;
  return rest as T;
}

export async function insertCampaign(c: CampaignRecord): Promise<void> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...campaignKey(c.id),
          type: 'campaign',
          ...c,
          clinicKey: `CAMPAIGNS#${c.clinicId}`,
          clinicSort: `${c.startsOn}#${c.id}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') throw new ConflictError('CONFLICT', 'campaign exists');
    throw e;
  }
}

export async function getCampaign(id: string): Promise<CampaignRecord | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: campaignKey(id) }));
  return out.Item ? clean<CampaignRecord>(out.Item) : undefined;
}

export async function campaignsOfClinic(clinicId: string): Promise<CampaignRecord[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'byClinic',
      KeyConditionExpression: 'clinicKey = :k',
      ExpressionAttributeValues: { ':k': `CAMPAIGNS#${clinicId}` },
      ScanIndexForward: false,
    }),
  );
  return (out.Items ?? []).map((i) => clean<CampaignRecord>(i));
}

/** The kept mini-program code of a campaign (made once: WeChat limits how often codes are made). */
export async function storedQrCode(id: string): Promise<{ image: Buffer; contentType: string } | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: { pk: `CAMPAIGN#${id}`, sk: 'QRCODE' } }));
  if (!out.Item) return undefined;
  return { image: Buffer.from(out.Item.image as Uint8Array), contentType: String(out.Item.contentType) };
}

export async function keepQrCode(id: string, clinicId: string, image: Buffer, contentType: string): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: { pk: `CAMPAIGN#${id}`, sk: 'QRCODE', type: 'qrcode', clinicId, image, contentType },
    }),
  );
}

/** One sign-up per person per campaign: the touch is keyed by the phone's lookup hash. */
export function touchWrite(t: TouchRecord, phoneHash: string, clinicId: string): TxItem {
  return {
    Put: {
      TableName: tableName,
      Item: { pk: `CAMPAIGN#${t.campaignId}`, sk: `TOUCH#${phoneHash}`, type: 'touch', clinicId, ...t },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function touchExists(campaignId: string, phoneHash: string): Promise<boolean> {
  const out = await db.send(
    new GetCommand({ TableName: tableName, Key: { pk: `CAMPAIGN#${campaignId}`, sk: `TOUCH#${phoneHash}` } }),
  );
  return Boolean(out.Item);
}

export async function touchesOf(campaignId: string): Promise<TouchRecord[]> {
  const items: TouchRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :t)',
        ExpressionAttributeValues: { ':p': `CAMPAIGN#${campaignId}`, ':t': 'TOUCH#' },
        ExclusiveStartKey: start,
      }),
    );
    for (const i of out.Items ?? []) items.push(clean<TouchRecord>(i));
    start = out.LastEvaluatedKey;
  } while (start && items.length < 2000);
  return items.sort((a, b) => b.at.localeCompare(a.at));
}
