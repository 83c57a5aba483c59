import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { summariesOf } from '../../functions/groups/care-summary-repository';
import { membershipsOf, storedMember } from '../../functions/groups/group-repository';
import { fixedClock, useClock as setClock, systemClock } from '../../functions/lib/clock';
import { putItem } from '../../functions/lib/store';
import { commit } from '../../functions/lib/transact';
import { messagesOfPatient } from '../../functions/messaging/outbox-repository';
import { auditTrailOf } from '../../functions/patients/audit-repository';
import { inventoryOf } from '../../functions/patients/merge-moves';
import { holdForMerge } from '../../functions/patients/merge-repository';
import { getPatient, savePatient } from '../../functions/patients/patient-repository';
import { allVisitsOf, visitMovedWrites } from '../../functions/visits/visit-repository';
import { clinicMonth } from '../../shared/dates';
import type { MergeCounts } from '../../shared/schemas/merge';
import { profile, startApi, uniqueOpenid, uniquePhone } from '../support/api';
import { insertTestSlot } from '../support/fixtures';
import { ownClinic } from '../support/own-clinic';

// A clinic of this file's own, days in 2044 (no other file's jobs reach them).
const { clinicId, deptId } = await ownClinic('mg', '合并测试口腔');
const other = await ownClinic('mg2', '另一家口腔');
const api = await startApi();
afterAll(() => api.close());
afterEach(() => setClock(systemClock));

async function login(role: string, clinic = clinicId) {
  const res = await api.call('POST', '/v1/auth/dev', {
    body: { openid: uniqueOpenid(`mg-${role}`), role, clinicId: clinic },
  });
  expect(res.status).toBe(200);
  const me = await api.call('GET', '/v1/me', { token: res.body.token });
  return { token: res.body.token as string, staffId: me.body.staffId as string };
}
const [marketer, desk, doctor, manager, otherManager] = await Promise.all([
  login('marketing'),
  login('frontdesk'),
  login('doctor'),
  login('manager'),
  login('manager', other.clinicId),
]);
const at = (instant: string) => setClock(fixedClock(instant));
const post = (path: string, token: string, body: unknown, key = uniqueOpenid('idem')) =>
  api.call('POST', path, { token, body, headers: { 'idempotency-key': key } });

/** A lead a staff member enters on `day`; the patient's WeChat account then claims it (verified phone). */
async function claimedLead(day: string, by: { token: string }, name: string, account: string, extra = {}) {
  at(`${day}T09:00:00+08:00`);
  const phone = uniquePhone();
  const lead = await post('/v1/patients', by.token, {
    name,
    phone,
    channel: 'referral',
    consents: { healthData: true, marketing: true },
  });
  expect(lead.status, JSON.stringify(lead.body)).toBe(201);
  const claim = await api.call('POST', '/v1/me/patients', {
    token: account,
    body: profile({ name, phone, phoneCode: `dev:${phone}`, clinicId, ...extra }),
  });
  expect(claim.body.claimed, JSON.stringify(claim.body)).toBe(true);
  return { id: lead.body.id as string, phone };
}

/** A walk-in and an implant visit on `day` (a ticket, a call task, a survey invitation and its message). */
async function visitOn(patientId: string, day: string): Promise<string> {
  at(`${day}T10:00:00+08:00`);
  const ticket = await post(`/v1/queues/${deptId}/tickets`, desk.token, { patientId });
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
  const v = await post('/v1/visits', doctor.token, {
    ticketId: ticket.body.id,
    category: 'implant',
    chargeFen: 50_000,
    doctorId: doctor.staffId,
  });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  return v.body.id as string;
}

/** The patient answers the visit's survey the next day, and books a slot ahead. */
async function answerAndBook(account: string, patientId: string, visitId: string, nextDay: string, slotDay: string) {
  at(`${nextDay}T10:30:00+08:00`);
  const good = { overall: 5, doctor: 5, nurse: 4, environment: 5, waiting: 4, fees: 5 };
  const ans = await post(`/v1/me/surveys/sv_${visitId}_1/answer`, account, { scores: good, nps: 9 });
  expect(ans.status, JSON.stringify(ans.body)).toBe(201);
  const slotId = await insertTestSlot({ departmentId: deptId, clinicId, startsAt: `${slotDay}T09:00:00+08:00` });
  const booked = await post('/v1/appointments', account, { patientId, slotId });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
}

const sum = (a: MergeCounts, b: MergeCounts) =>
  Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof MergeCounts] + b[k as keyof MergeCounts]]));
const counts = async (id: string) => {
  const inv = await inventoryOf(id);
  const of = (t: string) => inv.items.filter((i) => i.type === t).length;
  return {
    visits: inv.visits.length,
    appointments: of('appointment'),
    tickets: of('ticket'),
    consents: inv.consents.length,
    messages: of('outbox'),
    surveyAnswers: of('surveyAnswer'),
    followUps: of('followUp'),
  };
};

