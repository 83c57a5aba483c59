import { expect } from 'vitest';
import type { StaffRole } from '../../shared/roles';
import { type Api, uniqueOpenid } from './api';
import { ownClinic } from './own-clinic';

/** A signed-in staff member: their token and staff id. */
export interface Member {
  token: string;
  staffId: string;
}

/** A staff member of a clinic (a dev login binds the new account there). */
export async function staffIn(api: Api, clinicId: string, role: StaffRole, tag = 'st'): Promise<Member> {
  const res = await api.call('POST', '/v1/auth/dev', {
    body: { openid: uniqueOpenid(`${tag}-${role}`), role, clinicId },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const me = await api.call('GET', '/v1/me', { token: res.body.token });
  return { token: res.body.token as string, staffId: me.body.staffId as string };
}

/**
 * Another clinic of the group for a test (the test clinic c_test is the first): its own id, one
 * department (its queue), and one staff member per role asked for.
 */
export async function secondClinic<const R extends readonly StaffRole[]>(
  api: Api,
  tag: string,
  roles: R,
  name = '第二测试口腔',
): Promise<{ clinicId: string; deptId: string; staff: { [K in keyof R]: Member } }> {
  const { clinicId, deptId } = await ownClinic(tag, name);
  const staff = await Promise.all(roles.map((r) => staffIn(api, clinicId, r, tag)));
  return { clinicId, deptId, staff: staff as { [K in keyof R]: Member } };
}
