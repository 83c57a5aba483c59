import { clinicDate } from '../../shared/dates';
import { AppError, ForbiddenError, NotFoundError } from '../../shared/errors';
import type {
  CampaignRow,
  ChannelRow,
  ChannelStats,
  DailyStats,
  DayFigures,
  MonthlyStats,
  StaffRankRow,
  Target,
} from '../../shared/schemas/campaigns';
import { type Channel, channelLabels } from '../../shared/schemas/common';
import { getStaff, listStaff } from '../auth/identity-repository';
import { campaignsOfClinic } from '../campaigns/campaign-repository';
import type { Caller } from '../lib/tokens';
import { type CounterRow, type Counts, clinicDay, counterKeys, monthRows, staffDay } from './counter-repository';
import { putTarget, targetsOf } from './target-repository';

type Totals = Omit<DayFigures, 'date'>;

function figures(c: Partial<Counts> | undefined): Totals {
  return {
    newRecords: c?.newRecords ?? 0,
    appointments: c?.appointments ?? 0,
    arrivals: c?.arrivals ?? 0,
    revenueFen: c?.revenueFen ?? 0,
    cancellations: c?.cancellations ?? 0,
    visits: c?.visits ?? 0,
  };
}

function add(a: Totals, b: Totals): Totals {
  return {
    newRecords: a.newRecords + b.newRecords,
    appointments: a.appointments + b.appointments,
    arrivals: a.arrivals + b.arrivals,
    revenueFen: a.revenueFen + b.revenueFen,
    cancellations: a.cancellations + b.cancellations,
    visits: a.visits + b.visits,
  };
}

