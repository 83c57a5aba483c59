import { AppError, ForbiddenError } from '../../shared/errors';
import { roleLabels } from '../../shared/roles';
import type { DevLoginInput, LoginResult, MeView } from '../../shared/schemas/auth';
import { listClinics } from '../clinics/clinic-repository';
import { config } from '../lib/config';
import type { Ctx } from '../lib/context';
import { lookupHash } from '../lib/crypto';
import { newId } from '../lib/ids';
import { issueToken } from '../lib/token-issuer';
import type { Caller } from '../lib/tokens';
import { wechat } from '../lib/wechat-client';
import { insertStaff, type StaffRecord, staffOfUser, touchUser } from './identity-repository';

/** A user's id follows from their openid, so signing in needs no lookup table. */
export async function userIdFor(openid: string): Promise<string> {
  return `u_${await lookupHash('openid', openid)}`;
}

function callerFor(userId: string, staff: StaffRecord | undefined): Caller {
  return staff
    ? { userId, kind: 'staff', roles: staff.roles, staffId: staff.id, clinicId: staff.clinicId }
    : { userId, kind: 'patient', roles: ['patient'] };
}

export function meView(caller: Caller, staff?: StaffRecord): MeView {
  return {
    id: caller.userId,
    kind: caller.kind,
    roles: caller.roles,
    ...(caller.staffId ? { staffId: caller.staffId, clinicId: caller.clinicId } : {}),
    ...(staff ? { name: staff.name } : {}),
  };
}

async function signIn(openid: string, now: Date): Promise<LoginResult> {
  const userId = await userIdFor(openid);
  await touchUser(userId, openid, now.toISOString());
  const bound = await staffOfUser(userId);
  // A deactivated member's account signs in as the patient it also is, never as staff.
  const staff = bound?.deactivatedAt ? undefined : bound;
  const caller = callerFor(userId, staff);
  return { token: await issueToken(caller), user: meView(caller, staff) };
}

/** wx.login code -> our own session token. WeChat's session_key is neither kept nor returned. */
export async function wechatLogin(code: string, now: Date): Promise<LoginResult> {
  const session = await (await wechat()).code2Session(code);
  return signIn(session.openid, now);
}

/**
 * Local only: signs in a named demo user. With a role, the openid is (made) a staff member with
 * that role in the given or first clinic, so any role can be tried without an invite.
 */
export async function devLogin(input: DevLoginInput, now: Date): Promise<LoginResult> {
  if (config.STAGE !== 'local') throw new AppError('ROUTE_NOT_FOUND', '没有这个接口');
  if (input.role) {
    const userId = await userIdFor(input.openid);
    const staff = await staffOfUser(userId);
    if (staff && !staff.roles.includes(input.role)) {
      throw new ForbiddenError(`该演示账号不是${roleLabels[input.role]}`, { roles: staff.roles });
    }
    if (!staff) {
      const clinicId = input.clinicId ?? (await listClinics())[0]?.id;
      if (!clinicId) throw new AppError('NOT_FOUND', '还没有门诊：请先写入演示数据');
      await insertStaff({
        id: newId('s'),
        clinicId,
        name: `演示${roleLabels[input.role]}`,
        roles: [input.role],
        userId,
        createdAt: now.toISOString(),
      }).catch((e) => {
        // A concurrent first login of the same openid bound it already: sign in as that.
        if (!(e instanceof AppError && e.code === 'ALREADY_BOUND')) throw e;
      });
    }
  }
  return signIn(input.openid, now);
}

export async function me({ caller }: Ctx): Promise<MeView> {
  const staff = caller.kind === 'staff' ? await staffOfUser(caller.userId) : undefined;
  return meView(caller, staff);
}

export { callerFor };
