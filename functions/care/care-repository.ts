import type { EducationItem } from '../../shared/schemas/care';
import type { Category } from '../../shared/schemas/common';
import { tableName } from '../lib/db';
import { getItem, partitionQuery, queryAll } from '../lib/store';
import { commit, type TxItem } from '../lib/transact';

/** A clinic's edited care instructions: one Query reads every category it changed. */
const carePk = (clinicId: string) => `CARE#${clinicId}`;
/** A department's education items: one item, read with one GetItem. */
const educationKey = (departmentId: string) => ({ pk: `EDU#${departmentId}`, sk: 'ITEMS' });

export interface StoredCare {
  category: Category;
  title: string;
  lines: string[];
  updatedAt: string;
  updatedBy: string;
}

export interface StoredEducation {
  departmentId: string;
  clinicId: string;
  items: EducationItem[];
  updatedAt: string;
  updatedBy: string;
}

/** The categories a clinic edited (the others keep the defaults). */
export async function clinicCare(clinicId: string): Promise<StoredCare[]> {
  return queryAll<StoredCare>(partitionQuery(undefined, 'pk', carePk(clinicId)), 20);
}

/** Saves one category's text of a clinic with its audit event, as one write. */
export async function saveCare(clinicId: string, care: StoredCare, audit: TxItem): Promise<void> {
  await commit([
    {
      Put: {
        TableName: tableName,
        Item: { pk: carePk(clinicId), sk: `CAT#${care.category}`, type: 'careInstructions', clinicId, ...care },
      },
    },
    audit,
  ]);
}

export async function educationOf(departmentId: string): Promise<StoredEducation | undefined> {
  return getItem<StoredEducation>(educationKey(departmentId));
}

/** Saves a department's education items with their audit event, as one write. */
export async function saveEducation(e: StoredEducation, audit: TxItem): Promise<void> {
  await commit([
    { Put: { TableName: tableName, Item: { ...educationKey(e.departmentId), type: 'education', ...e } } },
    audit,
  ]);
}
