import { BatchWriteCommand, GetCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { AppError, ConflictError, NotFoundError } from '../../shared/errors';
import type { ConsentState } from '../../shared/schemas/patient';
import { db, tableName } from '../lib/db';
import { newId } from '../lib/ids';
import { transactWrite } from '../lib/transact';

type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A patient record as stored: phone and ID number only encrypted, found by keyed hash. */
export interface PatientRecord {
  id: string;
  clinicId: string;
  name: string;
  gender?: 'male' | 'female';
  birthDate?: string;
  phoneEnc: string;
  phoneHash: string;
  maskedPhone: string;
  idCardEnc?: string;
  idCardHash?: string;
  occupation?: string;
  address?: string;
  medicalHistory?: string;
  needs?: string[];
  relation?: 'self' | 'child' | 'parent' | 'spouse' | 'other';
  consents: { healthData?: ConsentState; marketing?: ConsentState; guardian?: ConsentState };
  channel: string;
  campaignId?: string;
  ownerStaffId?: string;
  ownerStaffName?: string;
  /** The WeChat account that manages this profile (absent for a lead a staff member entered). */
  accountId?: string;
  notes?: string;
  tags: string[];
  /** Completed visits (moved by visit completion in the same write). */
  visitCount?: number;
  lastVisitAt?: string;
  nextRevisitDate?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface AuditEntry {
  patientId: string;
  clinicId: string;
  actorStaffId: string;
  action: 'create' | 'read' | 'update' | 'search';
  requestId: string;
  fields?: string[];
}

export interface ConsentEntry {
  kind: 'healthData' | 'marketing' | 'guardian';
  state: ConsentState;
  byUserId?: string;
  byStaffId?: string;
}

const patientKey = (id: string) => ({ pk: `PATIENT#${id}`, sk: 'PATIENT' });
const phoneKey = (hash: string) => ({ pk: `PHONE#${hash}`, sk: 'PHONE' });
const nameKey = (name: string) => `NAME#${name}`;
const nameSort = (p: Pick<PatientRecord, 'birthDate' | 'id'>) => `${p.birthDate ?? '0000-00-00'}#${p.id}`;

function storedPatient(p: PatientRecord) {
  return {
    ...patientKey(p.id),
    type: 'patient',
    ...p,
    nameKey: nameKey(p.name),
    nameSort: nameSort(p),
    ...(p.accountId ? { accountSort: `PATIENT#${p.createdAt}` } : {}),
  };
}

function strip(item: Record<string, unknown>): PatientRecord {
  const { pk: _pk, sk: _sk, type: _t, nameKey: _n, nameSort: _s, accountSort: _a, ...rest } = item;
  return rest as unknown as PatientRecord;
}

export function auditItem(a: AuditEntry, at = new Date().toISOString()): TxItem {
  return {
    Put: {
      TableName: tableName,
      Item: { pk: `AUDIT#${a.patientId}`, sk: `${at}#${newId('a')}`, type: 'audit', at, ...a },
    },
  };
}

/** One consent event (all kinds given or withdrawn together) as its own history item. */
function consentEventItems(patientId: string, clinicId: string, entries: ConsentEntry[]): TxItem[] {
  const first = entries[0];
  if (!first) return [];
  return [
    {
      Put: {
        TableName: tableName,
        Item: {
          pk: `PATIENT#${patientId}`,
          sk: `CONSENT#${first.state.at}#${newId('c')}`,
          type: 'consentEvent',
          clinicId,
          at: first.state.at,
          policyVersion: first.state.policyVersion,
          byUserId: first.byUserId,
          byStaffId: first.byStaffId,
          changes: entries.map((e) => ({ kind: e.kind, granted: e.state.granted })),
        },
      },
    },
  ];
}

/** The stored record behind a phone (for a duplicate answer), from the phone guard. */
export interface PhoneOwner {
  patientId: string;
  maskedName: string;
  maskedPhone: string;
  clinicId: string;
}

function duplicatePhone(existing: PhoneOwner | undefined): ConflictError {
  return new ConflictError('DUPLICATE_PHONE', '该手机号已建档', {
    maskedName: existing?.maskedName,
    maskedPhone: existing?.maskedPhone,
    patientId: existing?.patientId,
  });
}

/**
 * Creates the record and its phone guard in one transaction: one record per phone in the group,
 * whatever the concurrency. A taken phone throws DUPLICATE_PHONE naming the existing record.
 */
export async function insertPatient(
  p: PatientRecord,
  maskedName: string,
  consents: ConsentEntry[],
  extra: { audit?: AuditEntry; counters?: TxItem[] } = {},
): Promise<void> {
  const items: TxItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: {
          ...phoneKey(p.phoneHash),
          type: 'phoneGuard',
          patientId: p.id,
          clinicId: p.clinicId,
          maskedName,
          maskedPhone: p.maskedPhone,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    {
      Put: { TableName: tableName, Item: storedPatient(p), ConditionExpression: 'attribute_not_exists(pk)' },
    },
    ...consentEventItems(p.id, p.clinicId, consents),
  ];
  if (extra.audit) items.push(auditItem(extra.audit, p.createdAt));
  items.push(...(extra.counters ?? []));
  await transactWrite(items, ({ index, item }) =>
    index === 0 ? duplicatePhone(item as PhoneOwner | undefined) : new ConflictError('CONFLICT', 'record exists'),
  );
}

export async function phoneOwner(phoneHash: string): Promise<PhoneOwner | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: phoneKey(phoneHash) }));
  return out.Item as PhoneOwner | undefined;
}

