import { describe, expect, it } from 'vitest';
import { getCampaign } from '../../functions/campaigns/campaign-repository';
import { newId } from '../../functions/lib/ids';
import { commit } from '../../functions/lib/transact';
import { ownedIds, patientOwnerWrite } from '../../functions/patients/owner-repository';
import { getPatient, savePatient } from '../../functions/patients/patient-repository';
import { progressWrite, startHandOver } from '../../functions/staff/handover-repository';
import { staffAuditTrail } from '../../functions/staff/staff-audit-repository';
import { clinicDate } from '../../shared/dates';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { newDepartment, newSlot, TEST_CLINIC } from '../support/fixtures';
import { ownClinic } from '../support/own-clinic';
import { teamForFile } from '../support/people';

const {
  api,
  tokens: [manager, desk, doctor, frontdesk2],
  staffIds: [managerId, , doctorId, frontdesk2Id],
} = await teamForFile('ho', ['manager', 'frontdesk', 'doctor', 'frontdesk']);

const today = clinicDate(new Date());
const month = today.slice(0, 7);

/** A fresh marketer of the test clinic: token and staff id (their figures start at 0). */
async function marketer(tag = 'mk') {
  const token = await api.login(uniqueOpenid(`ho-${tag}`), 'marketing');
  const me = await api.call('GET', '/v1/me', { token });
  return { token, id: me.body.staffId as string };
}

/** `n` leads the holder of `token` enters (and so owns), 20 at a time. */
async function leads(token: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, n - i) }, (_, k) =>
        api.call('POST', '/v1/patients', {
          token,
          body: { name: `线索${i + k}`, phone: uniquePhone(), channel: 'street' },
        }),
      ),
    );
    for (const r of batch) {
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids.push(r.body.id);
    }
  }
  return ids;
}

const handOver = (from: string, toStaffId: string, opts: { token?: string; key?: string } = {}) =>
  api.call('POST', `/v1/staff/${from}/hand-over`, {
    token: opts.token ?? manager,
    body: { toStaffId },
    headers: { 'idempotency-key': opts.key ?? newId('k') },
  });

const handOvers = async (from: string) =>
  (await staffAuditTrail(TEST_CLINIC)).filter((e) => e.action === 'handover' && e.staffId === from);

