import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getPatient } from '../../functions/patients/patient-repository';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { h5AppForFile, openStaffPage, pageShot, shown, smallOrCutTargets } from '../support/h5-app';
import { devLogin, ownClinic, signIn } from '../support/own-clinic';

// 合并档案 as a manager works it: one person entered twice (two phones, a marketer first, the front
// desk a month later, a visit on each); found by phone and by name, compared side by side, merged
// into the default (the earlier) record, and the survivor opened. A clinic of the file's own.
const WAIT = 15_000;
const app = h5AppForFile();
const s = { older: '', newer: '', olderPhone: '', newerPhone: '', marketerId: '' };
let manager: Page;

const modalText = (page: Page) => page.locator('.taro-modal__text:visible').textContent();
/** Taro H5's modal confirming button (Taro's own class name, spelt so). */
const confirmModal = (page: Page) => page.locator('.taro-model__confirm:visible').click();

beforeAll(async () => {
  const { clinicId, deptId } = await ownClinic('mge2e', '仁和口腔·合并测试院');
  const marketing = (await devLogin(app.base, uniqueOpenid('mg-mkt'), 'marketing', clinicId)).token;
  s.marketerId = (await app.api<{ staffId: string }>('GET', '/v1/me', marketing)).staffId;
  const desk = (await devLogin(app.base, uniqueOpenid('mg-desk'), 'frontdesk', clinicId)).token;
  const doctor = (await devLogin(app.base, uniqueOpenid('mg-doctor'), 'doctor', clinicId)).token;
  const doctorId = (await app.api<{ staffId: string }>('GET', '/v1/me', doctor)).staffId;
  s.olderPhone = uniquePhone();
  s.newerPhone = uniquePhone();
  const enter = (token: string, name: string, phone: string, birthDate: string) =>
    app.api<{ id: string }>('POST', '/v1/patients', token, { name, phone, birthDate, channel: 'referral' });
  s.older = (await enter(marketing, '欧阳晓梅', s.olderPhone, '1985-06-01')).id;
  s.newer = (await enter(desk, '欧阳小梅', s.newerPhone, '1985-06-10')).id;
  for (const id of [s.older, s.newer]) {
    const t = await app.api<{ id: string }>('POST', `/v1/queues/${deptId}/tickets`, desk, { patientId: id });
    await app.api('POST', '/v1/visits', doctor, { ticketId: t.id, category: 'cleaning', chargeFen: 20_000, doctorId });
  }
  const login = await devLogin(app.base, uniqueOpenid('mg-manager'), 'manager', clinicId);
  manager = await app.phone();
  await signIn(manager, app.base, login);
  await manager.goto(`${app.base}/#/pages/index/index`);
});

describe('合并档案', () => {
  it('finds both records (by phone, then by name) and shows them side by side with counts and conflicts', async () => {
    await openStaffPage(manager, '#go-merge');
    await shown(manager, '#merge-search-a input').fill(s.newerPhone);
    await shown(manager, '#merge-search-a-submit').click();
    await shown(manager, `#merge-pick-a-${s.newer}`).click();
    await shown(manager, '#merge-search-b input').fill('欧阳晓梅');
    await shown(manager, '#merge-search-b-submit').click();
    await pageShot(manager, '95-merge-find');
    await shown(manager, `#merge-pick-b-${s.older}`).click();

    const compare = shown(manager, '#merge-compare');
    await compare.waitFor({ timeout: WAIT });
    const text = (await compare.textContent()) ?? '';
    expect(text).toContain('欧阳小梅');
    expect(text).toContain('欧阳晓梅');
    expect(text).toContain('1985-06-10');
    expect(text).toContain('1985-06-01');
    expect(text).not.toContain(s.olderPhone);
    expect(await shown(manager, '#merge-count-visits').textContent()).toBe('就诊11');
    expect(await shown(manager, '#merge-count-tickets').textContent()).toBe('排队号11');
    expect(await manager.locator('#merge-compare:visible .mg-differs').count()).toBe(2);
    expect(await shown(manager, '#merge-conflicts').textContent()).toContain('不一致');
    // The earlier record is chosen to stay, and keeps the attribution.
    expect(await shown(manager, '#merge-keep-2').textContent()).toContain('✓');
    expect(await shown(manager, '#merge-keep-2').textContent()).toContain('较早建档');
    expect(await shown(manager, '#merge-attribution').textContent()).toContain('欧阳晓梅');
    expect(await smallOrCutTargets(manager)).toEqual([]);
    await pageShot(manager, '96-merge-compare');
  });

  it('asks before merging, merges into the earlier record and opens it', async () => {
    await shown(manager, '#merge-reason textarea').fill('同一患者两个手机号');
    await shown(manager, '#merge-submit').click();
    await expect.poll(() => modalText(manager), { timeout: WAIT }).toContain('不能撤销');
    await pageShot(manager, '97-merge-confirm');
    await confirmModal(manager);
    const done = shown(manager, '#merge-done');
    await done.waitFor({ timeout: WAIT });
    expect(await done.textContent()).toContain('保留的档案：欧阳晓梅');
    expect(await done.textContent()).toContain('就诊 1');
    expect(await smallOrCutTargets(manager)).toEqual([]);
    await pageShot(manager, '98-merge-done');
    expect((await getPatient(s.newer))?.mergedInto).toBe(s.older);
    expect((await getPatient(s.older))?.visitCount).toBe(2);

    await shown(manager, '#merge-open-survivor').click();
    const list = shown(manager, '#timeline-list');
    await list.waitFor({ timeout: WAIT });
    expect(await manager.locator('#timeline-list:visible .tl-item.tl-visit').count()).toBe(2);
    await pageShot(manager, '99-merge-survivor-timeline');
  });
});
