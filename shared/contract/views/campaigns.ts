import * as z from 'zod';
import { day, fen, instant, maskedPhone, rate } from './common';

const state = z.enum(['upcoming', 'running', 'ended']).meta({ description: '未开始、进行中、已结束' });

export const campaignView = z.object({
  id: z.string(),
  clinicId: z.string(),
  name: z.string(),
  channel: z.string(),
  ownerStaffId: z.string(),
  ownerStaffName: z.string().optional(),
  startsOn: day,
  endsOn: day,
  description: z.string().optional(),
  notes: z.string().optional(),
  state,
  scene: z.string().meta({ description: '小程序码的场景值 `scene`（最多 32 个字符）' }),
  createdAt: instant,
  results: z
    .object({
      signups: z.number().int(),
      knownSignups: z.number().int(),
      newRecords: z.number().int(),
      appointments: z.number().int(),
      arrivals: z.number().int(),
      revenueFen: fen,
      conversion: rate,
    })
    .optional()
    .meta({ description: '活动全程的效果' }),
});

/** What the landing page shows before sign-up (no staff names, no figures). */
export const campaignLanding = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  clinicName: z.string(),
  clinicAddress: z.string().optional(),
  clinicPhone: z.string().optional(),
  state,
  startsOn: day,
  endsOn: day,
});

export const signupResult = z.object({
  status: z.enum(['new', 'known', 'repeat']).meta({ description: '新患者、已有档案、重复报名' }),
  patientId: z.string().optional(),
  message: z.string().meta({ description: '给患者看的提示' }),
});

export const touchView = z.object({
  at: instant,
  kind: z.enum(['new', 'known']),
  patientId: z.string().optional(),
  maskedName: z.string(),
  maskedPhone,
  phone: z.string().optional().meta({ description: '活动负责人可见完整手机号' }),
  ownerStaffName: z.string().optional(),
});

const figures = {
  newRecords: z.number().int().meta({ description: '新建档' }),
  appointments: z.number().int().meta({ description: '预约' }),
  arrivals: z.number().int().meta({ description: '到院' }),
  revenueFen: fen.meta({ description: '营收（分）' }),
  cancellations: z.number().int(),
  visits: z.number().int(),
};
const dayFigures = z.object({ date: day, ...figures });
const totals = z.object(figures);
const target = z.object({ revenueFen: fen, arrivals: z.number().int() });
const achievement = z
  .object({ revenue: z.number().nullable(), arrivals: z.number().nullable() })
  .meta({ description: '目标完成度（1 = 100%）' });

export const dailyStats = dayFigures.extend({
  staffId: z.string().optional(),
  staffName: z.string().optional(),
  clinicId: z.string(),
});

export const monthlyStats = z.object({
  month: z.string(),
  clinicId: z.string(),
  staffId: z.string().optional(),
  staffName: z.string().optional(),
  days: z.array(dayFigures),
  totals,
  target: target.optional(),
  achievement: achievement.optional(),
});

const channelRow = z.object({
  channel: z.string(),
  newRecords: z.number().int(),
  appointments: z.number().int(),
  arrivals: z.number().int(),
  revenueFen: fen,
  conversion: rate,
});

export const channelStats = z.object({
  month: z.string(),
  clinicId: z.string(),
  channels: z.array(channelRow),
  campaigns: z.array(
    channelRow.extend({
      campaignId: z.string(),
      name: z.string(),
      ownerStaffName: z.string().optional(),
      signups: z.number().int(),
      knownSignups: z.number().int(),
    }),
  ),
});

export const staffRanking = z.object({
  month: z.string(),
  items: z.array(
    z.object({
      staffId: z.string(),
      name: z.string(),
      totals,
      target: target.optional(),
      achievement: achievement.optional(),
    }),
  ),
});

export const targetView = target.extend({ staffId: z.string(), month: z.string() });
