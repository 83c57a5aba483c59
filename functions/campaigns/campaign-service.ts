import { clinicDate } from '../../shared/dates';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../../shared/errors';
import { maskName } from '../../shared/mask';
import type {
  CampaignLanding,
  CampaignResults,
  CampaignView,
  CreateCampaignInput,
  SignupInput,
  SignupResult,
  TouchView,
} from '../../shared/schemas/campaigns';
import { getStaff } from '../auth/identity-repository';
import { getClinic } from '../clinics/clinic-repository';
import { config } from '../lib/config';
import { lookupHash } from '../lib/crypto';
import { newId } from '../lib/ids';
import type { Caller } from '../lib/tokens';
import { transactWrite } from '../lib/transact';
import { wechat } from '../lib/wechat-client';
import { getPatient, insertPatient, phoneOwner } from '../patients/patient-repository';
import { attributionOf, consentEntries, newPatientRecord } from '../patients/patient-service';
import { type Attribution, counterKeys, counterWrites, monthRows } from '../stats/counter-repository';
import {
  type CampaignRecord,
  campaignsOfClinic,
  getCampaign,
  insertCampaign,
  keepQrCode,
  storedQrCode,
  touchExists,
  touchesOf,
  touchWrite,
} from './campaign-repository';

/** The mini-program page a campaign code opens. */
export const LANDING_PAGE = 'pages/campaign/index';

function stateOf(
  c: Pick<CampaignRecord, 'startsOn' | 'endsOn'>,
  today = clinicDate(new Date()),
): CampaignView['state'] {
  if (today < c.startsOn) return 'upcoming';
  if (today > c.endsOn) return 'ended';
  return 'running';
}

function isManager(caller: Caller): boolean {
  return caller.roles.includes('manager') || caller.roles.includes('admin');
}

/** Months from a campaign's start to its end (or today, whichever is earlier). */
function monthsOf(c: CampaignRecord): string[] {
  const last = (c.endsOn < clinicDate(new Date()) ? c.endsOn : clinicDate(new Date())).slice(0, 7);
  const months: string[] = [];
  for (let m = c.startsOn.slice(0, 7); m <= last && months.length < 24; ) {
    months.push(m);
    const [y, mm] = m.split('-').map(Number) as [number, number];
    m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
  }
  return months;
}

async function resultsOf(c: CampaignRecord): Promise<CampaignResults> {
  const rows = (
    await Promise.all(monthsOf(c).map((m) => monthRows(counterKeys.campaign(c.clinicId, m), `${c.id}#`)))
  ).flat();
  const sum = (k: keyof CampaignResults) => rows.reduce((n, r) => n + Number(r[k as keyof typeof r] ?? 0), 0);
  const newRecords = sum('newRecords');
  const arrivals = sum('arrivals');
  return {
    signups: sum('signups'),
    knownSignups: sum('knownSignups'),
    newRecords,
    appointments: sum('appointments'),
    arrivals,
    revenueFen: sum('revenueFen'),
    conversion: newRecords ? arrivals / newRecords : 0,
  };
}

function view(c: CampaignRecord, results?: CampaignResults): CampaignView {
  return {
    id: c.id,
    clinicId: c.clinicId,
    name: c.name,
    channel: c.channel,
    ownerStaffId: c.ownerStaffId,
    ownerStaffName: c.ownerStaffName,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    notes: c.notes,
    state: stateOf(c),
    scene: c.scene,
    createdAt: c.createdAt,
    ...(results ? { results } : {}),
  };
}

export async function createCampaign(caller: Caller, input: CreateCampaignInput): Promise<CampaignView> {
  const clinicId = input.clinicId ?? caller.clinicId;
  if (!clinicId || !(await getClinic(clinicId))) throw new NotFoundError('clinic', { clinicId });
  if (!caller.roles.includes('admin') && clinicId !== caller.clinicId) throw new ForbiddenError('只能在本院创建活动');
  const ownerId = input.ownerStaffId ?? caller.staffId;
  if (ownerId !== caller.staffId && !isManager(caller)) throw new ForbiddenError('只能为自己创建活动');
  const owner = ownerId ? await getStaff(ownerId) : undefined;
  if (!owner || owner.clinicId !== clinicId) {
    throw new AppError('VALIDATION_FAILED', '负责人不存在', {
      fields: [{ path: 'ownerStaffId', message: '负责人不存在' }],
    });
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
    notes: input.notes,
    scene: id,
    createdBy: caller.staffId ?? caller.userId,
    createdAt: new Date().toISOString(),
  };
  await insertCampaign(c);
  return view(c);
}

/** Marketers see their own campaigns, managers all of the clinic's; each with its results. */
export async function listCampaigns(caller: Caller, clinicId?: string): Promise<{ items: CampaignView[] }> {
  const target = clinicId ?? caller.clinicId;
  if (!target) return { items: [] };
  if (!caller.roles.includes('admin') && target !== caller.clinicId) throw new ForbiddenError('只能查看本院的活动');
  const all = await campaignsOfClinic(target);
  const mine = isManager(caller) ? all : all.filter((c) => c.ownerStaffId === caller.staffId);
  return { items: await Promise.all(mine.map(async (c) => view(c, await resultsOf(c)))) };
}

