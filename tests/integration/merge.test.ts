import { describe, expect, it } from 'vitest';
import { bookedDaysOfPatient } from '../../functions/booking/booked-days';
import { patientsMarkedFor } from '../../functions/booking/revisit-marks';
import { messagesOfPatient } from '../../functions/messaging/outbox-repository';
import { auditTrailOf } from '../../functions/patients/audit-repository';
import { getPatient } from '../../functions/patients/patient-repository';
import type { MergeCounts } from '../../shared/schemas/merge';
import { uniqueOpenid } from '../support/api';
import { storedCounts as counts, mergeTeam } from '../support/merge-team';

// Merge: nothing lost, attribution kept, old ids resolve. Races, refusals and access: merge-races.test.ts.
const { clinicId, deptId, api, marketer, desk, manager, at, post, claimedLead, visitOn, answerAndBook } =
  await mergeTeam('mg');

const sum = (a: MergeCounts, b: MergeCounts) =>
  Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof MergeCounts] + b[k as keyof MergeCounts]]));

// The fixture: one person, two records (two phones, one WeChat account), each with every kind of item.
const account = await api.login(uniqueOpenid('mg-p'));
// The older record, entered by the marketer (its attribution); the newer by the front desk.
const older = await claimedLead('2044-01-05', marketer, '王小明', account, { birthDate: '1990-01-02' });
const newer = await claimedLead('2044-02-01', desk, '王晓明', account, { birthDate: '1990-02-01' });
const olderVisit = await visitOn(older.id, '2044-01-10', '2044-03-14');
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
    // The survivor's booked days hold the moved booking's day (the revisit reminder's pre-filter).
    expect([...((await bookedDaysOfPatient(newer.id)) ?? [])]).toEqual(
      expect.arrayContaining(['2044-03-10', '2044-03-12']),
    );
    // The merged visit's revisit date is the survivor's, and the survivor is marked for it: neither
    // record alone was (its reminders go out on 03-11, after the merged record's booked day 03-10; the
    // survivor's booking of 03-12 did not know the date).
    expect((await getPatient(newer.id))?.revisitDates).toContain('2044-03-14');
    expect(await patientsMarkedFor('2044-03-14')).toEqual(new Set([newer.id]));
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

  it('takes a number and records an opt-out for the survivor when staff use the old id', async () => {
    const walkIn = await post(`/v1/queues/${deptId}/tickets`, desk.token, { patientId: older.id });
    expect(walkIn.status, JSON.stringify(walkIn.body)).toBe(201);
    expect(walkIn.body.patientId).toBe(newer.id);
    const optOut = await api.call('PUT', `/v1/patients/${older.id}/consents`, {
      token: desk.token,
      body: { marketing: false, note: '患者电话告知不再接收' },
    });
    expect(optOut.status, JSON.stringify(optOut.body)).toBe(200);
    expect((await getPatient(newer.id))?.consents.marketing?.granted).toBe(false);
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
