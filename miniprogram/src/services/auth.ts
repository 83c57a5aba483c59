import { routes } from '@shared/routes';
import type { LoginResult, MeView } from '@shared/schemas/auth';
import Taro from '@tarojs/taro';
import { call } from './request';
import { saveSession, saveUser } from './session';

/** Local H5 only: sign in as a named demo user. */
export async function devLogin(openid: string, role?: string): Promise<MeView> {
  const r = await call<LoginResult>(routes.devLogin, { body: role ? { openid, role } : { openid } });
  saveSession(r.token, r.user);
  return r.user;
}

type PrivacyApi = { requirePrivacyAuthorize?: (o: { success?: () => void; fail?: (e: unknown) => void }) => void };

/** WeChat: the privacy guide must be accepted before wx.login where the API exists. */
function requirePrivacy(): Promise<void> {
  const api = Taro as unknown as PrivacyApi;
  if (typeof api.requirePrivacyAuthorize !== 'function') return Promise.resolve();
  return new Promise((resolve, reject) => {
    api.requirePrivacyAuthorize?.({ success: () => resolve(), fail: (e) => reject(e) });
  });
}

export class PrivacyRefusedError extends Error {}

/** WeChat: privacy gate, wx.login, then exchange the code for our token. */
export async function wechatLogin(): Promise<MeView> {
  try {
    await requirePrivacy();
  } catch {
    throw new PrivacyRefusedError('需要您同意隐私保护指引后才能登录');
  }
  const { code } = await Taro.login();
  const r = await call<LoginResult>(routes.wechatLogin, { body: { code } });
  saveSession(r.token, r.user);
  return r.user;
}

export async function fetchMe(): Promise<MeView> {
  const me = await call<MeView>(routes.me);
  saveUser(me);
  return me;
}
