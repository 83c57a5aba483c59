import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { systemClock, useClock } from '../../functions/lib/clock';
import { auditTrailOf } from '../../functions/patients/audit-repository';
import { exportSections } from '../../shared/schemas/rights';
import { profile, startApi, uniqueOpenid } from '../support/api';
import { patientLife, rightsClinic, storedForPatient } from '../support/rights-fixture';

const api = await startApi();
afterAll(() => api.close());
afterEach(() => useClock(systemClock));
const clinic = await rightsClinic(api, 'exp');

/** Which export section holds a stored item of this type. */
const sectionOf: Record<string, keyof typeof exportSections> = {
  patient: 'profiles',
  consentEvent: 'consentHistory',
  appointment: 'appointments',
  ticket: 'tickets',
  visit: 'visits',
  outbox: 'messages',
  surveyInvitation: 'surveyInvitations',
  surveyAnswer: 'surveyAnswers',
  followUp: 'followUps',
  careSummary: 'careSummaries',
};

describe('GET /v1/me/export', () => {
  it("holds 100% of what the store holds for the account's profile, each item on its keys", async () => {
    const life = await patientLife(api, clinic, '2045-03-06', '欧阳导出');
    useClock(systemClock);
    const res = await api.call('GET', '/v1/me/export', { token: life.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const doc = res.body;
    const me = await api.call('GET', '/v1/me', { token: life.token });
    const { items } = await storedForPatient(life.patientId, me.body.id, [life.invitationId]);
    // The fixture made every kind of item: a profile, 2 consent events, appointment, ticket, visit,
    // survey invitation + answer + its message, the call task, the clinic's care summary.
    const types = items.map((i) => String(i.type)).sort();
    expect(new Set(types)).toEqual(new Set(Object.keys(sectionOf)));
    for (const item of items) {
      const section = sectionOf[String(item.type)];
      expect(section, `stored item of type ${String(item.type)} has an export section`).toBeDefined();
      const exported = doc[section!] as Record<string, unknown>[];
      const found =
        item.type === 'consentEvent'
          ? exported.find((c) => c.at === item.at && JSON.stringify(c.changes) === JSON.stringify(item.changes))
          : item.type === 'careSummary'
            ? exported.find((c) => c.patientId === life.patientId && c.clinicId === item.clinicId)
            : exported.find((x) => x.id === item.id);
      expect(found, `${String(item.type)} ${String(item.id ?? item.sk)} is in ${section}`).toBeDefined();
    }
    // Each section holds exactly what is stored (no more), the profile in full and the message's text.
    const count = (t: string) => items.filter((i) => i.type === t).length;
    for (const [type, section] of Object.entries(sectionOf)) expect(doc[section], section).toHaveLength(count(type));
    expect(doc.profiles[0]).toMatchObject({
      id: life.patientId,
      name: '欧阳导出',
      phone: life.personal.phone,
      idCardNo: life.personal.idCardNo,
      address: life.personal.address,
      medicalHistory: life.personal.medicalHistory,
    });
    expect(doc.messages[0].text).toContain('欧阳导出');
    expect(doc.followUps[0].history[0]).toMatchObject({ outcome: 'answered', note: life.personal.callNote });
    expect(doc.surveyAnswers[0].comment).toBe(life.personal.comment);
    expect(doc.visits[0]).toMatchObject({ id: life.visitId, chargeFen: 1_280_000 });
    expect(doc.consentHistory.map((c: any) => c.changes.map((x: any) => x.kind).join()).sort()).toEqual([
      'healthData,marketing',
      'marketing',
    ]);
    // A short Chinese explanation of every section, and when it was made.
    expect(Object.keys(doc.explanations).sort()).toEqual(Object.keys(exportSections).sort());
    for (const text of Object.values(doc.explanations)) expect(text).toMatch(/[\u4e00-\u9fa5]{6}/);
    expect(Date.parse(doc.exportedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("covers every profile of the account, audits each export, and never another account's data", async () => {
    const token = await api.login(uniqueOpenid('exp-family'));
    const self = await api.call('POST', '/v1/me/patients', { token, body: profile({ name: '钱家长' }) });
    const child = await api.call('POST', '/v1/me/patients', {
      token,
      body: profile({
        name: '钱小宝',
        relation: 'child',
        birthDate: '2016-05-01',
        consents: { healthData: true, marketing: false, guardian: true },
      }),
    });
    expect([self.status, child.status]).toEqual([201, 201]);
    const stranger = await api.login(uniqueOpenid('exp-stranger'));
    await api.call('POST', '/v1/me/patients', { token: stranger, body: profile({ name: '路人甲' }) });

    const res = await api.call('GET', '/v1/me/export', { token });
    expect(res.status).toBe(200);
    expect(res.body.profiles.map((p: any) => p.name).sort()).toEqual(['钱家长', '钱小宝']);
    expect(JSON.stringify(res.body)).not.toContain('路人甲');
    for (const id of [self.body.id, child.body.id]) {
      const trail = await auditTrailOf(id);
      const exports = trail.filter((a) => a.action === 'export');
      expect(exports).toHaveLength(1);
      expect(exports[0]).toMatchObject({ actorUserId: expect.any(String), patientId: id });
      expect(exports[0]!.actorStaffId).toBeUndefined();
    }
  });

  it('answers an account without profiles with empty sections, and 401 without a token', async () => {
    const token = await api.login(uniqueOpenid('exp-empty'));
    const res = await api.call('GET', '/v1/me/export', { token });
    expect(res.status).toBe(200);
    for (const section of Object.keys(exportSections)) expect(res.body[section]).toEqual([]);
    const anonymous = await api.call('GET', '/v1/me/export');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
