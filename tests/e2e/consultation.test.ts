import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskName } from '../../shared/mask';
import { profile, uniqueOpenid } from '../support/api';
import { h5AppForFile, loginAs, pageShot, shown, smallOrCutTargets } from '../support/h5-app';
import { devLogin, ownClinic, signIn } from '../support/own-clinic';

// 在线咨询 (issue 11) as people use it, in Chromium on the H5 build: a patient asks with a photo, the
// clinic's service desk sees it waiting and replies, the patient reads the reply; a refused text keeps
// what was typed; the question goes to a doctor; the desk closes it.

const WAIT = 15_000;
const ASKER = '郑秋云';
const NO_CONSENT = '郑德明';
const QUESTION = '拔牙后第二天还有点渗血，晚上可以刷牙吗？';
const REPLY = '可以轻轻刷牙，避开伤口；24 小时内不要漱口。如果出血不止请来院。';
const FOLLOW_UP = '好的，那需要什么时候复诊？';
/** A word the local content check (the stand-in for WeChat's msgSecCheck) refuses. */
const RISKY = '违禁测试词';

const app = h5AppForFile();
const s = { clinicId: '', patientOpenid: '', patientToken: '', askerId: '', noConsentId: '', threadId: '' };
let patient: Page;
let desk: Page;
let doctor: Page;

/** A small PNG as a phone's photo would be: drawn in the browser (a pink gum, a white tooth). */
async function photoFixture(): Promise<Buffer> {
  const page = await app.phone();
  await page.setContent(
    '<body style="margin:0"><div id="p" style="width:160px;height:120px;background:#f4b6b0;position:relative">' +
      '<div style="position:absolute;left:55px;top:20px;width:50px;height:70px;background:#fff;border-radius:20px"></div></div></body>',
  );
  const png = await page.locator('#p').screenshot();
  await page.close();
  return png;
}

const confirmModal = (page: Page) => page.locator('.taro-model__confirm:visible').click();

/** Each send asks (H5 stand-in of WeChat's prompt) to be told of the reply: accepted here. */
async function allowReplyNotice(page: Page): Promise<void> {
  const allow = page.getByText('允许', { exact: true });
  await allow.waitFor({ timeout: WAIT });
  expect(await page.getByText(/咨询回复通知/).count()).toBeGreaterThan(0);
  await allow.click();
}

type Login = Awaited<ReturnType<typeof devLogin>>;
const logins: { service?: Login; doctor?: Login } = {};

async function staffPage(role: 'service' | 'doctor'): Promise<Page> {
  const login = logins[role] as Login;
  const page = await app.phone();
  await signIn(page, app.base, login);
  await page.goto(`${app.base}/#/pages/index/index`);
  await shown(page, '#go-staff').click();
  await shown(page, '#staff-home').waitFor({ timeout: WAIT });
  return page;
}

beforeAll(async () => {
  ({ clinicId: s.clinicId } = await ownClinic('consult', '仁和口腔·咨询院'));
  s.patientOpenid = uniqueOpenid('e2e-consult');
  const token = await app.token(s.patientOpenid);
  s.patientToken = token;
  s.askerId = (
    await app.api<{ id: string }>('POST', '/v1/me/patients', token, profile({ name: ASKER, clinicId: s.clinicId }))
  ).id;
  s.noConsentId = (
    await app.api<{ id: string }>(
      'POST',
      '/v1/me/patients',
      token,
      profile({
        name: NO_CONSENT,
        relation: 'parent',
        birthDate: '1950-06-01',
        clinicId: s.clinicId,
        consents: { healthData: false, marketing: false },
      }),
    )
  ).id;
  // The clinic's desk and its one doctor (演示医生), whom 转给医生 lists.
  logins.service = await devLogin(app.base, uniqueOpenid('consult-service'), 'service', s.clinicId);
  logins.doctor = await devLogin(app.base, uniqueOpenid('consult-doctor'), 'doctor', s.clinicId);
  patient = await app.phone();
  await loginAs(patient, app.base, s.patientOpenid);
});

