import { AppError, ForbiddenError } from '../../shared/errors';
import { actsIn } from '../../shared/roles';
import { getStaff } from '../auth/identity-repository';
import type { Caller } from '../lib/tokens';

/**
 * The clinic a staff request is about: the one asked for, or the caller's own. Staff act only in
 * their clinic; the group admin in any (and in the group's settings for patients of no clinic yet).
 * `refusal` is what the others are told, e.g. 只能修改本院的回访.
 */
export function clinicActedIn(caller: Caller, asked: string | undefined, refusal: string): string {
  const clinicId = asked ?? caller.clinicId;
  if (!clinicId) {
    throw new AppError('VALIDATION_FAILED', '请指定门诊', { fields: [{ path: 'clinicId', message: '请指定门诊' }] });
  }
  if (!actsIn(caller, clinicId)) throw new ForbiddenError(refusal);
  return clinicId;
}

/** Who did it, for history notes and audit events. */
export const actorOf = (caller: Caller) => caller.staffId ?? caller.userId;

/** The name a person knows the actor by (周客服), for notes shown on screen; the id when there is none. */
export async function actorName(caller: Caller): Promise<string> {
  const staff = caller.staffId ? await getStaff(caller.staffId) : undefined;
  return staff?.name || actorOf(caller);
}
