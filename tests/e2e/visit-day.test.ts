import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { clinicDate } from '../../shared/dates';
import { profile, uniqueOpenid, uniquePhone } from '../support/api';
import { screenshot } from '../support/browser';
import { insertTestSlot } from '../support/fixtures';
import { h5AppForFile, loginAs, openStaffPage, shown } from '../support/h5-app';

// The visit day as people live it: a patient books and watches their number, the front desk checks
// them in, the nurse calls, the waiting-room screen shows it. One store, one server, four browsers.

const CLINIC = 'c_xuhui';
const ORTHO = 'd_xuhui_ortho';
const PATIENT_NAME = '林晓燕';
const MASKED = '林*燕';
const ROOM = '3';
const WAIT = 15_000;

const app = h5AppForFile();

/** What the flow learns as it goes; each step reads what the one before it left. */
const day = {
  slotId: '',
  patientOpenid: '',
  patientToken: '',
  patientId: '',
  appointmentId: '',
  ticketId: '',
  displayNumber: '',
};
let patient: Page;
let desk: Page;
let nurse: Page;
let display: Page;

/** A slot starting in about an hour, dated today in the clinic, so it is bookable at any time of day. */
function openSlotToday(): Promise<string> {
  return insertTestSlot({
    clinicId: CLINIC,
    departmentId: ORTHO,
    startsAt: Date.now() + 60 * 60_000,
    capacity: 5,
    date: clinicDate(new Date()),
  });
}

/** Signs in with the login page's demo button of a role and opens a page of 员工工作台. */
async function demoStaffPage(page: Page, role: string, button: string): Promise<void> {
  await page.goto(`${app.base}/#/pages/login/index`);
  await page.click(`#login-demo-${role}`);
  await openStaffPage(page, button);
}

/** The id of the first of the patient's own appointments or tickets that matches ('' when none does). */
async function patientsOwn<T>(path: string, matches: (item: T) => boolean): Promise<string> {
  const { items } = await app.api<{ items: (T & { id: string })[] }>('GET', path, day.patientToken);
  return items.find(matches)?.id ?? '';
}

/** Someone who took a number in 正畸科 before our patient arrived, so the queue has someone ahead. */
async function walkInAhead(): Promise<void> {
  const token = await app.token('demo-frontdesk');
  const p = await app.api<{ id: string }>('POST', '/v1/patients', token, {
    name: '先到患者',
    phone: uniquePhone(),
    channel: 'walk_in',
  });
  await app.api('POST', `/v1/queues/${ORTHO}/tickets`, token, { patientId: p.id });
}

beforeAll(async () => {
  [patient, desk, nurse] = await Promise.all([app.phone(), app.phone(), app.phone()]);
  display = await app.screen({ width: 1280, height: 720 });
  day.slotId = await openSlotToday();
  day.patientOpenid = uniqueOpenid('e2e-visit');
  day.patientToken = await app.token(day.patientOpenid);
  day.patientId = (
    await app.api<{ id: string }>('POST', '/v1/me/patients', day.patientToken, profile({ name: PATIENT_NAME }))
  ).id;
  await walkInAhead();
});

