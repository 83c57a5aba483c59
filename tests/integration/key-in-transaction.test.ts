import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { getSlot } from '../../functions/booking/slot-repository';
import { fixedClock, systemClock, useClock } from '../../functions/lib/clock';
import { config } from '../../functions/lib/config';
import { db } from '../../functions/lib/db';
import { bodyHash, scopedKeyHash } from '../../functions/lib/idempotency-key';
import { GetCommand } from '../../functions/lib/store-client';
import { getAnswer, getInvitation } from '../../functions/surveys/invitation-repository';
import { type ApiAnswer, profile, startApi, uniqueOpenid, uniquePhone } from '../support/api';
import { insertTestSlot } from '../support/fixtures';
import { ownClinic } from '../support/own-clinic';

// The Idempotency-Key kept in the work's own transaction (registration, booking, survey answer):
// the same key sent at once or again creates one thing and answers alike; another body is refused.
// Days in 2043: nobody else's.

const { clinicId, deptId } = await ownClinic('kit', '幂等测试口腔');
const api = await startApi();
afterAll(() => api.close());
afterEach(() => useClock(systemClock));
const at = (instant: string) => useClock(fixedClock(instant));

async function staff(role: string) {
  const res = await api.call('POST', '/v1/auth/dev', { body: { openid: uniqueOpenid(`kit-${role}`), role, clinicId } });
  expect(res.status).toBe(200);
  const me = await api.call('GET', '/v1/me', { token: res.body.token });
  return { token: res.body.token as string, staffId: me.body.staffId as string };
}
const [desk, doctor] = [await staff('frontdesk'), await staff('doctor')];
const newKey = () => ({ 'idempotency-key': uniqueOpenid('kit-key') });

const post = (path: string, token: string, body: unknown, headers: Record<string, string>) =>
  api.call('POST', path, { token, body, headers });
const fiveAtOnce = (send: () => Promise<ApiAnswer>) => Promise.all(Array.from({ length: 5 }, send));

/** Every answer is the first one, or "the same request is in progress". */
function oneAnswer(answers: ApiAnswer[], status: number) {
  const done = answers.filter((a) => a.status !== 409);
  for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error.code).toBe('REQUEST_IN_PROGRESS');
  expect(done.length).toBeGreaterThan(0);
  for (const a of done) {
    expect(a.status, JSON.stringify(a.body)).toBe(status);
    expect(a.body).toEqual(done[0]!.body);
  }
  return done[0]!;
}

async function registered() {
  const token = await api.login(uniqueOpenid('kit-p'));
  const p = await post('/v1/me/patients', token, profile({ phone: uniquePhone(), clinicId }), newKey());
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  return { token, patientId: p.body.id as string };
}

const myPatients = async (token: string) => (await api.call('GET', '/v1/me/patients', { token })).body.items as any[];

describe('registration', () => {
  it('the same key sent 5 times at once creates one record and answers alike', async () => {
    const token = await api.login(uniqueOpenid('kit-p'));
    const body = profile({ phone: uniquePhone(), clinicId });
    const headers = newKey();
    const first = oneAnswer(await fiveAtOnce(() => post('/v1/me/patients', token, body, headers)), 201);
    expect((await myPatients(token)).map((p) => p.id)).toEqual([first.body.id]);
  });

  it('a retry after success gets the first answer and writes nothing twice; the key is stored with its answer', async () => {
    const token = await api.login(uniqueOpenid('kit-p'));
    const body = profile({ phone: uniquePhone(), clinicId });
    const headers = newKey();
    const first = await post('/v1/me/patients', token, body, headers);
    const retry = await post('/v1/me/patients', token, body, headers);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await myPatients(token)).toHaveLength(1);
    const { sub: userId } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    const id = `tx#${scopedKeyHash(`POST /v1/me/patients\n${userId}`, headers['idempotency-key'])}`;
    const stored = (await db.send(new GetCommand({ TableName: config.IDEMPOTENCY_TABLE_NAME, Key: { id } }))).Item;
    expect(stored).toMatchObject({ status: 'COMPLETED', validation: bodyHash(body), data: { status: 201 } });
    expect(stored?.expiration).toBeGreaterThan(Date.now() / 1000 + 3500);
  });

  it('the same key with another body is refused with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const token = await api.login(uniqueOpenid('kit-p'));
    const headers = newKey();
    expect((await post('/v1/me/patients', token, profile({ phone: uniquePhone(), clinicId }), headers)).status).toBe(
      201,
    );
    const other = await post('/v1/me/patients', token, profile({ phone: uniquePhone(), clinicId }), headers);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await myPatients(token)).toHaveLength(1);
  });

  it('claiming a record staff entered (answer saved after the write) answers a retry with the first answer', async () => {
    const phone = uniquePhone();
    const lead = await post('/v1/patients', desk.token, { name: '林小姐', phone, channel: 'walk_in' }, newKey());
    expect(lead.status, JSON.stringify(lead.body)).toBe(201);
    const token = await api.login(uniqueOpenid('kit-claim'));
    const body = profile({ name: '林美丽', phone, phoneCode: `dev:${phone}` });
    const headers = newKey();
    const first = await post('/v1/me/patients', token, body, headers);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ id: lead.body.id, claimed: true });
    const retry = await post('/v1/me/patients', token, body, headers);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
  });
});

