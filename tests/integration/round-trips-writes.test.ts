import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { getTask } from '../../functions/followup/task-repository';
import { fixedClock, systemClock, useClock } from '../../functions/lib/clock';
import { db, tableName } from '../../functions/lib/db';
import { UpdateCommand } from '../../functions/lib/store-client';
import { patientKey } from '../../functions/patients/patient-repository';
import { getAnswer, getInvitation } from '../../functions/surveys/invitation-repository';
import { profile, startApi, uniqueOpenid, uniquePhone } from '../support/api';
import { insertTestSlot } from '../support/fixtures';
import { ownClinic } from '../support/own-clinic';
import { countStoreCommands } from '../support/store-commands';

// Store round trips in sequence of the write paths of issue 12 (registration, booking, survey answer,
// follow-up outcome), counted for a warm request (the container caches already filled by a first one),
// creating routes with an Idempotency-Key as the mini-program sends it. Days in 2043: nobody else's.

const { clinicId, deptId } = await ownClinic('rtw', '往返测试口腔');
const api = await startApi();
afterAll(() => api.close());
afterEach(() => useClock(systemClock));
const at = (instant: string) => useClock(fixedClock(instant));

async function staff(role: string) {
  const res = await api.call('POST', '/v1/auth/dev', { body: { openid: uniqueOpenid(`rtw-${role}`), role, clinicId } });
  expect(res.status).toBe(200);
  const me = await api.call('GET', '/v1/me', { token: res.body.token });
  return { token: res.body.token as string, staffId: me.body.staffId as string };
}
const [desk, doctor, service] = [await staff('frontdesk'), await staff('doctor'), await staff('service')];
const key = () => ({ 'idempotency-key': uniqueOpenid('rtw-key') });

/** A WeChat account with a profile of its own at the clinic. */
async function registered(name = '往返患者') {
  const token = await api.login(uniqueOpenid('rtw-p'));
  const p = await api.call('POST', '/v1/me/patients', {
    token,
    body: profile({ name, phone: uniquePhone(), clinicId }),
    headers: key(),
  });
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  return { token, patientId: p.body.id as string };
}

/** A visit of an own patient (implant: it makes a call task and a survey invitation). */
async function visited() {
  at('2043-03-02T09:00:00+08:00');
  const p = await registered('回访患者');
  const ticket = await api.call('POST', `/v1/queues/${deptId}/tickets`, {
    token: desk.token,
    body: { patientId: p.patientId },
    headers: key(),
  });
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
  const v = await api.call('POST', '/v1/visits', {
    token: doctor.token,
    body: { ticketId: ticket.body.id, category: 'implant', chargeFen: 10_000, doctorId: doctor.staffId },
    headers: key(),
  });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  return { ...p, invitationId: `sv_${v.body.id}_1`, taskId: `fu_${v.body.id}_1` };
}

async function measure(label: string, request: () => Promise<{ status: number; body: unknown }>, status: number) {
  const { result, commands, roundTrips } = await countStoreCommands(request);
  expect(result.status, JSON.stringify(result.body)).toBe(status);
  const total = Object.values(commands).reduce((a, b) => a + b, 0);
  console.log(`${label}: ${roundTrips} round trips, ${total} commands ${JSON.stringify(commands)}`);
  return roundTrips;
}

