import { clinicDate, clinicMonth, daysOfMonth } from '../../shared/dates';
import { NotFoundError } from '../../shared/errors';
import type {
  CampaignRow,
  ChannelStats,
  DailyStats,
  MonthlyStats,
  StaffRankRow,
  Target,
} from '../../shared/schemas/campaigns';
import { getStaff, listStaff, type StaffRecord } from '../auth/identity-repository';
import { campaignsOfClinic } from '../campaigns/campaign-repository';
import type { Ctx } from '../lib/context';
import {
  allStaffMonth,
  campaignMonth,
  channelMonth,
  clinicDay,
  clinicMonth as clinicMonthRows,
  staffDay,
  staffMonth,
} from './counter-repository';
import { achievement, addFigures, channelRow, figures, sumByMember, type Totals } from './figures';
import { figuresScope, mayReadStaff } from './stats-scope';
import { putTarget, targetsOf } from './target-repository';

/** The clinic and, for one person, the staff record whose figures a caller asked for and may read. */
async function scope(ctx: Ctx, asked: { staffId?: string; clinicId?: string }) {
  const s = figuresScope(ctx.caller, asked);
  if ('clinicId' in s) return { clinicId: s.clinicId, staff: undefined };
  const staff: StaffRecord = mayReadStaff(ctx.caller, await getStaff(s.staffId), s.staffId);
  return { clinicId: staff.clinicId, staff };
}

export async function daily(ctx: Ctx, q: { date?: string; staffId?: string; clinicId?: string }): Promise<DailyStats> {
  const date = q.date ?? clinicDate(ctx.now);
  const { clinicId, staff } = await scope(ctx, q);
  const counts = staff ? await staffDay(clinicId, staff.id, date) : await clinicDay(clinicId, date);
  return {
    date,
    clinicId,
    ...(staff ? { staffId: staff.id, staffName: staff.name } : {}),
    ...figures(counts),
  };
}

export async function monthly(
  ctx: Ctx,
  q: { month?: string; staffId?: string; clinicId?: string },
): Promise<MonthlyStats> {
  const month = q.month ?? clinicMonth(ctx.now);
  const { clinicId, staff } = await scope(ctx, q);
  const [rows, targets] = await Promise.all([
    staff ? staffMonth(clinicId, month, staff.id) : clinicMonthRows(clinicId, month),
    staff ? targetsOf(clinicId, month) : Promise.resolve(new Map<string, Target>()),
  ]);
  const byDate = new Map(rows.map((r) => [r.date, r]));
  const days = daysOfMonth(month).map((date) => ({ date, ...figures(byDate.get(date)) }));
  const totals = days.reduce<Totals>((t, { date: _d, ...f }) => addFigures(t, f), figures(undefined));
  const target = staff ? targets.get(staff.id) : undefined;
  return {
    month,
    clinicId,
    ...(staff ? { staffId: staff.id, staffName: staff.name } : {}),
    days,
    totals,
    ...(target ? { target, achievement: achievement(totals, target) } : {}),
  };
}

/** Per channel and per campaign for a month: one Query each, whatever the number of patients. */
export async function channels(ctx: Ctx, q: { month?: string; clinicId?: string }): Promise<ChannelStats> {
  const month = q.month ?? clinicMonth(ctx.now);
  const { clinicId } = await scope(ctx, { clinicId: q.clinicId });
  const [channelRows, campaignRows, campaigns] = await Promise.all([
    channelMonth(clinicId, month),
    campaignMonth(clinicId, month),
    campaignsOfClinic(clinicId),
  ]);
  const names = new Map(campaigns.map((c) => [c.id, c]));
  return {
    month,
    clinicId,
    channels: [...sumByMember(channelRows).entries()]
      .map(([channel, s]) => channelRow(channel, s.totals))
      .sort((a, b) => b.revenueFen - a.revenueFen || b.newRecords - a.newRecords),
    campaigns: [...sumByMember(campaignRows).entries()]
      .map(([campaignId, s]): CampaignRow => {
        const c = names.get(campaignId);
        return {
          ...channelRow(c?.channel ?? '', s.totals),
          campaignId,
          name: c?.name ?? campaignId,
          ownerStaffName: c?.ownerStaffName,
          signups: s.signups,
          knownSignups: s.knownSignups,
        };
      })
      .sort((a, b) => b.revenueFen - a.revenueFen || b.signups - a.signups),
  };
}

/** The clinic's marketers ranked by revenue, with targets (one Query for counters, one for targets). */
export async function staffRanking(
  ctx: Ctx,
  q: { month?: string; clinicId?: string },
): Promise<{ month: string; items: StaffRankRow[] }> {
  const month = q.month ?? clinicMonth(ctx.now);
  const { clinicId } = await scope(ctx, { clinicId: q.clinicId });
  const [rows, targets, staff] = await Promise.all([
    allStaffMonth(clinicId, month),
    targetsOf(clinicId, month),
    listStaff(clinicId),
  ]);
  const sums = sumByMember(rows);
  const items = staff
    .filter((s) => s.roles.includes('marketing') || sums.has(s.id))
    .map((s): StaffRankRow => {
      const totals = sums.get(s.id)?.totals ?? figures(undefined);
      const target = targets.get(s.id);
      return {
        staffId: s.id,
        name: s.name,
        totals,
        ...(target ? { target, achievement: achievement(totals, target) } : {}),
      };
    })
    .sort((a, b) => b.totals.revenueFen - a.totals.revenueFen || b.totals.arrivals - a.totals.arrivals);
  return { month, items };
}

export async function setTarget(
  ctx: Ctx,
  staffId: string,
  month: string,
  t: Target,
): Promise<Target & { staffId: string; month: string }> {
  const { clinicId, staff } = await scope(ctx, { staffId });
  if (!staff) throw new NotFoundError('staff', { staffId });
  await putTarget(clinicId, month, staff.id, t, ctx.caller.staffId ?? ctx.caller.userId);
  return { staffId: staff.id, month, ...t };
}
