import { AppError, ForbiddenError } from '../../shared/errors';
import { actsIn } from '../../shared/roles';
import { getStaff } from '../auth/identity-repository';
import type { Caller } from '../lib/tokens';

/**
 * The clinic a message-centre request is about: the one asked for, or the caller's own. Staff act
 * only in their clinic; the group admin in any, and in the group's own settings for patients of no
 * clinic yet (UNASSIGNED_CLINIC).
 */
export function centreClinic(caller: Caller, asked: string | undefined, what: '查看' | '修改' = '查看'): string {
  const clinicId = asked ?? caller.clinicId;
  if (!clinicId) {
    throw new AppError('VALIDATION_FAILED', '请指定门诊', { fields: [{ path: 'clinicId', message: '请指定门诊' }] });
  }
  if (!actsIn(caller, clinicId)) throw new ForbiddenError(`只能${what}本院的消息`);
  return clinicId;
}

/** Who did it, for history notes and audit events. */
export const actorOf = (caller: Caller) => caller.staffId ?? caller.userId;

/** The name a person knows the actor by (周客服), for notes shown on screen; the id when there is none. */
export async function actorName(caller: Caller): Promise<string> {
  const staff = caller.staffId ? await getStaff(caller.staffId) : undefined;
  return staff?.name || actorOf(caller);
}
