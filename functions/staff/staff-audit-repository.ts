import { tableName } from '../lib/db';
import { newId } from '../lib/ids';
import { partitionQuery, queryAll } from '../lib/store';
import type { TxItem } from '../lib/transact';
import { AUDIT_RETENTION_DAYS } from '../patients/audit-repository';

/**
 * What happened to a clinic's staff: a deactivation, a hand-over of a member's patients and campaigns
 * (one event for the whole hand-over, never one per record). Written once, in the transaction that
 * does (or, for a hand-over, closes) what it records, and never updated.
 */
export interface StaffAuditEntry {
  /** The member's clinic: the trail it joins. */
  clinicId: string;
  /** The member it is about (the one deactivated, or whose records were handed over). */
  staffId: string;
  action: 'deactivate' | 'handover';
  actorStaffId?: string;
  actorUserId: string;
  actorClinicId?: string;
  requestId: string;
  /** A hand-over: who took over, how many records and campaigns moved, and when it began. */
  toStaffId?: string;
  handedOver?: number;
  campaigns?: number;
  startedAt?: string;
}

const trailPk = (clinicId: string) => `AUDIT#STAFF#${clinicId}`;

/** An audit event for one transaction (kept AUDIT_RETENTION_DAYS, like a record's). */
export function staffAuditWrite(a: StaffAuditEntry, at: string): TxItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        pk: trailPk(a.clinicId),
        sk: `${at}#${newId('a')}`,
        type: 'audit',
        at,
        expiresAt: Math.floor(Date.parse(at) / 1000) + AUDIT_RETENTION_DAYS * 86_400,
        ...a,
      },
    },
  };
}

/** A clinic's staff trail, oldest first. */
export async function staffAuditTrail(clinicId: string): Promise<(StaffAuditEntry & { at: string })[]> {
  return queryAll<StaffAuditEntry & { at: string }>(partitionQuery(undefined, 'pk', trailPk(clinicId)), 5000);
}
