import { describe, expect, it } from 'vitest';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { screenshot } from '../support/browser';
import { h5AppForFile, loginAs } from '../support/h5-app';

const app = h5AppForFile();

describe('in Chromium on the H5 build', () => {
  it('a patient signs in, registers a family member and sees them listed', async () => {
    const page = await app.phone();
    await loginAs(page, app.base, uniqueOpenid('e2e-patient'));
    await screenshot(page, '01-home-patient');
    await page.click('#go-add-patient');
    await page.waitForSelector('#field-name input');
    await page.click('#relation-parent');
    await page.fill('#field-name input', '王秀英');
    await page.click('#gender-female');
    await page.fill('#field-birthDate input', '1958-04-09');
    await page.fill('#field-phone input', uniquePhone());
    await page.click('#need-prosthetic');
    await page.click('#consent-healthData');
    await page.fill('#field-medicalHistory textarea', '高血压，服药控制');
    await screenshot(page, '02-registration-form');
    await page.click('#submit');
    await page.waitForSelector('#patient-list');
    await expect.poll(() => page.textContent('#patient-list')).toContain('王秀英');
    await screenshot(page, '03-my-profiles');
    expect(app.pageErrors).toEqual([]);
  });

  it('shows the field errors from the shared schema before anything is sent', async () => {
    const page = await app.phone();
    await loginAs(page, app.base, uniqueOpenid('e2e-invalid'));
    await page.click('#go-add-patient');
    await page.waitForSelector('#field-name input');
    await page.fill('#field-phone input', '12345');
    await page.click('#submit');
    await page.waitForSelector('#error-phone');
    expect(await page.textContent('#error-phone')).toContain('11 位手机号');
    expect(await page.textContent('#error-gender')).toBeTruthy();
    await screenshot(page, '04-form-errors');
  });

  it('a marketer typing a phone already on file sees who has it, masked, and cannot save', async () => {
    const page = await app.phone();
    await loginAs(page, app.base, 'demo-marketing2');
    await page.click('#go-staff');
    await page.click('#go-lead');
    await page.waitForSelector('#lead-form');
    await page.fill('#field-name input', '陈先生');
    await page.fill('#field-phone input', '139 0000 0002');
    await page.waitForSelector('#dup-warning');
    const warning = await page.textContent('#dup-warning');
    expect(warning).toContain('139****0002');
    expect(warning).toContain('陈*国');
    expect(warning).toContain('李市场');
    expect(warning).not.toContain('13900000002');
    expect(await page.getAttribute('#submit', 'disabled')).not.toBeNull();
    await screenshot(page, '05-lead-duplicate-warning');
    expect(app.pageErrors).toEqual([]);
  });
});
