import { clinicDate } from '../../shared/dates';
import { AppError, ConflictError, NotFoundError } from '../../shared/errors';
import { maskName } from '../../shared/mask';
import type { SignupInput, SignupResult } from '../../shared/schemas/campaigns';
import { getStaff } from '../auth/identity-repository';
import type { Ctx } from '../lib/context';
import { encryptField, lookupHash } from '../lib/crypto';
import { commit } from '../lib/transact';
import { attributionOf, consentEntries, newPatientRecord } from '../patients/patient-record';
import { getPatient, newPatientWrites, phoneOwner } from '../patients/patient-repository';
import { counterWrites } from '../stats/counter-repository';
import { type CampaignRecord, getCampaign, type TouchRecord, touchExists, touchWrite } from './campaign-repository';

/**
 * A member who left (停用) owns no new record: until their campaign is handed over, its sign-ups
 * belong to no one (they still count for the campaign and its channel).
 */
async function activeOwner(c: CampaignRecord): Promise<{ ownerStaffId?: string; ownerStaffName?: string }> {
  const owner = await getStaff(c.ownerStaffId);
  return owner && !owner.deactivatedAt ? { ownerStaffId: c.ownerStaffId, ownerStaffName: c.ownerStaffName } : {};
}

const REPEAT: SignupResult = { status: 'repeat', message: '您已报名，工作人员会尽快与您联系' };

/**
 * A sign-up through a campaign code. A new phone makes a record owned by the campaign's owner,
 * with the campaign's channel; a phone on file keeps its first owner (first touch wins) and is
 * kept as a touch on the campaign. Either way the counters move in the same transaction.
 * `created` tells whether a record was made.
 */
export async function signup(
  { caller, now }: Ctx,
  id: string,
  input: SignupInput,
): Promise<{ result: SignupResult; created: boolean }> {
  const c = await getCampaign(id);
  if (!c) throw new NotFoundError('campaign', { campaignId: id });
  const today = clinicDate(now);
  if (today < c.startsOn) {
    throw new ConflictError('CAMPAIGN_NOT_STARTED', `活动将于 ${c.startsOn} 开始，敬请期待`, { startsOn: c.startsOn });
  }
  if (today > c.endsOn)
    throw new AppError('CAMPAIGN_ENDED', `活动已于 ${c.endsOn} 结束，感谢关注`, { endsOn: c.endsOn });
  const phoneHash = await lookupHash('phone', input.phone);
  if (await touchExists(c.id, phoneHash)) return { result: REPEAT, created: false };
  const at = now.toISOString();
  const owning = await activeOwner(c);
  const consents = consentEntries(
    { marketing: input.consents.marketing, healthData: input.consents.healthData ?? false },
    at,
    { byUserId: caller.userId },
  );
  const record = await newPatientRecord(
    {
      clinicId: c.clinicId,
      name: input.name,
      needs: input.needs,
      relation: 'self',
      channel: c.channel,
      campaignId: c.id,
      ...owning,
      accountId: caller.userId,
    },
    input.phone,
    consents,
    at,
  );
  const repeat = () => new ConflictError('CONFLICT', REPEAT.message);
  const touch: TouchRecord = {
    campaignId: c.id,
    at,
    kind: 'new',
    patientId: record.id,
    maskedName: maskName(input.name),
    maskedPhone: record.maskedPhone,
    phoneEnc: await encryptField(input.phone),
  };
  try {
    await commit([
      ...newPatientWrites(record, maskName(record.name), consents),
      touchWrite(touch, phoneHash, c.clinicId, repeat),
      ...counterWrites(attributionOf(record), today, { newRecords: 1, signups: 1 }),
    ]);
    return {
      result: { status: 'new', patientId: record.id, message: '报名成功，工作人员会尽快与您联系' },
      created: true,
    };
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    if (err.code !== 'DUPLICATE_PHONE') return { result: REPEAT, created: false };
  }
  const owner = await phoneOwner(phoneHash);
  const existing = owner ? await getPatient(owner.patientId) : undefined;
  try {
    await commit([
      touchWrite(
        { ...touch, kind: 'known', patientId: existing?.id ?? '', ownerStaffName: existing?.ownerStaffName },
        phoneHash,
        c.clinicId,
        repeat,
      ),
      // A known person's sign-up counts for the campaign, not for the record's first owner.
      ...counterWrites(
        {
          clinicId: c.clinicId,
          ownerClinicId: c.clinicId,
          ownerStaffId: owning.ownerStaffId,
          channel: c.channel,
          campaignId: c.id,
        },
        today,
        { signups: 1, knownSignups: 1 },
      ),
    ]);
  } catch (err) {
    if (err instanceof ConflictError) return { result: REPEAT, created: false };
    throw err;
  }
  return { result: { status: 'known', message: '您已是我院患者，工作人员会尽快与您联系' }, created: false };
}
