import { ConflictError } from '../../shared/errors';
import type { CampaignView } from '../../shared/schemas/campaigns';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import { tableName } from '../lib/db';
import { getItem, partitionQuery, putIfAbsent, putItem, queryAll, queryFilteredPage, queryPage } from '../lib/store';
import { type Write, write } from '../lib/transact';
import { OwnerMovedError } from '../patients/owner-repository';

export interface CampaignRecord extends Omit<CampaignView, 'state' | 'results'> {
  createdBy: string;
}

export interface TouchRecord {
  campaignId: string;
  at: string;
  kind: 'new' | 'known';
  patientId: string;
  maskedName: string;
  maskedPhone: string;
  /** The phone as given, encrypted: the campaign's owner calls every sign-up back. */
  phoneEnc?: string;
  ownerStaffName?: string;
}

const campaignKey = (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: 'CAMPAIGN' });
const qrCodeKey = (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: 'QRCODE' });
/** One sign-up per person per campaign: the touch is keyed by the phone's lookup hash. */
const touchKey = (campaignId: string, phoneHash: string) => ({
  pk: `CAMPAIGN#${campaignId}`,
  sk: `TOUCH#${phoneHash}`,
});
const campaignsOf = (clinicId: string) => `CAMPAIGNS#${clinicId}`;
/** A campaign's sign-ups by time, for its owner's call-back list. */
const touchesByTime = (campaignId: string) => `TOUCHES#${campaignId}`;

export async function insertCampaign(c: CampaignRecord): Promise<void> {
  const item = {
    ...campaignKey(c.id),
    type: 'campaign',
    ...c,
    clinicKey: campaignsOf(c.clinicId),
    clinicSort: `${c.startsOn}#${c.id}`,
  };
  if (!(await putIfAbsent(item))) throw new ConflictError('CONFLICT', '该活动已存在');
}

export async function getCampaign(id: string): Promise<CampaignRecord | undefined> {
  return getItem<CampaignRecord>(campaignKey(id));
}

const clinicCampaigns = (clinicId: string, ownerStaffId?: string) =>
  partitionQuery('byClinic', 'clinicKey', campaignsOf(clinicId), {
    newestFirst: true,
    ...(ownerStaffId ? { filter: { expression: 'ownerStaffId = :o', values: { ':o': ownerStaffId } } } : {}),
  });

/** Every campaign of a clinic, latest start first (names for the channel report). */
export async function campaignsOfClinic(clinicId: string): Promise<CampaignRecord[]> {
  return queryAll<CampaignRecord>(clinicCampaigns(clinicId), 1000);
}

/** One page of a clinic's campaigns, latest start first; optionally one owner's only. */
export async function campaignsPage(
  clinicId: string,
  page: PageQuery,
  ownerStaffId?: string,
): Promise<ListResult<CampaignRecord>> {
  return queryFilteredPage<CampaignRecord>(clinicCampaigns(clinicId, ownerStaffId), page, 50);
}

/** The kept mini-program code of a campaign (made once: WeChat limits how often codes are made). */
export async function storedQrCode(id: string): Promise<{ image: Buffer; contentType: string } | undefined> {
  const item = await getItem<{ image: Uint8Array; contentType: string }>(qrCodeKey(id));
  return item ? { image: Buffer.from(item.image), contentType: String(item.contentType) } : undefined;
}

export async function keepQrCode(id: string, clinicId: string, image: Buffer, contentType: string): Promise<void> {
  await putItem({ ...qrCodeKey(id), type: 'qrcode', clinicId, image, contentType });
}

/** A sign-up's touch on its campaign; a second one of the same phone fails as `repeat`. */
export function touchWrite(t: TouchRecord, phoneHash: string, clinicId: string, repeat: () => Error): Write {
  return write(
    {
      Put: {
        TableName: tableName,
        Item: {
          ...touchKey(t.campaignId, phoneHash),
          type: 'touch',
          clinicId,
          ...t,
          clinicKey: touchesByTime(t.campaignId),
          clinicSort: `${t.at}#${phoneHash}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    repeat,
  );
}

export async function touchExists(campaignId: string, phoneHash: string): Promise<boolean> {
  return Boolean(await getItem(touchKey(campaignId, phoneHash)));
}

/** A campaign's sign-ups, newest first, one page. */
export async function touchesOf(campaignId: string, page: PageQuery): Promise<ListResult<TouchRecord>> {
  return queryPage<TouchRecord>(
    partitionQuery('byClinic', 'clinicKey', touchesByTime(campaignId), { newestFirst: true }),
    page,
  );
}

/** A campaign changes owner (a hand-over) only while `from` still owns it: later sign-ups count for `to`. */
export function campaignOwnerWrite(campaignId: string, from: string, to: { id: string; name: string }): Write {
  return write(
    {
      Update: {
        TableName: tableName,
        Key: campaignKey(campaignId),
        UpdateExpression: 'SET ownerStaffId = :to, ownerStaffName = :name',
        ConditionExpression: 'ownerStaffId = :from',
        ExpressionAttributeValues: { ':to': to.id, ':name': to.name, ':from': from },
      },
    },
    () => new OwnerMovedError(),
  );
}

/** A campaign's touch of a phone, when there is one. */
export async function touchOf(campaignId: string, phoneHash: string): Promise<TouchRecord | undefined> {
  return getItem<TouchRecord>(touchKey(campaignId, phoneHash), true);
}

/** Deletion (issue 10): the touch keeps when and what kind, not the name or the phone. */
export function touchErasedWrite(t: TouchRecord, phoneHash: string, erasedName: string): Write {
  return write({
    Update: {
      TableName: tableName,
      Key: touchKey(t.campaignId, phoneHash),
      UpdateExpression: 'SET maskedName = :n, maskedPhone = :e REMOVE phoneEnc',
      ConditionExpression: 'patientId = :p',
      ExpressionAttributeValues: { ':n': erasedName, ':e': '', ':p': t.patientId },
    },
  });
}
