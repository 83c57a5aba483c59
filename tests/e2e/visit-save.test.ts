import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { profile, uniqueOpenid } from '../support/api';
import { screenshot } from '../support/browser';
import { h5AppForFile, shown } from '../support/h5-app';
import { devLogin, heightOf, ownClinic, signIn } from '../support/own-clinic';

// The doctor's visit form when saving goes wrong: one message, in the banner, the fields marked,
// nothing typed lost; no modal on top of it.

const WAIT = 15_000;

const app = h5AppForFile();
let doctor: Page;
let context: BrowserContext;
const visit = { ticketId: '', number: '', patientId: '' };

/** No modal or toast is showing: the banner is the only message. */
async function noPopup() {
  expect(await doctor.locator('.taro-modal__text:visible').count()).toBe(0);
  expect(await doctor.locator('.taro__toast:visible').count()).toBe(0);
}

beforeAll(async () => {
  const { clinicId, deptId } = await ownClinic('vs', '仁和口腔·就诊测试院');
  const desk = await app.token(uniqueOpenid('vs-desk'), 'frontdesk', clinicId);
  const nurse = await app.token(uniqueOpenid('vs-nurse'), 'nurse', clinicId);
  const patient = await app.token(uniqueOpenid('vs-patient'));
  visit.patientId = (await app.api<{ id: string }>('POST', '/v1/me/patients', patient, profile({ name: '何丽萍' }))).id;
  await app.api('POST', `/v1/queues/${deptId}/tickets`, desk, { patientId: visit.patientId });
  const called = await app.api<{ id: string; displayNumber: string }>('POST', `/v1/queues/${deptId}/call-next`, nurse, {
    room: '2',
  });
  visit.ticketId = called.id;
  visit.number = called.displayNumber;
  doctor = await app.phone();
  context = doctor.context();
  await signIn(doctor, app.base, await devLogin(app.base, uniqueOpenid('vs-doctor'), 'doctor', clinicId));
  const q = `ticketId=${visit.ticketId}&patientId=${visit.patientId}&number=${visit.number}&name=${encodeURIComponent('何丽萍')}`;
  await doctor.goto(`${app.base}/#/staff/visit?${q}`);
  await shown(doctor, '#visit-submit').waitFor({ timeout: WAIT });
});

describe('saving a visit that cannot be saved', () => {
  it('with nothing chosen marks the fields and says so once, in the banner', async () => {
    expect(await shown(doctor, '#visit-form').textContent()).toContain(`患者：${visit.number} 何丽萍`);
    expect(await heightOf(shown(doctor, '#visit-submit'))).toBeGreaterThanOrEqual(44);
    expect(await heightOf(shown(doctor, '#category-cleaning'))).toBeGreaterThanOrEqual(44);
    await shown(doctor, '#visit-submit').click();
    await expect
      .poll(() => shown(doctor, '#form-error').textContent(), { timeout: WAIT })
      .toBe('请按提示修改标红的内容');
    expect(await shown(doctor, '#error-category').textContent()).toBe('请选择治疗项目');
    expect(await shown(doctor, '#error-charge').textContent()).toBe('请输入收费金额，免费请填 0');
    await noPopup();
    await screenshot(doctor, '60-visit-fields-marked');
    expect(app.pageErrors).toEqual([]);
  });

  it('without a network keeps what was typed and says so in the banner alone', async () => {
    await shown(doctor, '#category-cleaning').click();
    await shown(doctor, '#field-charge input').fill('300');
    await expect.poll(() => doctor.locator('#error-charge:visible').count(), { timeout: WAIT }).toBe(0);
    await context.setOffline(true);
    await shown(doctor, '#visit-submit').click();
    await expect
      .poll(() => shown(doctor, '#form-error').textContent(), { timeout: WAIT })
      .toBe('网络连接失败，请检查网络后重试（您填写的内容已保留）');
    await noPopup();
    expect(await shown(doctor, '#field-charge input').inputValue()).toBe('300');
    await screenshot(doctor, '61-visit-offline');
    await context.setOffline(false);
    expect(app.pageErrors).toEqual([]);
  });

  it('back online, the same tap records the visit', async () => {
    await shown(doctor, '#visit-submit').click();
    const saved = shown(doctor, '#visit-saved');
    await saved.waitFor({ timeout: WAIT });
    expect(await saved.textContent()).toContain('¥300.00');
    expect(await saved.textContent()).toContain('洁牙');
    await screenshot(doctor, '62-visit-saved');
    expect(app.pageErrors).toEqual([]);
  });
});
