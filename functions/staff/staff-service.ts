import { randomInt } from 'node:crypto';
import { AppError, ForbiddenError, NotFoundError } from '../../shared/errors';
import { actsIn, hasRole, isGroupAdmin, managers } from '../../shared/roles';
import type { CreateStaffInput, InviteView, LoginResult, StaffView } from '../../shared/schemas/auth';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import { callerFor, meView } from '../auth/auth-service';
import {
  alreadyDeactivated,
  getInvite,
  getStaff,
  insertInvite,
  insertStaff,
  redeemInvite,
  type StaffRecord,
  staffOfUser,
  staffPage,
} from '../auth/identity-repository';
import { getClinic } from '../clinics/clinic-repository';
import type { Ctx } from '../lib/context';
import { newId } from '../lib/ids';
import { issueToken } from '../lib/token-issuer';
import type { Caller } from '../lib/tokens';

/** An invite binds a WeChat account to a staff record once, within ten minutes. */
export const INVITE_TTL_SECONDS = 600;

export function view(s: StaffRecord): StaffView {
  return {
    id: s.id,
    clinicId: s.clinicId,
    name: s.name,
    roles: s.roles,
    bound: Boolean(s.userId),
    ...(s.deactivatedAt ? { deactivatedAt: s.deactivatedAt } : {}),
  };
}

function mayManage(caller: Caller, clinicId: string): boolean {
  return hasRole(caller, managers) && actsIn(caller, clinicId);
}

/** A member the caller manages (a manager of their clinic, or the group admin); others are told 404. */
export async function managedStaff(caller: Caller, staffId: string): Promise<StaffRecord> {
  const staff = await getStaff(staffId, true);
  if (!staff || !mayManage(caller, staff.clinicId)) throw new NotFoundError('staff', { staffId });
  return staff;
}

export async function createStaff(
  { caller, now }: Ctx,
  input: CreateStaffInput,
): Promise<{ staff: StaffView; invite: InviteView }> {
  const clinicId = input.clinicId ?? caller.clinicId;
  if (!clinicId || !(await getClinic(clinicId))) throw new NotFoundError('clinic', { clinicId });
  if (!mayManage(caller, clinicId)) throw new ForbiddenError('只能管理本院员工');
  if (isGroupAdmin({ roles: input.roles }) && !isGroupAdmin(caller)) {
    throw new ForbiddenError('只有系统管理员可以设置管理员');
  }
  const staff: StaffRecord = {
    id: newId('s'),
    clinicId,
    name: input.name,
    roles: [...new Set(input.roles)],
    createdAt: now.toISOString(),
  };
  await insertStaff(staff);
  return { staff: view(staff), invite: await newInvite(staff, now) };
}

export async function createInvite({ caller, now }: Ctx, staffId: string): Promise<InviteView> {
  const staff = await managedStaff(caller, staffId);
  if (staff.deactivatedAt) throw alreadyDeactivated();
  if (staff.userId) throw new AppError('ALREADY_BOUND', '该员工已绑定微信账号');
  return newInvite(staff, now);
}

async function newInvite(staff: StaffRecord, now: Date): Promise<InviteView> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const expiresAt = nowSeconds + INVITE_TTL_SECONDS;
  for (let attempt = 0; attempt < 10; attempt++) {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    if (await insertInvite({ code, staffId: staff.id, clinicId: staff.clinicId, expiresAt }, nowSeconds)) {
      return { code, staffId: staff.id, expiresAt: new Date(expiresAt * 1000).toISOString() };
    }
  }
  throw new AppError('CONFLICT', '暂时无法生成邀请码，请稍后重试');
}

/** A signed-in WeChat user redeems an invite and gets a staff token. */
export async function bindStaff({ caller, now }: Ctx, code: string): Promise<LoginResult> {
  if (caller.kind === 'staff') throw new AppError('ALREADY_BOUND', '该微信账号已绑定员工身份');
  const invite = await getInvite(code);
  if (!invite) throw new AppError('INVITE_INVALID', '邀请码无效、已使用或已过期');
  await redeemInvite(invite, caller.userId, Math.floor(now.getTime() / 1000));
  const staff = await staffOfUser(caller.userId);
  const next = callerFor(caller.userId, staff);
  return { token: await issueToken(next), user: meView(next, staff) };
}

export async function listStaff({ caller }: Ctx, q: PageQuery & { clinicId?: string }): Promise<ListResult<StaffView>> {
  const target = q.clinicId ?? caller.clinicId;
  if (!target || !mayManage(caller, target)) throw new ForbiddenError('只能查看本院员工');
  const page = await staffPage(target, q);
  return { ...page, items: page.items.map(view) };
}