describe('在线咨询', () => {
  it('a patient with no questions yet is told what the page is for, and the profile without consent is led to agree', async () => {
    await shown(patient, '#go-consult').click();
    await shown(patient, '#my-consultations .empty').waitFor({ timeout: WAIT });
    expect(await shown(patient, '#my-consultations').textContent()).toContain('紧急情况请拨打 120');
    await pageShot(patient, '100-consult-empty');

    await shown(patient, '#consult-ask').click();
    await shown(patient, `#consult-patient-${s.noConsentId}`).click();
    const consent = shown(patient, '#consent-needed');
    await consent.waitFor({ timeout: WAIT });
    expect(await consent.textContent()).toContain(`“${NO_CONSENT}”还没有开启健康信息授权`);
    expect(await shown(patient, '#consult-send').getAttribute('disabled')).not.toBeNull();
    expect(await smallOrCutTargets(patient)).toEqual([]);
    await pageShot(patient, '101-consult-consent-needed');
    await shown(patient, '#go-consent').click();
    await shown(patient, '#consent-healthData').waitFor({ timeout: WAIT });
    await patient.goBack();
  });

  it('asks about a consenting profile with a photo; the conversation opens with both', async () => {
    await shown(patient, `#consult-patient-${s.askerId}`).click();
    expect(await patient.locator('#consent-needed:visible').count()).toBe(0);
    expect(await shown(patient, `#consult-clinic-${s.clinicId}`).getAttribute('class')).toContain('chip-on');
    await shown(patient, '#field-text textarea').fill(QUESTION);
    expect(await shown(patient, '#text-left').textContent()).toContain(`还可输入 ${500 - QUESTION.length} 字`);
    const png = await photoFixture();
    const [chooser] = await Promise.all([patient.waitForEvent('filechooser'), shown(patient, '#photo-add').click()]);
    await chooser.setFiles({ name: 'tooth.png', mimeType: 'image/png', buffer: png });
    await shown(patient, '#photo-chosen').waitFor({ timeout: WAIT });
    expect(await shown(patient, '#consult-new').textContent()).toContain('请立即拨打 120 或直接来院就诊');
    expect(await smallOrCutTargets(patient)).toEqual([]);
    await pageShot(patient, '102-consult-new');

    await shown(patient, '#consult-send').click();
    await allowReplyNotice(patient);
    const messages = shown(patient, '#consult-messages');
    await messages.waitFor({ timeout: WAIT });
    expect(await messages.textContent()).toContain(QUESTION);
    await patient.locator('#consult-messages .consult-photo:visible').first().waitFor({ timeout: WAIT });
    expect(await shown(patient, '#consult-status').textContent()).toBe('待回复');
    s.threadId = decodeURIComponent(new URL(patient.url().replace('#', '')).searchParams.get('id') ?? '');
    expect(s.threadId).not.toBe('');
    await pageShot(patient, '103-consult-asked');
  });

  it('the service desk sees it waiting (masked name, how long), opens it with the photo and replies', async () => {
    desk = await staffPage('service');
    const button = shown(desk, '#go-staff-consult');
    await expect.poll(() => button.textContent(), { timeout: WAIT }).toContain('1 条待回复');
    await button.click();
    const card = shown(desk, `#staff-thread-${s.threadId}`);
    await card.waitFor({ timeout: WAIT });
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(maskName(ASKER));
    expect(text).not.toContain(ASKER);
    expect(text).toContain('已等 刚刚');
    expect(text).toContain('仁和口腔·咨询院');
    expect(await smallOrCutTargets(desk)).toEqual([]);
    await pageShot(desk, '104-consult-staff-waiting');

    await card.click();
    await shown(desk, '#consult-messages').waitFor({ timeout: WAIT });
    await desk.locator('#consult-messages .consult-photo:visible').first().waitFor({ timeout: WAIT });
    await shown(desk, '#field-reply textarea').fill(REPLY);
    await shown(desk, '#reply-send').click();
    await expect.poll(() => shown(desk, '#consult-messages').textContent(), { timeout: WAIT }).toContain(REPLY);
    expect(await shown(desk, '#consult-status').textContent()).toBe('已回复');
    expect(await shown(desk, '#field-reply textarea').inputValue()).toBe('');
    expect(await smallOrCutTargets(desk)).toEqual([]);
    await pageShot(desk, '105-consult-staff-replied');
  });

  it('the patient reads the reply with who answered; a refused text shows why and stays typed', async () => {
    await patient.reload();
    const messages = shown(patient, '#consult-messages');
    await expect.poll(() => messages.textContent(), { timeout: WAIT }).toContain(REPLY);
    expect(await messages.textContent()).toContain('客服');
    expect(await shown(patient, '#consult-status').textContent()).toBe('已回复');
    await pageShot(patient, '106-consult-patient-reply');

    await shown(patient, '#field-reply textarea').fill(`请问${RISKY}怎么办`);
    await shown(patient, '#reply-send').click();
    await allowReplyNotice(patient);
    const error = shown(patient, '#reply-error');
    await error.waitFor({ timeout: WAIT });
    expect(await error.textContent()).toContain('内容未通过安全检查');
    expect(await shown(patient, '#field-reply textarea').inputValue()).toBe(`请问${RISKY}怎么办`);
    expect(await messages.textContent()).not.toContain(RISKY);
    await pageShot(patient, '107-consult-refused');

    // Consent withdrawn meanwhile (in 我的就诊人): asking more leads to agreeing again, the text kept.
    await app.api('PUT', '/v1/me/consents', s.patientToken, { patientId: s.askerId, healthData: false });
    await shown(patient, '#field-reply textarea').fill(FOLLOW_UP);
    await shown(patient, '#reply-send').click();
    await allowReplyNotice(patient);
    await shown(patient, '#consent-needed').waitFor({ timeout: WAIT });
    expect(await shown(patient, '#consent-needed').textContent()).toContain(`“${ASKER}”还没有开启健康信息授权`);
    expect(await shown(patient, '#field-reply textarea').inputValue()).toBe(FOLLOW_UP);
    await pageShot(patient, '107b-consult-consent-withdrawn');
    await app.api('PUT', '/v1/me/consents', s.patientToken, { patientId: s.askerId, healthData: true });

    await shown(patient, '#field-reply textarea').fill(FOLLOW_UP);
    await shown(patient, '#reply-send').click();
    await allowReplyNotice(patient);
    await expect.poll(() => messages.textContent(), { timeout: WAIT }).toContain(FOLLOW_UP);
    expect(await shown(patient, '#consult-status').textContent()).toBe('待回复');
  });

  it('the desk passes it to a doctor, who finds it under 转给我的', async () => {
    await desk.reload();
    await shown(desk, '#consult-assign-open').click();
    await shown(desk, '#consult-assign .chip').click();
    await shown(desk, '#consult-assign-yes').click();
    const assigned = shown(desk, '#consult-assigned');
    await assigned.waitFor({ timeout: WAIT });
    expect(await assigned.textContent()).toContain('已转给医生');
    await pageShot(desk, '108-consult-assigned');

    doctor = await staffPage('doctor');
    await shown(doctor, '#go-staff-consult').click();
    await shown(doctor, '#consult-tab-mine').click();
    await shown(doctor, `#staff-thread-${s.threadId}`).waitFor({ timeout: WAIT });
    expect(await smallOrCutTargets(doctor)).toEqual([]);
    await pageShot(doctor, '109-consult-doctor-mine');
  });

  it('the desk closes it after a confirm; the patient sees it ended and cannot write more', async () => {
    await shown(desk, '#consult-close').click();
    await confirmModal(desk);
    const closed = shown(desk, '#consult-closed');
    await closed.waitFor({ timeout: WAIT });
    expect(await shown(desk, '#consult-status').textContent()).toBe('已结束');
    expect(await desk.locator('#consult-reply:visible').count()).toBe(0);
    await pageShot(desk, '110-consult-staff-closed');

    await patient.reload();
    const ended = shown(patient, '#consult-closed');
    await ended.waitFor({ timeout: WAIT });
    expect(await ended.textContent()).toContain('医院已结束本次咨询');
    expect(await patient.locator('#consult-reply:visible').count()).toBe(0);
    expect(await smallOrCutTargets(patient)).toEqual([]);
    await pageShot(patient, '111-consult-patient-closed');
    expect(app.pageErrors).toEqual([]);
  });

  it('导出我的信息 holds the consultation: one line with its messages and the question', async () => {
    await patient.goto(`${app.base}/#/pages/index/index`);
    await shown(patient, '#go-patients').click();
    await shown(patient, '#go-export').click();
    await shown(patient, '#export-profiles').waitFor({ timeout: WAIT });
    const text = (await shown(patient, '#my-export').textContent()) ?? '';
    expect(text).toContain('在线咨询1 条');
    expect(text).toContain(`咨询 3 条消息：${QUESTION}`);
    expect(app.pageErrors).toEqual([]);
  });
});
