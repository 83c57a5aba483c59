import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, useClock as setServerClock, systemClock } from '../../functions/lib/clock';
import { addDays, clinicDate } from '../../shared/dates';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { h5AppForFile, openStaffPage, pageShot, shown, smallOrCutTargets } from '../support/h5-app';
import { devLogin, ownClinic, signIn } from '../support/own-clinic';

// The patient's 时间线 as service staff open it from a 今日回访 task, and the 回访计划 editor as a
// manager uses it (and a service member reads it). A clinic of the file's own.
const WAIT = 15_000;
const app = h5AppForFile();
const s = { clinicId: '', taskId: '', patientId: '', phone: '', managerToken: '', serviceLogin: {} as any };
let service: Page;

afterEach(() => setServerClock(systemClock));

beforeAll(async () => {
  const { clinicId, deptId } = await ownClinic('tle2e', '仁和口腔·时间线院');
  s.clinicId = clinicId;
  const desk = (await devLogin(app.base, uniqueOpenid('tl-desk'), 'frontdesk', clinicId)).token;
  const doctor = (await devLogin(app.base, uniqueOpenid('tl-doctor'), 'doctor', clinicId)).token;
  const doctorId = (await app.api<{ staffId: string }>('GET', '/v1/me', doctor)).staffId;
  s.phone = uniquePhone();
  const p = await app.api<{ id: string }>('POST', '/v1/patients', desk, {
    name: '周思米',
    phone: s.phone,
    channel: 'walk_in',
  });
  s.patientId = p.id;
  const today = clinicDate(new Date());
  const visit = async (day: string, category: string, chargeFen: number) => {
    setServerClock(fixedClock(`${day}T10:00:00+08:00`));
    const t = await app.api<{ id: string }>('POST', `/v1/queues/${deptId}/tickets`, desk, { patientId: p.id });
    const v = await app.api<{ id: string }>('POST', '/v1/visits', doctor, {
      ticketId: t.id,
      category,
      chargeFen,
      doctorId,
    });
    setServerClock(systemClock);
    return v.id;
  };
  // Twenty-two earlier cleanings (one entry each), an orthodontic visit (and its reminder), and
  // yesterday's extraction whose next-day call is due today: more than one page of 20.
  for (let i = 62; i >= 20; i -= 2) await visit(addDays(today, -i), 'cleaning', 20_000);
  await visit(addDays(today, -10), 'orthodontic', 150_000);
  const extraction = await visit(addDays(today, -1), 'extraction', 60_000);
  s.taskId = `fu_${extraction}_1`;
  s.serviceLogin = await devLogin(app.base, uniqueOpenid('tl-service'), 'service', clinicId);
  s.managerToken = (await devLogin(app.base, uniqueOpenid('tl-manager'), 'manager', clinicId)).token;
  service = await app.phone();
  await signIn(service, app.base, s.serviceLogin);
  await service.goto(`${app.base}/#/pages/index/index`);
});

describe('时间线', () => {
  it('opens from a 今日回访 task: newest first, Chinese labels, no phone, 加载更多 brings the older ones', async () => {
    await openStaffPage(service, '#go-follow-ups');
    await shown(service, `#timeline-${s.taskId}`).click();
    const list = shown(service, '#timeline-list');
    await list.waitFor({ timeout: WAIT });
    const cards = service.locator('#timeline-list:visible .tl-item');
    expect(await cards.count()).toBe(20);
    const first = (await cards.nth(0).textContent()) ?? '';
    expect(first).toContain('消息 · 随访提醒');
    expect(first).toContain('待发送');
    const text = (await list.textContent()) ?? '';
    expect(text).toContain('就诊 · 拔牙');
    expect(text).toContain('综合科');
    expect(text).toContain('收费 ¥600.00');
    expect(text).toContain('回访 · 电话回访');
    expect(text).toContain('待回访');
    expect(text).not.toContain(s.phone);
    expect(text).not.toContain(s.phone.slice(-4));
    expect(await smallOrCutTargets(service)).toEqual([]);
    await pageShot(service, '90-timeline-first-page');

    // Each page adds up to 20 entries until the first visit.
    for (let shownNow = 20; await service.locator('#timeline-more:visible').count(); shownNow += 20) {
      await shown(service, '#timeline-more').click();
      await service.waitForFunction(
        (before) => (globalThis as any).document.querySelectorAll('#timeline-list .tl-item').length > before,
        shownNow,
        { timeout: WAIT },
      );
    }
    const all = service.locator('#timeline-list:visible .tl-item');
    const n = await all.count();
    // 24 visits with their 24 survey invitations, the extraction's call task and the orthodontic reminder.
    expect(n).toBe(50);
    expect(await all.nth(n - 1).textContent()).toContain('就诊 · 洁牙');
    expect(await shown(service, '#timeline').textContent()).toContain('没有更早的记录了');
    await pageShot(service, '90-timeline-all');
    expect(app.pageErrors).toEqual([]);
  });
});

