import type { CampaignResults, ChannelRow, DayFigures, Target } from '../../shared/schemas/campaigns';
import type { CounterRow, Counts } from './counter-repository';

/** The figures a person reads: the four marketing is measured on and the two around them. */
export type Totals = Omit<DayFigures, 'date'>;

export function figures(c: Partial<Counts> | undefined): Totals {
  return {
    newRecords: c?.newRecords ?? 0,
    appointments: c?.appointments ?? 0,
    arrivals: c?.arrivals ?? 0,
    revenueFen: c?.revenueFen ?? 0,
    cancellations: c?.cancellations ?? 0,
    visits: c?.visits ?? 0,
  };
}

export function addFigures(a: Totals, b: Totals): Totals {
  return {
    newRecords: a.newRecords + b.newRecords,
    appointments: a.appointments + b.appointments,
    arrivals: a.arrivals + b.arrivals,
    revenueFen: a.revenueFen + b.revenueFen,
    cancellations: a.cancellations + b.cancellations,
    visits: a.visits + b.visits,
  };
}

/** A share, or null where it cannot be computed (nothing to divide by): never a made-up 0 %. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** How much of a target is reached, per figure (null for a figure whose target is 0). */
export function achievement(totals: Totals, target: Target | undefined) {
  if (!target) return undefined;
  return { revenue: rate(totals.revenueFen, target.revenueFen), arrivals: rate(totals.arrivals, target.arrivals) };
}

export function channelRow(channel: string, t: Totals): ChannelRow {
  return {
    channel,
    newRecords: t.newRecords,
    appointments: t.appointments,
    arrivals: t.arrivals,
    revenueFen: t.revenueFen,
    conversion: rate(t.arrivals, t.newRecords),
  };
}

export interface MemberSum {
  totals: Totals;
  signups: number;
  knownSignups: number;
}

/** Counter rows added up per member (a staff member, a channel, a campaign). */
export function sumByMember(rows: CounterRow[]): Map<string, MemberSum> {
  const out = new Map<string, MemberSum>();
  for (const r of rows) {
    const cur = out.get(r.member) ?? { totals: figures(undefined), signups: 0, knownSignups: 0 };
    out.set(r.member, {
      totals: addFigures(cur.totals, figures(r)),
      signups: cur.signups + r.signups,
      knownSignups: cur.knownSignups + r.knownSignups,
    });
  }
  return out;
}

/** A campaign's results over all the rows of its run. */
export function campaignResults(rows: CounterRow[]): CampaignResults {
  const s = sumByMember(rows.map((r) => ({ ...r, member: '' }))).get('') ?? {
    totals: figures(undefined),
    signups: 0,
    knownSignups: 0,
  };
  return {
    signups: s.signups,
    knownSignups: s.knownSignups,
    newRecords: s.totals.newRecords,
    appointments: s.totals.appointments,
    arrivals: s.totals.arrivals,
    revenueFen: s.totals.revenueFen,
    conversion: rate(s.totals.arrivals, s.totals.newRecords),
  };
}
