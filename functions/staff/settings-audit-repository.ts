import { partitionQuery, queryAll } from '../lib/store';
import type { TxItem } from '../lib/transact';
import { newAuditItem } from '../patients/audit-repository';
import { AUDIT_PARTITION_PREFIX } from '../table-def';

/** The audit trail of the group-wide job switches (jobs belong to no clinic). */
export const GROUP_SCOPE = 'group';

/**
 * Who changed what in a clinic's settings: a message template or its switch, a resend, a paused job,
 * a follow-up plan, care instructions. Like a patient record's audit, written in the same transaction
 * as the change it records.
 */
export interface SettingsAuditEntry {
  /** The clinic whose trail it joins, or GROUP_SCOPE for a job. */
  clinicId: string;
  /** What was changed: template#birthday, message#<id>, job#outbox-sender. */
  subject: string;
  action: 'update' | 'resend' | 'pause' | 'resume';
  actorStaffId: string;
  requestId: string;
  fields?: string[];
}

const trailPk = (clinicId: string) => `${AUDIT_PARTITION_PREFIX}SETTINGS#${clinicId}`;

/** An audit event for one transaction; kept as long as a record's audit (AUDIT_RETENTION_DAYS), never replaced. */
export function settingsAuditWrite(a: SettingsAuditEntry, at: string): TxItem {
  return newAuditItem(trailPk(a.clinicId), at, a);
}

/** A clinic's (or the group's) message-centre trail, oldest first. */
export async function settingsAuditTrail(clinicId: string): Promise<(SettingsAuditEntry & { at: string })[]> {
  return queryAll<SettingsAuditEntry & { at: string }>(partitionQuery(undefined, 'pk', trailPk(clinicId)), 2000);
}
