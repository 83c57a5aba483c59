import { db, tableName } from '../lib/db';
import { QueryCommand } from '../lib/store-client';
import type { TxItem } from '../lib/transact';

/** What marketing is measured on; each moves in the same transaction as the fact it counts. */
export const counterNames = [
  'newRecords',
  'appointments',
  'cancellations',
  'arrivals',
  'visits',
  'revenueFen',
  // Sign-ups through a campaign code, and those of people already on file.
  'signups',
  'knownSignups',
] as const;
export type CounterName = (typeof counterNames)[number];
export type Counts = Record<CounterName, number>;

/** Who a fact counts for: the patient's owner, channel and campaign, in the clinic where it happened. */
export interface Attribution {
  /** Clinic where the fact happened (booking, arrival, visit, record creation). */
  clinicId: string;
  /** The owning staff member's clinic (their figures live there). */
  ownerClinicId: string;
  ownerStaffId?: string;
  channel: string;
  campaignId?: string;
}

/**
 * Counter partitions are per dimension, clinic and month, sorted by member and date: a day is one
 * small Query, a month one Query per dimension, whatever the number of patients. Each day's counter
 * is split over SHARDS items (a write picks one at random) so that a crowd of transactions does not
 * queue on one hot item; readers add the shards up.
 */
export const SHARDS = 8;

/** Partition keys of the counter dimensions: a month of one dimension in one clinic. */
export const counterKeys = {
  clinic: (clinicId: string, month: string) => `STATS#CLINIC#${clinicId}#${month}`,
  staff: (clinicId: string, month: string) => `STATS#STAFF#${clinicId}#${month}`,
  channel: (clinicId: string, month: string) => `STATS#CHANNEL#${clinicId}#${month}`,
  campaign: (clinicId: string, month: string) => `STATS#CAMPAIGN#${clinicId}#${month}`,
};

function add(pk: string, sk: string, meta: Record<string, string>, deltas: Partial<Counts>): TxItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds: string[] = [];
  for (const [i, [k, v]] of Object.entries(deltas).entries()) {
    names[`#c${i}`] = k;
    values[`:c${i}`] = v;
    adds.push(`#c${i} :c${i}`);
  }
  const sets = Object.keys(meta).map((k, i) => {
    names[`#m${i}`] = k;
    values[`:m${i}`] = meta[k];
    return `#m${i} = :m${i}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: { pk, sk },
      UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The clinic's own member in its partition (a clinic's totals sit beside no one else's). */
const CLINIC_MEMBER = '-';

/** A counter item's sort key: member, date, shard. */
export const counterSort = (member: string, date: string, shard: number) => `${member}#${date}#${shard}`;

/** A shard for one write: spread evenly, so that concurrent facts rarely meet on one item. */
export function pickShard(random: () => number = Math.random): number {
  return Math.min(SHARDS - 1, Math.floor(random() * SHARDS));
}

/** One counter item a fact moves: its key and the attributes set beside the counts. */
export interface CounterTarget {
  pk: string;
  sk: string;
  meta: Record<string, string>;
}

/** The counter items one fact on one day moves, one shard of each (the bench also fills these in bulk). */
export function counterTargets(a: Attribution, date: string, shard: number): CounterTarget[] {
  const month = date.slice(0, 7);
  const meta = { type: 'counter', date, clinicId: a.clinicId };
  const targets: CounterTarget[] = [
    { pk: counterKeys.clinic(a.clinicId, month), sk: counterSort(CLINIC_MEMBER, date, shard), meta },
    {
      pk: counterKeys.channel(a.clinicId, month),
      sk: counterSort(a.channel, date, shard),
      meta: { ...meta, channel: a.channel },
    },
  ];
  if (a.ownerStaffId) {
    targets.push({
      pk: counterKeys.staff(a.ownerClinicId, month),
      sk: counterSort(a.ownerStaffId, date, shard),
      meta: { ...meta, clinicId: a.ownerClinicId, staffId: a.ownerStaffId },
    });
  }
  if (a.campaignId) {
    targets.push({
      pk: counterKeys.campaign(a.clinicId, month),
      sk: counterSort(a.campaignId, date, shard),
      meta: { ...meta, campaignId: a.campaignId },
    });
  }
  return targets;
}

/** The counter writes for one fact on one day (to add to the fact's own transaction). */
export function counterWrites(a: Attribution, date: string, deltas: Partial<Counts>, shard = pickShard()): TxItem[] {
  return counterTargets(a, date, shard).map((t) => add(t.pk, t.sk, t.meta, deltas));
}

function counts(item: Record<string, unknown> | undefined): Counts {
  return Object.fromEntries(counterNames.map((n) => [n, Number(item?.[n] ?? 0)])) as Counts;
}

/** One member's counters on one day (a member is a staff id, channel, campaign id, or '-' for the clinic). */
export interface CounterRow extends Counts {
  member: string;
  date: string;
}

/** The rows of one partition (a month of one dimension), shards added up; optionally one member or one day. */
async function monthRows(pk: string, prefix?: string): Promise<CounterRow[]> {
  const sums = new Map<string, CounterRow>();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: prefix ? 'pk = :p AND begins_with(sk, :m)' : 'pk = :p',
        ExpressionAttributeValues: prefix ? { ':p': pk, ':m': prefix } : { ':p': pk },
        ExclusiveStartKey: start,
      }),
    );
    for (const i of out.Items ?? []) {
      const [member = '', date = ''] = String(i.sk).split('#');
      const key = `${member}#${date}`;
      const row = sums.get(key) ?? { member, date, ...counts(undefined) };
      for (const n of counterNames) row[n] += Number(i[n] ?? 0);
      sums.set(key, row);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return [...sums.values()].sort((a, b) => a.member.localeCompare(b.member) || a.date.localeCompare(b.date));
}