describe('booking', () => {
  const slot = () =>
    insertTestSlot({ departmentId: deptId, clinicId, startsAt: '2043-05-06T09:00:00+08:00', capacity: 3 });
  const book = (p: { token: string; patientId: string }, slotId: string, headers: Record<string, string>) =>
    post('/v1/appointments', p.token, { patientId: p.patientId, slotId }, headers);

  it('the same key sent 5 times at once books one place and answers alike', async () => {
    const [slotId, p] = [await slot(), await registered()];
    const headers = newKey();
    const first = oneAnswer(await fiveAtOnce(() => book(p, slotId, headers)), 201);
    expect((await getSlot(slotId))?.booked).toBe(1);
    const mine = (await api.call('GET', '/v1/me/appointments', { token: p.token })).body.items as any[];
    expect(mine.map((a) => a.id)).toEqual([first.body.id]);
  });

  it('a retry after success gets the first answer, even once the slot is full', async () => {
    const slotId = await insertTestSlot({
      departmentId: deptId,
      clinicId,
      startsAt: '2043-05-07T09:00:00+08:00',
      capacity: 1,
    });
    const p = await registered();
    const headers = newKey();
    const first = await book(p, slotId, headers);
    expect(first.status).toBe(201);
    const retry = await book(p, slotId, headers);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect((await getSlot(slotId))?.booked).toBe(1);
  });

  it('the same key with another body is refused and books nothing more', async () => {
    const [one, two, p] = [await slot(), await slot(), await registered()];
    const headers = newKey();
    expect((await book(p, one, headers)).status).toBe(201);
    const other = await book(p, two, headers);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await getSlot(two))?.booked).toBe(0);
  });

  it('racing bookings with their own keys never overfill the slot', async () => {
    const slotId = await slot();
    const people = await Promise.all(Array.from({ length: 6 }, registered));
    const answers = await Promise.all(people.map((p) => book(p, slotId, newKey())));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    for (const a of answers.filter((x) => x.status !== 201)) expect(a.body.error.code).toBe('SLOT_FULL');
    expect((await getSlot(slotId))?.booked).toBe(3);
  });
});

describe('survey answer', () => {
  async function invited() {
    at('2043-06-02T09:00:00+08:00');
    const p = await registered();
    const ticket = await post(`/v1/queues/${deptId}/tickets`, desk.token, { patientId: p.patientId }, newKey());
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    const v = await post(
      '/v1/visits',
      doctor.token,
      { ticketId: ticket.body.id, category: 'cleaning', chargeFen: 10_000, doctorId: doctor.staffId },
      newKey(),
    );
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    at('2043-06-03T12:00:00+08:00');
    return { ...p, invitationId: `sv_${v.body.id}_1` };
  }
  const scores = { overall: 5, doctor: 5, nurse: 4, environment: 5, waiting: 4, fees: 5 };
  const answer = (v: { token: string; invitationId: string }, body: unknown, headers: Record<string, string>) =>
    post(`/v1/me/surveys/${v.invitationId}/answer`, v.token, body, headers);

  it('the same key sent 5 times at once stores one answer and answers alike', async () => {
    const v = await invited();
    const headers = newKey();
    const first = oneAnswer(await fiveAtOnce(() => answer(v, { scores, nps: 9 }, headers)), 201);
    expect(await getAnswer(v.invitationId)).toMatchObject({ id: first.body.id, nps: 9 });
    expect(await getInvitation(v.invitationId)).toMatchObject({ status: 'answered', answerId: first.body.id });
  });

  it('a retry after success gets the first answer; a new key is told it is answered', async () => {
    const v = await invited();
    const headers = newKey();
    const first = await answer(v, { scores, nps: 9 }, headers);
    expect(first.status).toBe(201);
    const retry = await answer(v, { scores, nps: 9 }, headers);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const again = await answer(v, { scores, nps: 9 }, newKey());
    expect(again.status).toBe(409);
    expect(await getAnswer(v.invitationId)).toMatchObject({ answeredAt: first.body.answeredAt });
  });

  it('the same key with another body is refused', async () => {
    const v = await invited();
    const headers = newKey();
    expect((await answer(v, { scores, nps: 9 }, headers)).status).toBe(201);
    const other = await answer(v, { scores, nps: 3 }, headers);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await getAnswer(v.invitationId)).toMatchObject({ nps: 9 });
  });
});
