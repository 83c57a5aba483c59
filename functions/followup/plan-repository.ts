import { type Category, categories } from '../../shared/schemas/common';
import { defaultPlanRows, type PlanRow } from '../../shared/schemas/follow-ups';
import { tableName } from '../lib/db';
import { getItem, partitionQuery, queryAll } from '../lib/store';
import { commit, type TxItem } from '../lib/transact';

/** A clinic's plan for one category: the clinic's rows, or the defaults while it kept them. */
export interface PlanSetting {
  category: Category;
  rows: PlanRow[];
  isDefault: boolean;
  updatedAt?: string;
  updatedBy?: string;
}

/** A clinic's plans share one partition: one Query reads them all, one GetItem the one a visit needs. */
const pk = (clinicId: string) => `FUPLAN#${clinicId}`;
const sk = (c: Category) => `CAT#${c}`;

interface StoredPlan {
  category: Category;
  rows: PlanRow[];
  updatedAt?: string;
  updatedBy?: string;
}

function setting(c: Category, s: StoredPlan | undefined): PlanSetting {
  return s
    ? { category: c, rows: s.rows, isDefault: false, updatedAt: s.updatedAt, updatedBy: s.updatedBy }
    : { category: c, rows: defaultPlanRows(c), isDefault: true };
}

/** Every category's plan of a clinic. */
export async function clinicPlans(clinicId: string): Promise<PlanSetting[]> {
  const stored = await queryAll<StoredPlan>(partitionQuery(undefined, 'pk', pk(clinicId)), 20);
  const byCategory = new Map(stored.map((s) => [s.category, s]));
  return categories.map((c) => setting(c, byCategory.get(c)));
}

/** The plan a visit of this category at this clinic follows. */
export async function planFor(clinicId: string, c: Category): Promise<PlanSetting> {
  return setting(c, await getItem<StoredPlan>({ pk: pk(clinicId), sk: sk(c) }, true));
}

/** Replaces a clinic's rows for a category, with its audit event, as one write. */
export async function savePlan(
  clinicId: string,
  c: Category,
  rows: PlanRow[],
  by: { staffId: string; at: string },
  audit: TxItem,
): Promise<void> {
  await commit([
    {
      Put: {
        TableName: tableName,
        Item: {
          pk: pk(clinicId),
          sk: sk(c),
          type: 'followUpPlan',
          clinicId,
          category: c,
          rows,
          updatedAt: by.at,
          updatedBy: by.staffId,
        },
      },
    },
    audit,
  ]);
}
