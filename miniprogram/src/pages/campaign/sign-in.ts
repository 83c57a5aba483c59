import Taro from '@tarojs/taro';
import { devLogin, wechatLogin } from '../../services/auth';
import { getToken } from '../../services/session';

const isWeapp = process.env.TARO_ENV === 'weapp';
const H5_OPENID_KEY = 'pl_h5_openid';

/** The patient is never asked to log in here: WeChat signs in silently, H5 as a fresh demo patient. */
export async function ensureSignedIn(): Promise<void> {
  if (getToken()) return;
  if (isWeapp) {
    await wechatLogin();
    return;
  }
  let openid = Taro.getStorageSync(H5_OPENID_KEY) as string;
  if (!openid) {
    openid = `h5-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
    Taro.setStorageSync(H5_OPENID_KEY, openid);
  }
  await devLogin(openid);
}

/** Booking needs a signed-in account: sign in quietly first (the book page asks again if this failed). */
export function goBook(): void {
  const go = () => void Taro.navigateTo({ url: '/pages/book/index' });
  ensureSignedIn().then(go, go);
}

/** The campaign id a code or a link carries: `scene` from a WeChat code, `id` from older links. */
export function sceneOf(params: Record<string, string | undefined>): string {
  const raw = params.scene || params.id || '';
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}
