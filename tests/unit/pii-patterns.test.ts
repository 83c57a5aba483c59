import { describe, expect, it } from 'vitest';
import { redactPii } from '../../functions/lib/redact';
import { uniqueOpenid } from '../support/api';
import { piiIn } from '../support/pii-patterns';

const kinds = (line: string) => piiIn(line).map((f) => f.kind);

describe('the log scan patterns', () => {
  it('finds a mainland mobile number, alone or inside text', () => {
    expect(kinds('{"phone":"13812345678"}')).toEqual(['phone']);
    expect(kinds('call 19912345678 now')).toEqual(['phone']);
  });

  it('does not take a longer digit run (a timestamp in ms, a masked phone) for a phone', () => {
    expect(kinds('{"at":1733456789012}')).toEqual([]);
    expect(kinds('{"phone":"138****5678"}')).toEqual([]);
    expect(kinds('{"n":"12812345678"}')).toEqual([]);
  });

  it('finds an 18-character ID-card number, with an X check character too', () => {
    expect(kinds('id 11010519491231002X here')).toEqual(['idCard']);
    expect(kinds('{"idCardNo":"310104199001011234"}')).toEqual(['idCard']);
  });

  it("finds the tests' openids, the demo users' and a WeChat-shaped one", () => {
    expect(kinds(`{"openid":"${uniqueOpenid('alog-frontdesk0')}"}`)).toEqual(['openid']);
    expect(kinds('{"user":"demo-frontdesk"}')).toEqual(['openid']);
    expect(kinds('{"u":"oAbCdEfGhIjKlMnOpQrStUvWxYz1"}')).toEqual(['openid']);
  });

  it('passes an access line with ids, a request id and a route template', () => {
    const line = JSON.stringify({
      level: 'INFO',
      message: 'access',
      // A UUID whose last group holds eleven digits in a row (seen in a run): not a phone.
      requestId: '7637fad1-d24e-4f40-9a33-a19440182326',
      route: 'GET /v1/patients/{patientId}',
      status: 200,
      latencyMs: 12,
      callerKind: 'staff',
      roles: ['frontdesk'],
      staffId: 's_3k9x0m2q7vd1hz8a3k9x0m2q7vd1hz8a',
      timestamp: '2026-12-06T02:30:00.000Z',
    });
    expect(piiIn(line)).toEqual([]);
  });
});

describe('redactPii (error messages and provider reasons before they are logged)', () => {
  it('hides phones (with or without +86), ID numbers and WeChat openids, and keeps the rest', () => {
    const text =
      'SMS to +8613812345678 failed; 15912345678 unknown; id 11010519491231002X; user oAbCdEfGhIjKlMnOpQrStUvWxYz1 at 1733456789012';
    const out = redactPii(text);
    expect(piiIn(out)).toEqual([]);
    expect(out).toContain('[手机号已隐去]');
    expect(out).toContain('[ID号已隐去]');
    expect(out).toContain('[openid已隐去]');
    expect(out).toContain('at 1733456789012');
  });
});
