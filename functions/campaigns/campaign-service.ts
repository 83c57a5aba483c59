import { clinicDate, monthOf, monthsBetween } from '../../shared/dates';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../../shared/errors';
import { actsIn, fullPhoneRoles, hasRole, managers } from '../../shared/roles';
import {
  CAMPAIGN_LANDING_PAGE,
  type CampaignLanding,
  type CampaignResults,
  type CampaignView,
  type CreateCampaignInput,
  campaignLandingUrl,
  type TouchView,
} from '../../shared/schemas/campaigns';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import { getStaff } from '../auth/identity-repository';
import { getClinic } from '../clinics/clinic-repository';
import { config } from '../lib/config';
import type { Ctx, PublicCtx } from '../lib/context';
import { decryptField } from '../lib/crypto';
import { newId } from '../lib/ids';
import type { Caller } from '../lib/tokens';
import { wechat } from '../lib/wechat-client';
import { campaignMonth } from '../stats/counter-repository';
import { campaignResults } from '../stats/figures';
import {
  type CampaignRecord,
  campaignsPage,
  getCampaign,
  insertCampaign,
  keepQrCode,
  storedQrCode,
  type TouchRecord,
  touchesOf,
} from './campaign-repository';

/** The mini-program page a campaign code opens. */
export const LANDING_PAGE = CAMPAIGN_LANDING_PAGE;

/** The H5 landing page of a campaign on a given origin (the mini-program builds the same copy link). */
export const landingUrl = campaignLandingUrl;

function stateOf(c: Pick<CampaignRecord, 'startsOn' | 'endsOn'>, today: string): CampaignView['state'] {
  if (today < c.startsOn) return 'upcoming';
  if (today > c.endsOn) return 'ended';
  return 'running';
}

/** A campaign's figures over its run (up to today): one counter Query per month. */
async function resultsOf(c: CampaignRecord, today: string): Promise<CampaignResults> {
  const last = monthOf(c.endsOn < today ? c.endsOn : today);
  const months = monthsBetween(monthOf(c.startsOn), last, 24);
  const rows = (await Promise.all(months.map((m) => campaignMonth(c.clinicId, m, c.id)))).flat();
  return campaignResults(rows);
}

function view(c: CampaignRecord, today: string, results?: CampaignResults): CampaignView {
  return {
    id: c.id,
    clinicId: c.clinicId,
    name: c.name,
    channel: c.channel,
    ownerStaffId: c.ownerStaffId,
    ownerStaffName: c.ownerStaffName,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    description: c.description,
    notes: c.notes,
    state: stateOf(c, today),
    scene: c.scene,
    createdAt: c.createdAt,
    ...(results ? { results } : {}),
  };
}

export async function createCampaign({ caller, now }: Ctx, input: CreateCampaignInput): Promise<CampaignView> {
  const clinicId = input.clinicId ?? caller.clinicId;
  if (!clinicId || !(await getClinic(clinicId))) throw new NotFoundError('clinic', { clinicId });
  if (!actsIn(caller, clinicId)) throw new ForbiddenError('只能在本院创建活动');
  const ownerId = input.ownerStaffId ?? caller.staffId;
  if (ownerId !== caller.staffId && !hasRole(caller, managers)) throw new ForbiddenError('只能为自己创建活动');
  const owner = ownerId ? await getStaff(ownerId) : undefined;
  if (!owner || owner.clinicId !== clinicId) {
    throw new AppError('VALIDATION_FAILED', '负责人不存在', {
      fields: [{ path: 'ownerStaffId', message: '负责人不存在' }],
    });
  }
  if (owner.deactivatedAt) {
    throw new ConflictError('STAFF_DEACTIVATED', '该员工已停用，不能负责新活动', { ownerStaffId: owner.id });
  }
  // The campaign id is its WeChat scene: 19 characters of [0-9a-z_], inside the 32-character limit.
  const id = newId('cp');
  const c: CampaignRecord = {
    id,
    clinicId,
    name: input.name,
    channel: input.channel,
    ownerStaffId: owner.id,
    ownerStaffName: owner.name,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    description: input.description,
    notes: input.notes,
    scene: id,
    createdBy: caller.staffId ?? caller.userId,
    createdAt: now.toISOString(),
  };
  await insertCampaign(c);
  return view(c, clinicDate(now));
}

