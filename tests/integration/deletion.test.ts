import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { getSlot } from '../../functions/booking/slot-repository';
import { fixedClock, systemClock, useClock } from '../../functions/lib/clock';
import { lookupHash } from '../../functions/lib/crypto';
import {
  allMessagesOfPatient,
  ERASED_TEXT,
  messageId,
  queueMessage,
} from '../../functions/messaging/outbox-repository';
import { auditTrailOf } from '../../functions/patients/audit-repository';
import { profile, startApi, uniqueOpenid } from '../support/api';
import { insertTestSlot } from '../support/fixtures';
import { ownClinic } from '../support/own-clinic';
import { type Personal, patientLife, rawItem, rightsClinic, storedForPatient } from '../support/rights-fixture';

const api = await startApi();
afterAll(() => api.close());
afterEach(() => useClock(systemClock));
const clinic = await rightsClinic(api, 'del');

const personalValues = (p: Personal) => Object.values(p);
const counters = async (month: string, date: string) => {
  const token = clinic.manager.token;
  const q = `clinicId=${clinic.clinicId}`;
  const [monthly, channels, daily, doctor] = await Promise.all([
    api.call('GET', `/v1/stats/monthly?month=${month}&${q}`, { token }),
    api.call('GET', `/v1/stats/channels?month=${month}&${q}`, { token }),
    api.call('GET', `/v1/stats/daily?date=${date}&${q}`, { token }),
    api.call('GET', `/v1/stats/monthly?month=${month}&staffId=${clinic.doctor.staffId}&${q}`, { token }),
  ]);
  for (const r of [monthly, channels, daily, doctor]) expect(r.status, JSON.stringify(r.body)).toBe(200);
  return [monthly.body, channels.body, daily.body, doctor.body];
};

