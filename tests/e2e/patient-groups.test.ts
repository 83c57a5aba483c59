import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, systemClock, useClock } from '../../functions/lib/clock';
import { addDays, clinicDate } from '../../shared/dates';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { h5AppForFile, openStaffPage, pageShot, shown } from '../support/h5-app';
import { devLogin, ownClinic, signIn } from '../support/own-clinic';

// 患者分组 as a manager works it: two patients cleaned eight months ago (one agreed to marketing)
// are due a cleaning this month; the manager makes this month's groups from the page, opens 洁牙到期,
// makes the follow-up calls and sends the reminder, told first how many will get it.
// A clinic of the file's own: its groups hold only these visits.
const WAIT = 15_000;
const app = h5AppForFile();
const s = { clinicId: '', managerToken: '', ids: [] as string[] };
let manager: Page;

afterEach(() => useClock(systemClock));

/** Taro H5's modal: its text, and its confirming button (Taro's own class name, spelt so). */
const modalText = (page: Page) => page.locator('.taro-modal__text:visible').textContent();
const confirmModal = (page: Page) => page.locator('.taro-model__confirm:visible').click();
/** Waits for a modal whose text contains `part`, answers its text. */
async function modalSaying(page: Page, part: string): Promise<string> {
  await expect.poll(() => modalText(page), { timeout: WAIT }).toContain(part);
  return (await modalText(page)) ?? '';
}

beforeAll(async () => {
  const { clinicId, deptId } = await ownClinic('pge2e', '仁和口腔·分组测试院');
  s.clinicId = clinicId;
  const desk = (await devLogin(app.base, uniqueOpenid('pg-desk'), 'frontdesk', clinicId)).token;
  const doctor = (await devLogin(app.base, uniqueOpenid('pg-doctor'), 'doctor', clinicId)).token;
  const doctorId = (await app.api<{ staffId: string }>('GET', '/v1/me', doctor)).staffId;
  useClock(fixedClock(`${addDays(clinicDate(new Date()), -250)}T10:00:00+08:00`));
  for (const [name, marketing] of [
    ['孙洁牙', true],
    ['周洁牙', false],
  ] as const) {
    const p = await app.api<{ id: string }>('POST', '/v1/patients', desk, {
      name,
      phone: uniquePhone(),
      channel: 'walk_in',
      consents: { healthData: true, marketing },
    });
    const t = await app.api<{ id: string }>('POST', `/v1/queues/${deptId}/tickets`, desk, { patientId: p.id });
    await app.api('POST', '/v1/visits', doctor, { ticketId: t.id, category: 'cleaning', chargeFen: 30_000, doctorId });
    s.ids.push(p.id);
  }
  useClock(systemClock);
  const login = await devLogin(app.base, uniqueOpenid('pg-manager'), 'manager', clinicId);
  s.managerToken = login.token;
  manager = await app.phone();
  await signIn(manager, app.base, login);
  await manager.goto(`${app.base}/#/pages/index/index`);
});

describe('患者分组', () => {
  it('makes this month’s groups from the page and shows 洁牙到期 with its two patients', async () => {
    await openStaffPage(manager, '#go-groups');
    await shown(manager, '#run-grouping').click();
    await modalSaying(manager, '分入');
    await confirmModal(manager);
    const card = shown(manager, '#group-cleaning');
    await card.waitFor({ timeout: WAIT });
    await manager.waitForFunction(
      () => (globalThis as any).document.querySelector('#group-cleaning')?.textContent?.includes('共 2 人'),
      undefined,
      { timeout: WAIT },
    );
    await card.click();
    const member = shown(manager, `#member-${s.ids[0]}`);
    await member.waitFor({ timeout: WAIT });
    expect(await member.textContent()).toContain('上次洁牙');
    await pageShot(manager, '85-patient-groups');
  });

  it('makes the follow-up calls once, after a confirm', async () => {
    await shown(manager, '#make-tasks').click();
    await modalSaying(manager, '2 位待跟进患者');
    await confirmModal(manager);
    await modalSaying(manager, '新生成 2 条');
    await confirmModal(manager);
    await manager.waitForFunction(
      () => (globalThis as any).document.querySelector('#group-members')?.textContent?.includes('已生成回访任务'),
      undefined,
      { timeout: WAIT },
    );
  });

  it('says how many will get the reminder (consent respected) before sending it', async () => {
    await shown(manager, '#send-reminders').click();
    const text = await modalSaying(manager, '将向 1 位同意接收营销信息的患者发送');
    expect(text).toContain('1 位未同意，不发送');
    await pageShot(manager, '85-patient-groups-reminder-confirm');
    await confirmModal(manager);
    await modalSaying(manager, '本次 1 位');
    await confirmModal(manager);
    expect(app.pageErrors).toEqual([]);
  });
});
