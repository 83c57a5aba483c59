import type { Page, Request } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, clinicDate } from '../../shared/dates';
import { idCardFor, profile, uniqueOpenid, uniquePhone } from '../support/api';
import { ensureTestClinic, newDepartment, newSlot, TEST_CLINIC } from '../support/fixtures';
import { h5AppForFile, loginAs, pageShot, shown, smallOrCutTargets } from '../support/h5-app';

// The registration form and 我的就诊人 as a patient uses them: typing dates the usual ways, an ID
// number that fills in what it knows, and an answer lost on the way back.

const WAIT = 15_000;
const year = () => Number(clinicDate(new Date()).slice(0, 4));

const app = h5AppForFile();

beforeAll(ensureTestClinic);

/** A new account on the registration form. */
async function onForm(tag: string): Promise<Page> {
  const page = await app.phone();
  await loginAs(page, app.base, uniqueOpenid(tag));
  await shown(page, '#go-add-patient').click();
  await shown(page, '#field-name input').waitFor({ timeout: WAIT });
  return page;
}

/** Name, gender, birth date and a fresh phone: enough to register. */
async function fillProfile(page: Page, name: string): Promise<void> {
  await shown(page, '#field-name input').fill(name);
  await shown(page, '#gender-female').click();
  await shown(page, '#field-birthDate input').fill('1972-05-06');
  await shown(page, '#field-phone input').fill(uniquePhone());
}

/** Opens the H5 date wheel and accepts what it shows first. */
async function acceptWheel(page: Page): Promise<string> {
  await shown(page, '#field-birthDate-picker').click();
  await shown(page, '.weui-picker__action:has-text("确定")').click();
  return shown(page, '#field-birthDate input').inputValue();
}

