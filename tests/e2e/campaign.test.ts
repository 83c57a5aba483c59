import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { clinicDate } from '../../shared/dates';
import { uniquePhone } from '../support/api';
import { screenshot } from '../support/browser';
import { insertTestSlot } from '../support/fixtures';
import { demoDoctorVisit, h5AppForFile, loginAs, openStaffPage, shown } from '../support/h5-app';

// A campaign from QR code to revenue, as the marketer and a new patient see it.

const CLINIC = 'c_xuhui';
const DEPT = 'd_xuhui_implant';
const CHARGE_FEN = 880_000;
const WAIT = 15_000;

const app = h5AppForFile();
let marketer: Page;
const campaignName = `社区义诊${Math.random().toString(36).slice(2, 6)}`;
const flow = {
  campaignId: '',
  patientId: '',
  signupToken: '',
  before: { newRecords: 0, appointments: 0, arrivals: 0, revenue: 0 },
};

/** A figure on the marketer's home, as a number (¥1,280.00 -> 128000 fen). */
async function figure(id: string): Promise<number> {
  const text = (await shown(marketer, `#${id}`).textContent()) ?? '';
  const digits = text.replace(/[^\d.]/g, '');
  return id === 'today-revenue' ? Math.round(Number(digits) * 100) : Number(digits);
}

async function figures() {
  return {
    newRecords: await figure('today-newRecords'),
    appointments: await figure('today-appointments'),
    arrivals: await figure('today-arrivals'),
    revenue: await figure('today-revenue'),
  };
}

async function openMarketingHome() {
  await marketer.goto(`${app.base}/#/staff/marketing`);
  await shown(marketer, '#today-newRecords').waitFor({ timeout: WAIT });
  await expect.poll(() => shown(marketer, '#today-newRecords').textContent(), { timeout: WAIT }).toMatch(/\d/);
}

beforeAll(async () => {
  marketer = await app.phone();
  await loginAs(marketer, app.base, 'demo-marketing');
});

describe('a campaign in Chromium on the H5 build', () => {
  it('a marketer creates a campaign and sees its QR code', async () => {
    await openStaffPage(marketer, '#go-marketing');
    await shown(marketer, '#today-newRecords').waitFor({ timeout: WAIT });
    await expect.poll(() => shown(marketer, '#today-newRecords').textContent(), { timeout: WAIT }).toMatch(/\d/);
    flow.before = await figures();
    await shown(marketer, '#campaign-field-name input').fill(campaignName);
    await shown(marketer, '#campaign-channel-community').click();
    await shown(marketer, '#campaign-field-startsOn input').fill(clinicDate(new Date()));
    await shown(marketer, '#campaign-field-endsOn input').fill('2099-12-31');
    await shown(marketer, '#campaign-submit').click();
    await expect
      .poll(
        async () =>
          (
            await app.api<{ items: { name: string }[] }>('GET', '/v1/campaigns', await app.token('demo-marketing'))
          ).items.some((c) => c.name === campaignName),
        { timeout: WAIT },
      )
      .toBe(true);
    flow.campaignId = (
      await app.api<{ items: { id: string; name: string }[] }>(
        'GET',
        '/v1/campaigns',
        await app.token('demo-marketing'),
      )
    ).items.find((c) => c.name === campaignName)!.id;
    await shown(marketer, `#campaign-${flow.campaignId}`).waitFor({ timeout: WAIT });
    await shown(marketer, `#qr-${flow.campaignId}`).click();
    const qr = shown(marketer, '#qr-image');
    await qr.waitFor({ timeout: WAIT });
    await expect
      .poll(() => qr.evaluate((el) => el.querySelector('img')?.getAttribute('src') ?? el.getAttribute('src') ?? ''), {
        timeout: WAIT,
      })
      .toMatch(/^data:image\/png;base64,/);
    await screenshot(marketer, '20-campaign-qr');
    expect(app.pageErrors).toEqual([]);
  });

  it('a new patient opens the landing URL and signs up without being asked to log in', async () => {
    const patient = await app.phone();
    await patient.goto(`${app.base}/#/pages/campaign/index?scene=${flow.campaignId}`);
    await expect.poll(() => shown(patient, '#campaign-name').textContent(), { timeout: WAIT }).toContain(campaignName);
    expect(await shown(patient, '#campaign-clinic').textContent()).toContain('仁和口腔·徐汇院');
    await shown(patient, '#signup-name input').fill('赵晓雪');
    await shown(patient, '#signup-phone input').fill(uniquePhone());
    await shown(patient, '#signup-need-implant').click();
    await screenshot(patient, '21-campaign-landing');
    await shown(patient, '#signup-submit').click();
    await expect.poll(() => shown(patient, '#signup-result').textContent(), { timeout: WAIT }).toContain('报名成功');
    await screenshot(patient, '22-campaign-signed-up');
    // The token the landing page signed in with silently (kept in the page's storage).
    flow.signupToken = await patient.evaluate(() => {
      const storage = (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage;
      for (const k of Object.keys(storage)) {
        const v = storage.getItem(k) ?? '';
        const m = v.match(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
        if (m) return m[0];
      }
      return '';
    });
    expect(flow.signupToken).not.toBe('');
    expect(app.pageErrors).toEqual([]);
  });

  it("the marketer's home shows one more new record", async () => {
    await openMarketingHome();
    await expect.poll(() => figure('today-newRecords'), { timeout: WAIT }).toBe(flow.before.newRecords + 1);
    await screenshot(marketer, '23-marketing-new-record');
  });

  it("after the patient books, checks in and is treated, the marketer's appointments, arrivals and revenue move", async () => {
    const mine = await app.api<{ items: { id: string; name: string }[] }>('GET', '/v1/me/patients', flow.signupToken);
    flow.patientId = mine.items.find((p) => p.name === '赵晓雪')!.id;
    const slotId = await insertTestSlot({
      clinicId: CLINIC,
      departmentId: DEPT,
      startsAt: Date.now() + 60 * 60_000,
      capacity: 3,
      date: clinicDate(new Date()),
    });
    const appt = await app.api<{ id: string }>('POST', '/v1/appointments', flow.signupToken, {
      patientId: flow.patientId,
      slotId,
    });
    const ticket = await app.api<{ id: string }>(
      'POST',
      `/v1/appointments/${appt.id}/check-in`,
      await app.token('demo-frontdesk'),
    );
    await demoDoctorVisit(app, { ticketId: ticket.id, category: 'implant', chargeFen: CHARGE_FEN });
    await openMarketingHome();
    await expect
      .poll(() => figures(), { timeout: WAIT })
      .toEqual({
        newRecords: flow.before.newRecords + 1,
        appointments: flow.before.appointments + 1,
        arrivals: flow.before.arrivals + 1,
        revenue: flow.before.revenue + CHARGE_FEN,
      });
    await screenshot(marketer, '24-marketing-after-visit');
    expect(app.pageErrors).toEqual([]);
  });
});