function daysOf(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

function achievement(totals: Totals, target: Target | undefined) {
  if (!target) return undefined;
  return {
    revenue: target.revenueFen ? totals.revenueFen / target.revenueFen : 0,
    arrivals: target.arrivals ? totals.arrivals / target.arrivals : 0,
  };
}

/**
 * Whose figures a caller may read: a marketer their own; a manager anyone of their clinic or the
 * whole clinic; an admin anyone. Returns the clinic and, for one person, the staff record.
 */
async function scope(caller: Caller, staffId?: string, clinicId?: string) {
  const manager = caller.roles.includes('manager') || caller.roles.includes('admin');
  if (!manager) {
    if (staffId && staffId !== caller.staffId) throw new ForbiddenError('只能查看自己的业绩');
    const self = caller.staffId ? await getStaff(caller.staffId) : undefined;
    if (!self) throw new ForbiddenError('仅限员工');
    return { clinicId: self.clinicId, staff: self };
  }
  if (staffId) {
    const staff = await getStaff(staffId);
    if (!staff || (!caller.roles.includes('admin') && staff.clinicId !== caller.clinicId)) {
      throw new NotFoundError('staff', { staffId });
    }
    return { clinicId: staff.clinicId, staff };
  }
  const target = clinicId ?? caller.clinicId;
  if (!target)
    throw new AppError('VALIDATION_FAILED', '请指定门诊', { fields: [{ path: 'clinicId', message: '请指定门诊' }] });
  if (!caller.roles.includes('admin') && target !== caller.clinicId) throw new ForbiddenError('只能查看本院的业绩');
  return { clinicId: target, staff: undefined };
}

/** One Query for a member's month (or a clinic's), shards added up. */
async function monthOf(clinicId: string, month: string, staffId?: string): Promise<CounterRow[]> {
  return staffId
    ? monthRows(counterKeys.staff(clinicId, month), `${staffId}#`)
    : monthRows(counterKeys.clinic(clinicId, month), '-#');
}

export async function daily(
  caller: Caller,
  q: { date?: string; staffId?: string; clinicId?: string },
): Promise<DailyStats> {
  const date = q.date ?? clinicDate(new Date());
  const { clinicId, staff } = await scope(caller, q.staffId, q.clinicId);
  const counts = staff ? await staffDay(clinicId, staff.id, date) : await clinicDay(clinicId, date);
  return {
    date,
    clinicId,
    ...(staff ? { staffId: staff.id, staffName: staff.name } : {}),
    ...figures(counts),
  };
}

export async function monthly(
  caller: Caller,
  q: { month?: string; staffId?: string; clinicId?: string },
): Promise<MonthlyStats> {
  const month = q.month ?? clinicDate(new Date()).slice(0, 7);
  const { clinicId, staff } = await scope(caller, q.staffId, q.clinicId);
  const [rows, targets] = await Promise.all([
    monthOf(clinicId, month, staff?.id),
    staff ? targetsOf(clinicId, month) : Promise.resolve(new Map<string, Target>()),
  ]);
  const byDate = new Map(rows.map((r) => [r.date, r]));
  const days = daysOf(month).map((date) => ({ date, ...figures(byDate.get(date)) }));
  const totals = days.reduce<Totals>((t, { date: _d, ...f }) => add(t, f), figures(undefined));
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

function channelRow(channel: string, t: Totals): ChannelRow {
  return {
    channel,
    newRecords: t.newRecords,
    appointments: t.appointments,
    arrivals: t.arrivals,
    revenueFen: t.revenueFen,
    conversion: t.newRecords ? t.arrivals / t.newRecords : 0,
  };
}

function sumBy(rows: CounterRow[]): Map<string, { totals: Totals; signups: number; knownSignups: number }> {
  const out = new Map<string, { totals: Totals; signups: number; knownSignups: number }>();
  for (const r of rows) {
    const cur = out.get(r.member) ?? { totals: figures(undefined), signups: 0, knownSignups: 0 };
    out.set(r.member, {
      totals: add(cur.totals, figures(r)),
      signups: cur.signups + r.signups,
      knownSignups: cur.knownSignups + r.knownSignups,
    });
  }
  return out;
}

/** Per channel and per campaign for a month: one Query each, whatever the number of patients. */
export async function channels(caller: Caller, q: { month?: string; clinicId?: string }): Promise<ChannelStats> {
  const month = q.month ?? clinicDate(new Date()).slice(0, 7);
  const { clinicId } = await scope(caller, undefined, q.clinicId);
  const [channelRows, campaignRows, campaigns] = await Promise.all([
    monthRows(counterKeys.channel(clinicId, month)),
    monthRows(counterKeys.campaign(clinicId, month)),
    campaignsOfClinic(clinicId),
  ]);
  const byChannel = sumBy(channelRows);
  const byCampaign = sumBy(campaignRows);
  const names = new Map(campaigns.map((c) => [c.id, c]));
  return {
    month,
    clinicId,
    channels: [...byChannel.entries()]
      .map(([channel, s]) => channelRow(channel, s.totals))
      .sort((a, b) => b.revenueFen - a.revenueFen || b.newRecords - a.newRecords),
    campaigns: [...byCampaign.entries()]
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
  caller: Caller,
  q: { month?: string; clinicId?: string },
): Promise<{ month: string; items: StaffRankRow[] }> {
  const month = q.month ?? clinicDate(new Date()).slice(0, 7);
  const { clinicId } = await scope(caller, undefined, q.clinicId);
  const [rows, targets, staff] = await Promise.all([
    monthRows(counterKeys.staff(clinicId, month)),
    targetsOf(clinicId, month),
    listStaff(clinicId),
  ]);
  const sums = sumBy(rows);
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
  caller: Caller,
  staffId: string,
  month: string,
  t: Target,
): Promise<Target & { staffId: string; month: string }> {
  const { clinicId, staff } = await scope(caller, staffId);
  if (!staff) throw new NotFoundError('staff', { staffId });
  await putTarget(clinicId, month, staff.id, t, caller.staffId ?? caller.userId);
  return { staffId: staff.id, month, ...t };
}

export const channelName = (c: string) => channelLabels[c as Channel] ?? c;