describe('DELETE /v1/me/patients/{patientId}', () => {
  it('erases personal data under every key of the patient, keeps the facts, releases the phone, leaves counters as they were', async () => {
    const life = await patientLife(api, clinic, '2045-04-10', '司马删除');
    const me = (await api.call('GET', '/v1/me', { token: life.token })).body.id as string;
    const sibling = await api.call('POST', '/v1/me/patients', {
      token: life.token,
      body: profile({ name: '司马留下', relation: 'spouse', address: '留下路 1 号' }),
    });
    expect(sibling.status).toBe(201);
    // A booking still ahead: deletion gives its place back to the slot.
    useClock(fixedClock('2045-04-12T09:00:00+08:00'));
    const ahead = await insertTestSlot({
      departmentId: clinic.deptId,
      clinicId: clinic.clinicId,
      startsAt: '2045-04-20T10:00:00+08:00',
    });
    const booked = await api.call('POST', '/v1/appointments', {
      token: life.token,
      body: { patientId: life.patientId, slotId: ahead },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);

    const before = await storedForPatient(life.patientId, me, [life.invitationId]);
    const countsBefore = await counters('2045-04', '2045-04-10');
    const familyBefore = (await api.call('GET', '/v1/me/patients', { token: life.token })).body.items;

    const res = await api.call('DELETE', `/v1/me/patients/${life.patientId}`, { token: life.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ patientId: life.patientId, erasedAt: '2045-04-12T01:00:00.000Z' });

    // No item that was under the patient's keys holds a piece of personal data now.
    const nowItems = await Promise.all(before.items.map((i) => rawItem(String(i.pk), String(i.sk))));
    for (const [i, item] of before.items.entries()) {
      const text = JSON.stringify(nowItems[i] ?? {});
      for (const value of personalValues(life.personal))
        expect(text, `${String(item.type)} ${String(item.sk)}`).not.toContain(value);
    }
    const after = await storedForPatient(life.patientId, me, [life.invitationId]);
    for (const item of after.items) {
      const text = JSON.stringify(item);
      for (const value of personalValues(life.personal)) expect(text, String(item.type)).not.toContain(value);
      // Nothing of the patient stays in the account's lists.
      expect(item.accountId, String(item.type)).toBeUndefined();
    }
    // The facts the hospital keeps stay under the id (the pseudonym).
    const kept = (t: string) => nowItems.filter((i): i is Record<string, unknown> => i?.type === t);
    expect(kept('visit')[0]).toMatchObject({ id: life.visitId, chargeFen: 1_280_000, category: 'implant' });
    expect(kept('ticket').map((t) => t.id)).toEqual([life.ticketId]);
    expect(kept('ticket')[0]).toMatchObject({ number: 1, patientName: '已删除' });
    expect(kept('patient')[0]).toMatchObject({ name: '已删除', erasedAt: '2045-04-12T01:00:00.000Z', visitCount: 1 });
    expect(kept('patient')[0]!.nameKey).toBeUndefined();
    expect(kept('patient')[0]!.birthMonthDay).toBeUndefined();
    expect(kept('outbox')[0]).toMatchObject({ status: 'skipped' });
    // The clinic keeps its summary of the patient's visits, out of the monthly grouping's reach (no more outreach).
    expect(kept('careSummary')[0]).toMatchObject({ visitCount: 1, spendFen: 1_280_000 });
    expect(kept('careSummary')[0]!.clinicKey).toBeUndefined();
    expect(kept('appointment').find((a) => a.id === booked.body.id)).toMatchObject({ status: 'cancelled' });
    expect((await getSlot(ahead))?.booked).toBe(0);

    // The month's counters (clinic, channel, day, staff) are exactly as they were.
    expect(await counters('2045-04', '2045-04-10')).toEqual(countsBefore);
    // Who and why.
    const deletes = (await auditTrailOf(life.patientId)).filter((a) => a.action === 'delete');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]).toMatchObject({ actorUserId: me, reason: '患者本人申请删除', clinicId: clinic.clinicId });
    // Gone for every reader, the account's other profile untouched, the phone free again.
    expect((await api.call('GET', `/v1/patients/${life.patientId}`, { token: clinic.desk.token })).status).toBe(404);
    const familyAfter = (await api.call('GET', '/v1/me/patients', { token: life.token })).body.items;
    expect(familyAfter).toEqual(familyBefore.filter((p: any) => p.id !== life.patientId));
    const again = await api.call('POST', '/v1/me/patients', {
      token: await api.login(uniqueOpenid('del-again')),
      body: profile({ name: '新的人', phone: life.personal.phone }),
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    // A second delete finds nothing.
    const second = await api.call('DELETE', `/v1/me/patients/${life.patientId}`, { token: life.token });
    expect(second.status).toBe(404);
    expect(second.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('of two deletions at once, one erases and the other is a 404', async () => {
    const token = await api.login(uniqueOpenid('del-race'));
    const p = await api.call('POST', '/v1/me/patients', { token, body: profile({ name: '赛跑者' }) });
    const answers = await Promise.all([
      api.call('DELETE', `/v1/me/patients/${p.body.id}`, { token }),
      api.call('DELETE', `/v1/me/patients/${p.body.id}`, { token }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 404]);
    expect((await auditTrailOf(p.body.id)).filter((a) => a.action === 'delete')).toHaveLength(1);
  });

  it('erases a history longer than one transaction holds (150 messages) and every message of it', async () => {
    const token = await api.login(uniqueOpenid('del-long'));
    const p = await api.call('POST', '/v1/me/patients', {
      token,
      body: profile({ name: '长历史', clinicId: clinic.clinicId }),
    });
    const ids = Array.from({ length: 150 }, (_, i) => messageId('holiday', p.body.id, `2099-${i}`));
    await Promise.all(
      ids.map((id) =>
        queueMessage({
          id,
          kind: 'holiday',
          patientId: p.body.id,
          clinicId: clinic.clinicId,
          occasion: id.split('#')[2]!,
          marketing: true,
          text: '长历史您好，节日快乐',
          vars: { name: '长历史' },
          dueAt: '2099-01-01T02:00:00.000Z',
          createdAt: '2045-01-01T00:00:00.000Z',
        }),
      ),
    );
    const res = await api.call('DELETE', `/v1/me/patients/${p.body.id}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const messages = await allMessagesOfPatient(p.body.id);
    expect(messages).toHaveLength(150);
    for (const m of messages) {
      expect(m).toMatchObject({ status: 'skipped', text: ERASED_TEXT });
      expect(JSON.stringify(m)).not.toContain('长历史');
    }
  });

  it("refuses another account's profile like a missing one", async () => {
    const owner = await api.login(uniqueOpenid('del-owner'));
    const p = await api.call('POST', '/v1/me/patients', { token: owner, body: profile({ name: '别人家' }) });
    const other = await api.login(uniqueOpenid('del-other'));
    const res = await api.call('DELETE', `/v1/me/patients/${p.body.id}`, { token: other });
    expect(res.status).toBe(404);
    expect((await api.call('GET', '/v1/me/patients', { token: owner })).body.items).toHaveLength(1);
  });

  it('passes the phone guard to a family member sharing the phone: the phone stays one person', async () => {
    const token = await api.login(uniqueOpenid('del-share'));
    const holder = await api.call('POST', '/v1/me/patients', { token, body: profile({ name: '张持有' }) });
    const child = await api.call('POST', '/v1/me/patients', {
      token,
      body: profile({
        name: '张小孩',
        phone: holder.body.phone,
        relation: 'child',
        birthDate: '2018-01-02',
        consents: { healthData: true, marketing: false, guardian: true },
      }),
    });
    expect(child.status, JSON.stringify(child.body)).toBe(201);
    expect((await api.call('DELETE', `/v1/me/patients/${holder.body.id}`, { token })).status).toBe(200);
    const taken = await api.call('POST', '/v1/me/patients', {
      token: await api.login(uniqueOpenid('del-share2')),
      body: profile({ name: '陌生人', phone: holder.body.phone }),
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details.maskedName).toBe('张*孩');
    const mine = (await api.call('GET', '/v1/me/patients', { token })).body.items;
    expect(mine.map((p: any) => [p.name, p.phoneShared ?? false])).toEqual([['张小孩', false]]);
  });
});

describe('POST /v1/patients/{patientId}/deletion (staff record a request)', () => {
  const other = ownClinic('del2', '别家口腔');
  async function lead(name: string) {
    const res = await api.call('POST', '/v1/patients', {
      token: clinic.desk.token,
      body: { name, phone: profile().phone, channel: 'walk_in', address: '前台路 8 号', notes: '喜欢上午来' },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; phone: string };
  }

  it('erases the record with the reason, by service, front desk or manager of its clinic', async () => {
    const p = await lead('记录删除');
    const res = await api.call('POST', `/v1/patients/${p.id}/deletion`, {
      token: clinic.service.token,
      body: { reason: '患者来电要求删除个人信息' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [audit] = (await auditTrailOf(p.id)).filter((a) => a.action === 'delete');
    expect(audit).toMatchObject({
      actorStaffId: clinic.service.staffId,
      actorClinicId: clinic.clinicId,
      reason: '患者来电要求删除个人信息',
    });
    expect((await api.call('GET', `/v1/patients/${p.id}`, { token: clinic.desk.token })).status).toBe(404);
    const record = await rawItem(`PATIENT#${p.id}`, 'PATIENT');
    expect(JSON.stringify(record)).not.toMatch(/记录删除|前台路|喜欢上午来/);
    const again = await api.call('POST', '/v1/patients', {
      token: clinic.desk.token,
      body: { name: '同号新人', phone: p.phone, channel: 'walk_in' },
    });
    expect(again.status).toBe(201);
    const twice = await api.call('POST', `/v1/patients/${p.id}/deletion`, {
      token: clinic.desk.token,
      body: { reason: '重复提交' },
    });
    expect(twice.status).toBe(404);
  });

  it('erases the name on a walk-in ticket of a record with no WeChat account (found by patient, not by account)', async () => {
    const p = await lead('现场取号');
    const t = await api.call('POST', `/v1/queues/${clinic.deptId}/tickets`, {
      token: clinic.desk.token,
      body: { patientId: p.id },
      headers: { 'idempotency-key': uniqueOpenid('del-walkin') },
    });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    expect(JSON.stringify(await rawItem(`TICKET#${t.body.id}`, 'TICKET'))).toMatch(/现场取号|现\*/);
    const res = await api.call('POST', `/v1/patients/${p.id}/deletion`, {
      token: clinic.desk.token,
      body: { reason: '患者要求删除' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const ticket = await rawItem(`TICKET#${t.body.id}`, 'TICKET');
    expect(ticket).toMatchObject({ patientId: p.id, number: t.body.number });
    expect(JSON.stringify(ticket)).not.toMatch(/现场取号|现\*/);
  });

  it("erases a campaign sign-up's copy of the name and phone (the sign-up itself stays counted)", async () => {
    const c = await api.call('POST', '/v1/campaigns', {
      token: clinic.marketing.token,
      body: { name: '社区口腔检查', channel: 'community', startsOn: '2026-01-01', endsOn: '2099-12-31' },
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const phone = profile().phone;
    const signup = await api.call('POST', `/v1/campaigns/${c.body.id}/signups`, {
      token: await api.login(uniqueOpenid('del-signup')),
      body: { name: '报名者', phone, needs: ['orthodontic'], consents: { marketing: true } },
    });
    expect(signup.status, JSON.stringify(signup.body)).toBe(201);
    const touchKey = `TOUCH#${await lookupHash('phone', phone)}`;
    expect((await rawItem(`CAMPAIGN#${c.body.id}`, touchKey))?.phoneEnc).toBeDefined();
    const res = await api.call('POST', `/v1/patients/${signup.body.patientId}/deletion`, {
      token: clinic.desk.token,
      body: { reason: '报名后要求删除' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const touch = await rawItem(`CAMPAIGN#${c.body.id}`, touchKey);
    expect(touch).toMatchObject({
      kind: 'new',
      patientId: signup.body.patientId,
      maskedName: '已删除',
      maskedPhone: '',
    });
    expect(touch!.phoneEnc).toBeUndefined();
  });

  it("requires a reason (400 in Chinese), a recording role (403) and the record of the caller's clinic (404)", async () => {
    const p = await lead('不能删');
    const noReason = await api.call('POST', `/v1/patients/${p.id}/deletion`, { token: clinic.desk.token, body: {} });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body.error)).toContain('请填写删除原因');
    const marketing = await api.call('POST', `/v1/patients/${p.id}/deletion`, {
      token: clinic.marketing.token,
      body: { reason: '想删除' },
    });
    expect(marketing.status).toBe(403);
    const { clinicId } = await other;
    const login = await api.call('POST', '/v1/auth/dev', {
      body: { openid: uniqueOpenid('del-x'), role: 'manager', clinicId },
    });
    const elsewhere = await api.call('POST', `/v1/patients/${p.id}/deletion`, {
      token: login.body.token,
      body: { reason: '别家要删' },
    });
    expect(elsewhere.status).toBe(404);
    expect((await api.call('GET', `/v1/patients/${p.id}`, { token: clinic.desk.token })).body.name).toBe('不能删');
  });
});
