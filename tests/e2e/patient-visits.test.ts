import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, clinicDate } from '../../shared/dates';
import { profile, uniqueOpenid } from '../support/api';
import { ensureTestClinic, insertTestSlot, newDepartment, newSlot, TEST_CLINIC } from '../support/fixtures';
import { h5AppForFile, loginAs, pageShot, shown, smallOrCutTargets } from '../support/h5-app';

// Booking, 我的预约, 到院签到 and 我的排队 as a patient reads them: which hospital, in which order,
// what comes after a visit, and what the queue page says when the network or the numbers are odd.

const WAIT = 15_000;
const XUHUI = 'c_xuhui';
const XUHUI_IMPLANT = 'd_xuhui_implant';
const today = () => clinicDate(new Date());
const tomorrow = () => addDays(today(), 1);
const weekdays = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
/** 12月20日 周六, computed here independently of the app. */
const spoken = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${m}月${d}日 ${weekdays[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}`;
};

const app = h5AppForFile();
/** One account with three appointments: done with a revisit date, ahead at 徐汇院, cancelled. */
const booked = { openid: '', token: '', patientId: '', done: '', ahead: '', cancelled: '', dept: '', revisit: '' };
/** Another account, checked in today and waiting. */
const waiting = { openid: '', ticketId: '', displayNumber: '', appointmentId: '' };

/** A slot at the seeded 徐汇院 tomorrow at 10:00 (no one's queue today is touched). */
function xuhuiSlotTomorrow(): Promise<string> {
  return insertTestSlot({
    clinicId: XUHUI,
    departmentId: XUHUI_IMPLANT,
    startsAt: `${tomorrow()}T10:00:00+08:00`,
    capacity: 5,
  });
}

async function bookSlot(token: string, patientId: string, slotId: string): Promise<string> {
  return (await app.api<{ id: string }>('POST', '/v1/appointments', token, { patientId, slotId })).id;
}

async function arrange(): Promise<void> {
  booked.dept = await newDepartment('V');
  booked.openid = uniqueOpenid('e2e-appts');
  booked.token = await app.token(booked.openid);
  booked.patientId = (
    await app.api<{ id: string }>('POST', '/v1/me/patients', booked.token, profile({ name: '马晓东' }))
  ).id;
  const doctor = await app.token(uniqueOpenid('e2e-doctor'), 'doctor', TEST_CLINIC);
  const doctorId = (await app.api<{ staffId: string }>('GET', '/v1/me', doctor)).staffId;
  booked.done = await bookSlot(booked.token, booked.patientId, await newSlot(booked.dept));
  const ticket = await app.api<{ id: string }>('POST', `/v1/appointments/${booked.done}/check-in`, booked.token);
  booked.revisit = addDays(today(), 40);
  await app.api('POST', '/v1/visits', doctor, {
    ticketId: ticket.id,
    category: 'orthodontic',
    chargeFen: 50_000,
    doctorId,
    nextRevisitDate: booked.revisit,
  });
  booked.cancelled = await bookSlot(booked.token, booked.patientId, await newSlot(booked.dept, { date: tomorrow() }));
  await app.api('POST', `/v1/appointments/${booked.cancelled}/cancel`, booked.token);
  booked.ahead = await bookSlot(booked.token, booked.patientId, await xuhuiSlotTomorrow());

  waiting.openid = uniqueOpenid('e2e-waiting');
  const token = await app.token(waiting.openid);
  const p = await app.api<{ id: string }>('POST', '/v1/me/patients', token, profile({ name: '钱美玲' }));
  waiting.appointmentId = await bookSlot(token, p.id, await newSlot(await newDepartment('W')));
  const t = await app.api<{ id: string; displayNumber: string }>(
    'POST',
    `/v1/appointments/${waiting.appointmentId}/check-in`,
    token,
  );
  waiting.ticketId = t.id;
  waiting.displayNumber = t.displayNumber;
}

beforeAll(async () => {
  await ensureTestClinic();
  await arrange();
});

async function signedIn(openid: string): Promise<Page> {
  const page = await app.phone();
  await loginAs(page, app.base, openid);
  return page;
}

/** The waiting patient's number page, with the API's answer for their ticket changed by `change`. */
async function ticketPageAnswering(
  change: (real: { displayNumber: string }) => Record<string, unknown>,
): Promise<Page> {
  const page = await signedIn(waiting.openid);
  await page.route(`**/v1/tickets/${waiting.ticketId}`, async (route) => {
    const real = await (await route.fetch()).json();
    await route.fulfill({ json: { ...real, ...change(real) } });
  });
  await page.goto(`${app.base}/#/pages/ticket/index?id=${waiting.ticketId}`);
  return page;
}