describe('the visit day in Chromium on the H5 build', () => {
  it('a patient books today in 正畸科 of 仁和口腔·徐汇院 and sees the booking confirmed', async () => {
    await loginAs(patient, app.base, day.patientOpenid);
    await patient.click('#go-book');
    await shown(patient, `#book-patient-${day.patientId}`).click();
    await shown(patient, `#book-clinic-${CLINIC}`).click();
    await shown(patient, `#book-dept-${ORTHO}`).click();
    await shown(patient, `#book-date-${clinicDate(new Date())}`).click();
    await shown(patient, `#slot-${day.slotId}`).click();
    const sheet = shown(patient, '#book-sheet');
    await expect.poll(() => sheet.textContent(), { timeout: WAIT }).toContain(PATIENT_NAME);
    expect(await sheet.textContent()).toContain('仁和口腔·徐汇院 正畸科');
    await screenshot(patient, '10-visit-book-confirm');
    await shown(patient, '#book-confirm').click();
    const success = shown(patient, '#book-success');
    await success.waitFor({ timeout: WAIT });
    const text = await success.textContent();
    expect(text).toContain('预约成功');
    expect(text).toContain(PATIENT_NAME);
    expect(text).toContain('正畸科');
    await screenshot(patient, '11-visit-booked');
    day.appointmentId = await patientsOwn<{ slotId: string }>('/v1/me/appointments', (a) => a.slotId === day.slotId);
    expect(day.appointmentId).toBeTruthy();
    expect(app.pageErrors).toEqual([]);
  });

  it("the front desk checks the patient in from today's 正畸科 list and sees the number issued", async () => {
    expect(day.appointmentId, 'booked in the step before').toBeTruthy();
    await demoStaffPage(desk, 'frontdesk', '#go-staff-checkin');
    await shown(desk, `#checkin-dept-${ORTHO}`).click();
    const row = shown(desk, `#staff-appointment-${day.appointmentId}`);
    await row.waitFor({ timeout: WAIT });
    expect(await row.textContent()).toContain(PATIENT_NAME);
    await shown(desk, `#staff-checkin-${day.appointmentId}`).click();
    const issued = shown(desk, '#issued-number');
    await issued.waitFor({ timeout: WAIT });
    day.displayNumber = ((await issued.textContent()) ?? '').trim();
    expect(day.displayNumber).toMatch(/^A\d{3}$/);
    expect(await shown(desk, '#staff-checkin-result').textContent()).toContain(`签到成功 · ${PATIENT_NAME}`);
    await expect.poll(() => row.textContent(), { timeout: WAIT }).toContain('已签到');
    await screenshot(desk, '12-visit-desk-checked-in');
    day.ticketId = await patientsOwn<{ displayNumber: string }>(
      '/v1/me/tickets',
      (t) => t.displayNumber === day.displayNumber,
    );
    expect(day.ticketId).toBeTruthy();
    expect(app.pageErrors).toEqual([]);
  });

  it('the patient opens their number from home and sees it big, who is ahead and the number being called', async () => {
    expect(day.ticketId, 'checked in in the step before').toBeTruthy();
    await patient.goto(`${app.base}/#/pages/index/index`);
    const card = shown(patient, `#home-ticket-${day.ticketId}`);
    await card.waitFor({ timeout: WAIT });
    expect(await card.textContent()).toContain(day.displayNumber);
    await screenshot(patient, '13a-visit-home-ticket');
    await card.click();
    const number = shown(patient, '#ticket-number');
    await expect.poll(() => number.textContent(), { timeout: WAIT }).toBe(day.displayNumber);
    // Big enough to read at arm's length: the number is at least a fifth of the screen's width tall.
    expect((await number.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(75);
    expect(await shown(patient, '#ticket-ahead').textContent()).toMatch(/前面还有 [1-9]\d* 位/);
    expect(await shown(patient, '#ticket-now-serving').textContent()).toContain('当前叫号');
    await screenshot(patient, '13b-visit-ticket-waiting');
    expect(app.pageErrors).toEqual([]);
  });

  it('the waiting-room screen lists the number in 正畸科 with the name masked, never in full', async () => {
    expect(day.displayNumber, 'checked in before').toBeTruthy();
    await display.goto(`${app.base}/display?clinicId=${CLINIC}`);
    expect(display.url()).toContain(`#/display/index?clinicId=${CLINIC}`);
    const next = shown(display, `#board-next-${ORTHO}`);
    await expect.poll(() => next.textContent(), { timeout: WAIT }).toContain(day.displayNumber);
    const panel = shown(display, `#board-${ORTHO}`);
    expect(await panel.textContent()).toContain('正畸科');
    const row = next.locator('.board-next-row', { hasText: day.displayNumber });
    expect(await row.textContent()).toContain(MASKED);
    expect(await display.locator('#display').textContent()).not.toContain(PATIENT_NAME);
    expect(await shown(display, '.display-clinic').textContent()).toBe('仁和口腔·徐汇院');
    await screenshot(display, '14-visit-display-waiting');
    expect(app.pageErrors).toEqual([]);
  });

  it("the nurse calls until it is the patient's turn; the phone says 轮到您了 and the screen shows the room", async () => {
    expect(day.displayNumber, 'checked in before').toBeTruthy();
    await demoStaffPage(nurse, 'nurse', '#go-queue');
    await shown(nurse, `#queue-dept-${ORTHO}`).click();
    await shown(nurse, `#queue-${day.ticketId}`).waitFor({ timeout: WAIT });
    await shown(nurse, '#queue-room input').fill(ROOM);
    // call-next takes the day's tickets in order: call until ours comes up (bounded).
    // The screen highlights a new call for 5 s: watch for it from the first press on.
    const board = shown(display, `#board-${ORTHO}`);
    const flashed = expect
      .poll(() => board.getAttribute('class'), { timeout: 3 * WAIT, interval: 200 })
      .toContain('board-flash');
    let called = '';
    for (let i = 0; i < 10 && called !== day.displayNumber; i++) {
      const answer = nurse.waitForResponse((r) => r.url().includes(`/queues/${ORTHO}/call-next`), { timeout: WAIT });
      await shown(nurse, '#call-next').click();
      const res = await answer;
      expect(res.status()).toBe(200);
      called = ((await res.json()) as { displayNumber: string }).displayNumber;
      await expect.poll(() => shown(nurse, '#queue-note').textContent(), { timeout: WAIT }).toContain(called);
    }
    expect(called).toBe(day.displayNumber);
    expect(await shown(nurse, '#queue-note').textContent()).toBe(
      `已呼叫 ${day.displayNumber} ${PATIENT_NAME} 到 ${ROOM} 诊室`,
    );
    await shown(nurse, `#current-${day.ticketId}`).waitFor({ timeout: WAIT });
    await screenshot(nurse, '15-visit-nurse-called');

    const banner = shown(patient, '#ticket-called-banner');
    await banner.waitFor({ timeout: WAIT });
    expect(await banner.textContent()).toContain('轮到您了');
    expect(await banner.textContent()).toContain(`${ROOM} 诊室`);
    expect(await shown(patient, '#ticket-status').textContent()).toBe('请就诊');
    await screenshot(patient, '16-visit-ticket-called');

    const now = shown(display, `#board-now-${ORTHO}`);
    await expect.poll(() => now.textContent(), { timeout: WAIT }).toContain(day.displayNumber);
    expect(await now.textContent()).toContain(MASKED);
    expect(await now.textContent()).toContain(`${ROOM} 诊室`);
    expect(await shown(display, `#board-${ORTHO}`).textContent()).toContain('正在就诊');
    await flashed;
    expect(await display.locator('#display').textContent()).not.toContain(PATIENT_NAME);
    await screenshot(display, '17-visit-display-called');
    expect(app.pageErrors).toEqual([]);
  });
});
