import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { clinicDate } from '../../shared/dates';
import { maskPhone } from '../../shared/phone';
import { profile, uniqueOpenid, uniquePhone } from '../support/api';
import { h5AppForFile, loginAs, pageShot, shown, smallOrCutTargets } from '../support/h5-app';

// A family shares a phone: a child or an elderly parent without a phone of their own is registered
// on the account holder's phone, and the form offers that phone with one tap.

const HOLDER = '周建华';
const CHILD = '周小雨';
const WAIT = 15_000;

const app = h5AppForFile();
const holder = { openid: '', phone: '' };

/** A birth date about six years ago: a child under 14, so the guardian's consent is asked. */
const childBirthDate = () => `${Number(clinicDate(new Date()).slice(0, 4)) - 6}-03-15`;

async function openForm(page: Page): Promise<void> {
  await shown(page, '#go-add-patient').click();
  await shown(page, '#field-name input').waitFor({ timeout: WAIT });
}

beforeAll(async () => {
  holder.openid = uniqueOpenid('e2e-family');
  holder.phone = uniquePhone();
  const token = await app.token(holder.openid);
  await app.api('POST', '/v1/me/patients', token, profile({ name: HOLDER, phone: holder.phone }));
});

describe('a family sharing one phone, in Chromium on the H5 build', () => {
  it("adds a child on the account holder's phone with one tap and lists both", async () => {
    const page = await app.phone();
    await loginAs(page, app.base, holder.openid);
    await openForm(page);
    expect(await page.locator('#family-phone:visible').count()).toBe(0);
    await shown(page, '#relation-child').click();
    const offer = shown(page, '#use-holder-phone');
    await offer.waitFor({ timeout: WAIT });
    expect(await offer.textContent()).toContain(`使用本人手机号 ${maskPhone(holder.phone)}`);
    expect(await shown(page, '#family-phone').textContent()).toContain(
      '家人没有自己的手机号时，可以填写您本人的手机号',
    );
    await offer.click();
    expect(await shown(page, '#field-phone input').inputValue()).toBe(holder.phone);
    await shown(page, '#field-name input').fill(CHILD);
    await shown(page, '#gender-female').click();
    await shown(page, '#field-birthDate input').fill(childBirthDate());
    await shown(page, '#consent-guardian').click();
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, 'family-01-child-on-holder-phone');
    await shown(page, '#submit').click();
    const list = shown(page, '#patient-list');
    await list.waitFor({ timeout: WAIT });
    await expect.poll(() => list.textContent(), { timeout: WAIT }).toContain(CHILD);
    const text = (await list.textContent()) ?? '';
    expect(text).toContain(HOLDER);
    expect(text).toContain('与本人共用');
    await pageShot(page, 'family-02-both-listed');
    expect(app.pageErrors).toEqual([]);
  });

  it('refuses that phone to another WeChat account with the duplicate message', async () => {
    const page = await app.phone();
    await loginAs(page, app.base, uniqueOpenid('e2e-stranger'));
    await openForm(page);
    await shown(page, '#field-name input').fill('陌生人');
    await shown(page, '#gender-male').click();
    await shown(page, '#field-birthDate input').fill('1985-07-01');
    await shown(page, '#field-phone input').fill(holder.phone);
    await shown(page, '#submit').click();
    const dup = shown(page, '#dup-phone');
    await dup.waitFor({ timeout: WAIT });
    expect(await dup.textContent()).toContain('该手机号已被其他微信账号登记');
    expect(await shown(page, '#error-phone').textContent()).toBe('该手机号已建档');
    await pageShot(page, 'family-03-other-account-refused');
    expect(app.pageErrors).toEqual([]);
  });
});