describe('round trips of a warm write', () => {
  it('registration POST /v1/me/patients takes at most 2', async () => {
    await registered();
    const token = await api.login(uniqueOpenid('rtw-p'));
    const rt = await measure(
      'registration',
      () =>
        api.call('POST', '/v1/me/patients', {
          token,
          body: profile({ phone: uniquePhone(), clinicId }),
          headers: key(),
        }),
      201,
    );
    expect(rt).toBeLessThanOrEqual(2);
  });

  it('booking POST /v1/appointments takes at most 2', async () => {
    const slotId = await insertTestSlot({ departmentId: deptId, clinicId, startsAt: '2043-04-01T09:00:00+08:00' });
    const first = await registered();
    const second = await registered();
    const book = (p: { token: string; patientId: string }) => () =>
      api.call('POST', '/v1/appointments', {
        token: p.token,
        body: { patientId: p.patientId, slotId },
        headers: key(),
      });
    expect((await book(first)()).status).toBe(201);
    const rt = await measure('booking', book(second), 201);
    expect(rt).toBeLessThanOrEqual(2);
  });

  it('survey answer POST /v1/me/surveys/{id}/answer takes at most 2', async () => {
    const first = await visited();
    const second = await visited();
    at('2043-03-03T12:00:00+08:00');
    const scores = { overall: 5, doctor: 5, nurse: 4, environment: 5, waiting: 4, fees: 5 };
    const answer = (v: { token: string; invitationId: string }) => () =>
      api.call('POST', `/v1/me/surveys/${v.invitationId}/answer`, {
        token: v.token,
        body: { scores, nps: 9 },
        headers: key(),
      });
    expect((await answer(first)()).status).toBe(201);
    const rt = await measure('survey answer', answer(second), 201);
    expect(rt).toBeLessThanOrEqual(2);
  });

  it('follow-up outcome POST /v1/follow-ups/{id}/outcome takes at most 2', async () => {
    const first = await visited();
    const second = await visited();
    at('2043-03-03T10:00:00+08:00');
    const outcome = (v: { taskId: string }) => () =>
      api.call('POST', `/v1/follow-ups/${v.taskId}/outcome`, {
        token: service.token,
        body: { outcome: 'answered', note: '恢复良好' },
      });
    expect((await outcome(first)()).status).toBe(200);
    const rt = await measure('follow-up outcome', outcome(second), 200);
    expect(rt).toBeLessThanOrEqual(2);
  });
});

describe('the follow-up task read sent alongside the caller check', () => {
  it("refuses a deactivated member's outcome with 401 (before a bad body's 400) and records nothing", async () => {
    const v = await visited();
    const [member, manager] = [await staff('service'), await staff('manager')];
    expect((await api.call('POST', `/v1/staff/${member.staffId}/deactivate`, { token: manager.token })).status).toBe(
      200,
    );
    at('2043-03-03T10:00:00+08:00');
    const send = (body: unknown) =>
      api.call('POST', `/v1/follow-ups/${v.taskId}/outcome`, { token: member.token, body });
    const refused = await send({ outcome: 'answered' });
    expect(refused.status).toBe(401);
    expect((await send({ outcome: 'not-an-outcome' })).status).toBe(401);
    const task = await getTask(v.taskId);
    expect(task?.status).toBe('open');
    expect(task?.history ?? []).toHaveLength(0);
    const done = await api.call('POST', `/v1/follow-ups/${v.taskId}/outcome`, {
      token: service.token,
      body: { outcome: 'answered' },
    });
    expect(done.status).toBe(200);
  });
});

describe("the survey answer's account check in its transaction", () => {
  it('answers 404 and stores nothing once the profile is managed by another account', async () => {
    const v = await visited();
    // The profile moved to another account after the invitation was made (behind the API's back).
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: patientKey(v.patientId),
        UpdateExpression: 'SET accountId = :other',
        ExpressionAttributeValues: { ':other': 'u_someone_else' },
      }),
    );
    at('2043-03-03T12:00:00+08:00');
    const scores = { overall: 5, doctor: 5, nurse: 4, environment: 5, waiting: 4, fees: 5 };
    const res = await api.call('POST', `/v1/me/surveys/${v.invitationId}/answer`, {
      token: v.token,
      body: { scores, nps: 9 },
      headers: key(),
    });
    expect(res.status).toBe(404);
    expect(await getInvitation(v.invitationId)).toMatchObject({ status: 'open' });
    expect(await getAnswer(v.invitationId)).toBeUndefined();
  });
});
