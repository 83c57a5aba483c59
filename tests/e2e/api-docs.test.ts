import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from '../support/api';
import { artifactsDir, launchChromium, screenPage } from '../support/browser';

// The API reference on the local stack, as a developer of the hospital's other systems reads it.
let api: Api;
let browser: Browser;
beforeAll(async () => {
  api = await startApi();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/**
 * Words a reader meets that are names, not UI: the product's, the protocol's, the hospital system's, and
 * the formats a Chinese developer knows by these names (HMAC-SHA256, UTF-8 with BOM, base64, JPG, xlsx).
 */
const allowed = /^(PatientLoop|API|OpenAPI|JSON|HTTPS|HIS|VIP|PNG|JPG|CSV|HMAC|SHA|UTF|BOM|base|xlsx)$/;

describe('the API reference page', () => {
  it('reads in Chinese: headings, who may call, parameters, answers and errors, no external assets', async () => {
    const errors: string[] = [];
    const page = await screenPage(browser, errors, { width: 1280, height: 900 });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${api.url}/docs`);
    await expect.poll(() => page.locator('h1').textContent()).toContain('接口文档');
    await page.screenshot({ path: join(artifactsDir, 'api-docs-top.png') });
    const book = page.locator('#book');
    await book.scrollIntoViewIfNeeded();
    expect(await book.textContent()).toContain('预约一个时段');
    expect(await book.textContent()).toContain('调用者：已登录的用户');
    expect(await book.textContent()).toContain('SLOT_FULL');
    await book.screenshot({ path: join(artifactsDir, 'api-docs-book.png') });
    // Beyond field names, types and codes (in <code>) and the method badges, the words are Chinese.
    const prose: string = await page.evaluate(
      `(() => { const c = document.body.cloneNode(true); c.querySelectorAll('code, .m').forEach((n) => n.remove()); document.body.append(c); const t = c.innerText; c.remove(); return t; })()`,
    );
    const english = [...new Set(prose.match(/[A-Za-z]{2,}/g) ?? [])].filter((w) => !allowed.test(w));
    expect(english).toEqual([]);
    expect(requests.every((u) => u.startsWith(api.url))).toBe(true);
    expect(errors).toEqual([]);
  });
});
