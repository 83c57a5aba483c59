import * as z from 'zod';
import { isRealDate } from '../dates';
import { normalizeName } from '../mask';
import { category, dateString, idParam as id, phoneNumber } from './common';
import { consentsInput } from './patient';

/** Channels a campaign can run in (walk-ins and self-registration are not campaigns). */
export const campaignChannels = [
  'street',
  'community',
  'online',
  'referral',
  'corporate',
  'phone',
  'wechat',
  'other',
] as const;

export const createCampaignInput = z
  .strictObject({
    name: z.string().trim().min(1, '请输入活动名称').max(40, '活动名称不超过 40 个字'),
    channel: z.enum(campaignChannels, { message: '请选择渠道' }),
    clinicId: id.optional(),
    /** Defaults to the caller; a manager may run a campaign for a marketer. */
    ownerStaffId: id.optional(),
    startsOn: dateString,
    endsOn: dateString,
    /** What the landing page tells the public about the campaign. */
    description: z.string().trim().max(300, '活动介绍不超过 300 个字').optional(),
    /** For staff only. */
    notes: z.string().trim().max(500).optional(),
  })
  .refine((c) => c.startsOn <= c.endsOn, { path: ['endsOn'], message: '结束日期不能早于开始日期' });
export type CreateCampaignInput = z.infer<typeof createCampaignInput>;

/** A campaign's figures over its whole run. */
export interface CampaignResults {
  /** Sign-ups through the code: new people plus people already on file. */
  signups: number;
  knownSignups: number;
  newRecords: number;
  appointments: number;
  arrivals: number;
  revenueFen: number;
  /** Arrivals per new record, 0..1; null when there are no records (a rate that cannot be computed). */
  conversion: number | null;
}

export interface CampaignView {
  id: string;
  clinicId: string;
  name: string;
  channel: string;
  ownerStaffId: string;
  ownerStaffName?: string;
  startsOn: string;
  endsOn: string;
  description?: string;
  notes?: string;
  /** 'upcoming' | 'running' | 'ended' on today's date in Asia/Shanghai. */
  state: 'upcoming' | 'running' | 'ended';
  /** The WeChat scene of its code (at most 32 characters). */
  scene: string;
  createdAt: string;
  results?: CampaignResults;
}

/** The mini-program page a campaign code opens; on H5 the same path is the landing page's route. */
export const CAMPAIGN_LANDING_PAGE = 'pages/campaign/index';

/** The H5 landing page of a campaign on an origin: what the local QR code and the copied link open. */
export function campaignLandingUrl(origin: string, scene: string): string {
  return `${origin.replace(/\/+$/, '')}/#/${CAMPAIGN_LANDING_PAGE}?scene=${encodeURIComponent(scene)}`;
}

/** What the landing page shows before sign-up (no staff names, no figures). */
export interface CampaignLanding {
  id: string;
  name: string;
  description?: string;
  clinicName: string;
  clinicAddress?: string;
  clinicPhone?: string;
  state: CampaignView['state'];
  startsOn: string;
  endsOn: string;
}

export const signupInput = z.strictObject({
  name: z.string().transform(normalizeName).pipe(z.string().min(1, '请输入姓名').max(30, '姓名不超过 30 个字')),
  phone: phoneNumber,
  needs: z.array(category).max(10).optional(),
  consents: consentsInput.pick({ marketing: true }).extend({ healthData: z.boolean().optional() }),
});
export type SignupInput = z.infer<typeof signupInput>;

/** A sign-up's answer to the patient: never whose patient they already were. */
export interface SignupResult {
  status: 'new' | 'known' | 'repeat';
  patientId?: string;
  message: string;
}

/** A sign-up as the campaign's owner sees it. */
export interface TouchView {
  at: string;
  kind: 'new' | 'known';
  patientId?: string;
  maskedName: string;
  maskedPhone: string;
  /** In full for the campaign's owner (and roles that see phones): they call every sign-up back. */
  phone?: string;
  /** For a known person: whose patient they already were (first touch wins). */
  ownerStaffName?: string;
}

export const monthString = z.string().refine((m) => /^\d{4}-\d{2}$/.test(m) && isRealDate(`${m}-01`), {
  message: '月份不正确，请按“2026-01”的样子填写',
});

export const dailyStatsQuery = z.strictObject({
  date: dateString.optional(),
  staffId: id.optional(),
  clinicId: id.optional(),
});
export const monthlyStatsQuery = z.strictObject({
  month: monthString.optional(),
  staffId: id.optional(),
  clinicId: id.optional(),
});
export const channelStatsQuery = z.strictObject({ month: monthString.optional(), clinicId: id.optional() });

/** The four figures marketing is measured on (plus the ones around them). */
export interface DayFigures {
  date: string;
  newRecords: number;
  appointments: number;
  arrivals: number;
  revenueFen: number;
  cancellations: number;
  visits: number;
}

export interface Target {
  revenueFen: number;
  arrivals: number;
}

export interface DailyStats extends DayFigures {
  staffId?: string;
  staffName?: string;
  clinicId: string;
}

export interface MonthlyStats {
  month: string;
  clinicId: string;
  staffId?: string;
  staffName?: string;
  days: DayFigures[];
  totals: Omit<DayFigures, 'date'>;
  target?: Target;
  /** Share of the target reached so far, 0..n (1 = 100 %); null for a figure whose target is 0. */
  achievement?: { revenue: number | null; arrivals: number | null };
}

export interface ChannelRow {
  channel: string;
  newRecords: number;
  appointments: number;
  arrivals: number;
  revenueFen: number;
  /** Arrivals per new record; null when there are no records. */
  conversion: number | null;
}

export interface CampaignRow extends ChannelRow {
  campaignId: string;
  name: string;
  ownerStaffName?: string;
  signups: number;
  knownSignups: number;
}

export interface ChannelStats {
  month: string;
  clinicId: string;
  channels: ChannelRow[];
  campaigns: CampaignRow[];
}

export interface StaffRankRow {
  staffId: string;
  name: string;
  totals: Omit<DayFigures, 'date'>;
  target?: Target;
  achievement?: { revenue: number | null; arrivals: number | null };
}

export const targetInput = z.strictObject({
  revenueFen: z.number().int().min(0).max(10_000_000_000),
  arrivals: z.number().int().min(0).max(100_000),
});
export const targetQuery = z.strictObject({ month: monthString });
