import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { putDepartment } from '../../functions/clinics/clinic-repository';
import { profile, uniqueOpenid } from '../support/api';
import { screenshot } from '../support/browser';
import { newSlot } from '../support/fixtures';
import { h5AppForFile, loginAs, pageShot, shown } from '../support/h5-app';
import { ownClinic } from '../support/own-clinic';

// 术后须知 in the patient's records after a visit, 候诊宣教 on the ticket page and rotating on the
// waiting-room screen, as an elderly patient and a TV across the room show them.

const WAIT = 15_000;
const app = h5AppForFile();
const at = {
  clinicId: '',
  generalDept: '',
  implantDept: '',
  doneOpenid: '',
  appointmentId: '',
  waitingOpenid: '',
  ticketId: '',
};

async function patientWithBooking(tag: string, departmentId: string, name: string) {
  const openid = uniqueOpenid(tag);
  const token = await app.token(openid);
  const p = await app.api<{ id: string }>('POST', '/v1/me/patients', token, profile({ name }));
  const slotId = await newSlot(departmentId, { clinicId: at.clinicId, startsInMinutes: 60 });
  const a = await app.api<{ id: string }>('POST', '/v1/appointments', token, { patientId: p.id, slotId });
  const t = await app.api<{ id: string }>('POST', `/v1/appointments/${a.id}/check-in`, token);
  return { openid, appointmentId: a.id, ticketId: t.id };
}

beforeAll(async () => {
  const own = await ownClinic('e2ecare', '仁和口腔·宣教院');
  at.clinicId = own.clinicId;
  at.generalDept = own.deptId;
  at.implantDept = `${own.deptId}_impl`;
  await putDepartment({
    id: at.implantDept,
    clinicId: at.clinicId,
    name: '种植科',
    prefix: 'B',
    room: '2',
    defaultServiceMinutes: 30,
  });

  const done = await patientWithBooking('e2e-care-done', at.generalDept, '王秀兰');
  const doctor = await app.token(uniqueOpenid('e2e-care-doc'), 'doctor', at.clinicId);
  const doctorId = (await app.api<{ staffId: string }>('GET', '/v1/me', doctor)).staffId;
  await app.api('POST', '/v1/visits', doctor, {
    ticketId: done.ticketId,
    category: 'extraction',
    chargeFen: 30_000,
    doctorId,
  });
  at.doneOpenid = done.openid;
  at.appointmentId = done.appointmentId;

  const waiting = await patientWithBooking('e2e-care-wait', at.implantDept, '李建华');
  at.waitingOpenid = waiting.openid;
  at.ticketId = waiting.ticketId;
}, 60_000);

async function signedIn(openid: string): Promise<Page> {
  const page = await app.phone();
  await loginAs(page, app.base, openid);
  return page;
}

const fontPx = (page: Page, selector: string) =>
  shown(page, selector).evaluate((e) => Number.parseFloat((globalThis as any).getComputedStyle(e).fontSize));

