import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hisSignature } from '../../functions/visits/his-auth';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { h5AppForFile, openStaffPage, pageShot, shown, smallOrCutTargets } from '../support/h5-app';
import { devLogin, ownClinic, signIn } from '../support/own-clinic';

// HIS 对接记录 as a manager uses it (issue 11): what the clinic's HIS sent today, one event applied
// (a known patient's charge) and one held (a treatment for a phone the clinic has no record of).
const WAIT = 15_000;
const app = h5AppForFile();
const s = { appliedNo: '', heldNo: '', laterNo: '', phone: '', unknownPhone: '', laterPhone: '' };
let manager: Page;

/** Sends one event as the HIS does: signed with the clinic's credential. */
async function sendSigned(c: { clinicId: string; keyId: string; secret: string }, body: unknown) {
  const raw = JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  const nonce = `n${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const res = await fetch(`${app.base}/v1/integrations/his/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-his-clinic': c.clinicId,
      'x-his-key-id': c.keyId,
      'x-his-timestamp': ts,
      'x-his-nonce': nonce,
      'x-his-signature': hisSignature(c.secret, ts, nonce, raw),
    },
    body: raw,
  });
  const answer = (await res.json()) as { status: string };
  expect(res.status, JSON.stringify(answer)).toBeLessThan(300);
  return answer;
}

beforeAll(async () => {
  const { clinicId } = await ownClinic('hise2e', '仁和口腔·HIS 院');
  const login = await devLogin(app.base, uniqueOpenid('his-mgr'), 'manager', clinicId);
  const token = login.token as string;
  s.phone = uniquePhone();
  s.unknownPhone = uniquePhone();
  await app.api('POST', '/v1/patients', token, { name: '褚对接', phone: s.phone, channel: 'walk_in' });
  const credential = await app.api('POST', '/v1/integrations/his/credentials', token, {});
  const tag = Date.now().toString(36);
  s.appliedNo = `SF${tag}A`;
  s.heldNo = `ZL${tag}H`;
  const at = new Date().toISOString();
  const applied = await sendSigned(credential, {
    kind: 'charge',
    documentNo: s.appliedNo,
    phone: s.phone,
    at,
    amountFen: 12850,
  });
  expect(applied.status).toBe('applied');
  const held = await sendSigned(credential, {
    kind: 'treatment',
    documentNo: s.heldNo,
    phone: s.unknownPhone,
    at,
    category: 'implant',
    doctorName: '孙医生',
  });
  expect(held.status).toBe('held');
  // A charge for a phone no record had then: the patient registers afterwards (重新匹配 finds them).
  s.laterPhone = uniquePhone();
  s.laterNo = `SF${tag}L`;
  const later = await sendSigned(credential, {
    kind: 'charge',
    documentNo: s.laterNo,
    phone: s.laterPhone,
    at,
    amountFen: 5000,
  });
  expect(later.status).toBe('held');
  await app.api('POST', '/v1/patients', token, { name: '卫后来', phone: s.laterPhone, channel: 'walk_in' });
  manager = await app.phone();
  await signIn(manager, app.base, login);
  await manager.goto(`${app.base}/#/pages/index/index`);
});

describe('HIS 对接记录', () => {
  it("a manager opens today's list from the staff home, sees both, and 待核对 shows the held one with its reason", async () => {
    await openStaffPage(manager, '#go-his');
    const list = shown(manager, '#his-list');
    await list.waitFor({ timeout: WAIT });
    await shown(manager, `#his-event-${s.heldNo}`).waitFor({ timeout: WAIT });
    const applied = (await shown(manager, `#his-event-${s.appliedNo}`).textContent()) ?? '';
    expect(applied).toContain('收费 ¥128.50');
    expect(applied).toContain('已入账');
    expect(applied).toContain(`${s.phone.slice(0, 3)}****${s.phone.slice(-4)}`);
    const held = (await shown(manager, `#his-event-${s.heldNo}`).textContent()) ?? '';
    expect(held).toContain('治疗 种植');
    expect(held).toContain('待核对');
    expect(held).toContain('原因：未找到该患者（手机号或 HIS 患者号无记录）');
    expect(await list.textContent()).not.toContain(s.phone);
    expect(await smallOrCutTargets(manager)).toEqual([]);
    await pageShot(manager, '97-his-events');

    await shown(manager, '#his-tab-held').click();
    await manager.locator(`#his-event-${s.appliedNo}`).waitFor({ state: 'detached', timeout: WAIT });
    const cards = manager.locator('#his-list .his-item:visible');
    expect(await cards.count()).toBe(2);
    expect(await cards.first().textContent()).toContain('原因：未找到该患者');
    await pageShot(manager, '98-his-events-held');
  });

  it('重新匹配 applies a held charge once its patient has registered', async () => {
    await shown(manager, `#his-rematch-${s.laterNo}`).click();
    const note = shown(manager, `#his-note-${s.laterNo}`);
    await note.waitFor({ timeout: WAIT });
    expect(await note.textContent()).toContain('已找到患者档案并入账');
    const card = (await shown(manager, `#his-event-${s.laterNo}`).textContent()) ?? '';
    expect(card).toContain('已入账');
    expect(card).toContain('重新匹配后入账');
    expect(await manager.locator(`#his-rematch-${s.laterNo}`).count()).toBe(0);
  });

  it('指定患者: a held treatment is searched by phone, the record chosen, confirmed, and shown applied', async () => {
    await shown(manager, `#his-pick-${s.heldNo}`).click();
    await shown(manager, `#his-search-${s.heldNo} input`).fill(s.phone);
    await shown(manager, `#his-search-submit-${s.heldNo}`).click();
    const confirm = shown(manager, `#his-confirm-${s.heldNo}`);
    await confirm.waitFor({ timeout: WAIT });
    expect(await confirm.textContent()).toBe('确认计入褚对接');
    const choose = (await shown(manager, `#his-choose-${s.heldNo}`).textContent()) ?? '';
    expect(choose).toContain(`${s.phone.slice(0, 3)}****${s.phone.slice(-4)}`);
    expect(choose).not.toContain(s.phone);
    expect(await smallOrCutTargets(manager)).toEqual([]);
    await pageShot(manager, '99-his-choose-patient');
    await confirm.click();
    const note = shown(manager, `#his-note-${s.heldNo}`);
    await note.waitFor({ timeout: WAIT });
    expect(await note.textContent()).toContain('已计入褚对接的档案');
    const card = (await shown(manager, `#his-event-${s.heldNo}`).textContent()) ?? '';
    expect(card).toContain('已入账');
    expect(card).toContain('管理者指定患者后入账');
    expect(card).not.toContain('原因：');
    await pageShot(manager, '99-his-applied');
    // Read again: both are applied, none held.
    await shown(manager, '#his-tab-all').click();
    await shown(manager, '#his-tab-held').click();
    const empty = shown(manager, '.empty-text');
    await empty.waitFor({ timeout: WAIT });
    expect(await empty.textContent()).toContain('没有待核对的 HIS 记录');
  });

  it('生成 HIS 密钥 asks first, then shows the new key once', async () => {
    await shown(manager, '#his-key-issue').click();
    await manager.locator('.taro-model__confirm:visible').click();
    const secret = shown(manager, '#his-key-secret');
    await secret.waitFor({ timeout: WAIT });
    expect(await secret.textContent()).toMatch(/^密钥：[A-Za-z0-9_-]{43}$/);
    expect(await shown(manager, '#his-key-issued').textContent()).toContain('密钥只显示这一次');
    expect(await smallOrCutTargets(manager)).toEqual([]);
    await pageShot(manager, '99-his-key');
  });
});
