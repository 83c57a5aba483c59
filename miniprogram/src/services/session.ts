import type { MeView } from '@shared/schemas/auth';
import Taro from '@tarojs/taro';

const TOKEN_KEY = 'pl_token';
const USER_KEY = 'pl_user';

/** The bearer token kept on the device, or '' when signed out. */
export function getToken(): string {
  return (Taro.getStorageSync(TOKEN_KEY) as string) || '';
}

export function saveSession(token: string, user: MeView): void {
  Taro.setStorageSync(TOKEN_KEY, token);
  Taro.setStorageSync(USER_KEY, user);
}

export function saveUser(user: MeView): void {
  Taro.setStorageSync(USER_KEY, user);
}

/** The last known signed-in user (shown while /v1/me loads or when offline). */
export function cachedUser(): MeView | undefined {
  const u = Taro.getStorageSync(USER_KEY) as MeView | '';
  return u || undefined;
}

export function clearSession(): void {
  Taro.removeStorageSync(TOKEN_KEY);
  Taro.removeStorageSync(USER_KEY);
}

export function isStaff(user: MeView | undefined): boolean {
  return user?.kind === 'staff';
}
