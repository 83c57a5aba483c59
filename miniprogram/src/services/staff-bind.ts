import { routes } from '@shared/routes';
import type { LoginResult, MeView } from '@shared/schemas/auth';
import { call } from './request';
import { saveSession } from './session';

// Used only by the `me` subpackage (员工绑定): kept out of services/auth.ts so the main package stays small.

/** 员工绑定: a signed-in WeChat user redeems a 6-digit invite; the staff token replaces theirs, as login keeps it. */
export async function bindStaff(code: string): Promise<MeView> {
  const r = await call<LoginResult>(routes.bindStaff, { body: { code } });
  saveSession(r.token, r.user);
  return r.user;
}
