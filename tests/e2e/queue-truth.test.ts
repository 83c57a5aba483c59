import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profile, uniqueOpenid } from '../support/api';
import { launchChromium, screenshot } from '../support/browser';
import { h5AppForFile, loginAs, shown } from '../support/h5-app';
import { devLogin, heightOf, ownClinic, signIn } from '../support/own-clinic';

// What the waiting room, the calling desk and a patient's phone say after 过号, 回到队列 and 完成:
// never a number at a room that is no longer there. The screen runs as a kiosk does, with
// --autoplay-policy=no-user-gesture-required, and nobody taps it.

const ROOM = '3诊室';
const WAIT = 15_000;
const KIOSK_FLAG = '--autoplay-policy=no-user-gesture-required';

const app = h5AppForFile();
let kiosk: Browser;
let nurse: Page;
let screen: Page;
let phone: Page;
const q = { clinicId: '', deptId: '', first: { id: '', number: '' }, second: { id: '', number: '' } };

/** A patient with their own WeChat account who took a number at the desk. */
async function walkIn(deskToken: string, name: string) {
  const openid = uniqueOpenid('qt-patient');
  const token = await app.token(openid);
  const p = await app.api<{ id: string }>('POST', '/v1/me/patients', token, profile({ name }));
  const t = await app.api<{ id: string; displayNumber: string }>('POST', `/v1/queues/${q.deptId}/tickets`, deskToken, {
    patientId: p.id,
  });
  return { openid, ticket: { id: t.id, number: t.displayNumber } };
}

const nowServing = () => shown(screen, `#board-now-${q.deptId}`);
const nextUp = () => shown(screen, `#board-next-${q.deptId}`);
const note = () => nurse.locator('#queue-note:visible');

/** The patient's own number is never the one "being called" on their phone. */
async function phoneNeverNamesOwnNumberAsCalled() {
  const line = phone.locator('#ticket-now-serving:visible');
  if (await line.count()) expect(await line.textContent()).not.toContain(q.first.number);
}

async function press(selector: string, path: string) {
  const answer = nurse.waitForResponse((r) => r.url().includes(path), { timeout: WAIT });
  await shown(nurse, selector).click();
  expect((await answer).status()).toBe(200);
}

beforeAll(async () => {
  kiosk = await launchChromium([KIOSK_FLAG]);
  ({ clinicId: q.clinicId, deptId: q.deptId } = await ownClinic('qt', '仁和口腔·叫号测试院'));
  const desk = await app.token(uniqueOpenid('qt-desk'), 'frontdesk', q.clinicId);
  const first = await walkIn(desk, '周小雨');
  const second = await walkIn(desk, '吴大海');
  q.first = first.ticket;
  q.second = second.ticket;

  [nurse, phone] = await Promise.all([app.phone(), app.phone()]);
  screen = await app.screen({ width: 1280, height: 720 }, kiosk);
  // Every utterance the screen hands to the browser, to see what it would say.
  await screen.addInitScript({
    content: `(() => {
      window.spoken = [];
      const speak = speechSynthesis.speak.bind(speechSynthesis);
      speechSynthesis.speak = (u) => { if (u.volume > 0) window.spoken.push(u.text); speak(u); };
    })();`,
  });
  await signIn(nurse, app.base, await devLogin(app.base, uniqueOpenid('qt-nurse'), 'nurse', q.clinicId));
  await nurse.goto(`${app.base}/#/staff/queue`);
  await shown(nurse, `#queue-${q.first.id}`).waitFor({ timeout: WAIT });
  await shown(nurse, '#queue-room input').fill(ROOM);

  await loginAs(phone, app.base, first.openid);
  await phone.goto(`${app.base}/#/pages/ticket/index?id=${q.first.id}`);
  await phone.locator('#ticket-number:visible', { hasText: q.first.number }).waitFor({ timeout: WAIT });

  await screen.goto(`${app.base}/display?clinicId=${q.clinicId}`);
  await screen.locator(`#board-next-${q.deptId}:visible`, { hasText: q.second.number }).waitFor({ timeout: WAIT });
});

afterAll(() => kiosk?.close());

