import { describe, expect, it } from 'vitest';
import { getStaff } from '../../functions/auth/identity-repository';
import { lookupHash } from '../../functions/lib/crypto';
import { getPatient, phoneOwner } from '../../functions/patients/patient-repository';
import { staffCreatePatient } from '../../functions/patients/staff-patient-service';
import { staffAuditTrail } from '../../functions/staff/staff-audit-repository';
import { staffDay } from '../../functions/stats/counter-repository';
import { clinicDate } from '../../shared/dates';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { TEST_CLINIC } from '../support/fixtures';
import { ownClinic } from '../support/own-clinic';
import { teamForFile } from '../support/people';

const {
  api,
  tokens: [manager, admin, marketer],
  staffIds: [managerId, adminId],
} = await teamForFile('sl', ['manager', 'admin', 'marketing']);

const han = /\p{Script=Han}/u;

/** A member the manager adds, bound to a WeChat account of its own: their openid, staff id and token. */
async function boundMember(roles: string[] = ['marketing'], by = manager) {
  const created = await api.call('POST', '/v1/staff', { token: by, body: { name: '离职专员', roles } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const openid = uniqueOpenid('leaver');
  const login = await api.call('POST', '/v1/auth/wechat', { body: { code: `dev:${openid}` } });
  const bound = await api.call('POST', '/v1/staff/bind', {
    token: login.body.token,
    body: { code: created.body.invite.code },
  });
  expect(bound.status, JSON.stringify(bound.body)).toBe(200);
  return { openid, staffId: created.body.staff.id as string, token: bound.body.token as string };
}

const deactivate = (staffId: string, token = manager) => api.call('POST', `/v1/staff/${staffId}/deactivate`, { token });

describe('deactivating a member', () => {
  it("refuses the member's token on the very next call, and their WeChat login gives a patient token", async () => {
    const m = await boundMember();
    expect((await api.call('GET', '/v1/me', { token: m.token })).status).toBe(200);
    const res = await deactivate(m.staffId);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: m.staffId, deactivatedAt: expect.any(String) });
    const next = await api.call('GET', '/v1/patients?phone=13800000000', { token: m.token });
    expect(next.status).toBe(401);
    expect(next.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(han) });
    const again = await api.call('POST', '/v1/auth/wechat', { body: { code: `dev:${m.openid}` } });
    expect(again.status).toBe(200);
    expect(again.body.user).toEqual({ id: again.body.user.id, kind: 'patient', roles: ['patient'] });
    const me = await api.call('GET', '/v1/me', { token: again.body.token });
    expect(me.body).toMatchObject({ kind: 'patient', roles: ['patient'] });
    const staffRoute = await api.call('GET', '/v1/patients?phone=13800000000', { token: again.body.token });
    expect(staffRoute.status).toBe(403);
  });

  it('lists the member as deactivated and answers a second deactivation with 409 in Chinese', async () => {
    const m = await boundMember();
    expect((await deactivate(m.staffId)).status).toBe(200);
    const list = await api.call('GET', '/v1/staff?limit=100', { token: manager });
    let items = list.body.items as { id: string; deactivatedAt?: string; bound: boolean }[];
    for (let cursor = list.body.nextCursor; cursor; ) {
      const page = await api.call('GET', `/v1/staff?limit=100&cursor=${encodeURIComponent(cursor)}`, {
        token: manager,
      });
      items = [...items, ...page.body.items];
      cursor = page.body.nextCursor;
    }
    expect(items.find((s) => s.id === m.staffId)).toMatchObject({ bound: true, deactivatedAt: expect.any(String) });
    expect(items.find((s) => s.id === managerId)?.deactivatedAt).toBeUndefined();
    const twice = await deactivate(m.staffId);
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'STAFF_DEACTIVATED', message: '该员工已停用' });
  });

  it('writes one audit event naming who deactivated whom', async () => {
    const m = await boundMember();
    await deactivate(m.staffId);
    const events = (await staffAuditTrail(TEST_CLINIC)).filter((e) => e.staffId === m.staffId);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'deactivate',
        actorStaffId: managerId,
        actorClinicId: TEST_CLINIC,
        clinicId: TEST_CLINIC,
        requestId: expect.any(String),
      }),
    ]);
  });

  it("kills the member's open invite code: redeeming it is refused and no new one is issued", async () => {
    const created = await api.call('POST', '/v1/staff', {
      token: manager,
      body: { name: '未入职', roles: ['frontdesk'] },
    });
    const staffId = created.body.staff.id as string;
    expect((await deactivate(staffId)).status).toBe(200);
    const user = await api.login(uniqueOpenid('late'));
    const bind = await api.call('POST', '/v1/staff/bind', { token: user, body: { code: created.body.invite.code } });
    expect(bind.status).toBe(409);
    expect(bind.body.error.code).toBe('INVITE_INVALID');
    expect((await getStaff(staffId, true))?.userId).toBeUndefined();
    const invite = await api.call('POST', `/v1/staff/${staffId}/invites`, { token: manager });
    expect(invite.status).toBe(409);
    expect(invite.body.error.code).toBe('STAFF_DEACTIVATED');
  });

  it('lets the account be bound again to a new staff record (re-hired)', async () => {
    const m = await boundMember();
    await deactivate(m.staffId);
    const rehire = await api.call('POST', '/v1/staff', { token: manager, body: { name: '返聘', roles: ['service'] } });
    const login = await api.call('POST', '/v1/auth/wechat', { body: { code: `dev:${m.openid}` } });
    const bound = await api.call('POST', '/v1/staff/bind', {
      token: login.body.token,
      body: { code: rehire.body.invite.code },
    });
    expect(bound.status).toBe(200);
    expect(bound.body.user).toMatchObject({ kind: 'staff', staffId: rehire.body.staff.id, roles: ['service'] });
  });

  it('refuses deactivating oneself, and a manager deactivating the group admin', async () => {
    const self = await deactivate(managerId);
    expect(self.status).toBe(403);
    expect(self.body.error.message).toBe('不能停用自己的账号');
    const up = await deactivate(adminId);
    expect(up.status).toBe(403);
    expect(up.body.error.message).toMatch(han);
    expect((await getStaff(adminId, true))?.deactivatedAt).toBeUndefined();
  });

  it('lets the group admin deactivate an admin and a member of any clinic', async () => {
    const otherAdmin = await boundMember(['admin'], admin);
    expect((await deactivate(otherAdmin.staffId, admin)).status).toBe(200);
    const { clinicId } = await ownClinic('sl', '外院');
    const far = await api.call('POST', '/v1/staff', {
      token: admin,
      body: { name: '外院专员', roles: ['marketing'], clinicId },
    });
    expect((await deactivate(far.body.staff.id, admin)).status).toBe(200);
  });

  it("answers another clinic's manager with 404 and a marketer with 403", async () => {
    const m = await boundMember();
    const { clinicId } = await ownClinic('sl', '别的门诊');
    const login = await api.call('POST', '/v1/auth/dev', {
      body: { openid: uniqueOpenid('far-mgr'), role: 'manager', clinicId },
    });
    const far = await deactivate(m.staffId, login.body.token);
    expect(far.status).toBe(404);
    expect(far.body.error.message).toBe('没有找到该员工');
    const byMarketer = await deactivate(m.staffId, marketer);
    expect(byMarketer.status).toBe(403);
    expect((await api.call('GET', '/v1/me', { token: m.token })).status).toBe(200);
  });

  it('lets a deactivated member own no new campaign', async () => {
    const m = await boundMember();
    await deactivate(m.staffId);
    const today = clinicDate(new Date());
    const res = await api.call('POST', '/v1/campaigns', {
      token: manager,
      body: { name: '义诊', channel: 'community', startsOn: today, endsOn: '2099-12-31', ownerStaffId: m.staffId },
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'STAFF_DEACTIVATED', message: expect.stringMatching(han) });
  });

  it("gives a sign-up through a deactivated member's campaign no owner, and them no new figures", async () => {
    const m = await boundMember();
    const today = clinicDate(new Date());
    const campaign = await api.call('POST', '/v1/campaigns', {
      token: manager,
      body: { name: '周末义诊', channel: 'community', startsOn: today, endsOn: '2099-12-31', ownerStaffId: m.staffId },
    });
    expect(campaign.status).toBe(201);
    await deactivate(m.staffId);
    const signup = await api.call('POST', `/v1/campaigns/${campaign.body.id}/signups`, {
      token: await api.login(uniqueOpenid('sl-signup')),
      body: { name: '报名者', phone: uniquePhone(), consents: { marketing: true } },
    });
    expect(signup.status, JSON.stringify(signup.body)).toBe(201);
    const record = await getPatient(signup.body.patientId);
    expect(record?.campaignId).toBe(campaign.body.id);
    expect(record?.ownerStaffId).toBeUndefined();
    expect(await staffDay(TEST_CLINIC, m.staffId, today)).toMatchObject({ newRecords: 0, signups: 0 });
  });

  it('refuses a lead entered by a member deactivated while the request ran, and keeps no record', async () => {
    const m = await boundMember();
    const stale = {
      userId: 'u_stale',
      kind: 'staff' as const,
      roles: ['marketing' as const],
      staffId: m.staffId,
      clinicId: TEST_CLINIC,
    };
    await deactivate(m.staffId);
    const phone = uniquePhone();
    const ctx = { caller: stale, now: new Date(), requestId: 'r-stale' };
    await expect(staffCreatePatient(ctx, { name: '迟到的线索', phone, channel: 'street' })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(await phoneOwner(await lookupHash('phone', phone), true)).toBeUndefined();
  });
});

