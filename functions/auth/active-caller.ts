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