describe('after 过号, 回到队列 and 完成 nothing says a number is at a room when it is not', () => {
  it('the nurse calls the first number to 3诊室: the screen shows it once, at 3诊室, and speaks it untapped', async () => {
    await press('#call-next', `/queues/${q.deptId}/call-next`);
    expect(await note().textContent()).toBe(`已呼叫 ${q.first.number} 周小雨 到 ${ROOM}`);
    await expect.poll(() => nowServing().textContent(), { timeout: WAIT }).toContain(q.first.number);
    expect(await nowServing().textContent()).toContain(`请到 ${ROOM}`);
    expect(await screen.locator('#display').textContent()).not.toContain('诊室 诊室');
    expect(await nextUp().textContent()).not.toContain(q.first.number);
    // Nobody tapped the screen: started as a kiosk, it asks for no tap and hands the call to speech.
    await expect
      .poll(() => screen.evaluate<string[]>('window.spoken'), { timeout: WAIT })
      .toContain(`请 ${q.first.number} 号患者到 ${ROOM}就诊`);
    expect(await screen.locator('#display-enable-voice:visible').count()).toBe(0);
    await expect.poll(() => shown(phone, '#ticket-status').textContent(), { timeout: WAIT }).toBe('请就诊');
    expect(await shown(phone, '#ticket-called-banner').textContent()).toContain(`请到 ${ROOM}就诊`);
    await screenshot(nurse, '30-queue-called');
    await screenshot(screen, '31-display-called-1280');
    expect(app.pageErrors).toEqual([]);
  });

  it("every button of the nurse's desk is at least 44 px high", async () => {
    for (const id of ['#call-next', `#recall-${q.first.id}`, `#skip-${q.first.id}`, `#complete-${q.first.id}`]) {
      expect(await heightOf(shown(nurse, id)), id).toBeGreaterThanOrEqual(44);
    }
    // The field's box, which the finger hits (the inner input is only the text line).
    expect(await heightOf(shown(nurse, '#queue-room'))).toBeGreaterThanOrEqual(44);
  });

  it('after 过号 the screen no longer shows the number at a room, and the desk drops its 已呼叫 note', async () => {
    await press(`#skip-${q.first.id}`, `/tickets/${q.first.id}/skip`);
    await expect.poll(() => note().count(), { timeout: WAIT }).toBe(0);
    await shown(nurse, `#skipped-${q.first.id}`).waitFor({ timeout: WAIT });
    await expect.poll(() => nowServing().textContent(), { timeout: WAIT }).toBe('暂无');
    expect(await screen.locator('#display').textContent()).not.toContain(q.first.number);
    await expect.poll(() => shown(phone, '#ticket-status').textContent(), { timeout: WAIT }).toBe('已过号');
    await phoneNeverNamesOwnNumberAsCalled();
    expect(await heightOf(shown(nurse, `#return-${q.first.id}`))).toBeGreaterThanOrEqual(44);
    await screenshot(nurse, '32-queue-skipped');
    await screenshot(screen, '33-display-after-skip');
    expect(app.pageErrors).toEqual([]);
  });

  it('a number returned to the queue is listed once, as waiting, and its phone never calls it "当前叫号"', async () => {
    await press(`#return-${q.first.id}`, `/tickets/${q.first.id}/return`);
    await shown(nurse, `#queue-${q.first.id}`).waitFor({ timeout: WAIT });
    await expect
      .poll(async () => ((await nextUp().textContent()) ?? '').split(q.first.number).length - 1, { timeout: WAIT })
      .toBe(1);
    expect(await nowServing().textContent()).toBe('暂无');
    await expect.poll(() => shown(phone, '#ticket-status').textContent(), { timeout: WAIT }).toBe('候诊中');
    expect(await shown(phone, '#ticket-now-serving').textContent()).toBe('当前叫号 暂无');
    await phoneNeverNamesOwnNumberAsCalled();
    await screenshot(phone, '34-ticket-returned');
    await screenshot(screen, '35-display-after-return');
    expect(app.pageErrors).toEqual([]);
  });

  it('after 完成 the number is gone from the screen and the desk, and its note with it', async () => {
    // The returned number goes back behind the one who waited: the next call is the second number.
    await press('#call-next', `/queues/${q.deptId}/call-next`);
    expect(await note().textContent()).toContain(q.second.number);
    await expect.poll(() => nowServing().textContent(), { timeout: WAIT }).toContain(q.second.number);
    await phoneNeverNamesOwnNumberAsCalled();
    await press(`#complete-${q.second.id}`, `/tickets/${q.second.id}/complete`);
    await expect.poll(() => note().count(), { timeout: WAIT }).toBe(0);
    await expect.poll(() => nowServing().textContent(), { timeout: WAIT }).toBe('暂无');
    expect(await screen.locator('#display').textContent()).not.toContain(q.second.number);
    expect(await nurse.locator(`#current-${q.second.id}:visible`).count()).toBe(0);
    await screenshot(nurse, '36-queue-completed');
    expect(app.pageErrors).toEqual([]);
  });

  it("the patient's own call and 完成 reach their phone, and the screen lets the number go", async () => {
    await press('#call-next', `/queues/${q.deptId}/call-next`);
    await expect.poll(() => shown(phone, '#ticket-status').textContent(), { timeout: WAIT }).toBe('请就诊');
    await press(`#complete-${q.first.id}`, `/tickets/${q.first.id}/complete`);
    await expect.poll(() => shown(phone, '#ticket-status').textContent(), { timeout: WAIT }).toBe('已完成');
    await phoneNeverNamesOwnNumberAsCalled();
    await expect.poll(() => screen.locator('#display').textContent(), { timeout: WAIT }).not.toContain(q.first.number);
    expect(await nowServing().textContent()).toBe('暂无');
    await screenshot(phone, '37-ticket-done');
    await screen.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(screen, '38-display-idle-1920');
    expect(app.pageErrors).toEqual([]);
  });
});

describe('the waiting-room screen on its own', () => {
  it('in a browser started without the kiosk flag it asks for one tap, and remembers it on that screen', async () => {
    const tv = await app.screen({ width: 1280, height: 720 });
    await tv.goto(`${app.base}/display?clinicId=${q.clinicId}`);
    const ask = shown(tv, '#display-enable-voice');
    await ask.waitFor({ timeout: WAIT });
    await screenshot(tv, '39-display-asks-for-tap');
    await ask.click();
    await expect.poll(() => tv.locator('#display-enable-voice:visible').count(), { timeout: WAIT }).toBe(0);
    expect(await tv.evaluate("localStorage.getItem('pl_display_voice')")).toBe(JSON.stringify({ data: 'on' }));
    await tv.close();
    expect(app.pageErrors).toEqual([]);
  });

  it('an unknown clinicId reads 没有找到这家门诊', async () => {
    const tv = await app.screen({ width: 1280, height: 720 }, kiosk);
    await tv.goto(`${app.base}/display?clinicId=c_nowhere`);
    await expect.poll(() => shown(tv, '#display-msg').textContent(), { timeout: WAIT }).toContain('没有找到这家门诊');
    expect(await tv.locator('#display').textContent()).not.toContain('本院还没有科室');
    await screenshot(tv, '40-display-unknown-clinic');
    await tv.close();
    expect(app.pageErrors).toEqual([]);
  });
});