describe('booking and my appointments in Chromium on the H5 build', () => {
  it('brings the slots into view after a date is tapped', async () => {
    const page = await signedIn(booked.openid);
    await shown(page, '#go-book').click();
    await shown(page, `#book-clinic-${TEST_CLINIC}`).click();
    await shown(page, `#book-dept-${booked.dept}`).click();
    await shown(page, `#book-date-${addDays(today(), 13)}`).waitFor({ timeout: WAIT });
    await shown(page, `#book-date-${tomorrow()}`).click();
    // Both the section title and the first slot on the screen, without the patient scrolling.
    const title = shown(page, '#book-slots .section-title');
    const slot = shown(page, '#book-slots .slot');
    await slot.waitFor({ timeout: WAIT });
    const bottom = async () => {
      const box = await slot.boundingBox();
      return box ? box.y + box.height : 9999;
    };
    await expect.poll(bottom, { timeout: 3000 }).toBeLessThanOrEqual(812);
    expect((await title.boundingBox())?.y ?? -1).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: 'tests/artifacts/e2e/visits-01-slots-in-view.png' });
    expect(await smallOrCutTargets(page)).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });

  it('names the hospital, lists active bookings above cancelled ones and shows the revisit date', async () => {
    const page = await signedIn(booked.openid);
    await shown(page, '#go-appointments').click();
    await shown(page, `#appointment-${booked.ahead}`).waitFor({ timeout: WAIT });
    const order = await page.locator('#appointments:visible .card').evaluateAll((cards) => cards.map((c) => c.id));
    expect(order).toEqual([
      `appointment-${booked.ahead}`,
      `appointment-${booked.done}`,
      `appointment-${booked.cancelled}`,
    ]);
    expect(await shown(page, `#appointment-${booked.ahead}`).textContent()).toContain('仁和口腔·徐汇院');
    const done = (await shown(page, `#appointment-${booked.done}`).textContent()) ?? '';
    expect(done).toContain('测试口腔门诊');
    expect(await shown(page, `#revisit-${booked.done}`).textContent()).toBe(`复诊提醒：${spoken(booked.revisit)}`);
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, 'visits-02-my-appointments');
    expect(app.pageErrors).toEqual([]);
  });

  it('says plainly that the network failed on a page where nothing was typed', async () => {
    const page = await signedIn(booked.openid);
    await page.route('**/v1/me/appointments**', (route) => route.abort('internetdisconnected'));
    await shown(page, '#go-appointments').click();
    const error = shown(page, '#appointments-error');
    await error.waitFor({ timeout: WAIT });
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('网络连接失败');
    expect(text).toContain('重试');
    expect(text).not.toContain('已保留');
    expect(app.pageErrors).toEqual([]);
  });
});

describe('today’s number in Chromium on the H5 build', () => {
  it('names the hospital on the home page and on the check-in page', async () => {
    const page = await signedIn(waiting.openid);
    const card = shown(page, `#home-ticket-${waiting.ticketId}`);
    await card.waitFor({ timeout: WAIT });
    expect(await card.textContent()).toContain('测试口腔门诊');
    expect(await card.textContent()).toContain(waiting.displayNumber);
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, 'visits-03-home-ticket');
    await shown(page, '#go-checkin').click();
    const row = shown(page, `#appointment-${waiting.appointmentId}`);
    await row.waitFor({ timeout: WAIT });
    expect(await row.textContent()).toContain('测试口腔门诊');
    expect(await shown(page, `#ticket-link-${waiting.appointmentId}`).textContent()).toContain('查看排队');
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, 'visits-04-checkin');
    expect(app.pageErrors).toEqual([]);
  });

  it('never names the patient’s own number as 当前叫号 and never says 约 0 分钟', async () => {
    const page = await ticketPageAnswering((real) => ({ nowServing: real.displayNumber, ahead: 1, etaMinutes: 0 }));
    await shown(page, '#ticket-eta').waitFor({ timeout: WAIT });
    expect(await shown(page, '#ticket-eta').textContent()).toBe('即将轮到您');
    expect(await page.locator('#ticket-now-serving:visible').count()).toBe(0);
    expect(await shown(page, '#ticket').textContent()).not.toContain('0 分钟');
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, 'visits-05-ticket-soon');
    expect(app.pageErrors).toEqual([]);
  });

  it('does not double a room already named 诊室 when the patient is called', async () => {
    const page = await ticketPageAnswering((real) => ({
      status: 'called',
      room: '3诊室',
      nowServing: real.displayNumber,
      calledAt: new Date().toISOString(),
    }));
    const banner = shown(page, '#ticket-called-banner');
    await banner.waitFor({ timeout: WAIT });
    expect(await banner.textContent()).toContain('请到 3诊室就诊');
    expect(await shown(page, '#ticket').textContent()).not.toContain('诊室 诊室');
    await pageShot(page, 'visits-06-ticket-called');
    expect(app.pageErrors).toEqual([]);
  });

  it('opened offline, the number page says the network failed and offers 重试 and 返回首页', async () => {
    const page = await signedIn(waiting.openid);
    await page.route('**/v1/tickets/**', (route) => route.abort('internetdisconnected'));
    await page.goto(`${app.base}/#/pages/ticket/index?id=${waiting.ticketId}`);
    const error = shown(page, '#ticket-error');
    await error.waitFor({ timeout: WAIT });
    expect(await error.textContent()).toContain('网络连接失败');
    expect(await shown(page, '#ticket-error .btn').textContent()).toBe('重试');
    expect(await shown(page, '#ticket-home').isVisible()).toBe(true);
    expect(await smallOrCutTargets(page)).toEqual([]);
    await pageShot(page, 'visits-07-ticket-offline');
    await page.unroute('**/v1/tickets/**');
    await shown(page, '#ticket-error .btn').click();
    await expect.poll(() => shown(page, '#ticket-number').textContent(), { timeout: WAIT }).toBe(waiting.displayNumber);
    expect(app.pageErrors).toEqual([]);
  });
});