describe('care instructions and waiting-room education in Chromium on the H5 build', () => {
  it("shows 术后须知 of an extraction on the completed visit in the patient's appointments, in large text", async () => {
    const page = await signedIn(at.doneOpenid);
    await page.goto(`${app.base}/#/pages/appointments/index`);
    const care = shown(page, `#care-${at.appointmentId}`);
    await care.waitFor({ timeout: WAIT });
    const text = await care.textContent();
    expect(text).toContain('拔牙后须知');
    expect(text).toContain('24 小时内不要漱口、不要用吸管');
    expect(text).toContain('咬紧棉球或纱布 30–40 分钟');
    expect(await fontPx(page, `#care-${at.appointmentId} .read-line`)).toBeGreaterThanOrEqual(19);
    await pageShot(page, 'care-records');
  });

  it("shows the department's education items on the waiting patient's ticket page", async () => {
    const page = await signedIn(at.waitingOpenid);
    await page.goto(`${app.base}/#/pages/ticket/index?id=${at.ticketId}`);
    const edu = shown(page, '#ticket-education');
    await edu.waitFor({ timeout: WAIT });
    expect(await edu.textContent()).toContain('种植牙维护');
    expect(await fontPx(page, '#ticket-education .read-line')).toBeGreaterThanOrEqual(19);
    await pageShot(page, 'care-ticket-education');
  });

  it('rotates education items on the waiting-room screen under the boards, never over a call', async () => {
    const tv = await app.screen({ width: 1280, height: 720 });
    await tv.goto(`${app.base}/display?clinicId=${at.clinicId}`);
    const title = shown(tv, '#display-education-title');
    await title.waitFor({ timeout: WAIT });
    const first = await title.textContent();
    await screenshot(tv, 'care-display-education');
    await expect.poll(() => title.textContent(), { timeout: 16_000, interval: 1000 }).not.toBe(first);
    // Large enough to read across a room: the title is 4vh and a line 3.4vh of 720 px.
    expect(await fontPx(tv, '#display-education-title')).toBeGreaterThanOrEqual(28);
    expect(await fontPx(tv, '#display-education .display-edu-line')).toBeGreaterThanOrEqual(24);

    const nurse = await app.token(uniqueOpenid('e2e-care-nurse'), 'nurse', at.clinicId);
    await app.api('POST', `/v1/queues/${at.implantDept}/call-next`, nurse, { room: '2' });
    const board = shown(tv, `#board-now-${at.implantDept}`);
    await expect.poll(() => board.textContent(), { timeout: WAIT }).toContain('B001');
    const [b, band] = [await board.boundingBox(), await shown(tv, '#display-education').boundingBox()];
    expect(b && band).toBeTruthy();
    expect(band!.y).toBeGreaterThanOrEqual(b!.y + b!.height);
    expect(band!.y + band!.height).toBeLessThanOrEqual(720);
    await screenshot(tv, 'care-display-call');
  });

  it('lets a manager edit 术后须知 with errors beside the field, and the patient reads the new text', async () => {
    const openid = uniqueOpenid('e2e-care-mgr');
    await app.token(openid, 'manager', at.clinicId);
    const page = await signedIn(openid);
    await page.goto(`${app.base}/#/staff/care`);
    await shown(page, '#care-category-extraction').click();
    await shown(page, '#care-title input').fill('');
    await shown(page, '#care-save').click();
    await expect
      .poll(() => shown(page, '#care-extraction').textContent(), { timeout: WAIT })
      .toContain('请填写须知标题');
    await pageShot(page, 'care-staff-error');

    await shown(page, '#care-title input').fill('拔牙后请注意');
    await shown(page, '#care-lines textarea').fill('咬紧纱布 40 分钟。\n今天不要漱口，不要用吸管。');
    await shown(page, '#care-save').click();
    await expect.poll(() => shown(page, '#care-note').textContent(), { timeout: WAIT }).toContain('已保存');
    await pageShot(page, 'care-staff-saved');

    const patient = await signedIn(at.doneOpenid);
    await patient.goto(`${app.base}/#/pages/appointments/index`);
    const care = shown(patient, `#care-${at.appointmentId}`);
    await expect.poll(() => care.textContent(), { timeout: WAIT }).toContain('拔牙后请注意');
    expect(await care.textContent()).toContain('今天不要漱口，不要用吸管。');
  });

  it("lets a manager edit a department's 宣教 and shows a four-line item refused beside it", async () => {
    const openid = uniqueOpenid('e2e-care-mgr2');
    await app.token(openid, 'manager', at.clinicId);
    const page = await signedIn(openid);
    await page.goto(`${app.base}/#/staff/care`);
    await shown(page, '#care-tab-education').click();
    await shown(page, `#care-dept-${at.implantDept}`).click();
    // The first department's items show until the chosen one's have been read.
    await expect.poll(() => shown(page, '#edu-title-0 input').inputValue(), { timeout: WAIT }).toBe('种植牙维护');
    await shown(page, '#edu-add').click();
    await shown(page, '#edu-title-4 input').fill('种植牙用冲牙器');
    await shown(page, '#edu-lines-4 textarea').fill('一\n二\n三\n四');
    await shown(page, '#edu-save').click();
    await expect.poll(() => shown(page, '#edu-item-4').textContent(), { timeout: WAIT }).toContain('每条宣教最多 3 行');
    await pageShot(page, 'care-staff-education-error');

    await shown(page, '#edu-lines-4 textarea').fill('每天用冲牙器冲洗种植牙周围。');
    await shown(page, '#edu-save').click();
    await expect.poll(() => shown(page, '#edu-note').textContent(), { timeout: WAIT }).toContain('已保存');
    // Added as a draft: the public read does not show it until it is published.
    const pub = await app.api<{ items: { title: string }[] }>('GET', `/v1/education?departmentId=${at.implantDept}`);
    expect(pub.items.map((i) => i.title)).not.toContain('种植牙用冲牙器');
    expect(pub.items).toHaveLength(4);
  });
});
