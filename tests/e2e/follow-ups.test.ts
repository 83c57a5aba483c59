import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, systemClock, useClock } from '../../functions/lib/clock';
import { addDays, clinicDate } from '../../shared/dates';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { screenshot } from '../support/browser';
import { h5AppForFile, openStaffPage, pageShot, shown, smallOrCutTargets } from '../support/h5-app';
import { devLogin, heightOf, ownClinic, signIn } from '../support/own-clinic';

// 今日回访 as the service staff work it: a doctor recorded an implant visit yesterday (the
// server's clock set back for that one request), so its next-day call is due today; the service
// staff member finds it under 今日回访, sees the phone with 拨打, claims it and records 接通.
// A clinic of the file's own: its list holds only this visit's task.
const WAIT = 15_000;
const app = h5AppForFile();
const day = { clinicId: '', taskId: '', phone: '', serviceToken: '' };
let service: Page;

afterEach(() => useClock(systemClock));

beforeAll(async () => {
  const { clinicId, deptId } = await ownClinic('fue2e', '仁和口腔·回访测试院');
  day.clinicId = clinicId;
  const desk = (await devLogin(app.base, uniqueOpenid('fu-desk'), 'frontdesk', clinicId)).token;
  const doctor = (await devLogin(app.base, uniqueOpenid('fu-doctor'), 'doctor', clinicId)).token;
  const doctorId = (await app.api<{ staffId: string }>('GET', '/v1/me', doctor)).staffId;
  const yesterday = addDays(clinicDate(new Date()), -1);
  useClock(fixedClock(`${yesterday}T15:00:00+08:00`));
  day.phone = uniquePhone();
  const p = await app.api<{ id: string }>('POST', '/v1/patients', desk, {
    name: '赵明远',
    phone: day.phone,
    channel: 'walk_in',
  });
  const t = await app.api<{ id: string }>('POST', `/v1/queues/${deptId}/tickets`, desk, { patientId: p.id });
  const v = await app.api<{ id: string }>('POST', '/v1/visits', doctor, {
    ticketId: t.id,
    category: 'implant',
    chargeFen: 880_000,
    doctorId,
  });
  useClock(systemClock);
  day.taskId = `fu_${v.id}_1`;
  const login = await devLogin(app.base, uniqueOpenid('fu-service'), 'service', clinicId);
  day.serviceToken = login.token;
  service = await app.phone();
  await signIn(service, app.base, login);
  await service.goto(`${app.base}/#/pages/index/index`);
});

describe('今日回访', () => {
  it("shows yesterday's implant visit under 今日回访 with the masked name, the phone and a 44 px 拨打", async () => {
    await openStaffPage(service, '#go-follow-ups');
    const card = shown(service, `#task-${day.taskId}`);
    await card.waitFor({ timeout: WAIT });
    const text = await card.textContent();
    expect(text).toContain('赵*远 · 种植');
    expect(text).toContain(`应回访 ${clinicDate(new Date())}`);
    expect(await shown(service, `#phone-${day.taskId}`).textContent()).toBe(day.phone);
    expect(await heightOf(shown(service, `#call-${day.taskId}`))).toBeGreaterThanOrEqual(44);
    expect(await smallOrCutTargets(service)).toEqual([]);
    await screenshot(service, '80-follow-ups-today');
  });

  it('claims it, records 接通 with a note, and the task leaves 今日回访', async () => {
    await shown(service, `#claim-${day.taskId}`).click();
    const answered = shown(service, `#outcome-${day.taskId}-answered`);
    await answered.waitFor({ timeout: WAIT });
    for (const o of ['answered', 'no_answer', 'wrong_number', 'refused', 'complaint']) {
      expect(await heightOf(shown(service, `#outcome-${day.taskId}-${o}`))).toBeGreaterThanOrEqual(44);
    }
    await answered.click();
    await shown(service, `#note-${day.taskId} textarea`).fill('术后无明显肿痛，已提醒按时复查');
    await pageShot(service, '80-follow-ups-outcome-form');
    const saved = service.waitForResponse((r) => r.url().includes(`/follow-ups/${day.taskId}/outcome`), {
      timeout: WAIT,
    });
    await shown(service, `#save-${day.taskId}`).click();
    expect((await saved).status()).toBe(200);
    await service.waitForFunction(
      (id) => !(globalThis as any).document.querySelector(`#task-${id}`)?.offsetParent,
      day.taskId,
      { timeout: WAIT },
    );
    await screenshot(service, '80-follow-ups-done');
    const mine = await app.api<{ items: unknown[] }>('GET', '/v1/follow-ups?view=mine', day.serviceToken);
    expect(mine.items).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
