import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, systemClock, useClock } from '../../functions/lib/clock';
import { setServiceLead } from '../../functions/surveys/service-lead-repository';
import { addDays, clinicDate, clinicMonth, monthOf } from '../../shared/dates';
import { profile, uniqueOpenid } from '../support/api';
import { screenshot } from '../support/browser';
import { h5AppForFile, openStaffPage, pageShot, shown, smallOrCutTargets } from '../support/h5-app';
import { devLogin, heightOf, ownClinic, signIn } from '../support/own-clinic';

// The survey loop as people live it: a visit two days ago (the server's clock set back for those
// requests) sent its invitation yesterday; the patient finds it in the local inbox, opens the link,
// answers with low stars (the first submit loses its connection and is retried with the same
// Idempotency-Key), and the clinic's service lead finds the complaint under 今日回访 with the answer,
// cannot close it without a resolution note, and closes it with one; the clinic's manager then sees the
// answer, its low score and its in-time resolution in the visit month's 满意度月报.
const WAIT = 15_000;
const app = h5AppForFile();
const s = { clinicId: '', patientId: '', invitationId: '', taskId: '', visitMonth: '' };
let patient: Page;
let lead: Page;
let manager: Page;

afterEach(() => useClock(systemClock));

beforeAll(async () => {
  const { clinicId, deptId } = await ownClinic('sve2e', '仁和口腔·评价测试院');
  s.clinicId = clinicId;
  const desk = (await devLogin(app.base, uniqueOpenid('sv-desk'), 'frontdesk', clinicId)).token;
  const doctor = (await devLogin(app.base, uniqueOpenid('sv-doctor'), 'doctor', clinicId)).token;
  const doctorId = (await app.api<{ staffId: string }>('GET', '/v1/me', doctor)).staffId;
  const leadLogin = await devLogin(app.base, uniqueOpenid('sv-lead'), 'service', clinicId);
  const leadId = (await app.api<{ staffId: string }>('GET', '/v1/me', leadLogin.token)).staffId;
  await setServiceLead({ clinicId, staffId: leadId, staffName: '周主管' });
  const patientLogin = await devLogin(app.base, uniqueOpenid('sv-patient'));
  const p = await app.api<{ id: string }>(
    'POST',
    '/v1/me/patients',
    patientLogin.token,
    profile({ name: '钱晓雯', clinicId }),
  );
  s.patientId = p.id;
  const visitDay = addDays(clinicDate(new Date()), -2);
  s.visitMonth = monthOf(visitDay);
  useClock(fixedClock(`${visitDay}T15:00:00+08:00`));
  const t = await app.api<{ id: string }>('POST', `/v1/queues/${deptId}/tickets`, desk, { patientId: p.id });
  const v = await app.api<{ id: string }>('POST', '/v1/visits', doctor, {
    ticketId: t.id,
    category: 'endodontic',
    chargeFen: 60_000,
    doctorId,
  });
  useClock(systemClock);
  s.invitationId = `sv_${v.id}_1`;
  s.taskId = `cp_${v.id}_1`;
  patient = await app.phone();
  await signIn(patient, app.base, patientLogin);
  lead = await app.phone();
  await signIn(lead, app.base, leadLogin);
  manager = await app.phone();
  await signIn(manager, app.base, await devLogin(app.base, uniqueOpenid('sv-manager'), 'manager', clinicId));
});

