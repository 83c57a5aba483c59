import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { userIdFor } from '../../functions/auth/auth-service';
import { insertStaff } from '../../functions/auth/identity-repository';
import { newId } from '../../functions/lib/ids';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { h5AppForFile, openStaffPage, pageShot, shown, smallOrCutTargets } from '../support/h5-app';
import { devLogin, ownClinic, signIn } from '../support/own-clinic';

// 员工管理 as a manager works it when a marketer leaves: add a member (the invite code shown big),
// hand the leaver's patients over to a colleague (told first how many move), then deactivate them.
// A clinic of the file's own: its staff list holds only these people.
const WAIT = 15_000;
const app = h5AppForFile();
const s = { leaver: '', keeper: '', leaverToken: '' };
let manager: Page;

const modalText = (page: Page) => page.locator('.taro-modal__text:visible').textContent();
const confirmModal = (page: Page) => page.locator('.taro-model__confirm:visible').click();
async function modalSaying(page: Page, part: string): Promise<string> {
  await expect.poll(() => modalText(page), { timeout: WAIT }).toContain(part);
  return (await modalText(page)) ?? '';
}
const textOf = (selector: string) => shown(manager, selector).textContent();

beforeAll(async () => {
  const { clinicId } = await ownClinic('team', '仁和口腔·员工测试院');
  // Two marketers with names of their own (demo logins would both be 演示市场专员), bound to accounts.
  const member = async (name: string) => {
    const openid = uniqueOpenid('team-mk');
    const id = newId('s');
    const userId = await userIdFor(openid);
    await insertStaff({ id, clinicId, name, roles: ['marketing'], userId, createdAt: new Date().toISOString() });
    return { id, token: (await devLogin(app.base, openid)).token };
  };
  const leaver = await member('钱离职');
  s.leaver = leaver.id;
  s.leaverToken = leaver.token;
  s.keeper = (await member('赵接手')).id;
  for (const name of ['钱一', '钱二']) {
    await app.api('POST', '/v1/patients', leaver.token, { name, phone: uniquePhone(), channel: 'street' });
  }
  const login = await devLogin(app.base, uniqueOpenid('team-manager'), 'manager', clinicId);
  manager = await app.phone();
  await signIn(manager, app.base, login);
  await manager.goto(`${app.base}/#/pages/index/index`);
});

describe('员工管理', () => {
  it('adds a member and shows the invite code big', async () => {
    await openStaffPage(manager, '#go-team');
    await shown(manager, `#member-${s.leaver}`).waitFor({ timeout: WAIT });
    await manager.fill('#new-staff-name input', '王新员');
    await shown(manager, '#new-staff-role-frontdesk').click();
    await shown(manager, '#add-staff-submit').click();
    await shown(manager, '#new-invite').waitFor({ timeout: WAIT });
    expect(await textOf('#new-invite')).toMatch(/\d{6}/);
    const size = await shown(manager, '.team-invite-code').evaluate(
      (el) => (globalThis as any).getComputedStyle(el).fontSize,
    );
    expect(Number.parseFloat(size)).toBeGreaterThanOrEqual(36);
    await expect.poll(() => textOf('#team-list'), { timeout: WAIT }).toContain('王新员');
    expect(await smallOrCutTargets(manager)).toEqual([]);
    await pageShot(manager, '90-staff-team-invite');
  });

  it('hands the leaver’s patients over after a confirm that says how many move', async () => {
    await shown(manager, `#handover-${s.leaver}`).click();
    await shown(manager, `#handover-to-${s.leaver}-${s.keeper}`).click();
    await shown(manager, `#handover-go-${s.leaver}`).click();
    const question = await modalSaying(manager, '钱离职名下 2 位患者、0 个活动将移交给赵接手');
    expect(question).toContain('已产生的业绩仍记在钱离职名下');
    await pageShot(manager, '90-staff-team-handover-confirm');
    await confirmModal(manager);
    await expect
      .poll(() => textOf(`#member-note-${s.leaver}`), { timeout: WAIT })
      .toContain('已将 2 位患者、0 个活动移交给赵接手');
  });

  it('deactivates the leaver after a confirm that says what happens, and their sign-in stops', async () => {
    await shown(manager, `#deactivate-${s.leaver}`).click();
    const question = await modalSaying(manager, '立即无法登录');
    expect(question).toContain('邀请码作废');
    await confirmModal(manager);
    await shown(manager, `#member-${s.leaver} .team-off`).waitFor({ timeout: WAIT });
    expect(await textOf(`#member-${s.leaver} .team-off`)).toBe('已停用');
    expect(await manager.locator(`#deactivate-${s.leaver}:visible`).count()).toBe(0);
    const me = await fetch(`${app.base}/v1/me`, { headers: { authorization: `Bearer ${s.leaverToken}` } });
    expect(me.status).toBe(401);
    await pageShot(manager, '90-staff-team-deactivated');
  });

  it('shows the server’s refusal beside the action', async () => {
    // Someone else deactivated the keeper while this page was open.
    const admin = await devLogin(app.base, uniqueOpenid('team-admin'), 'admin');
    await app.api('POST', `/v1/staff/${s.keeper}/deactivate`, admin.token);
    await shown(manager, `#deactivate-${s.keeper}`).click();
    await modalSaying(manager, '立即无法登录');
    await confirmModal(manager);
    await expect.poll(() => textOf(`#member-error-${s.keeper}`), { timeout: WAIT }).toContain('该员工已停用');
    // The list is read again: the card now says 已停用 and offers no 停用.
    await shown(manager, `#member-${s.keeper} .team-off`).waitFor({ timeout: WAIT });
    expect(await manager.locator(`#deactivate-${s.keeper}:visible`).count()).toBe(0);
    await pageShot(manager, '90-staff-team-error');
    expect(app.pageErrors).toEqual([]);
  });
});
