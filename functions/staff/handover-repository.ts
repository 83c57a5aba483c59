import { ConflictError } from '../../shared/errors';
import { tableName } from '../lib/db';
import { getItem, putIfAbsent } from '../lib/store';
import { type Write, write } from '../lib/transact';

/**
 * A hand-over under way: one per member handing over, beside their staff record. It counts what has
 * moved in the same transactions that move it, so a crash leaves exact figures and the next call
 * (a retry, or a second press) resumes it; closing it writes the one audit event.
 */
export interface HandOverRun {
  id: string;
  clinicId: string;
  fromStaffId: string;
  toStaffId: string;
  actorStaffId?: string;
  actorUserId: string;
  actorClinicId?: string;
  requestId: string;
  startedAt: string;
  handedOver: number;
  campaigns: number;
}

/** The run was closed by another call while this one was moving records. */
export class HandOverClosedError extends ConflictError {
  constructor() {
    super('CONFLICT', '移交已由另一请求完成');
  }
}

const runKey = (fromStaffId: string) => ({ pk: `STAFF#${fromStaffId}`, sk: 'HANDOVER' });

export async function openHandOver(fromStaffId: string): Promise<HandOverRun | undefined> {
  return getItem<HandOverRun>(runKey(fromStaffId), true);
}

/** Opens a run; false when one is open already (another call started it first). */
export async function startHandOver(run: HandOverRun): Promise<boolean> {
  return putIfAbsent({ ...runKey(run.fromStaffId), type: 'handOverRun', ...run });
}

/** Counts moved records and campaigns into the run, in the transaction that moves them. */
export function progressWrite(run: HandOverRun, moved: { handedOver?: number; campaigns?: number }): Write {
  return write(
    {
      Update: {
        TableName: tableName,
        Key: runKey(run.fromStaffId),
        UpdateExpression: 'ADD handedOver :n, campaigns :m',
        ConditionExpression: 'id = :id',
        ExpressionAttributeValues: { ':n': moved.handedOver ?? 0, ':m': moved.campaigns ?? 0, ':id': run.id },
      },
    },
    () => new HandOverClosedError(),
  );
}

/** Closes the run as read: it fails (and is read again) if anything moved since. */
export function closeWrite(run: HandOverRun): Write {
  return write(
    {
      Delete: {
        TableName: tableName,
        Key: runKey(run.fromStaffId),
        ConditionExpression: 'id = :id AND handedOver = :n AND campaigns = :m',
        ExpressionAttributeValues: { ':id': run.id, ':n': run.handedOver, ':m': run.campaigns },
      },
    },
    () => new HandOverClosedError(),
  );
}