describe('the survey invitation reaches the patient', () => {
  it('is waiting under 首页 → 就诊评价', async () => {
    await patient.goto(`${app.base}/#/pages/index/index`);
    await shown(patient, '#go-surveys').click();
    const card = shown(patient, `#invite-${s.invitationId}`);
    await card.waitFor({ timeout: WAIT });
    expect(await card.textContent()).toContain('钱晓雯');
    expect(await card.textContent()).toContain('去评价');
    expect(await heightOf(card)).toBeGreaterThanOrEqual(44);
    await screenshot(patient, '90-survey-list');
  });

  it('is in the local inbox with the link to its form', async () => {
    await patient.goto(`${app.base}/#/dev/inbox`);
    await shown(patient, `#inbox-patient-${s.patientId}`).click();
    const open = shown(patient, `#inbox-survey-${s.invitationId}`);
    await open.waitFor({ timeout: WAIT });
    const text = await shown(patient, '#inbox-list').textContent();
    expect(text).toContain('就诊评价');
    expect(text).toContain(`/#/survey/index?id=${s.invitationId}`);
    await pageShot(patient, '90-survey-inbox');
  });

  it('opens the form: six rows of five big stars, 0–10 as big buttons, nothing too small to tap', async () => {
    await shown(patient, `#inbox-survey-${s.invitationId}`).click();
    await shown(patient, '#survey-form').waitFor({ timeout: WAIT });
    expect(await shown(patient, '#survey-head').textContent()).toContain('钱晓雯');
    // (waits for the page to finish sliding in before anything is measured)
    expect(await smallOrCutTargets(patient)).toEqual([]);
    for (const d of ['overall', 'doctor', 'nurse', 'environment', 'waiting', 'fees']) {
      for (const n of [1, 5]) {
        const star = shown(patient, `#star-${d}-${n}`);
        expect(await heightOf(star)).toBeGreaterThanOrEqual(44);
        const box = await star.boundingBox();
        expect(box!.width).toBeGreaterThanOrEqual(44);
        expect(box!.x + box!.width).toBeLessThanOrEqual(375);
      }
    }
    for (const n of [0, 10]) expect(await heightOf(shown(patient, `#nps-${n}`))).toBeGreaterThanOrEqual(44);
    expect(await heightOf(shown(patient, '#survey-submit'))).toBeGreaterThanOrEqual(44);
    await pageShot(patient, '90-survey-form');
  });

  it('asks for every row before sending anything', async () => {
    await shown(patient, '#star-overall-2').click();
    await shown(patient, '#survey-submit').click();
    expect(await shown(patient, '#survey-missing').textContent()).toContain('请为「医生」打星');
    await screenshot(patient, '90-survey-missing-row');
  });

  it('answers low; a lost connection is retried with the same Idempotency-Key; then thanks and a promise to call', async () => {
    for (const [d, n] of [
      ['doctor', 3],
      ['nurse', 4],
      ['environment', 4],
      ['waiting', 1],
      ['fees', 3],
    ] as const) {
      await shown(patient, `#star-${d}-${n}`).click();
    }
    await shown(patient, '#nps-3').click();
    await shown(patient, '#survey-comment textarea').fill('等了一个多小时，也没人解释');
    const keys: string[] = [];
    let cut = 2;
    await patient.route('**/answer', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (cut-- > 0) await route.abort('connectionfailed');
      else await route.continue();
    });
    await shown(patient, '#survey-submit').click();
    // The first tap tries twice (no answer either time) and says so, keeping the answer on screen.
    await shown(patient, '#survey-error').waitFor({ timeout: WAIT });
    expect(await shown(patient, '#survey-error').textContent()).toContain('网络连接失败');
    expect(await shown(patient, '#survey-submit').textContent()).toBe('重新提交');
    await pageShot(patient, '90-survey-network-error');
    await shown(patient, '#survey-submit').click();
    await shown(patient, '#survey-thanks').waitFor({ timeout: WAIT });
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).not.toBe('');
    expect(await shown(patient, '#survey-thanks').textContent()).toContain('24 小时内与您联系');
    await patient.unroute('**/answer');
    await pageShot(patient, '90-survey-thanks');
  });

  it('opened again, the invitation says it was answered', async () => {
    await patient.goto(`${app.base}/#/survey/index?id=${s.invitationId}`);
    await patient.reload();
    await shown(patient, '#survey-answered').waitFor({ timeout: WAIT });
    expect(await shown(patient, '#survey-answered').textContent()).toContain('感谢您的反馈');
    await screenshot(patient, '90-survey-answered');
  });

  it("someone else's or a wrong link says it was not found", async () => {
    await patient.goto(`${app.base}/#/survey/index?id=sv_nothing_1`);
    await patient.reload();
    await shown(patient, '#survey-missing-invitation').waitFor({ timeout: WAIT });
    await screenshot(patient, '90-survey-not-found');
  });
});

describe('the complaint reaches the service lead', () => {
  it('is under 今日回访, marked 投诉, with the answer and its deadline', async () => {
    await lead.goto(`${app.base}/#/pages/index/index`);
    await openStaffPage(lead, '#go-follow-ups');
    const card = shown(lead, `#task-${s.taskId}`);
    await card.waitFor({ timeout: WAIT });
    const text = await card.textContent();
    expect(text).toContain('投诉');
    expect(text).toContain('请在');
    expect(text).toContain('总体满意度 2★');
    expect(text).toContain('等候时间 1★');
    expect(text).toContain('推荐意愿 3/10');
    expect(text).toContain('等了一个多小时，也没人解释');
    expect(text).toContain('钱*雯');
    await pageShot(lead, '91-complaint-today');
  });

  it('cannot close it without a resolution note; with one it is closed and leaves the list', async () => {
    await shown(lead, `#outcome-${s.taskId}-answered`).click();
    await shown(lead, `#save-${s.taskId}`).click();
    const card = shown(lead, `#task-${s.taskId}`);
    expect(await card.textContent()).toContain('请填写处理结果');
    await shown(lead, `#note-${s.taskId} textarea`).fill('已致电致歉，说明当天急诊较多；下次预约优先安排');
    await pageShot(lead, '91-complaint-resolution');
    const saved = lead.waitForResponse((r) => r.url().includes(`/follow-ups/${s.taskId}/outcome`), {
      timeout: WAIT,
    });
    await shown(lead, `#save-${s.taskId}`).click();
    expect((await saved).status()).toBe(200);
    await lead.waitForFunction(
      (id) => !(globalThis as any).document.querySelector(`#task-${id}`)?.offsetParent,
      s.taskId,
      { timeout: WAIT },
    );
    await screenshot(lead, '91-complaint-closed');
    expect(app.pageErrors).toEqual([]);
  });
});

describe("the month's report shows it", () => {
  it('counts the invitation, the answer, the low score and its resolution in time under the visit month', async () => {
    await manager.goto(`${app.base}/#/staff/satisfaction`);
    await shown(manager, '#sat-totals').waitFor({ timeout: WAIT });
    // Two days back may be last month (on the 1st or 2nd of a month).
    if (s.visitMonth !== clinicMonth(new Date())) {
      await shown(manager, '#month-prev').click();
      await shown(manager, '#sat-totals').waitFor({ timeout: WAIT });
    }
    expect(await shown(manager, '#month-label').textContent()).toBe(s.visitMonth);
    expect(await shown(manager, '#total-invitations').textContent()).toBe('1');
    expect(await shown(manager, '#total-answers').textContent()).toBe('1');
    expect(await shown(manager, '#total-rate').textContent()).toBe('100.0%');
    expect(await shown(manager, '#total-low').textContent()).toBe('1');
    expect(await shown(manager, '#low-in-time').textContent()).toBe('按时 1');
    expect(await shown(manager, '#low-in-time-pct').textContent()).toBe('100.0%');
    expect(await shown(manager, '#avg-waiting-value').textContent()).toBe('1.00');
    await pageShot(manager, '92-survey-report');
    expect(app.pageErrors).toEqual([]);
  });
});