async function ownCampaign(caller: Caller, id: string): Promise<CampaignRecord> {
  const c = await getCampaign(id);
  const allowed =
    c &&
    (caller.roles.includes('admin') ||
      (isManager(caller) && c.clinicId === caller.clinicId) ||
      c.ownerStaffId === caller.staffId);
  if (!c || !allowed) throw new NotFoundError('campaign', { campaignId: id });
  return c;
}

/**
 * The campaign's code. In the cloud a WeChat mini-program code, made once and kept; locally a
 * standard QR code of the H5 landing page on the address the request came to.
 */
export async function qrCode(
  caller: Caller,
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
    h5Url: `${origin}/#/${LANDING_PAGE}?scene=${encodeURIComponent(c.scene)}`,
  });
  if (real) await keepQrCode(c.id, c.clinicId, code.image, code.contentType);
  return code;
}

/** What the landing page shows: the campaign's name and clinic, and whether it is running. */
export async function landing(id: string): Promise<CampaignLanding> {
  const c = await getCampaign(id);
  if (!c) throw new NotFoundError('campaign', { campaignId: id });
  const clinic = await getClinic(c.clinicId);
  return {
    id: c.id,
    name: c.name,
    clinicName: clinic?.name ?? '',
    state: stateOf(c),
    startsOn: c.startsOn,
    endsOn: c.endsOn,
  };
}

/**
 * A sign-up through a campaign code. A new phone makes a record owned by the campaign's owner,
 * with the campaign's channel; a phone on file keeps its first owner (first touch wins) and is
 * kept as a touch on the campaign. Either way the counters move in the same transaction.
 */
export async function signup(
  caller: Caller,
  id: string,
  input: SignupInput,
): Promise<{ status: number; result: SignupResult }> {
  const c = await getCampaign(id);
  if (!c) throw new NotFoundError('campaign', { campaignId: id });
  const today = clinicDate(new Date());
  if (today < c.startsOn) {
    throw new ConflictError('CAMPAIGN_NOT_STARTED', `活动将于 ${c.startsOn} 开始，敬请期待`, { startsOn: c.startsOn });
  }
  if (today > c.endsOn)
    throw new AppError('CAMPAIGN_ENDED', `活动已于 ${c.endsOn} 结束，感谢关注`, { endsOn: c.endsOn });
  const phoneHash = await lookupHash('phone', input.phone);
  const repeat = { status: 200, result: { status: 'repeat' as const, message: '您已报名，工作人员会尽快与您联系' } };
  if (await touchExists(c.id, phoneHash)) return repeat;
  const at = new Date().toISOString();
  const campaignAttribution: Attribution = {
    clinicId: c.clinicId,
    ownerClinicId: c.clinicId,
    ownerStaffId: c.ownerStaffId,
    channel: c.channel,
    campaignId: c.id,
  };
  const consents = consentEntries(
    { marketing: input.consents.marketing, healthData: input.consents.healthData ?? false },
    at,
    {
      byUserId: caller.userId,
    },
  );
  const record = await newPatientRecord(
    {
      clinicId: c.clinicId,
      name: input.name,
      needs: input.needs,
      relation: 'self',
      channel: c.channel,
      campaignId: c.id,
      ownerStaffId: c.ownerStaffId,
      ownerStaffName: c.ownerStaffName,
      accountId: caller.userId,
    },
    input.phone,
    consents,
    at,
  );
  const touch = {
    campaignId: c.id,
    at,
    patientId: record.id,
    maskedName: maskName(input.name),
    maskedPhone: record.maskedPhone,
  };
  try {
    await insertPatient(record, maskName(record.name), consents, {
      counters: [
        touchWrite({ ...touch, kind: 'new' }, phoneHash, c.clinicId),
        ...counterWrites(attributionOf(record), today, { newRecords: 1, signups: 1 }),
      ],
    });
    return {
      status: 201,
      result: { status: 'new', patientId: record.id, message: '报名成功，工作人员会尽快与您联系' },
    };
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    if (err.code !== 'DUPLICATE_PHONE') return repeat;
  }
  const owner = await phoneOwner(phoneHash);
  const existing = owner ? await getPatient(owner.patientId) : undefined;
  try {
    await transactWrite(
      [
        touchWrite(
          { ...touch, kind: 'known', patientId: existing?.id ?? '', ownerStaffName: existing?.ownerStaffName },
          phoneHash,
          c.clinicId,
        ),
        ...counterWrites(campaignAttribution, today, { signups: 1, knownSignups: 1 }),
      ],
      () => new ConflictError('CONFLICT', 'already signed up'),
    );
  } catch (err) {
    if (err instanceof ConflictError) return repeat;
    throw err;
  }
  return { status: 200, result: { status: 'known', message: '您已是我院患者，工作人员会尽快与您联系' } };
}

/** Who signed up through a campaign: new people and people already on file (with their first owner). */
export async function touches(caller: Caller, id: string): Promise<{ items: TouchView[] }> {
  const c = await ownCampaign(caller, id);
  return {
    items: (await touchesOf(c.id)).map((t) => ({
      at: t.at,
      kind: t.kind,
      maskedName: t.maskedName,
      maskedPhone: t.maskedPhone,
      ownerStaffName: t.kind === 'known' ? t.ownerStaffName : undefined,
    })),
  };
}
