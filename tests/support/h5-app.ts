import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { h5Dir } from '../../scripts/local/h5';
import { startLocalServer } from '../../scripts/local/server';
import { artifactsDir, launchChromium, phonePage, screenPage } from './browser';
import { apiCall } from './own-clinic';

/** The H5 app on a local server over the test store, and a Chromium to open it in. */
export interface H5App {
  base: string;
  browser: Browser;
  pageErrors: string[];
  /** A fresh 375-wide phone page. */
  phone(): Promise<Page>;
  /** A fresh page of a given size (a waiting-room TV is 1280 x 720), in this app's browser or another. */
  screen(viewport: { width: number; height: number }, browser?: Browser): Promise<Page>;
  /** A JSON call to the API (throws on a non-2xx answer). */
  api<T = any>(method: string, path: string, token?: string, body?: unknown): Promise<T>;
  /** A bearer token for a dev login (staff of a role belong to `clinicId`, by default the seeded 徐汇院). */
  token(openid: string, role?: string, clinicId?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startH5App(): Promise<H5App> {
  const { server, url: base } = await startLocalServer({ port: 0, staticDir: h5Dir, local: true });
  const browser = await launchChromium();
  const pageErrors: string[] = [];
  const api = <T>(method: string, path: string, token?: string, body?: unknown) =>
    apiCall<T>(base, method, path, token, body);
  return {
    base,
    browser,
    pageErrors,
    phone: () => phonePage(browser, pageErrors),
    screen: (viewport, other = browser) => screenPage(other, pageErrors, viewport),
    api,
    token: async (openid, role, clinicId) =>
      (await api<{ token: string }>('POST', '/v1/auth/dev', undefined, role ? { openid, role, clinicId } : { openid }))
        .token,
    close: async () => {
      await browser.close();
      await new Promise<void>((ok) => (server as Server).close(() => ok()));
    },
  };
}

/**
 * The H5 app for the tests of one file: started before them, closed after them. The object is
 * filled in when the app has started, so read it inside hooks and tests, not at the top of a file.
 */
export function h5AppForFile(): H5App {
  const app = {} as H5App;
  beforeAll(async () => {
    Object.assign(app, await startH5App());
  }, 400_000);
  afterAll(() => app.close?.());
  return app;
}

/** The seeded demo doctor records a visit on a ticket, with its charge. */
export async function demoDoctorVisit(app: H5App, visit: { ticketId: string; category: string; chargeFen: number }) {
  const doctor = await app.token('demo-doctor');
  const doctorId = (await app.api<{ staffId: string }>('GET', '/v1/me', doctor)).staffId;
  await app.api('POST', '/v1/visits', doctor, { ...visit, doctorId });
}

/** Taro H5 keeps earlier pages in the DOM, hidden: only the shown copy of an id counts. */
export const shown = (page: Page, selector: string): Locator => page.locator(`${selector}:visible`).first();

/** Signs in through the login page's openid field and waits for the home page. */
export async function loginAs(page: Page, base: string, openid: string): Promise<void> {
  await page.goto(`${base}/#/pages/login/index`);
  await page.fill('#login-openid input', openid);
  await page.click('#login-openid-submit');
  await page.waitForSelector('#home:visible');
}

/** From the home page through 员工工作台 to one of its pages (`button`), tapping as staff do. */
export async function openStaffPage(page: Page, button: string): Promise<void> {
  await shown(page, '#go-staff').click();
  await shown(page, button).click();
}

/**
 * The whole of the shown page as one image: Taro scrolls inside its page element, so the window is
 * made as tall as the page for the shot and put back afterwards.
 */
export async function pageShot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  const viewport = page.viewportSize() ?? { width: 375, height: 812 };
  const height = await page.evaluate(() => {
    const doc = (globalThis as unknown as { document: Dom }).document;
    const shownPage = [...doc.querySelectorAll('.taro_page')].find((p) => p.offsetParent !== null);
    return Math.max(shownPage?.scrollHeight ?? 0, doc.documentElement.scrollHeight);
  });
  await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height, viewport.height), 6000) });
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(artifactsDir, `${name}.png`) });
  await page.setViewportSize(viewport);
}

/** The little of the browser's DOM these checks read (the test code has no DOM types). */
interface DomElement {
  id: string;
  tagName: string;
  className: string;
  textContent: string | null;
  offsetParent: unknown;
  scrollHeight: number;
  getBoundingClientRect(): { left: number; right: number; width: number; height: number };
}
interface Dom {
  documentElement: { clientWidth: number; scrollHeight: number };
  querySelectorAll(selector: string): Iterable<DomElement>;
}

/** What a finger taps on these pages: buttons, chips, links, cards that open something. */
const TAPPABLE =
  '.btn, .chip, .link, .date-pick, .pick, .slot:not(.slot-off), .day-chip, .patient-item, .home-ticket, taro-switch-core, .input';

/** The tappable things on the shown page less than 44 px high or cut off at the sides (a short description each). */
export async function smallOrCutTargets(page: Page): Promise<string[]> {
  // A page slides in from the side when opened: measure once it has arrived.
  await page.waitForFunction(() => {
    const doc = (globalThis as unknown as { document: Dom }).document;
    const shownPage = [...doc.querySelectorAll('.taro_page')].find((p) => p.offsetParent !== null);
    return shownPage !== undefined && Math.abs(shownPage.getBoundingClientRect().left) < 0.5;
  });
  return page.evaluate((selector) => {
    const doc = (globalThis as unknown as { document: Dom }).document;
    const out: string[] = [];
    const width = doc.documentElement.clientWidth;
    for (const el of doc.querySelectorAll(selector)) {
      if (el.offsetParent === null) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      const what = `${el.tagName.toLowerCase()}#${el.id || ''}.${el.className} "${(el.textContent ?? '').trim().slice(0, 20)}"`;
      if (r.height < 44) out.push(`${what}: ${Math.round(r.height)} px high`);
      if (r.left < 0 || r.right > width + 0.5) out.push(`${what}: cut at the side`);
    }
    return out;
  }, TAPPABLE);
}
