import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { clinicDate } from '../../shared/dates';
import { spacedPhone } from '../../shared/phone';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { screenshot } from '../support/browser';
import { demoDoctorVisit, h5AppForFile, loginAs, openStaffPage, shown } from '../support/h5-app';
import { heightOf } from '../support/own-clinic';

// A marketer's day with the people they must call back: a lead entered by hand, a sign-up through
// their campaign, the code and link they hand out, and what the manager reads about it.

const CLINIC = 'c_xuhui';
const WAIT = 15_000;
const LEAD_NAME = '孙丽华';
const DESCRIPTION = '免费口腔检查一次，含全景片';
/** A department no other browser test queues in. */
const DEPT = 'd_xuhui_perio';
/** The largest charge a visit takes: ¥999,999.99, the widest figure a tile must hold. */
const BIG_FEN = 99_999_999;

const app = h5AppForFile();
let marketer: Page;
let manager: Page;
const flow = {
  openid: uniqueOpenid('e2e-mk'),
  token: '',
  staffId: '',
  leadPhone: uniquePhone(),
  signupPhone: uniquePhone(),
  campaign: { id: '', scene: '' },
};

async function width(l: Locator): Promise<number> {
  return (await l.boundingBox())?.width ?? 0;
}

async function createCampaign(name: string): Promise<{ id: string; scene: string }> {
  return app.api('POST', '/v1/campaigns', flow.token, {
    name,
    channel: 'community',
    startsOn: clinicDate(new Date()),
    endsOn: '2099-12-31',
    description: DESCRIPTION,
  });
}

beforeAll(async () => {
  // A marketer of their own, so parallel test files never share their leads or campaigns.
  flow.token = await app.token(flow.openid, 'marketing', CLINIC);
  flow.staffId = (await app.api<{ staffId: string }>('GET', '/v1/me', flow.token)).staffId;
  flow.campaign = await createCampaign(`口腔义诊${Math.random().toString(36).slice(2, 6)}`);
  [marketer, manager] = await Promise.all([app.phone(), app.phone()]);
  await loginAs(marketer, app.base, flow.openid);
  await loginAs(manager, app.base, 'demo-manager');
});

