import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { h5Dir } from '../../scripts/local/h5';
import { startLocalServer } from '../../scripts/local/server';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { launchChromium, phonePage, screenshot } from '../support/browser';

let server: Server;
let base: string;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  ({ server, url: base } = await startLocalServer({ port: 0, staticDir: h5Dir, local: true }));
  browser = await launchChromium();
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => server?.close(() => ok()));
});

async function loginAs(page: Page, openid: string) {
  await page.goto(`${base}/#/pages/login/index`);
  await page.fill('#login-openid input', openid);
  await page.click('#login-openid-submit');
  await page.waitForSelector('#home');
}

describe('in Chromium on the H5 build', () => {
  it('a patient signs in, registers a family member and sees them listed', async () => {
    const page = await phonePage(browser, pageErrors);
    await loginAs(page, uniqueOpenid('e2e-patient'));
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
    expect(pageErrors).toEqual([]);
  });

  it('shows the field errors from the shared schema before anything is sent', async () => {
    const page = await phonePage(browser, pageErrors);
    await loginAs(page, uniqueOpenid('e2e-invalid'));
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
    const page = await phonePage(browser, pageErrors);
    await loginAs(page, 'demo-marketing2');
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
    expect(pageErrors).toEqual([]);
  });
});
