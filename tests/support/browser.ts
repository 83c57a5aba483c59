import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const artifactsDir = resolve(import.meta.dirname, '../artifacts/e2e');

/** Debian's Chromium, headless, with the flags this closed network needs (and any `extraArgs`). */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** A phone-sized page (375 x 812, 2x), failing the test on page errors. */
export async function phonePage(browser: Browser, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

/** A screenshot kept as a test artefact under tests/artifacts/e2e/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}

/** A page of a given size (a waiting-room TV is 1280 x 720), failing the test on page errors. */
export async function screenPage(
  browser: Browser,
  errors: string[],
  viewport: { width: number; height: number },
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}
