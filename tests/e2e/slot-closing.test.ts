import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { clinicDate } from '../../shared/dates';
import { profile, uniqueOpenid } from '../support/api';
import { screenshot } from '../support/browser';
import { insertTestSlot } from '../support/fixtures';
import { h5AppForFile, shown } from '../support/h5-app';
import { devLogin, heightOf, ownClinic, signIn } from '../support/own-clinic';

// 停诊 on a slot two patients booked: the manager is told how many first, may step back, and after
// closing the front desk still has both bookings on today's list, marked 停诊, to call them.

const WAIT = 15_000;
const QUESTION = '该时段已有 2 位患者预约，停诊后请前台逐一通知。确定停诊？';

const app = h5AppForFile();
let manager: Page;
let desk: Page;
const day = { clinicId: '', deptId: '', slotId: '', managerToken: '', appointments: [] as string[] };

/** A slot today, starting in two hours (open, not started), with room for five. */
function slotToday(): Promise<string> {
  return insertTestSlot({
    clinicId: day.clinicId,
    departmentId: day.deptId,
    startsAt: Date.now() + 2 * 60 * 60_000,
    capacity: 5,
    date: clinicDate(new Date()),
  });
}

/** A patient books the slot from their own account. */
async function book(name: string): Promise<string> {
  const token = await app.token(uniqueOpenid('close-patient'));
  const p = await app.api<{ id: string }>('POST', '/v1/me/patients', token, profile({ name }));
  return (await app.api<{ id: string }>('POST', '/v1/appointments', token, { patientId: p.id, slotId: day.slotId })).id;
}

async function slotIsClosed(): Promise<boolean> {
  const r = await app.api<{ items: { id: string; closed: boolean }[] }>(
    'GET',
    `/v1/slots?departmentId=${day.deptId}&date=${clinicDate(new Date())}`,
    day.managerToken,
  );
  return r.items.find((s) => s.id === day.slotId)?.closed ?? false;
}

const question = () => manager.locator('.taro-modal__text:visible');

beforeAll(async () => {
  ({ clinicId: day.clinicId, deptId: day.deptId } = await ownClinic('close', '仁和口腔·停诊测试院'));
  day.slotId = await slotToday();
  day.appointments = [await book('郑秋华'), await book('冯建国')];
  const managerLogin = await devLogin(app.base, uniqueOpenid('close-manager'), 'manager', day.clinicId);
  day.managerToken = managerLogin.token;
  [manager, desk] = await Promise.all([app.phone(), app.phone()]);
  await signIn(manager, app.base, managerLogin);
  await signIn(desk, app.base, await devLogin(app.base, uniqueOpenid('close-desk'), 'frontdesk', day.clinicId));
  await manager.goto(`${app.base}/#/staff/slots`);
  await shown(manager, `#day-slot-${day.slotId}`).waitFor({ timeout: WAIT });
});

describe('停诊 on a booked slot', () => {
  it('asks first, naming the 2 bookings, and 取消 leaves the slot open', async () => {
    expect(await shown(manager, `#day-slot-${day.slotId}`).textContent()).toContain('已约 2/5');
    const close = shown(manager, `#close-${day.slotId}`);
    expect(await heightOf(close)).toBeGreaterThanOrEqual(44);
    await close.click();
    await expect.poll(() => question().textContent(), { timeout: WAIT }).toBe(QUESTION);
    await screenshot(manager, '50-slots-close-confirm');
    await manager.locator('.taro-model__cancel:visible').click();
    await expect.poll(() => question().count(), { timeout: WAIT }).toBe(0);
    expect(await slotIsClosed()).toBe(false);
    expect(await shown(manager, `#close-${day.slotId}`).isVisible()).toBe(true);
    expect(app.pageErrors).toEqual([]);
  });

  it('确定 closes it and says the desk will find both bookings marked 停诊', async () => {
    await shown(manager, `#close-${day.slotId}`).click();
    await expect.poll(() => question().textContent(), { timeout: WAIT }).toBe(QUESTION);
    const closed = manager.waitForResponse((r) => r.url().includes(`/slots/${day.slotId}/close`), { timeout: WAIT });
    await manager.locator('.taro-model__confirm:visible').click();
    expect((await closed).status()).toBe(200);
    await expect
      .poll(() => shown(manager, `#day-slot-${day.slotId}`).textContent(), { timeout: WAIT })
      .toContain('已停诊');
    expect(await shown(manager, '#close-done').textContent()).toContain('2 位患者');
    expect(await slotIsClosed()).toBe(true);
    await screenshot(manager, '51-slots-closed');
    expect(app.pageErrors).toEqual([]);
  });

  it("the front desk still sees both bookings on today's list, each marked 停诊", async () => {
    await desk.goto(`${app.base}/#/staff/checkin`);
    for (const id of day.appointments) {
      const row = shown(desk, `#staff-appointment-${id}`);
      await row.waitFor({ timeout: WAIT });
      expect(await shown(desk, `#slot-closed-${id}`).textContent()).toContain('停诊');
      expect(await heightOf(shown(desk, `#staff-checkin-${id}`))).toBeGreaterThanOrEqual(44);
    }
    expect(await shown(desk, `#staff-appointment-${day.appointments[0]}`).textContent()).toContain('郑秋华');
    expect(await shown(desk, `#staff-appointment-${day.appointments[1]}`).textContent()).toContain('冯建国');
    await screenshot(desk, '52-checkin-closed-slot');
    expect(app.pageErrors).toEqual([]);
  });
});
