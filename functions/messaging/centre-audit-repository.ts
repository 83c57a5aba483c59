import { tableName } from '../lib/db';
import { newId } from '../lib/ids';
import { partitionQuery, queryAll } from '../lib/store';
import type { TxItem } from '../lib/transact';

/** The audit trail of the group-wide job switches (jobs belong to no clinic). */
export const GROUP_SCOPE = 'group';

/**
 * Who changed what in the message centre: a template or its switch, a resend, a paused job. Like a
 * patient record's audit, written in the same transaction as the change it records.
 */
export interface CentreAuditEntry {
  /** The clinic whose trail it joins, or GROUP_SCOPE for a job. */
  clinicId: string;
  /** What was changed: template#birthday, message#<id>, job#outbox-sender. */
  subject: string;
  action: 'update' | 'resend' | 'pause' | 'resume';
  actorStaffId: string;
  requestId: string;
  fields?: string[];
}

const trailPk = (clinicId: string) => `AUDIT#CENTRE#${clinicId}`;

/** An audit event for one transaction. */
export function centreAuditWrite(a: CentreAuditEntry, at: string): TxItem {
  return {
    Put: {
      TableName: tableName,
      Item: { pk: trailPk(a.clinicId), sk: `${at}#${newId('a')}`, type: 'audit', at, ...a },
    },
  };
}

/** A clinic's (or the group's) message-centre trail, oldest first. */
export async function centreAuditTrail(clinicId: string): Promise<(CentreAuditEntry & { at: string })[]> {
  return queryAll<CentreAuditEntry & { at: string }>(partitionQuery(undefined, 'pk', trailPk(clinicId)), 2000);
}