/** Adds rows up. */
export function total(rows: CounterRow[]): Counts {
  const sum = counts(undefined);
  for (const r of rows) for (const n of counterNames) sum[n] += r[n];
  return sum;
}

/** A staff member's counters for one day. */
export async function staffDay(clinicId: string, staffId: string, date: string): Promise<Counts> {
  return total(await monthRows(counterKeys.staff(clinicId, date.slice(0, 7)), `${staffId}#${date}#`));
}

/** A clinic's counters for one day. */
export async function clinicDay(clinicId: string, date: string): Promise<Counts> {
  return total(await monthRows(counterKeys.clinic(clinicId, date.slice(0, 7)), `${CLINIC_MEMBER}#${date}#`));
}

/** A staff member's month, day by day (members are the staff ids of the owner's clinic). */
export function staffMonth(clinicId: string, month: string, staffId: string): Promise<CounterRow[]> {
  return monthRows(counterKeys.staff(clinicId, month), `${staffId}#`);
}

/** Every staff member's month of a clinic, day by day. */
export function allStaffMonth(clinicId: string, month: string): Promise<CounterRow[]> {
  return monthRows(counterKeys.staff(clinicId, month));
}

/** A clinic's month, day by day. */
export function clinicMonth(clinicId: string, month: string): Promise<CounterRow[]> {
  return monthRows(counterKeys.clinic(clinicId, month), `${CLINIC_MEMBER}#`);
}

/** Every channel's month of a clinic, day by day. */
export function channelMonth(clinicId: string, month: string): Promise<CounterRow[]> {
  return monthRows(counterKeys.channel(clinicId, month));
}

/** Every campaign's month of a clinic, or one campaign's, day by day. */
export function campaignMonth(clinicId: string, month: string, campaignId?: string): Promise<CounterRow[]> {
  return monthRows(counterKeys.campaign(clinicId, month), campaignId ? `${campaignId}#` : undefined);
}
