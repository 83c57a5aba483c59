import { ForbiddenError } from '../../shared/errors';
import { isGroupAdmin } from '../../shared/roles';
import type { StaffView } from '../../shared/schemas/auth';
import { alreadyDeactivated, deactivationWrites, getStaff, StaffChangedError } from '../auth/identity-repository';
import type { Ctx } from '../lib/context';
import { commit, retrying, write } from '../lib/transact';
import { staffAuditWrite } from './staff-audit-repository';
import { managedStaff, view } from './staff-service';

/**
 * 停用: from the member's next request their token is refused (functions/auth/active-caller.ts), their
 * WeChat account signs in as a patient, their open invites can no longer be redeemed. Their records
 * stay theirs until handed over. One audit event in the same transaction.
 */
export async function deactivateStaff(ctx: Ctx, staffId: string): Promise<StaffView> {
  const { caller } = ctx;
  const first = await managedStaff(caller, staffId);
  if (first.id === caller.staffId) throw new ForbiddenError('不能停用自己的账号');
  if (isGroupAdmin(first) && !isGroupAdmin(caller)) throw new ForbiddenError('只有系统管理员可以停用管理员');
  const at = ctx.now.toISOString();
  const staff = await retrying(
    (e) => e instanceof StaffChangedError,
    async (attempt) => {
      const s = attempt === 1 ? first : ((await getStaff(staffId, true)) ?? first);
      if (s.deactivatedAt) throw alreadyDeactivated();
      await commit([
        ...deactivationWrites(s, at),
        write(
          staffAuditWrite(
            {
              clinicId: s.clinicId,
              staffId: s.id,
              action: 'deactivate',
              actorStaffId: caller.staffId,
              actorUserId: caller.userId,
              actorClinicId: caller.clinicId,
              requestId: ctx.requestId,
            },
            at,
          ),
        ),
      ]);
      return s;
    },
  );
  return view({ ...staff, deactivatedAt: at });
}
