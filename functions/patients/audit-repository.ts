import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { AppError } from '../../shared/errors';
import { db, tableName } from '../lib/db';
import { newId } from '../lib/ids';
import { partitionQuery, queryAll } from '../lib/store';
import type { TxItem } from '../lib/transact';

/** Who did what to which record: every staff read, search, entry and change of a profile. */
export interface AuditEntry {
  patientId: string;
  clinicId: string;
  actorStaffId: string;
  action: 'create' | 'read' | 'update' | 'search';
  requestId: string;
  fields?: string[];
}

/** A record's audit trail: its own partition, newest last. */
const auditPk = (patientId: string) => `AUDIT#${patientId}`;

/** An audit event, written in the same transaction as what it records. */
export function auditWrite(a: AuditEntry, at: string): TxItem {
  return {
    Put: {
      TableName: tableName,
      Item: { pk: auditPk(a.patientId), sk: `${at}#${newId('a')}`, type: 'audit', at, ...a },
    },
  };
}

/** Audit events for a staff member's reads of several records (batches of 25). */
export async function writeAudits(entries: AuditEntry[], at: string): Promise<void> {
  for (let i = 0; i < entries.length; i += 25) {
    const batch = entries.slice(i, i + 25).map((a) => ({ PutRequest: { Item: auditWrite(a, at).Put!.Item } }));
    let pending: typeof batch | undefined = batch;
    for (let attempt = 0; pending && pending.length > 0 && attempt < 5; attempt++) {
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = out.UnprocessedItems?.[tableName] as typeof batch | undefined;
    }
    if (pending && pending.length > 0) throw new AppError('INTERNAL', '审计记录写入未完成');
  }
}

/** A record's audit trail, oldest first (a record's reads stay in the hundreds). */
export async function auditTrailOf(patientId: string): Promise<(AuditEntry & { at: string })[]> {
  return queryAll<AuditEntry & { at: string }>(partitionQuery(undefined, 'pk', auditPk(patientId)), 1000);
}
