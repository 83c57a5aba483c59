import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { derivedKeys } from '../../functions/lib/crypto';
import { uniqueOpenid } from '../support/api';
import { teamForFile } from '../support/people';

const { api } = await teamForFile('t', []);

function b64(o: object): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

async function tokenFor(sub: string, opts: { exp?: number; key?: Uint8Array; iss?: string; aud?: string } = {}) {
  const key = opts.key ?? (await derivedKeys()).token;
  return new SignJWT({ kind: 'patient', roles: ['patient'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(opts.iss ?? 'patientloop')
    .setAudience(opts.aud ?? 'patientloop-api')
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 600)
    .sign(key);
}

describe('sign-in', () => {
  it('issues a patient token and /v1/me names the account', async () => {
    const res = await api.call('POST', '/v1/auth/dev', { body: { openid: uniqueOpenid('me') } });
    expect(res.status).toBe(200);
    const me = await api.call('GET', '/v1/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: res.body.user.id, kind: 'patient', roles: ['patient'] });
  });

  it('gives the same user id for the same openid', async () => {
    const openid = uniqueOpenid('same');
    const a = await api.call('POST', '/v1/auth/dev', { body: { openid } });
    const b = await api.call('POST', '/v1/auth/dev', { body: { openid } });
    expect(a.body.user.id).toBe(b.body.user.id);
  });

  it('signs in through the WeChat route with the local stand-in and never returns a session key', async () => {
    const res = await api.call('POST', '/v1/auth/wechat', { body: { code: 'dev:wx-user-1' } });
    expect(res.status).toBe(200);
    expect(res.body.token).toBeTypeOf('string');
    expect(JSON.stringify(res.body).toLowerCase()).not.toContain('session');
  });

  it('answers a bad WeChat code with 401 WECHAT_CODE_INVALID', async () => {
    const res = await api.call('POST', '/v1/auth/wechat', { body: { code: 'not-a-code' } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('WECHAT_CODE_INVALID');
  });

  it('makes a demo staff member of the requested role', async () => {
    const res = await api.call('POST', '/v1/auth/dev', { body: { openid: uniqueOpenid('nurse'), role: 'nurse' } });
    expect(res.body.user).toMatchObject({ kind: 'staff', roles: ['nurse'] });
    expect(res.body.user.staffId).toMatch(/^s_/);
  });
});

describe('tokens', () => {
  it('refuses a request without a token with 401', async () => {
    const res = await api.call('GET', '/v1/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token signed with another key', async () => {
    const forged = await tokenFor('u_x', { key: new TextEncoder().encode('x'.repeat(32)) });
    expect((await api.call('GET', '/v1/me', { token: forged })).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const expired = await tokenFor('u_x', { exp: Math.floor(Date.now() / 1000) - 60 });
    expect((await api.call('GET', '/v1/me', { token: expired })).status).toBe(401);
  });

  it('refuses an unsigned alg:none token', async () => {
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({
      sub: 'u_x',
      kind: 'staff',
      roles: ['admin'],
      iss: 'patientloop',
      aud: 'patientloop-api',
      exp: Math.floor(Date.now() / 1000) + 600,
    })}.`;
    expect((await api.call('GET', '/v1/me', { token: none })).status).toBe(401);
  });

  it('refuses a token for another audience', async () => {
    const other = await tokenFor('u_x', { aud: 'someone-else' });
    expect((await api.call('GET', '/v1/me', { token: other })).status).toBe(401);
  });

  it('accepts a well-formed token it signed', async () => {
    const good = await tokenFor('u_good');
    const res = await api.call('GET', '/v1/me', { token: good });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe('u_good');
  });
});

describe('roles from the route table', () => {
  it('answers a patient token on a staff route with 403', async () => {
    const token = await api.login(uniqueOpenid('pt'));
    const res = await api.call('POST', '/v1/patients/duplicates', { token, body: { name: '张三' } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('answers a nurse on the lead-entry route with 403', async () => {
    const token = await api.login(uniqueOpenid('nurse2'), 'nurse');
    const res = await api.call('POST', '/v1/patients', {
      token,
      body: { name: '张三', phone: '13912345678', channel: 'street' },
    });
    expect(res.status).toBe(403);
  });
});

describe('staff invites', () => {
  async function managerAndStaff() {
    const manager = await api.login(uniqueOpenid('mgr'), 'manager');
    const created = await api.call('POST', '/v1/staff', {
      token: manager,
      body: { name: '新前台', roles: ['frontdesk'] },
    });
    expect(created.status).toBe(201);
    return { manager, staffId: created.body.staff.id as string, code: created.body.invite.code as string };
  }

  const bind = (token: string, code: string) => api.call('POST', '/v1/staff/bind', { token, body: { code } });

  /** An account of its own tries `code` and is refused: the invite is spent or out of date. */
  async function expectBindRefused(code: string, tag: string) {
    const res = await bind(await api.login(uniqueOpenid(tag)), code);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVITE_INVALID');
  }

  it('binds a WeChat account to a staff record with a single-use code', async () => {
    const { code, staffId } = await managerAndStaff();
    const user = await api.login(uniqueOpenid('newhire'));
    const bound = await bind(user, code);
    expect(bound.status).toBe(200);
    expect(bound.body.user).toMatchObject({ kind: 'staff', roles: ['frontdesk'], staffId });
    const me = await api.call('GET', '/v1/me', { token: bound.body.token });
    expect(me.body.staffId).toBe(staffId);
    await expectBindRefused(code, 'thief');
  });

  it('lets only one of two accounts racing for one code bind', async () => {
    const { code } = await managerAndStaff();
    const [a, b] = await Promise.all([api.login(uniqueOpenid('ra')), api.login(uniqueOpenid('rb'))]);
    const results = await Promise.all([a, b].map((token) => bind(token, code)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('refuses an expired invite', async () => {
    const { staffId } = await managerAndStaff();
    const { insertInvite } = await import('../../functions/auth/identity-repository');
    const code = String(Math.floor(Math.random() * 900000) + 100000);
    await insertInvite(
      { code, staffId, clinicId: 'c_test', expiresAt: Math.floor(Date.now() / 1000) - 1 },
      Math.floor(Date.now() / 1000),
    );
    await expectBindRefused(code, 'late');
  });

  it('refuses a patient creating staff', async () => {
    const token = await api.login(uniqueOpenid('p'));
    const res = await api.call('POST', '/v1/staff', { token, body: { name: 'x', roles: ['admin'] } });
    expect(res.status).toBe(403);
  });
});

describe('public routes', () => {
  it('answer a request carrying a stale token as if it carried none', async () => {
    const res = await api.call('GET', '/v1/clinics', { token: 'expired.or.garbage' });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.items)).toBe(true);
  });
});
