import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { profile, uniqueOpenid } from '../support/api';
import { ensureTestClinic, newDepartment, newSlot, TEST_CLINIC } from '../support/fixtures';
import { h5AppForFile, loginAs, pageShot, shown, smallOrCutTargets } from '../support/h5-app';

// The patient's rights in Chromium on the H5 build: 我的就诊人 → 导出我的信息 (read, then download
// the file), 删除就诊人 with its confirmation, and the desk's 登记删除申请 on a patient's timeline.

const HOLDER = '林秀英';
const SPOUSE = '林国栋';
const LEAD = '韩登记';
const WAIT = 15_000;
const app = h5AppForFile();
const who = { openid: '', holderId: '', spouseId: '', deskOpenid: '', deskToken: '', leadId: '' };

beforeAll(async () => {
  await ensureTestClinic();
  who.openid = uniqueOpenid('e2e-rights');
  const token = await app.token(who.openid);
  const holder = profile({ name: HOLDER, address: '梧桐路 18 号', medicalHistory: '高血压', clinicId: TEST_CLINIC });
  who.holderId = (await app.api<{ id: string }>('POST', '/v1/me/patients', token, holder)).id;
  who.spouseId = (
    await app.api<{ id: string }>('POST', '/v1/me/patients', token, profile({ name: SPOUSE, relation: 'spouse' }))
  ).id;
  const slotId = await newSlot(await newDepartment('R'));
  await app.api('POST', '/v1/appointments', token, { patientId: who.holderId, slotId });
  who.deskOpenid = uniqueOpenid('e2e-rights-desk');
  const desk = await app.token(who.deskOpenid, 'frontdesk', TEST_CLINIC);
  who.deskToken = desk;
  who.leadId = (
    await app.api<{ id: string }>('POST', '/v1/patients', desk, {
      name: LEAD,
      phone: profile().phone,
      channel: 'walk_in',
    })
  ).id;
});

async function myPatients(): Promise<Page> {
  const page = await app.phone();
  await loginAs(page, app.base, who.openid);
  await shown(page, '#go-patients').click();
  await shown(page, '#patient-list').waitFor({ timeout: WAIT });
  return page;
}

describe("a patient's copy of their data and the deletion of a profile", () => {
  it('我的就诊人 → 导出我的信息 shows each section with its count and downloads the whole file', async () => {
    const page = await myPatients();
    await shown(page, '#go-export').click();
    const doc = shown(page, '#my-export');
    await shown(page, '#export-profiles').waitFor({ timeout: WAIT });
    const text = (await doc.textContent()) ?? '';
    expect(text).toContain('就诊人资料2 条');
    expect(text).toContain('预约记录1 条');
    expect(text).toContain('授权记录2 条');
    expect(text).toContain('梧桐路 18 号');
    expect(text).toContain('消息记录');
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, 'rights-01-export');
    const [download] = await Promise.all([page.waitForEvent('download'), shown(page, '#export-save').click()]);
    expect(download.suggestedFilename()).toMatch(/^我的就诊信息-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(await readFile((await download.path()) as string, 'utf8'));
    expect(file.profiles.map((p: { name: string }) => p.name).sort()).toEqual([HOLDER, SPOUSE].sort());
    expect(file.appointments).toHaveLength(1);
    await shown(page, '#export-note').waitFor({ timeout: WAIT });
    expect(app.pageErrors).toEqual([]);
  });

  it('删除就诊人 asks first, says what is erased and what the hospital keeps, then removes only that profile', async () => {
    const page = await myPatients();
    await shown(page, `#delete-${who.spouseId}`).click();
    const confirm = shown(page, '#delete-confirm');
    await confirm.waitFor({ timeout: WAIT });
    const text = (await confirm.textContent()) ?? '';
    expect(text).toContain(`确定删除就诊人“${SPOUSE}”吗？`);
    expect(text).toContain('将删除：姓名、手机号、身份证号');
    expect(text).toContain('医院保留：就诊记录和费用');
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, 'rights-02-delete-confirm');
    // 不删除 closes the question and erases nothing.
    await shown(page, '#delete-no').click();
    expect(await page.locator('#delete-confirm:visible').count()).toBe(0);
    await shown(page, `#delete-${who.spouseId}`).click();
    await shown(page, '#delete-yes').click();
    await shown(page, '#delete-done').waitFor({ timeout: WAIT });
    const list = shown(page, '#patient-list');
    await expect.poll(() => list.textContent(), { timeout: WAIT }).not.toContain(SPOUSE);
    expect(await list.textContent()).toContain(HOLDER);
    expect(await shown(page, '#delete-done').textContent()).toContain(`已删除就诊人“${SPOUSE}”的个人信息`);
    await pageShot(page, 'rights-03-deleted');
    expect(app.pageErrors).toEqual([]);
  });

  it("the desk records a patient's deletion request with a reason on the patient's timeline", async () => {
    const page = await app.phone();
    await loginAs(page, app.base, who.deskOpenid);
    await page.goto(`${app.base}/#/staff/timeline?patientId=${who.leadId}&name=${encodeURIComponent(LEAD)}`);
    await shown(page, '#deletion-open').click();
    await shown(page, '#deletion-submit').click();
    await expect
      .poll(() => shown(page, '#deletion-error').textContent(), { timeout: WAIT })
      .toContain('请填写删除原因');
    await shown(page, '#deletion-reason textarea').fill('患者来电要求删除个人信息');
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, 'rights-04-staff-deletion-request');
    await shown(page, '#deletion-submit').click();
    await shown(page, '#deletion-done').waitFor({ timeout: WAIT });
    await pageShot(page, 'rights-05-staff-deletion-done');
    await expect(app.api('GET', `/v1/patients/${who.leadId}`, who.deskToken)).rejects.toThrow(/404/);
  });
});