describe('deactivation racing the member', () => {
  it('refuses every request the member starts after the deactivation answered, and none fails otherwise', async () => {
    const m = await boundMember();
    let deactivatedAt = Number.POSITIVE_INFINITY;
    const calls: Promise<{ started: number; status: number }>[] = [];
    const member = (async () => {
      for (let i = 0; i < 30; i++) {
        const started = Date.now();
        const p = api.call('GET', '/v1/me', { token: m.token }).then((r) => ({ started, status: r.status }));
        calls.push(p);
        await p;
      }
    })();
    await new Promise((r) => setTimeout(r, 40));
    const res = await deactivate(m.staffId);
    deactivatedAt = Date.now();
    expect(res.status).toBe(200);
    await member;
    const answers = await Promise.all(calls);
    for (const a of answers) expect([200, 401]).toContain(a.status);
    const after = answers.filter((a) => a.started > deactivatedAt);
    // The race really ran: the member was served before, and kept calling after.
    expect(answers.some((a) => a.status === 200)).toBe(true);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((a) => a.status === 401)).toBe(true);
    expect((await api.call('GET', '/v1/me', { token: m.token })).status).toBe(401);
  });

  it('deactivates once when two managers press at the same moment', async () => {
    const m = await boundMember();
    const answers = await Promise.all([deactivate(m.staffId), deactivate(m.staffId, admin)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect((await staffAuditTrail(TEST_CLINIC)).filter((e) => e.staffId === m.staffId)).toHaveLength(1);
  });
});
