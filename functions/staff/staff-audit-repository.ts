import { partitionQuery, queryAll } from '../lib/store';
import type { TxItem } from '../lib/transact';
import { newAuditItem } from '../patients/audit-repository';
import { AUDIT_PARTITION_PREFIX } from '../table-def';

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

const trailPk = (clinicId: string) => `${AUDIT_PARTITION_PREFIX}STAFF#${clinicId}`;

/** An audit event for one transaction (kept AUDIT_RETENTION_DAYS, like a record's). */
export function staffAuditWrite(a: StaffAuditEntry, at: string): TxItem {
  return newAuditItem(trailPk(a.clinicId), at, a);
}

/** A clinic's staff trail, oldest first. */
export async function staffAuditTrail(clinicId: string): Promise<(StaffAuditEntry & { at: string })[]> {
  return queryAll<StaffAuditEntry & { at: string }>(partitionQuery(undefined, 'pk', trailPk(clinicId)), 5000);
}
