import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, clinicDate } from '../../shared/dates';
import { ownTables } from '../support/own-tables';

// 消息中心 as the demo staff use it: the service staff member finds it on the staff home; the
// manager of 仁和口腔·徐汇院 sees tomorrow's reminder planned after the 18:00 job ran, resends a
// failed message, edits a template and sees the preview change, switches the clinic's reminders
// off and pauses a job. Template edits and the pause reach every test on the same store, so this
// file runs on tables of its own, seeded with the demo data.
await ownTables('centre-e2e');
await (await import('../../scripts/local/seed')).seedOnce();
const { claimMessage, messageId, queueMessage, settleMessage } = await import(
  '../../functions/messaging/outbox-repository'
);
const { profile, uniqueOpenid } = await import('../support/api');
const { screenshot } = await import('../support/browser');
const { insertTestSlot } = await import('../support/fixtures');
const { h5AppForFile, loginAs, pageShot, shown, smallOrCutTargets } = await import('../support/h5-app');
const { heightOf } = await import('../support/own-clinic');

const CLINIC = 'c_xuhui';
const DEPT = 'd_xuhui_ortho';
const WAIT = 15_000;
const app = h5AppForFile();
let manager: Page;
const day = { managerToken: '', failedId: '', planned: 0 };

/** A reminder the provider refused 3 times, set failed by the repository (no sender runs here). */
async function failedReminder(patientId: string, clinicId: string, today: string): Promise<string> {
  const id = messageId('appointment', patientId, `a_failed_${Date.now().toString(36)}`);
  const at = new Date().toISOString();
  await queueMessage({
    id,
    kind: 'appointment',
    patientId,
    clinicId,
    occasion: id.split('#')[2]!,
    marketing: false,
    text: '林晓燕您好，您已预约仁和口腔·徐汇院正畸科明天 10:00 就诊。',
    dueAt: at,
    validUntil: `${addDays(today, 1)}T10:00:00+08:00`,
    createdAt: at,
  });
  await claimMessage(id, 'e2e-lease', 60_000);
  await settleMessage(id, 'e2e-lease', at, { status: 'failed', reason: '运营商拒绝：号码已停机', channel: 'sms' });
  return id;
}

beforeAll(async () => {
  const today = clinicDate(new Date());
  // A booking tomorrow at 10:00 in 正畸科, then the appointment-reminder job as of today 18:00.
  const slotId = await insertTestSlot({
    clinicId: CLINIC,
    departmentId: DEPT,
    startsAt: `${addDays(today, 1)}T10:00:00+08:00`,
  });
  const patient = await app.token(uniqueOpenid('mcentre-patient'));
  const p = await app.api<{ id: string }>('POST', '/v1/me/patients', patient, profile({ name: '林晓燕' }));
  await app.api('POST', '/v1/appointments', patient, { patientId: p.id, slotId });
  await app.api('POST', '/v1/dev/jobs/appointment-reminder', undefined, { at: `${today}T18:00:00+08:00` });
  day.failedId = await failedReminder(p.id, CLINIC, today);
  day.managerToken = await app.token('demo-manager');
  // What the API counts for the day: the page must show the same figure.
  const summary = await app.api<{ rows: { kind: string; channel: string; planned: number }[] }>(
    'GET',
    `/v1/messages/summary?date=${today}`,
    day.managerToken,
  );
  day.planned = summary.rows.find((r) => r.kind === 'appointment' && r.channel === 'none')?.planned ?? 0;
  manager = await app.phone();
  await loginAs(manager, app.base, 'demo-manager');
});

afterAll(async () => {
  if (day.managerToken) await app.api('PUT', '/v1/jobs/birthday-greeting', day.managerToken, { paused: false });
});