// The fixture: one person, two records (two phones, one WeChat account), each with every kind of item.
const account = await api.login(uniqueOpenid('mg-p'));
// The older record, entered by the marketer (its attribution); the newer by the front desk.
const older = await claimedLead('2044-01-05', marketer, '王小明', account, { birthDate: '1990-01-02' });
const newer = await claimedLead('2044-02-01', desk, '王晓明', account, { birthDate: '1990-02-01' });
const olderVisit = await visitOn(older.id, '2044-01-10');
await answerAndBook(account, older.id, olderVisit, '2044-01-11', '2044-03-10');
const newerVisit = await visitOn(newer.id, '2044-02-10');
await answerAndBook(account, newer.id, newerVisit, '2044-02-11', '2044-03-12');
at('2044-02-20T09:00:00+08:00');
describe('merging two records of one person', () => {
  let preview: any;
  let result: any;
  const key = uniqueOpenid('merge');
  const monthly = async (month: string) =>
    (await api.call('GET', `/v1/stats/monthly?month=${month}&clinicId=${clinicId}`, { token: manager.token })).body;
  let statsBefore: unknown[] = [];

  it('shows both records side by side: counts of every kind, the earlier one suggested, conflicts with both values', async () => {
    const res = await api.call('GET', `/v1/patients/${newer.id}/merge-preview?with=${older.id}`, {
      token: manager.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    preview = res.body;
    expect(preview.left.patient.id).toBe(newer.id);
    expect(preview.right.patient.id).toBe(older.id);
    expect(preview.suggestedSurvivorId).toBe(older.id);
    expect(preview.attributionFromId).toBe(older.id);
    for (const side of [preview.left, preview.right]) {
      expect(side.counts).toMatchObject({ visits: 1, appointments: 1, tickets: 1, surveyAnswers: 1, followUps: 1 });
      expect(side.counts.consents).toBeGreaterThanOrEqual(2);
      expect(side.counts.messages).toBeGreaterThanOrEqual(1);
      // Masked as the manager sees records: not the full phone.
      expect(side.patient.phoneMasked).toBe(true);
    }
    expect(preview.conflicts).toEqual([
      { field: 'name', left: '王晓明', right: '王小明' },
      { field: 'birthDate', left: '1990-02-01', right: '1990-01-02' },
    ]);
    expect(await counts(newer.id)).toEqual(preview.left.counts);
  });

  it('moves everything to the survivor (count per kind before = after), keeps the earliest attribution, audits both', async () => {
    statsBefore = await Promise.all([monthly('2044-01'), monthly('2044-02')]);
    const res = await post(
      '/v1/patients/merges',
      manager.token,
      { survivorId: newer.id, mergedId: older.id, reason: '同一人两个手机号' },
      key,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    result = res.body;
    expect(result.moved).toEqual(preview.right.counts);
    expect(await counts(newer.id)).toEqual(sum(preview.left.counts, preview.right.counts));
    expect(Object.values(await counts(older.id)).every((n) => n === 0)).toBe(true);
    expect(result.survivor).toMatchObject({
      id: newer.id,
      ownerStaffId: marketer.staffId,
      channel: 'referral',
      visitCount: 2,
    });
    const survivor = await getPatient(newer.id);
    expect(survivor).toMatchObject({
      ownerStaffId: marketer.staffId,
      channel: 'referral',
      accountId: expect.any(String),
    });
    for (const id of [newer.id, older.id]) {
      const merge = (await auditTrailOf(id)).find((a) => a.action === 'merge');
      expect(merge).toMatchObject({
        reason: '同一人两个手机号',
        actorStaffId: manager.staffId,
        actorClinicId: clinicId,
      });
    }
  });

  it('leaves the merged record a bare pointer: no personal data of its own', async () => {
    const pointer = (await getPatient(older.id)) as unknown as Record<string, unknown>;
    expect(Object.keys(pointer).sort()).toEqual([
      'clinicId',
      'createdAt',
      'id',
      'mergedAt',
      'mergedInto',
      'updatedAt',
      'version',
    ]);
    expect(pointer.mergedInto).toBe(newer.id);
  });

  it('resolves the old id (record, timeline, visits) and the old phone to the survivor', async () => {
    const rec = await api.call('GET', `/v1/patients/${older.id}`, { token: manager.token });
    expect(rec.body.id).toBe(newer.id);
    const visits = await api.call('GET', `/v1/patients/${older.id}/visits`, { token: desk.token });
    expect(visits.body.items.map((v: any) => v.id).sort()).toEqual([newerVisit, olderVisit].sort());
    const tl = await api.call('GET', `/v1/patients/${older.id}/timeline?limit=100`, { token: desk.token });
    expect(tl.status).toBe(200);
    expect(tl.body.items.filter((i: any) => i.type === 'visit')).toHaveLength(2);
    expect(tl.body.items.filter((i: any) => i.type === 'survey')).toHaveLength(2);
    const found = await api.call('GET', `/v1/patients?phone=${older.phone}`, { token: desk.token });
    expect(found.body.items.map((p: any) => p.id)).toEqual([newer.id]);
    expect((await messagesOfPatient(newer.id)).items.length).toBe(result.moved.messages + preview.left.counts.messages);
    const mine = await api.call('GET', '/v1/me/patients', { token: account });
    expect(mine.body.items.map((p: any) => p.id)).toEqual([newer.id]);
    const appts = await api.call('GET', '/v1/me/appointments', { token: account });
    expect(appts.body.items.map((a: any) => a.patientId)).toEqual([newer.id, newer.id]);
  });

  it('moves no counter: the months read the same', async () => {
    expect(await Promise.all([monthly('2044-01'), monthly('2044-02')])).toEqual(statsBefore);
  });

  it('answers a retry with the same Idempotency-Key with the same result; a new merge of the pair is a 404', async () => {
    const again = await post(
      '/v1/patients/merges',
      manager.token,
      { survivorId: newer.id, mergedId: older.id, reason: '同一人两个手机号' },
      key,
    );
    expect(again.status).toBe(201);
    expect(again.body).toEqual(result);
    const fresh = await post('/v1/patients/merges', manager.token, { survivorId: newer.id, mergedId: older.id });
    expect(fresh.status).toBe(404);
    expect(fresh.body.error.message).toBe('该档案已合并到其他档案');
  });
});

/** A plain lead of this clinic (or another's), entered on `day`. */
async function lead(day: string, token = desk.token) {
  at(`${day}T09:00:00+08:00`);
  const res = await post('/v1/patients', token, { name: '赵一', phone: uniquePhone(), channel: 'walk_in' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

describe('a merge that cannot be, or runs twice', () => {
  it('of two merges of one pair at one moment, one merges; the other finds the record gone', async () => {
    const [a, b] = [await lead('2044-03-01'), await lead('2044-03-02')];
    await visitOn(b, '2044-03-03');
    const race = await Promise.all(
      [1, 2].map(() => post('/v1/patients/merges', manager.token, { survivorId: a, mergedId: b })),
    );
    expect(race.map((r) => r.status).sort()).toEqual([201, 404]);
    expect((await counts(a)).visits).toBe(1);
    expect((await auditTrailOf(b)).filter((x) => x.action === 'merge')).toHaveLength(1);
  });

  it('of two merges of one pair in opposite directions at one moment, one merges and nothing is lost', async () => {
    const [a, b] = [await lead('2044-03-01'), await lead('2044-03-02')];
    await visitOn(a, '2044-03-03');
    await visitOn(b, '2044-03-04');
    const race = await Promise.all([
      post('/v1/patients/merges', manager.token, { survivorId: a, mergedId: b }),
      post('/v1/patients/merges', manager.token, { survivorId: b, mergedId: a }),
    ]);
    const won = race.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    expect(race.map((r) => r.status).filter((st) => st !== 201)[0]).toBeOneOf([404, 409]);
    const { survivorId, mergedId } = won[0]!.body;
    expect((await getPatient(mergedId))?.mergedInto).toBe(survivorId);
    expect((await getPatient(survivorId))?.mergedInto).toBeUndefined();
    expect((await counts(survivorId)).visits).toBe(2);
    expect((await counts(survivorId)).tickets).toBe(2);
  });

  it('finishes a merge that died midway (a visit moved, the pointer not written)', async () => {
    const [a, b] = [await lead('2044-03-05'), await lead('2044-03-06')];
    const [v1] = [await visitOn(b, '2044-03-07'), await visitOn(b, '2044-03-08')];
    const first = (await allVisitsOf(b)).find((v) => v.id === v1)!;
    // The run that died held both records and moved one visit.
    await holdForMerge(a, b, Date.now());
    await commit(visitMovedWrites(first, a));
    // While held, another pair with one of them is refused; the same pair may finish.
    const c = await lead('2044-03-08');
    setClock(systemClock);
    const other = await post('/v1/patients/merges', manager.token, { survivorId: a, mergedId: c });
    expect(other.status).toBe(409);
    expect(other.body.error.message).toBe('其中一份档案正在与其他档案合并，请稍后再试');
    const res = await post('/v1/patients/merges', manager.token, { survivorId: a, mergedId: b });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await counts(a)).visits).toBe(2);
    expect((await getPatient(b))?.mergedInto).toBe(a);
  });

  it("combines the care summaries and hands over this month's patient group place", async () => {
    const [a, b] = [await lead('2044-03-20'), await lead('2044-03-21')];
    await visitOn(a, '2044-03-22');
    await visitOn(b, '2044-03-23');
    const month = clinicMonth(new Date());
    const place = { clinicId, month, group: 'cleaning' as const, dueDate: `${month}-05`, reason: '洁牙到期' };
    await putItem(
      storedMember({
        ...place,
        patientId: b,
        reminderReason: '洁牙时间到了',
        basisVisitId: 'v_x',
        category: 'cleaning',
        basisDate: '2044-03-23',
        lastVisitDate: '2044-03-23',
        placedAt: '2044-03-24T00:00:00.000Z',
      }),
    );
    setClock(systemClock);
    expect((await post('/v1/patients/merges', manager.token, { survivorId: a, mergedId: b })).status).toBe(201);
    expect(await membershipsOf(clinicId, month, b)).toEqual([]);
    expect(await membershipsOf(clinicId, month, a)).toMatchObject([{ patientId: a, group: 'cleaning' }]);
    expect(await summariesOf(b)).toEqual([]);
    expect(await summariesOf(a)).toMatchObject([
      { patientId: a, visitCount: 2, spendFen: 100_000, firstVisitDate: '2044-03-22', lastVisitDate: '2044-03-23' },
    ]);
  });

  it('follows a chain of merges: the first id and phone lead to the last survivor', async () => {
    const phone = uniquePhone();
    setClock(fixedClock('2044-03-25T09:00:00+08:00'));
    const first = await post('/v1/patients', desk.token, { name: '赵一', phone, channel: 'walk_in' });
    const [b, c] = [await lead('2044-03-26'), await lead('2044-03-27')];
    expect((await post('/v1/patients/merges', manager.token, { survivorId: b, mergedId: first.body.id })).status).toBe(
      201,
    );
    expect((await post('/v1/patients/merges', manager.token, { survivorId: c, mergedId: b })).status).toBe(201);
    expect((await api.call('GET', `/v1/patients/${first.body.id}`, { token: manager.token })).body.id).toBe(c);
    const found = await api.call('GET', `/v1/patients?phone=${phone}`, { token: desk.token });
    expect(found.body.items.map((p: any) => p.id)).toEqual([c]);
  });

  it('refuses a record into itself (400), a merged or erased one (404), two WeChat accounts (409)', async () => {
    const a = await lead('2044-03-10');
    const self = await post('/v1/patients/merges', manager.token, { survivorId: a, mergedId: a });
    expect(self.status).toBe(400);
    expect(self.body.error.message).toBe('不能把档案合并到它自己');
    const [b, c] = [await lead('2044-03-11'), await lead('2044-03-12')];
    expect((await post('/v1/patients/merges', manager.token, { survivorId: a, mergedId: b })).status).toBe(201);
    const intoMerged = await post('/v1/patients/merges', manager.token, { survivorId: b, mergedId: c });
    expect(intoMerged.status).toBe(404);
    const before = (await getPatient(c))!;
    await savePatient(before, { ...before, erasedAt: '2044-03-12T10:00:00.000Z' });
    const erased = await post('/v1/patients/merges', manager.token, { survivorId: a, mergedId: c });
    expect(erased.status).toBe(404);
    expect(erased.body.error.message).toBe('没有找到该患者');
    const one = await claimedLead('2044-03-13', desk, '钱二', await api.login(uniqueOpenid('mg-x')));
    const two = await claimedLead('2044-03-13', desk, '钱二', await api.login(uniqueOpenid('mg-y')));
    const accounts = await post('/v1/patients/merges', manager.token, { survivorId: one.id, mergedId: two.id });
    expect(accounts.status).toBe(409);
    expect(accounts.body.error.message).toMatch(/不同的微信账号/);
  });

  it('is as missing to another clinic (404) and refused to a non-manager (403)', async () => {
    const [a, b] = [await lead('2044-03-15'), await lead('2044-03-16')];
    const foreign = await api.call('GET', `/v1/patients/${a}/merge-preview?with=${b}`, { token: otherManager.token });
    expect(foreign.status).toBe(404);
    expect((await post('/v1/patients/merges', otherManager.token, { survivorId: a, mergedId: b })).status).toBe(404);
    expect((await post('/v1/patients/merges', desk.token, { survivorId: a, mergedId: b })).status).toBe(403);
    const deskPreview = await api.call('GET', `/v1/patients/${a}/merge-preview?with=${b}`, { token: desk.token });
    expect(deskPreview.status).toBe(403);
    expect((await getPatient(b))?.mergedInto).toBeUndefined();
  });
});
