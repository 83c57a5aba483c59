import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipBytes, javascriptPaths, sumFiles } from '../../bench/sections/h5';

const base = 'http://127.0.0.1:4000/';

describe('H5 first-load summing', () => {
  it('keeps each JavaScript file of the served app once, in load order, as a path under the root', () => {
    const urls = [
      `${base}index.html`,
      `${base}js/app.js`,
      `${base}css/app.css`,
      `${base}chunk/12.js?v=1`,
      `${base}js/app.js`,
      'http://127.0.0.1:4001/js/other.js',
      `${base}v1/me`,
      `${base}chunk/%E9%A6%96.js`,
    ];
    expect(javascriptPaths(urls, base)).toEqual(['js/app.js', 'chunk/12.js', 'chunk/首.js']);
  });

  it('counts the bytes of a level-9 gzip of the file, which inflate back to it', () => {
    const body = Buffer.from('function a(){return "首页"}'.repeat(500));
    const packed = gzipSync(body, { level: 9 });
    expect(gzipBytes(body)).toBe(packed.length);
    expect(packed.length).toBeLessThan(gzipSync(body, { level: 1 }).length + 1);
    expect(gunzipSync(packed).equals(body)).toBe(true);
  });

  it('adds the files up and meets the target at exactly 120 KB, misses it a byte above', () => {
    const at = sumFiles([
      { path: 'a.js', bytes: 300_000, gzipBytes: 100 * 1024 },
      { path: 'b.js', bytes: 50_000, gzipBytes: 20 * 1024 },
    ]);
    expect(at).toEqual({ totalBytes: 350_000, totalGzipKB: 120, targetKB: 120, met: true });
    const above = sumFiles([{ path: 'a.js', bytes: 1, gzipBytes: 120 * 1024 + 1 }]);
    expect(above.met).toBe(false);
  });
});
