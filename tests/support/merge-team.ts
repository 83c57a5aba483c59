import { afterAll, afterEach, expect } from 'vitest';
import { fixedClock, useClock as setClock, systemClock } from '../../functions/lib/clock';
import { inventoryOf } from '../../functions/patients/merge-moves';
import type { MergeCounts } from '../../shared/schemas/merge';
import { profile, startApi, uniqueOpenid, uniquePhone } from './api';
import { insertTestSlot } from './fixtures';
import { ownClinic } from './own-clinic';

/**
 * For the merge tests of one file (await it at the top): a clinic of the file's own and another
 * clinic, an API, its staff (marketer, front desk, doctor, manager; the other clinic's manager) and
 * the steps that give a record items of every kind through the real routes. The server clock is
 * set per step (days in 2044: no other file's jobs reach them) and put back after each test.
 */
export async function mergeTeam(tag: string) {
  const { clinicId, deptId } = await ownClinic(tag, '合并测试口腔');
  const other = await ownClinic(`${tag}o`, '另一家口腔');
  const api = await startApi();
  afterAll(() => api.close());
  afterEach(() => setClock(systemClock));

  async function login(role: string, clinic = clinicId) {
    const res = await api.call('POST', '/v1/auth/dev', {
      body: { openid: uniqueOpenid(`${tag}-${role}`), role, clinicId: clinic },
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

  /** A plain lead the front desk enters on `day`. */
  async function lead(day: string, token = desk.token) {
    at(`${day}T09:00:00+08:00`);
    const res = await post('/v1/patients', token, { name: '赵一', phone: uniquePhone(), channel: 'walk_in' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }

  /** A walk-in and an implant visit on `day` (a ticket, a call task, a survey invitation and its message), with its revisit date if given. */
  async function visitOn(patientId: string, day: string, nextRevisitDate?: string): Promise<string> {
    at(`${day}T10:00:00+08:00`);
    const ticket = await post(`/v1/queues/${deptId}/tickets`, desk.token, { patientId });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    const v = await post('/v1/visits', doctor.token, {
      ticketId: ticket.body.id,
      category: 'implant',
      chargeFen: 50_000,
      doctorId: doctor.staffId,
      ...(nextRevisitDate ? { nextRevisitDate } : {}),
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

  return {
    clinicId,
    deptId,
    api,
    marketer,
    desk,
    manager,
    otherManager,
    at,
    post,
    claimedLead,
    lead,
    visitOn,
    answerAndBook,
  };
}

/** What is stored under or about a record, kind by kind (read from the store, not from the merge's answer). */
export async function storedCounts(id: string): Promise<MergeCounts> {
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
}