describe('registration in Chromium on the H5 build', () => {
  it('a registration whose answer was lost ends in 建档成功 and one profile, not 您已添加过', async () => {
    const page = await onForm('e2e-lost-answer');
    const keys: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/v1/me/patients')) keys.push(r.headers()['idempotency-key'] ?? '');
    });
    let lost = false;
    await page.route('**/v1/me/patients', async (route) => {
      if (route.request().method() !== 'POST' || lost) return route.fallback();
      lost = true;
      await route.fetch(); // the server creates the profile …
      await route.abort('failed'); // … and the answer never reaches the phone
    });
    await fillProfile(page, '吴丽华');
    await shown(page, '#submit').click();
    await page.getByText('建档成功').first().waitFor({ timeout: WAIT });
    const list = shown(page, '#patient-list');
    await list.waitFor({ timeout: WAIT });
    expect(await page.locator('#patient-list:visible .patient-item').count()).toBe(1);
    expect(await list.textContent()).toContain('吴丽华');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(await page.getByText('您已添加过').count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });

  it('sends an Idempotency-Key with each creating POST: registering and booking', async () => {
    const dept = await newDepartment('P');
    const slot = await newSlot(dept, { startsInMinutes: 120 });
    const page = await onForm('e2e-keys');
    const creating: Request[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/v1\/(me\/patients|appointments)$/.test(new URL(r.url()).pathname)) {
        creating.push(r);
      }
    });
    await fillProfile(page, '郑佳怡');
    await shown(page, '#submit').click();
    await shown(page, '#patient-list').waitFor({ timeout: WAIT });
    await page.goto(`${app.base}/#/pages/book/index`);
    await shown(page, `#book-clinic-${TEST_CLINIC}`).click();
    await shown(page, `#book-dept-${dept}`).click();
    await shown(page, `#book-date-${clinicDate(new Date())}`).click();
    await shown(page, `#slot-${slot}`).click();
    expect(await smallOrCutTargets(page)).toEqual([]);
    await shown(page, '#book-confirm').click();
    await shown(page, '#book-success').waitFor({ timeout: WAIT });
    expect(await smallOrCutTargets(page)).toEqual([]);
    expect(creating.map((r) => new URL(r.url()).pathname)).toEqual(['/v1/me/patients', '/v1/appointments']);
    for (const r of creating) expect(r.headers()['idempotency-key']).toMatch(/^[a-z0-9]+-[a-z0-9]+-[a-z0-9]+$/);
    expect(app.pageErrors).toEqual([]);
  });

  it('reads a typed 1960-2-3 as 1960-02-03 and asks for a missing birth date in plain words', async () => {
    const page = await onForm('e2e-dates');
    await shown(page, '#submit').click();
    expect(await shown(page, '#error-birthDate').textContent()).toBe('请填写出生日期');
    await shown(page, '#field-birthDate input').fill('1960-2-3');
    await shown(page, '#field-name input').click();
    expect(await shown(page, '#field-birthDate input').inputValue()).toBe('1960-02-03');
    expect(await page.locator('#error-birthDate:visible').count()).toBe(0);
    await pageShot(page, 'patient-01-form-dates');
    expect(app.pageErrors).toEqual([]);
  });

  it('fills the birth date and gender from a valid ID number instead of contradicting it', async () => {
    const page = await onForm('e2e-idcard');
    await shown(page, '#field-birthDate input').fill('1980-01-01');
    await shown(page, '#consent-healthData').click();
    await shown(page, '#field-idCardNo input').fill(idCardFor('1975-08-21', '001'));
    expect(await shown(page, '#field-birthDate input').inputValue()).toBe('1975-08-21');
    expect(await shown(page, '#gender-male').getAttribute('class')).toContain('chip-on');
    expect(await shown(page, '#idcard-note').textContent()).toBe('已按身份证号填写出生日期和性别');
    await shown(page, '#submit').click();
    expect(await page.locator('#error-idCardNo:visible').count()).toBe(0);
    await pageShot(page, 'patient-02-form-idcard');
    expect(app.pageErrors).toEqual([]);
  });

  it('asks the guardian only for a child under 14, not for a birth date in the future', async () => {
    const page = await onForm('e2e-guardian');
    await shown(page, '#relation-child').click();
    await shown(page, '#field-birthDate input').fill(addDays(clinicDate(new Date()), 30));
    expect(await page.locator('#consent-guardian:visible').count()).toBe(0);
    await shown(page, '#submit').click();
    expect(await shown(page, '#error-birthDate').textContent()).toBe('出生日期不能晚于今天');
    await shown(page, '#field-birthDate input').fill(`${year() - 5}-06-01`);
    await shown(page, '#consent-guardian').waitFor({ timeout: WAIT });
    expect(app.pageErrors).toEqual([]);
  });

  it('opens the date wheel near the age of the chosen relation', async () => {
    const page = await onForm('e2e-wheel');
    expect((await acceptWheel(page)).slice(0, 4)).toBe(String(year() - 35));
    await shown(page, '#relation-parent').click();
    await shown(page, '#field-birthDate input').fill('');
    expect((await acceptWheel(page)).slice(0, 4)).toBe(String(year() - 65));
    await shown(page, '#relation-child').click();
    await shown(page, '#field-birthDate input').fill('');
    expect((await acceptWheel(page)).slice(0, 4)).toBe(String(year() - 6));
    expect(app.pageErrors).toEqual([]);
  });
});

describe('signing in, in Chromium on the H5 build', () => {
  it('shows the login page at 375 px with every button a finger’s size', async () => {
    const page = await app.phone();
    await page.goto(`${app.base}/#/pages/login/index`);
    await shown(page, '#login-openid-submit').waitFor({ timeout: WAIT });
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, 'patient-00-login');
    expect(app.pageErrors).toEqual([]);
  });
});

describe('我的就诊人 in Chromium on the H5 build', () => {
  it('opens a family member for editing from anywhere on the card', async () => {
    const openid = uniqueOpenid('e2e-cards');
    const token = await app.token(openid);
    await app.api('POST', '/v1/me/patients', token, profile({ name: '黄志强' }));
    const mother = await app.api<{ id: string }>(
      'POST',
      '/v1/me/patients',
      token,
      profile({ name: '黄桂兰', relation: 'parent', birthDate: '1950-02-03' }),
    );
    const page = await app.phone();
    await loginAs(page, app.base, openid);
    await shown(page, '#go-patients').click();
    const card = shown(page, `#patient-${mother.id}`);
    await card.waitFor({ timeout: WAIT });
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, 'patient-03-my-profiles');
    await card.locator('.muted').click();
    await expect.poll(() => shown(page, '#field-name input').inputValue(), { timeout: WAIT }).toBe('黄桂兰');
    expect(await shown(page, '#relation-parent').getAttribute('class')).toContain('chip-on');
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, 'patient-04-edit-form');
    expect(app.pageErrors).toEqual([]);
  });
});