export async function getPatient(id: string): Promise<PatientRecord | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: patientKey(id) }));
  return out.Item ? strip(out.Item) : undefined;
}

export async function patientsOfAccount(accountId: string): Promise<PatientRecord[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'byAccount',
      KeyConditionExpression: 'accountId = :a AND begins_with(accountSort, :p)',
      ExpressionAttributeValues: { ':a': accountId, ':p': 'PATIENT#' },
      ScanIndexForward: false,
      Limit: 50,
    }),
  );
  return (out.Items ?? []).map(strip);
}

/** Same-name records (newest sorting by birth date), at most `limit`. */
export async function patientsByName(name: string, limit = 20): Promise<PatientRecord[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'byName',
      KeyConditionExpression: 'nameKey = :n',
      ExpressionAttributeValues: { ':n': nameKey(name) },
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map(strip);
}

/**
 * Saves changed fields with an optimistic version check; `expect` adds conditions (such as the
 * account that must own the record). Extra items (consents, audit) go in the same transaction.
 */
export async function savePatient(
  before: PatientRecord,
  after: PatientRecord,
  extra: { consents?: ConsentEntry[]; audit?: AuditEntry; expectAccountId?: string | null } = {},
): Promise<PatientRecord> {
  const next: PatientRecord = { ...after, version: before.version + 1 };
  const conditions = ['version = :v'];
  const values: Record<string, unknown> = { ':v': before.version };
  if (extra.expectAccountId === null) conditions.push('attribute_not_exists(accountId)');
  else if (extra.expectAccountId) {
    conditions.push('accountId = :acc');
    values[':acc'] = extra.expectAccountId;
  }
  const items: TxItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: storedPatient(next),
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeValues: values,
      },
    },
    ...consentEventItems(next.id, next.clinicId, extra.consents ?? []),
  ];
  if (extra.audit) items.push(auditItem(extra.audit, next.updatedAt));
  await transactWrite(items, () => new ConflictError('CONFLICT', '记录已被他人修改，请刷新后重试'));
  return next;
}

/** Audit events for a staff member's reads of several records (batches of 25). */
export async function writeAudits(entries: AuditEntry[]): Promise<void> {
  const at = new Date().toISOString();
  for (let i = 0; i < entries.length; i += 25) {
    const batch = entries.slice(i, i + 25).map((a) => ({ PutRequest: { Item: auditItem(a, at).Put!.Item } }));
    let pending: typeof batch | undefined = batch;
    for (let attempt = 0; pending && pending.length > 0 && attempt < 5; attempt++) {
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = out.UnprocessedItems?.[tableName] as typeof batch | undefined;
    }
    if (pending && pending.length > 0) throw new AppError('INTERNAL', 'audit write incomplete');
  }
}

export async function auditTrail(patientId: string): Promise<Record<string, unknown>[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `AUDIT#${patientId}` },
      ScanIndexForward: false,
      Limit: 100,
    }),
  );
  return out.Items ?? [];
}

export async function consentHistory(patientId: string): Promise<Record<string, unknown>[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :c)',
      ExpressionAttributeValues: { ':p': `PATIENT#${patientId}`, ':c': 'CONSENT#' },
    }),
  );
  return out.Items ?? [];
}

/** The record, or NOT_FOUND. */
export async function requirePatient(id: string): Promise<PatientRecord> {
  const p = await getPatient(id);
  if (!p) throw new NotFoundError('patient', { patientId: id });
  return p;
}