/** Marketers see their own campaigns, managers all of the clinic's; each with its results. */
export async function listCampaigns(
  { caller, now }: Ctx,
  q: PageQuery & { clinicId?: string },
): Promise<ListResult<CampaignView>> {
  const target = q.clinicId ?? caller.clinicId;
  if (!target) return { items: [] };
  if (!actsIn(caller, target)) throw new ForbiddenError('只能查看本院的活动');
  const today = clinicDate(now);
  const out = await campaignsPage(target, q, hasRole(caller, managers) ? undefined : caller.staffId);
  return { ...out, items: await Promise.all(out.items.map(async (c) => view(c, today, await resultsOf(c, today)))) };
}

/** The campaign's owner, a manager of its clinic or the group admin; others get a 404 like a missing one. */
async function ownCampaign(caller: Caller, id: string): Promise<CampaignRecord> {
  const c = await getCampaign(id);
  const allowed = c && ((hasRole(caller, managers) && actsIn(caller, c.clinicId)) || c.ownerStaffId === caller.staffId);
  if (!c || !allowed) throw new NotFoundError('campaign', { campaignId: id });
  return c;
}

/**
 * The campaign's code. In the cloud a WeChat mini-program code, made once and kept; locally a
 * standard QR code of the H5 landing page on the address the request came to.
 */
export async function qrCode(
  { caller }: Ctx,
  id: string,
  origin: string,
): Promise<{ image: Buffer; contentType: string }> {
  const c = await ownCampaign(caller, id);
  const real = config.WECHAT_MODE === 'real';
  if (real) {
    const kept = await storedQrCode(c.id);
    if (kept) return kept;
  }
  const code = await (await wechat()).getUnlimitedQRCode({
    scene: c.scene,
    page: LANDING_PAGE,
    h5Url: landingUrl(origin, c.scene),
  });
  if (real) await keepQrCode(c.id, c.clinicId, code.image, code.contentType);
  return code;
}

/** What the landing page shows: the campaign, where and how to reach the clinic, and whether it runs. */
export async function landing({ now }: PublicCtx, id: string): Promise<CampaignLanding> {
  const c = await getCampaign(id);
  if (!c) throw new NotFoundError('campaign', { campaignId: id });
  const clinic = await getClinic(c.clinicId);
  return {
    id: c.id,
    name: c.name,
    ...(c.description ? { description: c.description } : {}),
    clinicName: clinic?.name ?? '',
    ...(clinic?.address ? { clinicAddress: clinic.address } : {}),
    ...(clinic?.phone ? { clinicPhone: clinic.phone } : {}),
    state: stateOf(c, clinicDate(now)),
    startsOn: c.startsOn,
    endsOn: c.endsOn,
  };
}

/**
 * Who signed up through a campaign, newest first. The owner sees the phones of their own new leads
 * in full to call them back; a person already on file stays masked (they are someone else's patient).
 */
export async function touches({ caller }: Ctx, id: string, page: PageQuery): Promise<ListResult<TouchView>> {
  const c = await ownCampaign(caller, id);
  const seesPhone = (t: TouchRecord) =>
    hasRole(caller, fullPhoneRoles) || (t.kind === 'new' && c.ownerStaffId === caller.staffId);
  const out = await touchesOf(c.id, page);
  return {
    ...out,
    items: await Promise.all(
      out.items.map(async (t) => ({
        at: t.at,
        kind: t.kind,
        ...(t.patientId ? { patientId: t.patientId } : {}),
        maskedName: t.maskedName,
        maskedPhone: t.maskedPhone,
        ...(seesPhone(t) && t.phoneEnc ? { phone: await decryptField(t.phoneEnc) } : {}),
        ownerStaffName: t.kind === 'known' ? t.ownerStaffName : undefined,
      })),
    ),
  };
}
