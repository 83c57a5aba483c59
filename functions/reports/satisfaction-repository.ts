import { type SurveyDimension, surveyDimensions } from '../../shared/schemas/surveys';
import { db, tableName } from '../lib/db';
import { QueryCommand } from '../lib/store-client';
import { type Write, write } from '../lib/transact';

/**
 * Satisfaction counters: one partition per clinic (SATSTAT#<clinic>), one item per month and scope,
 * sorted `<month>#clinic#-`, `<month>#dept#<departmentId>`, `<month>#doctor#<doctorId>`. A month's
 * report, and a run of months for the trend, is one Query of a sort-key range, whatever the number
 * of answers: the items read are months × (1 + departments + doctors).
 *
 * Not sharded (unlike the daily stats): answers and invitations arrive a few a minute per clinic,
 * and a rare meeting of two transactions on one item is retried by `commit`.
 */
export const satisfactionKeys = {
  partition: (clinicId: string) => `SATSTAT#${clinicId}`,
  sort: (month: string, scope: SatScope, id: string) => `${month}#${scope}#${id}`,
};

export type SatScope = 'clinic' | 'dept' | 'doctor';
/** The clinic total's id in its sort key. */
export const CLINIC_TOTAL = '-';

const sumName = (d: SurveyDimension) => `sum_${d}` as const;
const countName = (d: SurveyDimension) => `n_${d}` as const;

/** What is counted per scope and month (the visit's month). */
export const satCounterNames = [
  'invitations',
  'answers',
  'promoters',
  'passives',
  'detractors',
  'low',
  'lowResolved',
  'lowResolvedInTime',
  ...surveyDimensions.map(sumName),
  ...surveyDimensions.map(countName),
] as const;
export type SatCounterName = (typeof satCounterNames)[number];
export type SatCounts = Record<SatCounterName, number>;

export const dimensionSum = sumName;
export const dimensionCount = countName;

/** All zero. */
export function zeroCounts(): SatCounts {
  return Object.fromEntries(satCounterNames.map((n) => [n, 0])) as SatCounts;
}

/** One counter item: where it is and what is set beside the counts (names shown in the report). */
export interface SatTarget {
  clinicId: string;
  month: string;
  scope: SatScope;
  id: string;
  meta: Record<string, string>;
}

/** Adds `delta` to one counter item: an UpdateItem ADD, no read, creating the item when missing. */
export function addTo(t: SatTarget, delta: Partial<SatCounts>): Write {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds: string[] = [];
  for (const [i, [k, v]] of Object.entries(delta).entries()) {
    if (!v) continue;
    names[`#c${i}`] = k;
    values[`:c${i}`] = v;
    adds.push(`#c${i} :c${i}`);
  }
  const meta = { type: 'satstat', clinicId: t.clinicId, month: t.month, scope: t.scope, scopeId: t.id, ...t.meta };
  const sets = Object.entries(meta).map(([k, v], i) => {
    names[`#m${i}`] = k;
    values[`:m${i}`] = v;
    return `#m${i} = :m${i}`;
  });
  return write({
    Update: {
      TableName: tableName,
      Key: { pk: satisfactionKeys.partition(t.clinicId), sk: satisfactionKeys.sort(t.month, t.scope, t.id) },
      UpdateExpression: `SET ${sets.join(', ')}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  });
}

/** One stored counter item, counts read back. */
export interface SatRow extends SatCounts {
  month: string;
  scope: SatScope;
  id: string;
  name?: string;
  departmentId?: string;
}

function rowOf(item: Record<string, unknown>): SatRow {
  const [month = '', scope = 'clinic', ...rest] = String(item.sk).split('#');
  const row = { month, scope: scope as SatScope, id: rest.join('#') } as SatRow;
  for (const n of satCounterNames) row[n] = Number(item[n] ?? 0);
  if (typeof item.name === 'string') row.name = item.name;
  if (typeof item.departmentId === 'string') row.departmentId = item.departmentId;
  return row;
}

/** Every counter item of a clinic from month `from` to month `to` (both included): one Query. */
export async function satisfactionRows(clinicId: string, from: string, to: string): Promise<SatRow[]> {
  const rows: SatRow[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':p': satisfactionKeys.partition(clinicId),
          ':from': `${from}#`,
          // '~' sorts after every character of an id.
          ':to': `${to}#~`,
        },
        ExclusiveStartKey: start,
      }),
    );
    for (const i of out.Items ?? []) rows.push(rowOf(i));
    start = out.LastEvaluatedKey;
  } while (start);
  return rows;
}