describe('回访计划', () => {
  it('a service member reads the plan and is told which role may change it', async () => {
    await service.goto(`${app.base}/#/staff/follow-ups`);
    await shown(service, '#go-follow-up-plans').click();
    await shown(service, '#plans-read-only').waitFor({ timeout: WAIT });
    expect(await shown(service, '#plans-read-only').textContent()).toContain('需要管理者角色');
    expect(await shown(service, '#plan-row-0').textContent()).toBe('第 1 天 · 电话 · 客服');
    expect(await service.locator('#plan-save:visible').count()).toBe(0);
    await pageShot(service, '91-plans-read-only');
  });

  it('a manager adds a row, sees the server refuse it beside the row, fixes it, saves, and restores the defaults', async () => {
    const page = await app.phone();
    await signIn(page, app.base, await devLogin(app.base, uniqueOpenid('tl-mgr-ui'), 'manager', s.clinicId));
    await page.goto(`${app.base}/#/pages/index/index`);
    await openStaffPage(page, '#go-manager');
    await shown(page, '#go-plans').click();
    await shown(page, '#plan-category-orthodontic').click();
    await shown(page, '#plan-orthodontic').waitFor({ timeout: WAIT });
    expect(await shown(page, '#plan-orthodontic').textContent()).toContain('默认计划');
    await shown(page, '#plan-add').click();
    await shown(page, '#plan-days-2 input').fill('400');
    await shown(page, '#plan-kind-2-message').click();
    await shown(page, '#plan-save').click();
    await shown(page, '#plan-error-2').waitFor({ timeout: WAIT });
    expect(await shown(page, '#plan-error-2').textContent()).toBe('天数应为 0 到 365 的整数');
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, '91-plans-error');

    await shown(page, '#plan-days-2 input').fill('53');
    await shown(page, '#plan-save').click();
    await shown(page, '#plan-note').waitFor({ timeout: WAIT });
    expect(await shown(page, '#plan-note').textContent()).toContain('已保存');
    expect(await page.locator('#plan-error-2:visible').count()).toBe(0);
    await pageShot(page, '91-plans-saved');
    const saved = await app.api<{ items: any[] }>('GET', '/v1/follow-up-plans', s.managerToken);
    const ortho = saved.items.find((p) => p.category === 'orthodontic');
    expect(ortho).toMatchObject({ isDefault: false });
    expect(ortho.rows).toEqual([
      { daysAfter: 1, kind: 'survey', role: 'service' },
      { daysAfter: 25, kind: 'message', role: 'service' },
      { daysAfter: 53, kind: 'message', role: 'service' },
    ]);

    await shown(page, '#plan-restore').click();
    expect(await page.locator('#plan-orthodontic:visible .plan-row').count()).toBe(2);
    await shown(page, '#plan-save').click();
    await page.waitForFunction(
      () => ((globalThis as any).document.querySelector('#plan-note')?.textContent ?? '').includes('已保存'),
      undefined,
      { timeout: WAIT },
    );
    const restored = await app.api<{ items: any[] }>('GET', '/v1/follow-up-plans', s.managerToken);
    expect(restored.items.find((p) => p.category === 'orthodontic').rows).toEqual([
      { daysAfter: 1, kind: 'survey', role: 'service' },
      { daysAfter: 25, kind: 'message', role: 'service' },
    ]);
    expect(app.pageErrors).toEqual([]);
  });
});
