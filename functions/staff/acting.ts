import { AppError, ForbiddenError } from '../../shared/errors';
import { actsIn } from '../../shared/roles';
import { getStaff } from '../auth/identity-repository';
import { recordCache } from '../lib/record-cache';
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

/**
 * Staff names kept per container for 60 s (a renamed member shows under the old name at most a
 * minute longer): only the name, never roles or whether the member is active (checked on every
 * request by the active-caller check).
 */
export const STAFF_NAME_LIFETIME_MS = 60_000;
const staffNames = recordCache('staffName', STAFF_NAME_LIFETIME_MS, async (id) => (await getStaff(id))?.name);

/** `actorName` from the container's cache of staff names: for a hot write that notes who did it. */
export async function cachedActorName(caller: Caller, now: Date): Promise<string> {
  const name = caller.staffId ? await staffNames(caller.staffId, now) : undefined;
  return name || actorOf(caller);
}
