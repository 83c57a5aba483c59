import { describe, expect, it } from 'vitest';
import { summariesOf } from '../../functions/groups/care-summary-repository';
import { membershipsOf, storedMember } from '../../functions/groups/group-repository';
import { fixedClock, useClock as setClock, systemClock } from '../../functions/lib/clock';
import { putItem } from '../../functions/lib/store';
import { commit } from '../../functions/lib/transact';
import { auditTrailOf } from '../../functions/patients/audit-repository';
import { holdForMerge } from '../../functions/patients/merge-repository';
import { getPatient, savePatient } from '../../functions/patients/patient-repository';
import { allVisitsOf, visitMovedWrites } from '../../functions/visits/visit-repository';
import { clinicMonth } from '../../shared/dates';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { storedCounts as counts, mergeTeam } from '../support/merge-team';

// Merges that race, die midway, chain, or must be refused; who may merge at all.
const { clinicId, api, desk, manager, otherManager, post, claimedLead, lead, visitOn } = await mergeTeam('mgr');

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