describe('a marketer and the people to call back, in Chromium on the H5 build', () => {
  it('a lead entered by hand is listed in 我的建档 with the phone in full and a call button', async () => {
    await openStaffPage(marketer, '#go-marketing');
    await shown(marketer, '#my-leads').waitFor({ timeout: WAIT });
    await shown(marketer, '#go-lead-entry').click();
    await shown(marketer, '#field-name input').fill(LEAD_NAME);
    await shown(marketer, '#field-phone input').fill(flow.leadPhone);
    await shown(marketer, '#channel-street').click();
    await shown(marketer, '#submit').click();
    await expect.poll(() => shown(marketer, '#lead-saved').textContent(), { timeout: WAIT }).toContain(LEAD_NAME);
    await screenshot(marketer, '30-lead-saved');
    await shown(marketer, '#lead-back').click();

    const lead = (await app.api<{ items: { id: string; name: string }[] }>('GET', '/v1/leads', flow.token)).items[0]!;
    expect(lead.name).toBe(LEAD_NAME);
    const phone = shown(marketer, `#lead-${lead.id}-phone`);
    await expect.poll(() => phone.textContent(), { timeout: WAIT }).toBe(spacedPhone(flow.leadPhone));
    const call = shown(marketer, `#lead-${lead.id}-call`);
    expect(await call.textContent()).toContain('拨打');
    expect(await heightOf(call)).toBeGreaterThanOrEqual(44);
    await shown(marketer, '#my-leads').scrollIntoViewIfNeeded();
    await screenshot(marketer, '31-my-leads');
    expect(app.pageErrors).toEqual([]);
  });

  it("a patient's sign-up through the campaign shows in the sign-up list with the phone in full and a call button", async () => {
    const patient = await app.phone();
    await patient.goto(`${app.base}/#/pages/campaign/index?scene=${flow.campaign.scene}`);
    await expect.poll(() => shown(patient, '#campaign-description').textContent(), { timeout: WAIT }).toBe(DESCRIPTION);
    expect(await shown(patient, '#campaign-address').textContent()).toContain('漕溪北路 88 号');
    expect(await shown(patient, '#campaign-phone').textContent()).toContain('021-6488 0088');
    expect(await heightOf(shown(patient, '#campaign-call'))).toBeGreaterThanOrEqual(44);
    await shown(patient, '#signup-name input').fill('钱美玲');
    await shown(patient, '#signup-phone input').fill(flow.signupPhone);
    await screenshot(patient, '32-landing-with-clinic');
    await shown(patient, '#signup-submit').click();
    await expect.poll(() => shown(patient, '#signup-result').textContent(), { timeout: WAIT }).toContain('报名成功');

    await marketer.goto(`${app.base}/#/staff/marketing`);
    await shown(marketer, `#touches-${flow.campaign.id}`).click();
    const phone = shown(marketer, '#touch-0-phone');
    await expect.poll(() => phone.textContent(), { timeout: WAIT }).toBe(spacedPhone(flow.signupPhone));
    const call = shown(marketer, '#touch-0-call');
    expect(await call.textContent()).toContain('拨打');
    expect(await heightOf(call)).toBeGreaterThanOrEqual(44);
    await screenshot(marketer, '33-signups-with-phones');
    await shown(marketer, '#sheet-close').click();
    expect(app.pageErrors).toEqual([]);
  });

  it('the QR sheet shows the landing link, and 复制链接 copies it', async () => {
    await shown(marketer, `#qr-${flow.campaign.id}`).click();
    const link = `${app.base}/#/pages/campaign/index?scene=${flow.campaign.scene}`;
    await expect.poll(() => shown(marketer, '#qr-link').textContent(), { timeout: WAIT }).toBe(link);
    await shown(marketer, '#qr-image').waitFor({ timeout: WAIT });
    const copy = shown(marketer, '#qr-copy');
    expect(await copy.textContent()).toBe('复制链接');
    expect(await heightOf(copy)).toBeGreaterThanOrEqual(44);
    await copy.click();
    // H5 keeps what it copied under this key as well as on the system clipboard.
    await expect
      .poll(
        () =>
          marketer.evaluate(() => {
            const storage = (globalThis as unknown as { localStorage: { getItem(k: string): string | null } })
              .localStorage;
            return storage.getItem('taro_clipboard') ?? '';
          }),
        { timeout: WAIT },
      )
      .toContain(link);
    await screenshot(marketer, '34-qr-link');
    await shown(marketer, '#sheet-close').click();
    expect(app.pageErrors).toEqual([]);
  });

  it('a revenue of ¥999,999.99 stays whole on one line on a 375 px phone, for the marketer and the manager', async () => {
    // The hand-entered lead walks in and is treated: the charge counts for the marketer who owns them.
    const lead = (await app.api<{ items: { id: string }[] }>('GET', '/v1/leads', flow.token)).items.at(-1)!;
    const ticket = await app.api<{ id: string }>(
      'POST',
      `/v1/queues/${DEPT}/tickets`,
      await app.token('demo-frontdesk'),
      {
        patientId: lead.id,
      },
    );
    await demoDoctorVisit(app, { ticketId: ticket.id, category: 'periodontal', chargeFen: BIG_FEN });

    await marketer.goto(`${app.base}/#/staff/marketing`);
    const mine = shown(marketer, '#today-revenue');
    await expect.poll(() => mine.textContent(), { timeout: WAIT }).toBe('¥999,999.99');
    expect(await heightOf(mine)).toBeLessThan(40);
    await screenshot(marketer, '35-marketing-big-revenue');

    await manager.goto(`${app.base}/#/staff/manager`);
    const total = shown(manager, '#total-revenue');
    await expect.poll(() => total.textContent(), { timeout: WAIT }).toMatch(/^¥[\d,]+\.\d{2}$/);
    expect(await heightOf(total)).toBeLessThan(40);
    const rank = shown(manager, `#rank-${flow.staffId}`);
    await rank.scrollIntoViewIfNeeded();
    expect(await rank.textContent()).toContain('¥999,999.99');
    expect(await heightOf(shown(manager, '#month-prev'))).toBeGreaterThanOrEqual(44);
    await screenshot(manager, '36-manager-totals');
    expect(app.pageErrors).toEqual([]);
  });

  it('the manager board shows "—" where a rate has no base: a campaign without new records, a target of 0', async () => {
    // A campaign that reached only someone already on file: a sign-up, no new record, no rate.
    const reachedKnown = await createCampaign(`老患者回访${Math.random().toString(36).slice(2, 6)}`);
    await app.api('POST', `/v1/campaigns/${reachedKnown.id}/signups`, await app.token(uniqueOpenid('e2e-known')), {
      name: LEAD_NAME,
      phone: flow.leadPhone,
      consents: { marketing: false },
    });
    await manager.goto(`${app.base}/#/staff/manager`);
    const conversion = shown(manager, `#campaign-row-${reachedKnown.id}-conversion`);
    await expect.poll(() => conversion.textContent(), { timeout: WAIT }).toBe('转化率 —');
    expect(await shown(manager, `#campaign-row-${reachedKnown.id}-known`).textContent()).toBe('老患者 1');
    await conversion.scrollIntoViewIfNeeded();
    await screenshot(manager, '37-manager-campaign-no-base');

    const setTarget = shown(manager, `#target-${flow.staffId}`);
    expect(await heightOf(setTarget)).toBeGreaterThanOrEqual(44);
    await setTarget.click();
    await shown(manager, '#target-revenue input').fill('2000000');
    await shown(manager, '#target-arrivals input').fill('0');
    await shown(manager, '#target-save').click();
    await expect
      .poll(() => shown(manager, `#rank-arrivals-${flow.staffId}-pct`).textContent(), { timeout: WAIT })
      .toBe('—');
    expect(await shown(manager, `#rank-revenue-${flow.staffId}-pct`).textContent()).toBe('50.0%');
    await shown(manager, `#rank-${flow.staffId}`).scrollIntoViewIfNeeded();
    await screenshot(manager, '38-manager-target-no-base');
    expect(app.pageErrors).toEqual([]);
  });

  it('the manager board compares channels with bars, each its share of the largest', async () => {
    await manager.goto(`${app.base}/#/staff/manager`);
    await shown(manager, '#channel-metric-newRecords').click();
    const rows = manager.locator('#channel-table:visible .mk-bar-row');
    const top = rows.first();
    const topValue = Number(await top.locator('.mk-bar-value').textContent());
    const track = await width(top.locator('.mk-bar-track'));
    expect(await width(top.locator('.mk-bar-fill'))).toBeCloseTo(track, 0);
    // 地推 is our hand-entered lead's channel.
    const street = Number(await shown(manager, '#channel-street-value').textContent());
    expect(street).toBeGreaterThan(0);
    const streetTrack = await width(shown(manager, '#channel-street .mk-bar-track'));
    expect(streetTrack).toBeCloseTo(track, 0);
    expect((await width(shown(manager, '#channel-street-bar'))) / streetTrack).toBeCloseTo(street / topValue, 1);
    await shown(manager, '#channel-table').scrollIntoViewIfNeeded();
    await screenshot(manager, '39-manager-channel-bars');
    expect(app.pageErrors).toEqual([]);
  });
});
