import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptions, onDemandModulesFor } from '../../infra/bundling';

// The China SMS provider's SDK (~550 KB minified) is loaded only where SMS_PROVIDER is tencent: every
// other deployment's bundle leaves it out and never loads it.
describe('packages loaded on demand', () => {
  it('leaves the Tencent SMS SDK out of the scheduled-jobs bundle, loaded by import() when first used', async () => {
    // Built as the stack builds it.
    const out = await build({
      ...esbuildOptions('functions/scheduled/index.ts', 'index.mjs'),
      sourcemap: false,
      write: false,
    });
    const code = out.outputFiles[0]?.text ?? '';
    expect(code).toMatch(/import\(\s*["']tencentcloud-sdk-nodejs-sms["']\s*\)/);
    // No static import of it (that would load it at start, or fail where it is not installed).
    expect(code).not.toMatch(/from\s*["']tencentcloud-sdk-nodejs-sms["']/);
    // And none of the SDK itself.
    expect(code).not.toContain('TC3-HMAC-SHA256');
  });

  it('installs it beside the bundle only where the stack sends SMS through Tencent Cloud', () => {
    expect(onDemandModulesFor({ SMS_PROVIDER: 'tencent' })).toEqual(['tencentcloud-sdk-nodejs-sms']);
    expect(onDemandModulesFor({ SMS_PROVIDER: 'sns' })).toEqual([]);
  });

  it('leaves the QR-code drawer of the local WeChat stand-in out, installed only where WECHAT_MODE is local', async () => {
    const out = await build({
      ...esbuildOptions('functions/auth/index.ts', 'index.mjs'),
      sourcemap: false,
      write: false,
    });
    const code = out.outputFiles[0]?.text ?? '';
    expect(code).toMatch(/import\(\s*["']qrcode["']\s*\)/);
    expect(code).not.toMatch(/from\s*["']qrcode["']/);
    expect(onDemandModulesFor({ WECHAT_MODE: 'real' })).toEqual([]);
    expect(onDemandModulesFor({ WECHAT_MODE: 'local' })).toEqual(['qrcode']);
  });
});