async function book(patientId: string, dept: string): Promise<string> {
  const res = await api.call('POST', '/v1/appointments', {
    token: desk,
    body: { patientId, slotId: await newSlot(dept) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function arrive(appointmentId: string): Promise<string> {
  const res = await api.call('POST', `/v1/appointments/${appointmentId}/check-in`, { token: desk });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function visit(ticketId: string, chargeFen: number) {
  const res = await api.call('POST', '/v1/visits', {
    token: doctor,
    body: { ticketId, category: 'cleaning', chargeFen, doctorId },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** A member's figures three ways: today, this month's totals, and their row of the ranking. */
async function figuresOf(staffId: string) {
  const pick = (f: Record<string, number>) => ({
    newRecords: f.newRecords,
    appointments: f.appointments,
    arrivals: f.arrivals,
    visits: f.visits,
    revenueFen: f.revenueFen,
  });
  const day = await api.call('GET', `/v1/stats/daily?date=${today}&staffId=${staffId}`, { token: manager });
  const monthly = await api.call('GET', `/v1/stats/monthly?month=${month}&staffId=${staffId}`, { token: manager });
  const ranking = await api.call('GET', `/v1/stats/staff?month=${month}`, { token: manager });
  const row = ranking.body.items.find((r: { staffId: string }) => r.staffId === staffId);
  expect(pick(monthly.body.totals)).toEqual(pick(day.body));
  expect(pick(row.totals)).toEqual(pick(day.body));
  return pick(day.body);
}

describe('handing a member over', () => {
  it('keeps past figures with the one who earned them and counts new bookings, arrivals, revenue and sign-ups for the new owner', async () => {
    const a = await marketer('a');
    const b = await marketer('b');
    const dept = await newDepartment();
    const [p1, p2, p3] = await leads(a.token, 3);
    const campaign = await api.call('POST', '/v1/campaigns', {
      token: a.token,
      body: { name: '社区义诊', channel: 'community', startsOn: today, endsOn: '2099-12-31' },
    });
    expect(campaign.status).toBe(201);
    await visit(await arrive(await book(p1!, dept)), 10_000);
    const p2Appointment = await book(p2!, dept);
    const before = { newRecords: 3, appointments: 2, arrivals: 1, visits: 1, revenueFen: 10_000 };
    expect(await figuresOf(a.id)).toEqual(before);
    expect(await figuresOf(b.id)).toEqual({ newRecords: 0, appointments: 0, arrivals: 0, visits: 0, revenueFen: 0 });

    const preview = await api.call('GET', `/v1/staff/${a.id}/hand-over`, { token: manager });
    expect(preview.body).toEqual({ staffId: a.id, records: 3, campaigns: 1 });
    const res = await handOver(a.id, b.id);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ handedOver: 3, campaigns: 1, toStaffId: b.id });
    expect((await getPatient(p1!))?.ownerStaffId).toBe(b.id);
    expect((await getCampaign(campaign.body.id))?.ownerStaffId).toBe(b.id);

    await visit(await arrive(p2Appointment), 20_000);
    await visit(await arrive(await book(p3!, dept)), 30_000);
    const signup = await api.call('POST', `/v1/campaigns/${campaign.body.id}/signups`, {
      token: await api.login(uniqueOpenid('ho-signup')),
      body: { name: '新报名', phone: uniquePhone(), consents: { marketing: true } },
    });
    expect(signup.status, JSON.stringify(signup.body)).toBe(201);

    expect(await figuresOf(a.id)).toEqual(before);
    expect(await figuresOf(b.id)).toEqual({
      newRecords: 1,
      appointments: 1,
      arrivals: 2,
      visits: 2,
      revenueFen: 50_000,
    });
    expect((await getPatient(signup.body.patientId))?.ownerStaffId).toBe(b.id);
  });

  it('is one audit event naming from, to, who, when and how many, not one per record', async () => {
    const a = await marketer();
    const b = await marketer();
    await leads(a.token, 4);
    const res = await handOver(a.id, b.id);
    expect(res.body.handedOver).toBe(4);
    expect(await handOvers(a.id)).toEqual([
      expect.objectContaining({
        clinicId: TEST_CLINIC,
        toStaffId: b.id,
        actorStaffId: managerId,
        actorClinicId: TEST_CLINIC,
        handedOver: 4,
        campaigns: 0,
        at: expect.any(String),
        startedAt: expect.any(String),
      }),
    ]);
  });

  it('answers a retry with the same Idempotency-Key with the first answer, as one action', async () => {
    const a = await marketer();
    const b = await marketer();
    await leads(a.token, 5);
    const first = await handOver(a.id, b.id, { key: 'ho-retry-1' });
    await leads(a.token, 2);
    const retry = await handOver(a.id, b.id, { key: 'ho-retry-1' });
    expect(first.body).toEqual({ handedOver: 5, campaigns: 0, toStaffId: b.id });
    expect(retry.status).toBe(first.status);
    expect(retry.body).toEqual(first.body);
    expect(await handOvers(a.id)).toHaveLength(1);
    expect(await ownedIds(a.id, 'patient')).toHaveLength(2);
  });

  it('moves nothing on a second call, and writes no second event', async () => {
    const a = await marketer();
    const b = await marketer();
    await leads(a.token, 3);
    expect((await handOver(a.id, b.id)).body.handedOver).toBe(3);
    const second = await handOver(a.id, b.id);
    expect(second.body).toEqual({ handedOver: 0, campaigns: 0, toStaffId: b.id });
    expect(await handOvers(a.id)).toHaveLength(1);
    expect(await ownedIds(b.id, 'patient')).toHaveLength(3);
  });

  it('moves 120 patients in one call', async () => {
    const a = await marketer();
    const b = await marketer();
    const ids = await leads(a.token, 120);
    const res = await handOver(a.id, b.id);
    expect(res.body).toEqual({ handedOver: 120, campaigns: 0, toStaffId: b.id });
    expect(await ownedIds(a.id, 'patient')).toEqual([]);
    expect((await ownedIds(b.id, 'patient')).sort()).toEqual([...ids].sort());
    expect((await handOvers(a.id)).map((e) => e.handedOver)).toEqual([120]);
  });

  it('finishes what a crashed hand-over left, counting each record once', async () => {
    const a = await marketer();
    const b = await marketer();
    const ids = await leads(a.token, 6);
    // A run that moved two records and died before closing.
    const run = {
      id: newId('ho'),
      clinicId: TEST_CLINIC,
      fromStaffId: a.id,
      toStaffId: b.id,
      actorStaffId: managerId,
      actorUserId: 'u_crashed',
      requestId: 'r-crashed',
      startedAt: new Date().toISOString(),
      handedOver: 0,
      campaigns: 0,
    };
    expect(await startHandOver(run)).toBe(true);
    await commit([
      ...ids.slice(0, 2).map((id) => patientOwnerWrite(id, a.id, { id: b.id, name: '接手' })),
      progressWrite(run, { handedOver: 2 }),
    ]);
    const res = await handOver(a.id, b.id);
    expect(res.body).toEqual({ handedOver: 6, campaigns: 0, toStaffId: b.id });
    expect((await handOvers(a.id)).map((e) => [e.handedOver, e.requestId])).toEqual([[6, 'r-crashed']]);
    expect(await ownedIds(b.id, 'patient')).toHaveLength(6);
  });

  it('moves every record exactly once when two managers press at the same moment', async () => {
    const a = await marketer();
    const b = await marketer();
    await leads(a.token, 60);
    const answers = await Promise.all([handOver(a.id, b.id), handOver(a.id, b.id)]);
    for (const r of answers) expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(await ownedIds(b.id, 'patient')).toHaveLength(60);
    const events = await handOvers(a.id);
    expect(events.reduce((n, e) => n + (e.handedOver ?? 0), 0)).toBe(60);
  });

  it('lets no edit read before the hand-over write the old owner back', async () => {
    const a = await marketer();
    const b = await marketer();
    const [id] = await leads(a.token, 1);
    const before = (await getPatient(id!))!;
    await handOver(a.id, b.id);
    await expect(savePatient(before, { ...before, notes: '旧页面上的修改' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await getPatient(id!))?.ownerStaffId).toBe(b.id);
  });

  it('hands over a deactivated member', async () => {
    const a = await marketer();
    const b = await marketer();
    await leads(a.token, 2);
    expect((await api.call('POST', `/v1/staff/${a.id}/deactivate`, { token: manager })).status).toBe(200);
    expect((await handOver(a.id, b.id)).body.handedOver).toBe(2);
  });
});

describe('who may hand over, and to whom', () => {
  it("answers another clinic's manager with 404 and a marketer with 403", async () => {
    const a = await marketer();
    const b = await marketer();
    await leads(a.token, 1);
    const { clinicId } = await ownClinic('ho', '别的门诊');
    const far = await api.call('POST', '/v1/auth/dev', {
      body: { openid: uniqueOpenid('ho-far'), role: 'manager', clinicId },
    });
    const farAnswer = await handOver(a.id, b.id, { token: far.body.token });
    expect(farAnswer.status).toBe(404);
    expect(farAnswer.body.error.message).toBe('没有找到该员工');
    expect((await api.call('GET', `/v1/staff/${a.id}/hand-over`, { token: far.body.token })).status).toBe(404);
    const byMarketer = await handOver(a.id, b.id, { token: b.token });
    expect(byMarketer.status).toBe(403);
    expect(await ownedIds(a.id, 'patient')).toHaveLength(1);
  });

  it('refuses a receiver outside the marketing team, of another clinic, deactivated, or the member themself', async () => {
    const a = await marketer();
    await leads(a.token, 1);
    const { clinicId } = await ownClinic('ho', '外院');
    const far = await api.call('POST', '/v1/auth/dev', {
      body: { openid: uniqueOpenid('ho-farmk'), role: 'marketing', clinicId },
    });
    const gone = await marketer();
    await api.call('POST', `/v1/staff/${gone.id}/deactivate`, { token: manager });
    const cases = [
      [frontdesk2Id, 400, '接收人须为市场专员或管理者'],
      [far.body.user.staffId, 400, '接收人须为本院员工'],
      [a.id, 400, '不能移交给本人'],
      [gone.id, 409, '接收人已停用，请选择在职员工'],
    ] as const;
    for (const [to, status, message] of cases) {
      const res = await handOver(a.id, to);
      expect(res.status, to).toBe(status);
      expect(res.body.error.message).toBe(message);
    }
    expect(await ownedIds(a.id, 'patient')).toHaveLength(1);
    expect(frontdesk2).toBeTruthy();
  });
});
