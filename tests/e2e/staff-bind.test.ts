import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueOpenid } from '../support/api';
import { h5AppForFile, loginAs, openStaffPage, pageShot, shown, smallOrCutTargets } from '../support/h5-app';
import { devLogin, ownClinic, signIn } from '../support/own-clinic';

// 员工绑定 as it happens at a desk: the manager adds a member in 员工管理 and reads the invite code
// out; the new member, signed in on their own phone as a plain WeChat user, opens 我是医院员工 on the
// home page, types the code and lands on the staff home with the role the manager gave.
const WAIT = 15_000;
const app = h5AppForFile();
const s = { code: '' };
let manager: Page;
let newcomer: Page;

const textOf = (page: Page, selector: string) => shown(page, selector).textContent();

/** The session token as the app keeps it (Taro's H5 storage wraps each value as {"data": value}). */
const storedToken = (page: Page) =>
  page.evaluate(() => JSON.parse((globalThis as any).localStorage.getItem('pl_token') ?? '{}').data as string);

async function typeCode(code: string): Promise<void> {
  await newcomer.fill('#bind-code input', code);
  await shown(newcomer, '#bind-submit').click();
}

beforeAll(async () => {
  const { clinicId } = await ownClinic('bind', '仁和口腔·绑定测试院');
  const login = await devLogin(app.base, uniqueOpenid('bind-manager'), 'manager', clinicId);
  manager = await app.phone();
  await signIn(manager, app.base, login);
  await manager.goto(`${app.base}/#/pages/index/index`);
  // app.phone() opens a new browser context: the newcomer's storage is their own.
  newcomer = await app.phone();
  await loginAs(newcomer, app.base, uniqueOpenid('bind-newcomer'));
});

describe('员工绑定', () => {
  it('the manager adds a member and the invite card says where to type the code', async () => {
    await openStaffPage(manager, '#go-team');
    await shown(manager, '#add-staff').waitFor({ timeout: WAIT });
    await manager.fill('#new-staff-name input', '孙新员');
    await shown(manager, '#new-staff-role-frontdesk').click();
    await shown(manager, '#add-staff-submit').click();
    await shown(manager, '#new-invite').waitFor({ timeout: WAIT });
    s.code = ((await textOf(manager, '#new-invite .team-invite-code')) ?? '').trim();
    expect(s.code).toMatch(/^\d{6}$/);
    expect(await textOf(manager, '#new-invite')).toContain('在首页点“我是医院员工”输入邀请码');
    await pageShot(manager, '91-staff-bind-invite');
  });

  it('a plain WeChat user finds 我是医院员工 on the home page; the page takes digits only, big', async () => {
    expect(await textOf(newcomer, '#whoami-role')).toContain('患者');
    expect(await newcomer.locator('#go-staff:visible').count()).toBe(0);
    expect(await smallOrCutTargets(newcomer)).toEqual([]);
    await pageShot(newcomer, '91-staff-bind-home-link');
    await shown(newcomer, '#go-bind').click();
    await shown(newcomer, '#bind-page').waitFor({ timeout: WAIT });
    // The number pad on a phone.
    expect(await shown(newcomer, '#bind-code input').getAttribute('type')).toBe('number');
    // 绑定 waits for six digits.
    await newcomer.fill('#bind-code input', '12');
    expect(await shown(newcomer, '#bind-submit').getAttribute('disabled')).not.toBeNull();
    expect(await smallOrCutTargets(newcomer)).toEqual([]);
    await pageShot(newcomer, '91-staff-bind-page');
    const size = await shown(newcomer, '#bind-code input').evaluate(
      (el) => (globalThis as any).getComputedStyle(el).fontSize,
    );
    expect(Number.parseFloat(size)).toBeGreaterThanOrEqual(28);
  });

  it('a wrong code shows the server’s Chinese refusal beside 绑定, and the user stays a patient', async () => {
    const wrong = String((Number(s.code) + 500_001) % 1_000_000).padStart(6, '0');
    await typeCode(wrong);
    await expect.poll(() => textOf(newcomer, '#bind-error'), { timeout: WAIT }).toBe('邀请码无效、已使用或已过期');
    await pageShot(newcomer, '91-staff-bind-wrong-code');
    const token = await storedToken(newcomer);
    const me = await app.api<{ kind: string }>('GET', '/v1/me', token);
    expect(me.kind).toBe('patient');
  });

  it('the right code opens the staff home with the role the manager gave, on a staff token', async () => {
    await typeCode(s.code);
    await shown(newcomer, '#staff-home').waitFor({ timeout: WAIT });
    await expect.poll(() => textOf(newcomer, '#staff-home'), { timeout: WAIT }).toContain('角色：前台');
    expect(await textOf(newcomer, '#staff-home')).toContain('孙新员');
    await shown(newcomer, '#go-staff-checkin').waitFor({ timeout: WAIT });
    await pageShot(newcomer, '91-staff-bind-staff-home');
    // Stored the way login stores a session: the next request is made as the member.
    const token = await storedToken(newcomer);
    const me = await app.api<{ kind: string; roles: string[]; name: string }>('GET', '/v1/me', token);
    expect(me).toMatchObject({ kind: 'staff', roles: ['frontdesk'], name: '孙新员' });
  });

  it('the code is spent: the member’s card says 已绑定, and the page now sends a member to the staff home', async () => {
    await manager.goto(`${app.base}/#/pages/index/index`);
    await openStaffPage(manager, '#go-team');
    const card = manager.locator('#team-list .team-member:visible', { hasText: '孙新员' });
    await expect.poll(() => card.textContent(), { timeout: WAIT }).toContain('已绑定');
    await newcomer.goto(`${app.base}/#/me/bind`);
    await shown(newcomer, '#bind-already').waitFor({ timeout: WAIT });
    await shown(newcomer, '#bind-open-staff').click();
    await shown(newcomer, '#staff-home').waitFor({ timeout: WAIT });
    expect(app.pageErrors).toEqual([]);
  });
});
