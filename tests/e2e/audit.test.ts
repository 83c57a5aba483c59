import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { commit } from '../../functions/lib/transact';
import { auditWrite } from '../../functions/patients/audit-repository';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { h5AppForFile, openStaffPage, pageShot, shown, smallOrCutTargets } from '../support/h5-app';
import { devLogin, ownClinic, signIn } from '../support/own-clinic';

// 审计记录 as a manager uses it: found from the manager board by phone, or opened from a record's
// timeline; a front desk member is kept out. A clinic of the file's own.
const WAIT = 15_000;
const app = h5AppForFile();
const s = { patientId: '', phone: '', deskId: '', managerLogin: {} as any, deskLogin: {} as any };
let manager: Page;

beforeAll(async () => {
  const { clinicId } = await ownClinic('aude2e', '仁和口腔·审计院');
  const elsewhere = await ownClinic('aude2e', '仁和口腔·浦东院');
  s.deskLogin = await devLogin(app.base, uniqueOpenid('aud-desk'), 'frontdesk', clinicId);
  const desk = s.deskLogin.token as string;
  s.deskId = (await app.api<{ staffId: string }>('GET', '/v1/me', desk)).staffId;
  s.phone = uniquePhone();
  s.patientId = (
    await app.api<{ id: string }>('POST', '/v1/patients', desk, { name: '冯审计', phone: s.phone, channel: 'walk_in' })
  ).id;
  await app.api('GET', `/v1/patients/${s.patientId}`, desk);
  // A correction and a read from another clinic, as the other issue-10 services write them.
  const at = new Date().toISOString();
  const base = { patientId: s.patientId, clinicId, requestId: 'e2e', actorStaffId: s.deskId } as const;
  await commit([
    auditWrite(
      {
        ...base,
        action: 'update',
        actorClinicId: clinicId,
        fields: ['phone'],
        changes: [{ field: 'phone', from: '138****1234', to: '139****5678' }],
      },
      at,
    ),
    auditWrite({ ...base, action: 'read', actorClinicId: elsewhere.clinicId, crossClinic: true }, at),
  ]);
  s.managerLogin = await devLogin(app.base, uniqueOpenid('aud-mgr'), 'manager', clinicId);
  manager = await app.phone();
  await signIn(manager, app.base, s.managerLogin);
  await manager.goto(`${app.base}/#/pages/index/index`);
});

describe('审计记录', () => {
  it('a manager finds the record by phone from the board and reads who did what, from where', async () => {
    await openStaffPage(manager, '#go-manager');
    await shown(manager, '#go-audit').click();
    await shown(manager, '#audit-phone input').fill(s.phone);
    await shown(manager, '#audit-search-submit').click();
    await shown(manager, `#audit-patient-${s.patientId}`).click();
    const list = shown(manager, '#audit-list');
    await list.waitFor({ timeout: WAIT });
    const text = (await list.textContent()) ?? '';
    expect(text).toContain('修改');
    expect(text).toContain('手机号：138****1234 → 139****5678');
    expect(text).toContain('建档');
    expect(text).toContain('演示前台（前台）');
    expect(text).toContain('来自 仁和口腔·审计院');
    const cross = shown(manager, '#audit-list .audit-cross');
    expect(await cross.textContent()).toContain('跨门诊');
    expect(await cross.textContent()).toContain('来自 仁和口腔·浦东院');
    expect(text).not.toContain(s.phone);
    expect(await smallOrCutTargets(manager)).toEqual([]);
    await pageShot(manager, '95-audit-trail');
  });

  it("opens from the record's timeline for a manager, and not for the front desk", async () => {
    await manager.goto(`${app.base}/#/staff/timeline?patientId=${s.patientId}&name=${encodeURIComponent('冯审计')}`);
    await shown(manager, '#timeline-audit').click();
    await shown(manager, '#audit-list').waitFor({ timeout: WAIT });
    expect(await shown(manager, '#audit .subtitle').textContent()).toBe('冯审计');

    const desk = await app.phone();
    await signIn(desk, app.base, s.deskLogin);
    await desk.goto(`${app.base}/#/staff/timeline?patientId=${s.patientId}`);
    await shown(desk, '#timeline').waitFor({ timeout: WAIT });
    expect(await desk.locator('#timeline-audit:visible').count()).toBe(0);
    await desk.goto(`${app.base}/#/staff/audit?patientId=${s.patientId}`);
    await shown(desk, '#audit-denied').waitFor({ timeout: WAIT });
    await pageShot(desk, '96-audit-denied');
  });
});
