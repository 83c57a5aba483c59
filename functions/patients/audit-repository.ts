import type { ListResult, PageQuery } from '../../shared/schemas/common';
import { tableName } from '../lib/db';
import { newId } from '../lib/ids';
import { fromItem, partitionQuery, queryAll, queryPage } from '../lib/store';
import { commit, type TxItem } from '../lib/transact';
import { AUDIT_PARTITION_PREFIX } from '../table-def';

/** Audit events are kept this long (at least six months; the table's TTL removes them after). */
export const AUDIT_RETENTION_DAYS = 366;

/** The TTL (epoch seconds) of an audit item written at `at`: AUDIT_RETENTION_DAYS later. */
export function auditExpiresAt(at: string): number {
  return Math.floor(Date.parse(at) / 1000) + AUDIT_RETENTION_DAYS * 86_400;
}

/**
 * An audit item is only ever created, never replaced (the stack also denies updating or deleting it):
 * the Put's condition on a fresh key.
 */
export const NEW_AUDIT_ITEM = 'attribute_not_exists(pk)';

/**
 * The one way an audit event is stored, whatever trail it joins (a record's, a clinic's settings,
 * its staff): a fresh key under `pk`, its TTL, created only.
 */
export function newAuditItem(pk: string, at: string, entry: object): TxItem {
  return {
    Put: {
      TableName: tableName,
      Item: { pk, sk: `${at}#${newId('a')}`, type: 'audit', at, expiresAt: auditExpiresAt(at), ...entry },
      ConditionExpression: NEW_AUDIT_ITEM,
    },
  };
}

/** One corrected field: its old and new values, already masked (a phone as 138****1234, a name as 张*). */
export interface FieldChange {
  field: string;
  from?: string;
  to?: string;
}

/** Who did what to which record: every staff read, search, entry and change of a profile. */
export interface AuditEntry {
  patientId: string;
  /** The record's home clinic. */
  clinicId: string;
  /** The staff member acting (absent when the patient acts through their own account). */
  actorStaffId?: string;
  /** The patient-side account acting (export, deletion by the patient). */
  actorUserId?: string;
  /** The clinic the actor works in (the group admin's own clinic, if any). */
  actorClinicId?: string;
  action: 'create' | 'read' | 'update' | 'search' | 'delete' | 'merge' | 'export' | 'handover';
  /** A read from another clinic than the record's home clinic, allowed by a care relationship there. */
  crossClinic?: boolean;
  requestId: string;
  fields?: string[];
  /** A correction, field by field, values masked. */
  changes?: FieldChange[];
  /** Why (a deletion request's reason, a merge's note). */
  reason?: string;
}

/** A record's audit trail: its own partition, newest last. */
const auditPk = (patientId: string) => `${AUDIT_PARTITION_PREFIX}${patientId}`;

/** An audit event, written in the same transaction as what it records. */
export function auditWrite(a: AuditEntry, at: string): TxItem {
  return newAuditItem(auditPk(a.patientId), at, a);
}

/**
 * Audit events for a staff member's reads of several records: transactions of up to 100 conditional
 * Puts (a BatchWriteItem cannot carry the create-only condition).
 */
export async function writeAudits(entries: AuditEntry[], at: string): Promise<void> {
  for (let i = 0; i < entries.length; i += 100) {
    await commit(entries.slice(i, i + 100).map((a) => auditWrite(a, at)));
  }
}

/** A record's audit trail, oldest first (a record's reads stay in the hundreds). */
export async function auditTrailOf(patientId: string): Promise<(AuditEntry & { at: string })[]> {
  return queryAll<AuditEntry & { at: string }>(partitionQuery(undefined, 'pk', auditPk(patientId)), 1000);
}

/** One page of a record's audit trail, newest first. */
export function auditPage(
  patientId: string,
  page: PageQuery,
): Promise<ListResult<AuditEntry & { at: string; id: string }>> {
  // The event's id is its sort key (time and a random part): unique within the trail.
  return queryPage(partitionQuery(undefined, 'pk', auditPk(patientId), { newestFirst: true }), page, 50, (i) => ({
    ...fromItem<AuditEntry & { at: string }>(i),
    id: String(i.sk),
  }));
}
