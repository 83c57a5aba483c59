import type { Locator, Page } from 'playwright-core';
import { putClinic, putDepartment } from '../../functions/clinics/clinic-repository';
import { checkAnswer } from './answer-check';

/**
 * A clinic of a browser test's own, with one department: its screen, desks and day lists show
 * only what the test did, whatever other test files do in the same store at the same time.
 */
export async function ownClinic(tag: string, name: string): Promise<{ clinicId: string; deptId: string }> {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const clinicId = `c_${tag}_${suffix}`;
  const deptId = `d_${tag}_${suffix}`;
  await putClinic({ id: clinicId, name, city: '上海', address: '测试路 9 号', phone: '021-0000 0009' });
  await putDepartment({ id: deptId, clinicId, name: '综合科', prefix: 'A', room: '1', defaultServiceMinutes: 10 });
  return { clinicId, deptId };
}

/** A JSON call to the local API; throws on anything but 2xx. */
export async function apiCall<T = any>(base: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  checkAnswer(method, path, res.status, res.headers.get('content-type') ?? '', json);
  return json;
}

/** A dev login (a staff role binds the account to `clinicId` on first use). */
export async function devLogin(base: string, openid: string, role?: string, clinicId?: string) {
  const body = role ? { openid, role, clinicId } : { openid };
  return apiCall<{ token: string; user: unknown }>(base, 'POST', '/v1/auth/dev', undefined, body);
}

/** Signs a browser page in as the answer of a login, the way the app keeps a session (H5 storage). */
export async function signIn(page: Page, base: string, login: { token: string; user: unknown }) {
  await page.goto(`${base}/#/pages/login/index`);
  // Taro's H5 storage keeps each value as {"data": value}.
  const put = (key: string, value: unknown) =>
    `localStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(JSON.stringify({ data: value }))});`;
  await page.evaluate(put('pl_token', login.token) + put('pl_user', login.user));
}

/** The height of what a finger must hit, in CSS pixels. */
export async function heightOf(l: Locator): Promise<number> {
  return (await l.boundingBox())?.height ?? 0;
}
