import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimMessage, messageId, queueMessage, settleMessage } from '../../functions/messaging/outbox-repository';
import { addDays, clinicDate } from '../../shared/dates';
import { profile, uniqueOpenid } from '../support/api';
import { ensureTestClinic, newDepartment, newSlot, newSlotAt, TEST_CLINIC } from '../support/fixtures';
import { h5AppForFile, loginAs, openStaffPage, pageShot, shown, smallOrCutTargets } from '../support/h5-app';

// The patient's side of scheduled messages in Chromium on the H5 build: 预约成功，提醒我 with the H5
// stand-in of WeChat's prompt, the evening's appointment-reminder run, the local inbox, 消息设置 and
// 我的消息. This file runs no outbox-sender (see tests/integration/outbox.test.ts): the reminder stays 待发送.

const WAIT = 15_000;
const app = h5AppForFile();
const today = () => clinicDate(new Date());
const tomorrow = () => addDays(today(), 1);
const who = { openid: '', token: '', patientId: '', dept: '', slot: '', visited: '' };

/** A visit today, recorded by a doctor of the test clinic with a revisit date a month on. */
async function visitedToday(): Promise<string> {
  const slotId = await newSlot(await newDepartment('N'));
  const appt = await app.api<{ id: string }>('POST', '/v1/appointments', who.token, {
    patientId: who.patientId,
    slotId,
  });
  const ticket = await app.api<{ id: string }>('POST', `/v1/appointments/${appt.id}/check-in`, who.token);
  const doctor = await app.token(uniqueOpenid('e2e-msg-doc'), 'doctor', TEST_CLINIC);
  const doctorId = (await app.api<{ staffId: string }>('GET', '/v1/me', doctor)).staffId;
  await app.api('POST', '/v1/visits', doctor, {
    ticketId: ticket.id,
    category: 'orthodontic',
    chargeFen: 30_000,
    doctorId,
    nextRevisitDate: addDays(today(), 30),
  });
  return appt.id;
}

beforeAll(async () => {
  await ensureTestClinic();
  who.dept = await newDepartment('M');
  who.slot = await newSlotAt(who.dept, `${tomorrow()}T10:00:00+08:00`);
  who.openid = uniqueOpenid('e2e-msg');
  who.token = await app.token(who.openid);
  const body = profile({ name: '周桂英', birthDate: '1952-07-23', consents: { healthData: true, marketing: true } });
  who.patientId = (await app.api<{ id: string }>('POST', '/v1/me/patients', who.token, body)).id;
  who.visited = await visitedToday();
});

/** A birthday greeting already sent to a patient (settled here by id: this file runs no sender). */
async function sentGreeting(patientId: string, text: string): Promise<void> {
  const id = messageId('birthday', patientId, '2026');
  const at = '2026-07-23T01:00:00.000Z';
  await queueMessage({
    id,
    kind: 'birthday',
    occasion: '2026',
    patientId,
    clinicId: TEST_CLINIC,
    text,
    marketing: true,
    dueAt: at,
    createdAt: at,
  });
  expect(await claimMessage(id, 'e2e-msg', 30_000)).toBeDefined();
  expect(await settleMessage(id, 'e2e-msg', at, { status: 'sent', channel: 'sms', text, providerId: 'e2e' })).toBe(
    true,
  );
}

async function home(): Promise<Page> {
  const page = await app.phone();
  await loginAs(page, app.base, who.openid);
  return page;
}

