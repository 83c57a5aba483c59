import { QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../lib/db';

type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

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

/** The counter writes for one fact on one day (to add to the fact's own transaction). */
export function counterWrites(a: Attribution, date: string, deltas: Partial<Counts>): TxItem[] {
  const month = date.slice(0, 7);
  const shard = Math.floor(Math.random() * SHARDS);
  const meta = { type: 'counter', date, clinicId: a.clinicId };
  const items = [
    add(counterKeys.clinic(a.clinicId, month), `-#${date}#${shard}`, meta, deltas),
    add(
      counterKeys.channel(a.clinicId, month),
      `${a.channel}#${date}#${shard}`,
      { ...meta, channel: a.channel },
      deltas,
    ),
  ];
  if (a.ownerStaffId) {
    const staffMeta = { ...meta, clinicId: a.ownerClinicId, staffId: a.ownerStaffId };
    items.push(add(counterKeys.staff(a.ownerClinicId, month), `${a.ownerStaffId}#${date}#${shard}`, staffMeta, deltas));
  }
  if (a.campaignId) {
    const campaignMeta = { ...meta, campaignId: a.campaignId };
    items.push(add(counterKeys.campaign(a.clinicId, month), `${a.campaignId}#${date}#${shard}`, campaignMeta, deltas));
  }
  return items;
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
export async function monthRows(pk: string, prefix?: string): Promise<CounterRow[]> {
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

function total(rows: CounterRow[]): Counts {
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
  return total(await monthRows(counterKeys.clinic(clinicId, date.slice(0, 7)), `-#${date}#`));
}
