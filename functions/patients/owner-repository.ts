import { ConflictError } from '../../shared/errors';
import { tableName } from '../lib/db';
import { partitionQuery, queryAll } from '../lib/store';
import { type Write, write } from '../lib/transact';
import { patientKey } from './patient-repository';

// Who owns what (the byOwner index: patient records and campaigns carry ownerStaffId), for a hand-over.

/** The record was no longer owned by the one handing over (moved already, or edited away): skip it. */
export class OwnerMovedError extends ConflictError {
  constructor() {
    super('CONFLICT', '该记录的负责人已变化');
  }
}

/** Every id of one kind of item a staff member owns ('patient' or 'campaign'), oldest first. */
export async function ownedIds(staffId: string, type: 'patient' | 'campaign'): Promise<string[]> {
  const spec = partitionQuery('byOwner', 'ownerStaffId', staffId, {
    filter: { expression: '#t = :type', names: { '#t': 'type' }, values: { ':type': type } },
  });
  const items = await queryAll<{ id: string }>(
    {
      ...spec,
      ProjectionExpression: '#id',
      ExpressionAttributeNames: { ...spec.ExpressionAttributeNames, '#id': 'id' },
    },
    1_000_000,
  );
  return items.map((i) => i.id);
}

/**
 * A record changes owner only while `from` still owns it, so a retried or repeated hand-over never
 * moves (or counts) a record twice. The version moves too: an edit read before the hand-over cannot
 * write the old owner back.
 */
export function patientOwnerWrite(patientId: string, from: string, to: { id: string; name: string }): Write {
  return write(
    {
      Update: {
        TableName: tableName,
        Key: patientKey(patientId),
        UpdateExpression: 'SET ownerStaffId = :to, ownerStaffName = :name ADD version :one',
        ConditionExpression: 'ownerStaffId = :from',
        ExpressionAttributeValues: { ':to': to.id, ':name': to.name, ':from': from, ':one': 1 },
      },
    },
    () => new OwnerMovedError(),
  );
}
