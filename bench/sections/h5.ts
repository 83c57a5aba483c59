/**
 * H5 first load: the patient home opened in Chromium from a static server over miniprogram/dist/h5,
 * and the gzipped size of every JavaScript file it loaded until the network was idle (<= 120 KB).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { ensureH5Build, h5Dir } from '../../scripts/local/h5';
import { launchChromium } from '../../tests/support/browser';
import { ROOT, round } from '../harness/config';
import { failed, type Outcome, table } from '../harness/print';

export const H5_TARGET_KB = 120;
const LOAD_TIMEOUT_MS = 60_000;

export interface H5File {
  path: string;
  bytes: number;
  gzipBytes: number;
}
export interface H5Result {
  dir: string;
  /** Where the page stood at network idle (the home, not the login page: a session was in storage). */
  finalUrl: string;
  /** The scripts index.html names (the rest were loaded as chunks by the page). */
  entryFiles: string[];
  /** Their gzipped size alone (what an older figure of "about 100 KB" counted). */
  entryGzipKB: number;
  builtNow: boolean;
  buildSeconds?: number;
  files: H5File[];
  totalBytes: number;
  totalGzipKB: number;
  targetKB: number;
  met: boolean;
}

/** Gzip level 9 of a file's bytes: what a server compressing at its best would send. */
export const gzipBytes = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;

/** The JavaScript files among the loaded URLs (each once, in load order), as paths under the server's root. */
export function javascriptPaths(urls: string[], base: string): string[] {
  const seen = new Set<string>();
  for (const u of urls) {
    const url = new URL(u);
    if (`${url.origin}/` !== base || extname(url.pathname) !== '.js') continue;
    seen.add(decodeURIComponent(url.pathname).replace(/^\/+/, ''));
  }
  return [...seen];
}

/** The files' sizes, raw and gzipped, and their total against the target. */
export function sumFiles(files: H5File[], targetKB = H5_TARGET_KB) {
  const gzip = files.reduce((s, f) => s + f.gzipBytes, 0);
  const totalGzipKB = round(gzip / 1024, 1);
  return { totalBytes: files.reduce((s, f) => s + f.bytes, 0), totalGzipKB, targetKB, met: gzip <= targetKB * 1024 };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** A plain static server (no compression, so the sizes are computed here, the same way each run). */
async function serveStatic(root: string): Promise<{ base: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep) && file !== root) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      // The app calls its API here too; there is none: the first load's scripts are what is measured.
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NOT_FOUND","message":"无"}}');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(() => ok())) };
}

export async function h5FirstLoad(): Promise<Outcome<H5Result>> {
  const t = performance.now();
  const built = await ensureH5Build((line) => console.log(`  ${line}`));
  const buildSeconds = built === 'built' ? round((performance.now() - t) / 1000, 1) : undefined;
  const { base, close } = await serveStatic(h5Dir);
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 375, height: 812 } })).newPage();
    // A returning patient: a session in storage (Taro H5 keeps { data }), so the home stays and is what loads.
    await page.addInitScript(() => {
      (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(
        'pl_token',
        JSON.stringify({ data: 'bench-session-not-a-token' }),
      );
    });
    const urls: string[] = [];
    page.on('requestfinished', (r) => urls.push(r.url()));
    // The first page of app.config (pages/index/index): the patient home.
    await page.goto(base, { waitUntil: 'networkidle', timeout: LOAD_TIMEOUT_MS });
    const files = await Promise.all(
      javascriptPaths(urls, base).map(async (path) => {
        const bytes = await readFile(join(h5Dir, path));
        return { path, bytes: bytes.length, gzipBytes: gzipBytes(bytes) };
      }),
    );
    const html = await readFile(join(h5Dir, 'index.html'), 'utf8');
    const entryFiles = [...html.matchAll(/<script[^>]*src="\/?([^"]+\.js)"/g)].map((m) => m[1]!);
    return {
      dir: relative(ROOT, h5Dir),
      finalUrl: page.url().replace(base, '/'),
      entryFiles,
      entryGzipKB: sumFiles(files.filter((f) => entryFiles.includes(f.path))).totalGzipKB,
      builtNow: built === 'built',
      buildSeconds,
      files,
      ...sumFiles(files),
    };
  } finally {
    await browser.close();
    await close();
  }
}

export function printH5(h5: Outcome<H5Result>): void {
  console.log('\n=== H5 first load (patient home) ===');
  if (failed(h5)) {
    console.log(`  error: ${h5.error}`);
    return;
  }
  console.log(
    table([
      ['file', 'bytes', 'gzip bytes'],
      ...h5.files.map((f) => [f.path, String(f.bytes), String(f.gzipBytes)]),
      ['total', String(h5.totalBytes), `${h5.totalGzipKB.toFixed(1)} KB`],
    ]),
  );
  console.log(
    `  page at network idle: ${h5.finalUrl}; index.html names ${h5.entryFiles.join(', ')} (${h5.entryGzipKB.toFixed(1)} KB gzipped)`,
  );
  if (h5.builtNow) console.log(`  H5 built now (${h5.buildSeconds} s)`);
  console.log(`target gzipped JavaScript <= ${h5.targetKB} KB: ${h5.met ? 'met' : 'missed'}`);
}