describe('reminders and message settings as a patient uses them', () => {
  let page: Page;

  it('books tomorrow, taps 预约成功，提醒我, allows in the prompt and reads 已开启', async () => {
    page = await home();
    await shown(page, '#go-book').click();
    await shown(page, `#book-clinic-${TEST_CLINIC}`).click();
    await shown(page, `#book-dept-${who.dept}`).click();
    await shown(page, `#book-date-${tomorrow()}`).click();
    await shown(page, `#slot-${who.slot}`).click();
    await shown(page, '#book-confirm').click();
    await shown(page, '#book-remind').waitFor({ timeout: WAIT });
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, 'messages-01-booked');

    await shown(page, '#book-remind').click();
    const allow = page.getByText('允许', { exact: true });
    await allow.waitFor({ timeout: WAIT });
    expect(await page.getByText('订阅消息', { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByText(/就诊提醒/).count()).toBeGreaterThan(0);
    await pageShot(page, 'messages-02-prompt');
    await allow.click();

    const said = shown(page, '#book-remind-said');
    await said.waitFor({ timeout: WAIT });
    expect(await said.textContent()).toContain('已开启，将通过微信提醒您');
    await pageShot(page, 'messages-03-reminder-on');
    const grants = await app.api<{ items: { kind: string; remaining: number }[] }>(
      'GET',
      '/v1/me/subscriptions',
      who.token,
    );
    expect(grants.items.find((t) => t.kind === 'appointment')?.remaining).toBe(1);
    expect(app.pageErrors).toEqual([]);
  });

  it("shows the evening's reminder for tomorrow in the local inbox, 待发送", async () => {
    const run = await app.api<{ counts: { planned: number } }>('POST', '/v1/dev/jobs/appointment-reminder', undefined, {
      at: `${today()}T18:00:00+08:00`,
    });
    expect(run.counts.planned).toBeGreaterThanOrEqual(1);

    page = await home();
    await shown(page, '#go-inbox').click();
    await shown(page, `#inbox-patient-${who.patientId}`).click();
    const list = shown(page, '#inbox-list .card');
    await list.waitFor({ timeout: WAIT });
    const text = await shown(page, '#inbox-list').textContent();
    expect(text).toContain('就诊提醒');
    expect(text).toContain('待发送');
    expect(text).toContain('10:00');
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, 'messages-04-inbox');
    expect(app.pageErrors).toEqual([]);
  });

  it("counts the same reminder in the clinic's 消息中心 as planned today", async () => {
    const service = uniqueOpenid('e2e-msg-service');
    await app.token(service, 'service', TEST_CLINIC);
    const staff = await app.phone();
    await loginAs(staff, app.base, service);
    await openStaffPage(staff, '#go-messages');
    const planned = shown(staff, '#count-appointment-none-planned');
    await planned.waitFor({ timeout: WAIT });
    // Other test files plan reminders of the test clinic too: at least this patient's one.
    expect(Number(await planned.textContent())).toBeGreaterThanOrEqual(1);
    await pageShot(staff, 'messages-04b-message-centre');
    expect(app.pageErrors).toEqual([]);
    await staff.close();
  });

  it('asks for the revisit reminder after a visit; 取消 in the prompt says SMS will remind', async () => {
    page = await home();
    await shown(page, '#go-appointments').click();
    const button = shown(page, `#remind-revisit-${who.visited}`);
    await button.waitFor({ timeout: WAIT });
    expect(await shown(page, `#revisit-${who.visited}`).textContent()).toContain('复诊提醒：');
    expect(await smallOrCutTargets(page)).toEqual([]);
    await button.click();
    const cancel = page.getByText('取消', { exact: true });
    await cancel.waitFor({ timeout: WAIT });
    expect(await page.getByText(/复诊提醒$/).count()).toBeGreaterThan(0);
    await cancel.click();
    const said = shown(page, `#remind-revisit-${who.visited}-said`);
    await said.waitFor({ timeout: WAIT });
    expect(await said.textContent()).toContain('未开启，将以短信提醒');
    await pageShot(page, 'messages-05-revisit-declined');
    expect(app.pageErrors).toEqual([]);
  });

  it('withdraws greetings with the 消息设置 switch and says reminders still come', async () => {
    // The revisit prompt was once answered 总是拒绝 (ban): the page says how to allow it again.
    const { items } = await app.api<{ items: { kind: string; templateId: string }[] }>(
      'GET',
      '/v1/me/subscriptions',
      who.token,
    );
    const revisit = items.find((t) => t.kind === 'revisit')?.templateId;
    await app.api('POST', '/v1/me/subscriptions', who.token, { results: [{ templateId: revisit, result: 'ban' }] });
    page = await home();
    await shown(page, '#go-message-settings').click();
    const card = shown(page, `#greetings-${who.patientId}`);
    await card.waitFor({ timeout: WAIT });
    expect(await shown(page, '#message-settings').textContent()).toContain('预约提醒和复诊提醒不受此开关影响');
    await shown(page, '#wechat-appointment').waitFor({ timeout: WAIT });
    expect(await shown(page, '#wechat-appointment').textContent()).toContain('还可通过微信提醒 1 次');
    expect(await shown(page, '#wechat-revisit').textContent()).toContain('设置 → 通知管理');
    // Asked again from here: once allowed in WeChat's settings, the prompt shows again.
    expect(await shown(page, '#subscribe-revisit').isVisible()).toBe(true);
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, 'messages-06-settings');

    await shown(page, `#marketing-${who.patientId}`).click();
    const said = shown(page, `#greetings-said-${who.patientId}`);
    await said.waitFor({ timeout: WAIT });
    expect(await said.textContent()).toContain('已关闭节日和生日问候');
    const mine = await app.api<{ items: { id: string; consents: { marketing: boolean } }[] }>(
      'GET',
      '/v1/me/patients',
      who.token,
    );
    expect(mine.items.find((p) => p.id === who.patientId)?.consents.marketing).toBe(false);
    await pageShot(page, 'messages-07-greetings-off');
    expect(app.pageErrors).toEqual([]);
  });

  it('shows 我的消息 with nothing sent yet in plain words', async () => {
    page = await home();
    await shown(page, '#go-my-messages').click();
    const empty = shown(page, '#my-messages .empty');
    await empty.waitFor({ timeout: WAIT });
    expect(await empty.textContent()).toContain('还没有发给您的消息');
    await pageShot(page, 'messages-08-my-messages-empty');
    expect(app.pageErrors).toEqual([]);
  });

  it('shows a sent message in 我的消息 as a large card: what, for whom, the text and when', async () => {
    await sentGreeting(who.patientId, '【测试口腔】周桂英您好，祝您生日快乐，身体健康！拒收请回复R');
    page = await home();
    await shown(page, '#go-my-messages').click();
    const card = shown(page, '#message-list .msg');
    await card.waitFor({ timeout: WAIT });
    const text = await card.textContent();
    expect(text).toContain('生日问候');
    expect(text).toContain('给 周桂英');
    expect(text).toContain('祝您生日快乐');
    expect(text).toContain('7月23日');
    await pageShot(page, 'messages-09-my-messages');
    expect(app.pageErrors).toEqual([]);
  });
});
