import { UnauthenticatedError } from '../../shared/errors';
import type { Caller } from '../lib/tokens';
import { getStaff } from './identity-repository';

/**
 * A staff token is only as good as the staff record behind it: a member a manager deactivated
 * (or removed) is refused on the very next request, whatever their token still says.
 */
export async function assertActiveCaller(caller: Caller): Promise<void> {
  if (caller.kind !== 'staff') return;
  const staff = caller.staffId ? await getStaff(caller.staffId, true) : undefined;
  if (!staff || staff.deactivatedAt) throw new UnauthenticatedError('您的员工账号已停用，请联系管理员');
}

/**
 * Runs a request's first store command alongside the active-caller check the route deferred
 * (`overlapsActiveCheck`), as one round trip. A refused caller gets the refusal, and whatever the
 * command did is given back through `undo` first (a claim released), so nothing they did stays.
 */
export async function alongsideActiveCheck<T>(
  ctx: { activeCheck?: Promise<void> },
  first: Promise<T>,
  undo?: (done: T) => Promise<unknown>,
): Promise<T> {
  if (!ctx.activeCheck) return first;
  const [out, active] = await Promise.allSettled([first, ctx.activeCheck]);
  if (active.status === 'rejected') {
    if (out.status === 'fulfilled' && undo) await undo(out.value);
    throw active.reason;
  }
  if (out.status === 'rejected') throw out.reason;
  return out.value;
}
