import type { CareSummary } from '../../shared/patient-group-rules';
import { type Category, categories } from '../../shared/schemas/common';
import { db, tableName } from '../lib/db';
import { AlreadyMovedError } from '../lib/repoint';
import { fromItem, getItem } from '../lib/store';
import { QueryCommand } from '../lib/store-client';
import { type Write, write } from '../lib/transact';
import { patientPartition } from '../patients/patient-repository';

/**
 * One patient's care summary at one clinic lives in the patient's partition and, through the
 * byClinic index, in a few shards of the clinic: the monthly grouping job reads exactly one item per
 * patient of the clinic, and never a visit.
 */
export const SUMMARY_SHARDS = 4;
const summaryKey = (patientId: string, clinicId: string) => ({
  pk: patientPartition(patientId),
  sk: `CARE#${clinicId}`,
});
const shardOf = (patientId: string) => {
  let h = 0;
  for (const c of patientId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % SUMMARY_SHARDS;
};
const clinicShard = (clinicId: string, shard: number) => `CARE#${clinicId}#${shard}`;
/** The last visit of a category is kept in its own attribute (one SET per visit, no nested map to create). */
const lastAttr = (c: Category) => `last_${c}`;

/** What a visit tells the summary. */
export interface SummaryVisit {
  id: string;
  patientId: string;
  clinicId: string;
  date: string;
  category: Category;
  chargeFen: number;
  createdAt: string;
}

/**
 * The summary's change for one visit, joining the visit's transaction: last visit (of its category
 * too), lifetime spend and count; `newImplantSeries` when this implant visit starts a new series.
 */
export function summaryVisitWrite(v: SummaryVisit, newImplantSeries: boolean): Write {
  const sets = [
    '#type = :type',
    'patientId = :p',
    'clinicId = :c',
    'clinicKey = :ck',
    'clinicSort = :cs',
    'firstVisitDate = if_not_exists(firstVisitDate, :d)',
    'lastVisitDate = :d',
    'lastVisitId = :id',
    'lastVisitAt = :at',
    'lastCategory = :cat',
    '#last = :last',
  ];
  if (newImplantSeries) sets.push('implantSince = :d');
  return write({
    Update: {
      TableName: tableName,
      Key: summaryKey(v.patientId, v.clinicId),
      UpdateExpression: `SET ${sets.join(', ')} ADD spendFen :fen, visitCount :one`,
      ExpressionAttributeNames: { '#type': 'type', '#last': lastAttr(v.category) },
      ExpressionAttributeValues: {
        ':type': 'careSummary',
        ':p': v.patientId,
        ':c': v.clinicId,
        ':ck': clinicShard(v.clinicId, shardOf(v.patientId)),
        ':cs': v.patientId,
        ':d': v.date,
        ':id': v.id,
        ':at': v.createdAt,
        ':cat': v.category,
        ':last': { date: v.date, visitId: v.id },
        ':fen': v.chargeFen,
        ':one': 1,
      },
    },
  });
}

/**
 * A charge recorded apart from its visit (the HIS's cashier): its money joins the lifetime spend of
 * the patient's summary at the clinic, as the charge of a visit recorded in the app does (a refund
 * takes it back). A charge before the patient's first visit there leaves a summary of spend only:
 * no visit fields and not in the clinic's index (the monthly grouping reads it once a visit came).
 */
export function summarySpendWrite(patientId: string, clinicId: string, fen: number): Write {
  return write({
    Update: {
      TableName: tableName,
      Key: summaryKey(patientId, clinicId),
      UpdateExpression: 'SET #type = :type, patientId = :p, clinicId = :c ADD spendFen :fen',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':type': 'careSummary', ':p': patientId, ':c': clinicId, ':fen': fen },
    },
  });
}

type Stored = Omit<CareSummary, 'last'> & Record<string, unknown>;

function summaryOf(item: Record<string, unknown>): CareSummary {
  const s = fromItem<Stored>(item);
  const last: CareSummary['last'] = {};
  for (const c of categories) {
    const v = s[lastAttr(c)] as { date: string; visitId: string } | undefined;
    if (v) last[c] = v;
    delete s[lastAttr(c)];
  }
  delete s.type;
  return { ...(s as Omit<CareSummary, 'last'>), last };
}

export async function getSummary(patientId: string, clinicId: string): Promise<CareSummary | undefined> {
  const item = await getItem<Record<string, unknown>>(summaryKey(patientId, clinicId), true);
  return item ? summaryOf({ ...item }) : undefined;
}

/**
 * Every summary of a clinic, its shards read side by side, handed over a page at a time (a page is up
 * to 1 MB: a few thousand summaries). Answers the number read.
 */
export async function forEachSummary(clinicId: string, each: (page: CareSummary[]) => Promise<void>): Promise<number> {
  let read = 0;
  await Promise.all(
    Array.from({ length: SUMMARY_SHARDS }, async (_, shard) => {
      let start: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'byClinic',
            KeyConditionExpression: 'clinicKey = :k',
            ExpressionAttributeValues: { ':k': clinicShard(clinicId, shard) },
            ExclusiveStartKey: start,
          }),
        );
        const page = (out.Items ?? []).map(summaryOf);
        read += page.length;
        await each(page);
        start = out.LastEvaluatedKey;
      } while (start);
    }),
  );
  return read;
}

/** The summary as stored, for the bench and the demo seed's bulk writes. */
export function storedSummary(s: CareSummary): Record<string, unknown> {
  const { last, ...rest } = s;
  return {
    ...summaryKey(s.patientId, s.clinicId),
    type: 'careSummary',
    ...rest,
    // A summary of spend only (no visit yet) stays out of the clinic's index, as it was made.
    ...(s.lastVisitId ? { clinicKey: clinicShard(s.clinicId, shardOf(s.patientId)), clinicSort: s.patientId } : {}),
    ...Object.fromEntries(Object.entries(last).map(([c, v]) => [lastAttr(c as Category), v])),
  };
}

/** A patient's summaries, one per clinic visited (a merge combines them). */
export async function summariesOf(patientId: string): Promise<CareSummary[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': patientPartition(patientId), ':sk': 'CARE#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map(summaryOf);
}

/** Deletion (issue 10): the summary stays as a fact of the clinic but leaves the monthly grouping's read (no more outreach). */
export function summaryErasedWrite(s: Pick<CareSummary, 'patientId' | 'clinicId'>): Write {
  return write({
    Update: {
      TableName: tableName,
      Key: summaryKey(s.patientId, s.clinicId),
      UpdateExpression: 'REMOVE clinicKey, clinicSort',
      ConditionExpression: 'attribute_exists(pk)',
    },
  });
}

/**
 * A merge replaces the survivor's summary at a clinic by `combined` and removes the merged record's
 * (which must still be there: a second run finds it gone and fails with AlreadyMovedError).
 */
export function summaryMovedWrites(merged: CareSummary, combined: CareSummary): Write[] {
  return [
    write({ Put: { TableName: tableName, Item: storedSummary(combined) } }),
    write(
      {
        Delete: {
          TableName: tableName,
          Key: summaryKey(merged.patientId, merged.clinicId),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      () => new AlreadyMovedError(),
    ),
  ];
}
