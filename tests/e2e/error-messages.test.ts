import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { profile, uniqueOpenid } from '../support/api';
import { screenshot } from '../support/browser';
import { newSlot } from '../support/fixtures';
import { h5AppForFile, loginAs, shown } from '../support/h5-app';
import { ownClinic } from '../support/own-clinic';

// On H5 the code of Taro's toasts and dialogs is fetched when the first failed call is shown, not
// with the first screen (utils/error-messages-lazy.h5.ts): a failed call still shows its message,
// a short one as a toast, a longer one in a dialog to read in full.

const WAIT = 15_000;
const app = h5AppForFile();
const booking = { openid: '', appointmentId: '' };

beforeAll(async () => {
  const own = await ownClinic('e2eerr', '仁和口腔·提示测试院');
  booking.openid = uniqueOpenid('err-patient');
  const token = await app.token(booking.openid);
  const p = await app.api<{ id: string }>('POST', '/v1/me/patients', token, profile({ name: '陶文静' }));
  // Today, a little later: the 到院签到 button shows on the patient's appointments.
  const slotId = await newSlot(own.deptId, { clinicId: own.clinicId, startsInMinutes: 10 });
  booking.appointmentId = (
    await app.api<{ id: string }>('POST', '/v1/appointments', token, { patientId: p.id, slotId })
  ).id;
}, 60_000);

/** The patient's appointments, with the check-in call answered by `message` (409) instead of the API. */
async function refusedCheckIn(message: string): Promise<Page> {
  const page = await app.phone();
  await loginAs(page, app.base, booking.openid);
  await page.route(`**/v1/appointments/${booking.appointmentId}/check-in`, (route) =>
    route.fulfill({
      status: 409,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'TEST_REFUSED', message } }),
    }),
  );
  await page.goto(`${app.base}/#/pages/appointments/index`);
  await shown(page, `#checkin-${booking.appointmentId}`).click();
  return page;
}

describe('a failed call on H5', () => {
  it('shows a short message as a toast', async () => {
    const page = await refusedCheckIn('今天不能签到');
    // The toast's own box is empty (its parts are fixed in place): wait for its text to show.
    await page.locator('.taro__toast').getByText('今天不能签到', { exact: true }).waitFor({ timeout: WAIT });
    await screenshot(page, 'error-message-toast');
    await page.close();
  });

  it('shows a longer message in a dialog, read in full', async () => {
    const long = '这条预约所在的科室今天停诊，签到暂时无法办理，请联系前台改约';
    const page = await refusedCheckIn(long);
    await expect.poll(() => shown(page, '.taro-modal__text').textContent(), { timeout: WAIT }).toBe(long);
    await screenshot(page, 'error-message-dialog');
    await page.close();
  });
});
