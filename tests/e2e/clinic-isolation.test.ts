import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { screenshot } from '../support/browser';
import { h5AppForFile, shown, smallOrCutTargets } from '../support/h5-app';
import { devLogin, ownClinic, signIn } from '../support/own-clinic';

// The front desk of one clinic finds a patient of another clinic of the group by the exact phone:
// a minimal masked card saying where the patient's home is and that the full record opens after
// 挂号 here; 挂号 gives a number, and the same search then shows the record.

const WAIT = 15_000;
const app = h5AppForFile();
let desk: Page;
const s = { patientId: '', phone: uniquePhone() };

beforeAll(async () => {
  const home = await ownClinic('isoh', '仁和口腔·总院');
  const here = await ownClinic('isoe', '仁和口腔·东院');
  const homeDesk = await devLogin(app.base, uniqueOpenid('iso-home'), 'frontdesk', home.clinicId);
  s.patientId = (
    await app.api<{ id: string }>('POST', '/v1/patients', homeDesk.token, {
      name: '欧阳春晓',
      phone: s.phone,
      channel: 'walk_in',
      gender: 'female',
      birthDate: '1985-06-01',
    })
  ).id;
  desk = await app.phone();
  await signIn(desk, app.base, await devLogin(app.base, uniqueOpenid('iso-desk'), 'frontdesk', here.clinicId));
  await desk.goto(`${app.base}/#/staff/checkin`);
  await shown(desk, '#walkin-search input').waitFor({ timeout: WAIT });
});

describe("another clinic's patient at the walk-in desk", () => {
  it('shows a minimal masked card with the home clinic and what opens the record', async () => {
    await shown(desk, '#walkin-search input').fill(s.phone);
    await shown(desk, '#walkin-search-submit').click();
    const card = shown(desk, `#walkin-patient-${s.patientId}`);
    await card.waitFor({ timeout: WAIT });
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('欧**晓');
    expect(text).toContain(`${s.phone.slice(0, 3)}****${s.phone.slice(7)}`);
    expect(text).toContain('女 · 1985 年生');
    expect(text).toContain('档案在仁和口腔·总院');
    expect(text).toContain('在本院挂号或预约后，即可查看完整档案。');
    expect(text).not.toContain('春晓');
    expect(text).not.toContain(s.phone);
    expect(await shown(desk, '#walkin-issue').textContent()).toContain('为欧**晓挂号');
    expect(await smallOrCutTargets(desk)).toEqual([]);
    await screenshot(desk, '80-walkin-minimal-card');
  });

  it('挂号 gives the patient a number, and the search then shows the full record', async () => {
    await shown(desk, '#walkin-issue').click();
    await expect.poll(() => desk.locator('#walkin-search input:visible').inputValue(), { timeout: WAIT }).toBe('');
    await shown(desk, '#walkin-search input').fill(s.phone);
    await shown(desk, '#walkin-search-submit').click();
    const card = shown(desk, `#walkin-patient-${s.patientId}`);
    await expect.poll(() => card.textContent(), { timeout: WAIT }).toContain('欧阳春晓');
    expect(await desk.locator(`#walkin-minimal-${s.patientId}:visible`).count()).toBe(0);
    await screenshot(desk, '81-walkin-full-record-after-number');
    expect(app.pageErrors).toEqual([]);
  });
});
