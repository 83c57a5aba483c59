import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueOpenid } from '../support/api';
import { h5AppForFile, openStaffPage, pageShot, shown, smallOrCutTargets } from '../support/h5-app';
import { fixtureCsv, fixtureRows, phonePrefix } from '../support/import-fixture';
import { devLogin, heightOf, ownClinic, signIn } from '../support/own-clinic';

// 导入患者 as a manager uses it (issue 11): choose an old system's CSV, read the preview (counts, the
// column pickers, invalid rows with their reasons in red), start the import, watch it finish, download
// the report, and find the import again in the list.
const WAIT = 30_000;
const app = h5AppForFile();
const rows = fixtureRows(30, phonePrefix(), false);
let manager: Page;

beforeAll(async () => {
  const { clinicId } = await ownClinic('impe2e', '仁和口腔·导入院');
  const login = await devLogin(app.base, uniqueOpenid('imp-mgr'), 'manager', clinicId);
  manager = await app.phone();
  await signIn(manager, app.base, login);
  await manager.goto(`${app.base}/#/pages/index/index`);
});

describe('导入患者', () => {
  it('a manager chooses a CSV and sees the preview: counts, columns, invalid rows in red', async () => {
    await openStaffPage(manager, '#go-import');
    await shown(manager, '#import-choose').waitFor({ timeout: WAIT });
    await pageShot(manager, '99-import-start');
    const chooser = manager.waitForEvent('filechooser');
    await shown(manager, '#import-choose').click();
    await (await chooser).setFiles({
      name: '旧系统患者.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(fixtureCsv(rows)),
    });
    await shown(manager, '#import-count-new').waitFor({ timeout: WAIT });
    const count = async (id: string) => (await shown(manager, `#import-count-${id}`).textContent()) ?? '';
    expect(await count('new')).toBe('25新建');
    expect(await count('duplicate')).toBe('1表内重复');
    expect(await count('invalid')).toBe('4无效');
    expect(await shown(manager, '#import-ignored').textContent()).toBe('不导入的列：会员卡号');
    expect(await shown(manager, '#import-col-1').textContent()).toContain('手机');
    await shown(manager, '#import-row-2').waitFor({ timeout: WAIT });
    expect(await smallOrCutTargets(manager)).toEqual([]);
    expect(await heightOf(shown(manager, '#import-col-0'))).toBeGreaterThanOrEqual(44);
    await pageShot(manager, '99-import-preview');

    await shown(manager, '#import-tab-invalid').click();
    await manager.locator('#import-row-2').waitFor({ state: 'detached', timeout: WAIT });
    const bad = manager.locator('#import-rows .imp-row:visible');
    expect(await bad.count()).toBe(4);
    const reason = shown(manager, '#import-row-15 .imp-reason-bad');
    expect(await reason.textContent()).toBe('手机：请输入正确的 11 位手机号');
    expect(await reason.evaluate((el) => (globalThis as any).getComputedStyle(el).color)).toBe('rgb(180, 35, 24)');
    await pageShot(manager, '99-import-invalid');
  });

  it('开始导入 runs to the end with a progress bar; the report downloads; the list shows it done', async () => {
    await shown(manager, '#import-start').click();
    await manager.waitForFunction(
      () => (globalThis as any).document.querySelector('#import-progress')?.textContent?.includes('导入完成'),
      undefined,
      { timeout: WAIT },
    );
    expect(await shown(manager, '#import-progress-text').textContent()).toBe('已处理 30 / 30 行（100%）');
    expect(await shown(manager, '#import-progress').textContent()).toContain('新建 25 · 已存在 1 · 无效 4');
    await pageShot(manager, '99-import-done');

    const download = manager.waitForEvent('download');
    await shown(manager, '#import-report').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^patient-import-imp_[0-9a-z]+\.csv$/);

    await shown(manager, '#import-back').click();
    const item = shown(manager, '#imports-list .imp-item');
    await item.waitFor({ timeout: WAIT });
    expect(await item.textContent()).toContain('旧系统患者.csv');
    expect(await item.textContent()).toContain('已完成');
    expect(await smallOrCutTargets(manager)).toEqual([]);
    await pageShot(manager, '99-import-list');
    expect(app.pageErrors).toEqual([]);
  });
});