describe('消息中心', () => {
  it('the demo service staff member opens it from the staff home, without the job brake', async () => {
    const page = await app.phone();
    await loginAs(page, app.base, 'demo-service');
    await shown(page, '#go-staff').click();
    await shown(page, '#go-messages').click();
    await shown(page, '#template-appointment-preview').waitFor({ timeout: WAIT });
    expect(await shown(page, '#message-centre .title').textContent()).toBe('消息中心');
    await shown(page, '#job-outbox-sender').waitFor({ timeout: WAIT });
    expect(await page.locator('#job-outbox-sender-toggle:visible').count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
    await page.close();
  });

  it('tells a marketer who opens its address that it needs a service or manager role', async () => {
    const page = await app.phone();
    await loginAs(page, app.base, 'demo-marketing');
    expect(await page.locator('#go-messages:visible').count()).toBe(0);
    await page.goto(`${app.base}/#/staff/messages`);
    const note = shown(page, '#messages-not-allowed');
    await note.waitFor({ timeout: WAIT });
    expect(await note.textContent()).toContain('消息中心需要客服或管理者角色');
    expect(await page.locator('#template-appointment-preview').count()).toBe(0);
    await page.close();
  });

  it("shows tomorrow's reminder planned today, as a big number of its kind", async () => {
    await shown(manager, '#go-staff').click();
    await shown(manager, '#go-messages').click();
    const planned = shown(manager, '#count-appointment-none-planned');
    await planned.waitFor({ timeout: WAIT });
    expect(day.planned).toBe(1);
    expect(await planned.textContent()).toBe(String(day.planned));
    expect(await shown(manager, '#count-appointment-sms-failed').textContent()).toBe('1');
    expect(await shown(manager, '#failed-list').textContent()).toContain('失败原因：运营商拒绝：号码已停机');
    expect(await shown(manager, '#failed-list').textContent()).toContain('林*燕您好，您已预约仁和口腔');
    await shown(manager, '#failed-list').scrollIntoViewIfNeeded();
    await screenshot(manager, '70-message-centre-failed');
    expect(await shown(manager, '#field-message-date input').inputValue()).toBe(clinicDate(new Date()));
    expect(await smallOrCutTargets(manager)).toEqual([]);
    await screenshot(manager, '70-message-centre-day');
    await pageShot(manager, '70-message-centre');
    expect(app.pageErrors).toEqual([]);
  });

  it('sends a failed message again with 重新发送: it leaves the failed list', async () => {
    const resent = manager.waitForResponse((r) => r.url().includes('/resend'), { timeout: WAIT });
    await shown(manager, '#failed-list .btn-primary').click();
    expect((await resent).status()).toBe(200);
    await manager.locator('.empty-text:visible', { hasText: '这一天没有发送失败的消息。' }).waitFor({ timeout: WAIT });
    await expect.poll(() => shown(manager, '#count-appointment-sms-failed').textContent(), { timeout: WAIT }).toBe('0');
  });

  it('edits a template: inline errors from the server, then the preview and length change', async () => {
    await shown(manager, '#template-birthday-edit').click();
    const field = shown(manager, '#field-template-birthday textarea');
    await field.fill('{name}您好，{优惠}等您');
    await shown(manager, '#template-birthday-save').click();
    await expect
      .poll(() => shown(manager, '#error-template-birthday').textContent(), { timeout: WAIT })
      .toContain('不认识的占位符 {优惠}');
    await screenshot(manager, '71-message-template-error');

    await field.fill('{name}您好，{clinic}祝您生日快乐！');
    await shown(manager, '#template-birthday-save').click();
    await expect
      .poll(() => shown(manager, '#template-birthday-preview').textContent(), { timeout: WAIT })
      .toBe('【仁和口腔·徐汇院】王小明您好，仁和口腔·徐汇院祝您生日快乐！ 拒收请回复R');
    const preview = '【仁和口腔·徐汇院】王小明您好，仁和口腔·徐汇院祝您生日快乐！ 拒收请回复R';
    expect(await shown(manager, '#template-birthday-length').textContent()).toBe(
      `共 ${Array.from(preview).length} 字，1 条短信`,
    );
    await screenshot(manager, '72-message-template-saved');
  });

  it("switches the clinic's appointment reminders off", async () => {
    const saved = manager.waitForResponse((r) => r.url().includes('/v1/message-templates/appointment'), {
      timeout: WAIT,
    });
    await shown(manager, '#template-appointment-enabled').click();
    expect((await saved).status()).toBe(200);
    await expect
      .poll(() => shown(manager, '#template-appointment').textContent(), { timeout: WAIT })
      .toContain('已停用');
    const t = await app.api<{ items: { kind: string; enabled: boolean }[] }>(
      'GET',
      '/v1/message-templates',
      day.managerToken,
    );
    expect(t.items.find((x) => x.kind === 'appointment')?.enabled).toBe(false);
  });

  it('pauses a job for the group after asking, and resumes it', async () => {
    const toggle = shown(manager, '#job-birthday-greeting-toggle');
    expect(await heightOf(toggle)).toBeGreaterThanOrEqual(44);
    await toggle.click();
    await expect
      .poll(() => manager.locator('.taro-modal__text:visible').textContent(), { timeout: WAIT })
      .toBe('暂停对全部门诊生效，恢复前不会执行。');
    await manager.locator('.taro-model__confirm:visible').click();
    await expect
      .poll(() => shown(manager, '#job-birthday-greeting').textContent(), { timeout: WAIT })
      .toContain('已暂停');
    expect(await shown(manager, '#job-birthday-greeting-toggle').textContent()).toBe('恢复');
    await shown(manager, '#job-birthday-greeting').scrollIntoViewIfNeeded();
    await screenshot(manager, '73-message-centre-job-paused');

    await shown(manager, '#job-birthday-greeting-toggle').click();
    await expect
      .poll(() => shown(manager, '#job-birthday-greeting').textContent(), { timeout: WAIT })
      .toContain('运行中');
    expect(app.pageErrors).toEqual([]);
  });
});
