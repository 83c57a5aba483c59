import { describe, expect, it } from 'vitest';
import { db, tableName } from '../../functions/lib/db';
import { GetCommand } from '../../functions/lib/store-client';
import { clinicDay, staffDay } from '../../functions/stats/counter-repository';
import { clinicDate } from '../../shared/dates';
import { profile, uniqueOpenid, uniquePhone } from '../support/api';
import { newDepartment, newSlot, TEST_CLINIC } from '../support/fixtures';
import { patientAccount, teamForFile } from '../support/people';

const {
  api,
  tokens: [desk, nurse, nurse2, doctor, manager, marketer],
  staffIds: [, , , doctorId, , marketerId],
} = await teamForFile('vd', ['frontdesk', 'nurse', 'nurse', 'doctor', 'manager', 'marketing']);

/** Records entered by the front desk (any patient may be booked and checked in by the desk). */
async function deskPatients(n: number, token = desk): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, n - i) }, (_, k) =>
        api.call('POST', '/v1/patients', {
          token,
          body: { name: `患者${i + k}`, phone: uniquePhone(), channel: 'walk_in' },
        }),
      ),
    );
    for (const r of batch) {
      expect(r.status).toBe(201);
      out.push(r.body.id);
    }
  }
  return out;
}

/** A booking of a profile into a slot, made by the holder of `token`. */
const book = (token: string, patientId: string, slotId: string) =>
  api.call('POST', '/v1/appointments', { token, body: { patientId, slotId } });

async function slotRecord(slotId: string) {
  return (await db.send(new GetCommand({ TableName: tableName, Key: { pk: `SLOT#${slotId}`, sk: 'SLOT' } }))).Item;
}

describe('slots', () => {
  it('a manager opens slots from a weekly pattern, and a re-run opens none twice', async () => {
    const dept = await newDepartment();
    const body = {
      departmentId: dept,
      fromDate: '2030-03-04',
      toDate: '2030-03-10',
      weekdays: [1, 3, 5],
      times: ['09:00', '09:30'],
      durationMinutes: 30,
      capacity: 5,
    };
    const first = await api.call('POST', '/v1/slots', { token: manager, body });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ created: 6, skipped: 0 });
    const again = await api.call('POST', '/v1/slots', { token: manager, body });
    expect(again.body).toEqual({ created: 0, skipped: 6 });
    const day = await api.call('GET', `/v1/slots?departmentId=${dept}&date=2030-03-06`, { token: desk });
    expect(day.body.items.map((s: { startsAt: string }) => s.startsAt)).toEqual([
      '2030-03-06T09:00:00+08:00',
      '2030-03-06T09:30:00+08:00',
    ]);
    expect(day.body.items[0]).toMatchObject({ capacity: 5, booked: 0, remaining: 5, closed: false, started: false });
  });

  it('refuses a patient opening slots', async () => {
    const { token } = await patientAccount(api, 'vd-p');
    const res = await api.call('POST', '/v1/slots', { token, body: {} });
    expect(res.status).toBe(403);
  });
});

describe('booking', () => {
  it('books my profile and lists it under my appointments', async () => {
    const dept = await newDepartment();
    const slot = await newSlot(dept);
    const { token, patientId } = await patientAccount(api, 'vd-p');
    const res = await book(token, patientId, slot);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ patientId, slotId: slot, status: 'booked', departmentName: '测试科' });
    const mine = await api.call('GET', '/v1/me/appointments', { token });
    expect(mine.body.items.map((a: { id: string }) => a.id)).toEqual([res.body.id]);
  });

  it("answers 404 for booking someone else's profile", async () => {
    const slot = await newSlot(await newDepartment());
    const owner = await patientAccount(api, 'vd-p');
    const other = await patientAccount(api, 'vd-p');
    const res = await book(other.token, owner.patientId, slot);
    expect(res.status).toBe(404);
  });

  it('lets 200 people race for a slot of 10: exactly 10 get in and the stored count is 10', async () => {
    const slot = await newSlot(await newDepartment(), { capacity: 10 });
    const patients = await deskPatients(200);
    const results = await Promise.all(patients.map((patientId) => book(desk, patientId, slot)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(190);
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.error.code))).toEqual(
      new Set(['SLOT_FULL']),
    );
    expect((await slotRecord(slot))?.booked).toBe(10);
  });

  it('allows one active booking per patient per department per day', async () => {
    const dept = await newDepartment();
    const [a, b] = [await newSlot(dept), await newSlot(dept, { startsInMinutes: 120 })];
    const { token, patientId } = await patientAccount(api, 'vd-p');
    expect((await book(token, patientId, a)).status).toBe(201);
    const second = await book(token, patientId, b);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('ALREADY_BOOKED');
    expect((await slotRecord(b))?.booked).toBe(0);
  });

  it('refuses a slot that has started with 409 SLOT_STARTED', async () => {
    const slot = await newSlot(await newDepartment(), { startsInMinutes: -5 });
    const { token, patientId } = await patientAccount(api, 'vd-p');
    const res = await book(token, patientId, slot);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('SLOT_STARTED');
  });

  it('cancelling gives the place back and allows booking again', async () => {
    const slot = await newSlot(await newDepartment(), { capacity: 1 });
    const { token, patientId } = await patientAccount(api, 'vd-p');
    const booked = await book(token, patientId, slot);
    const cancelled = await api.call('POST', `/v1/appointments/${booked.body.id}/cancel`, { token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await slotRecord(slot))?.booked).toBe(0);
    const again = await book(token, patientId, slot);
    expect(again.status).toBe(201);
  });

  it("answers 404 when cancelling someone else's appointment", async () => {
    const slot = await newSlot(await newDepartment());
    const owner = await patientAccount(api, 'vd-p');
    const other = await patientAccount(api, 'vd-p');
    const booked = await book(owner.token, owner.patientId, slot);
    const res = await api.call('POST', `/v1/appointments/${booked.body.id}/cancel`, { token: other.token });
    expect(res.status).toBe(404);
  });

  it('counts a booking retried with the same Idempotency-Key once', async () => {
    const slot = await newSlot(await newDepartment());
    const [patientId] = await deskPatients(1, marketer === '' ? desk : desk);
    const headers = { 'idempotency-key': `book-${Math.random()}` };
    const body = { patientId, slotId: slot };
    const [a, b] = [
      await api.call('POST', '/v1/appointments', { token: desk, body, headers }),
      await api.call('POST', '/v1/appointments', { token: desk, body, headers }),
    ];
    expect(a.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect((await slotRecord(slot))?.booked).toBe(1);
  });
});

describe('check-in and queue numbers', () => {
  async function bookedToday(dept: string) {
    const slot = await newSlot(dept, { capacity: 400 });
    const { token, patientId } = await patientAccount(api, 'vd-p');
    const appt = await book(token, patientId, slot);
    return { token, patientId, appointmentId: appt.body.id as string };
  }

  it('issues a numbered ticket with the department prefix, and checking in twice answers the same ticket', async () => {
    const dept = await newDepartment('K');
    const { token, appointmentId } = await bookedToday(dept);
    const first = await api.call('POST', `/v1/appointments/${appointmentId}/check-in`, { token });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ number: 1, displayNumber: 'K001', status: 'waiting', ahead: 0, queueId: dept });
    const second = await api.call('POST', `/v1/appointments/${appointmentId}/check-in`, { token });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
  });

  it('gives 300 people checking in at once 300 distinct numbers 1..300', async () => {
    const dept = await newDepartment();
    const slot = await newSlot(dept, { capacity: 300 });
    const patients = await deskPatients(300);
    const appts: string[] = [];
    for (let i = 0; i < patients.length; i += 50) {
      const batch = await Promise.all(patients.slice(i, i + 50).map((patientId) => book(desk, patientId, slot)));
      for (const r of batch) appts.push(r.body.id);
    }
    const tickets = await Promise.all(
      appts.map((id) => api.call('POST', `/v1/appointments/${id}/check-in`, { token: desk })),
    );
    expect(tickets.map((t) => t.status).filter((s) => s !== 201)).toEqual([]);
    const numbers = tickets.map((t) => t.body.number as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    const arrivals = await clinicDay(TEST_CLINIC, clinicDate(new Date()));
    expect(arrivals.arrivals).toBeGreaterThanOrEqual(300);
  }, 120_000);

  it('two staff calling at the same moment get two different tickets', async () => {
    const dept = await newDepartment();
    for (let i = 0; i < 3; i++) {
      const { appointmentId } = await bookedToday(dept);
      await api.call('POST', `/v1/appointments/${appointmentId}/check-in`, { token: desk });
    }
    const [a, b] = await Promise.all([
      api.call('POST', `/v1/queues/${dept}/call-next`, { token: nurse, body: { room: '1' } }),
      api.call('POST', `/v1/queues/${dept}/call-next`, { token: nurse2, body: { room: '2' } }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.id).not.toBe(b.body.id);
    expect(new Set([a.body.number, b.body.number])).toEqual(new Set([1, 2]));
  });

  it('shows the patient their number, who is ahead and the estimated wait, and the call with the room', async () => {
    const dept = await newDepartment();
    const first = await bookedToday(dept);
    const second = await bookedToday(dept);
    await api.call('POST', `/v1/appointments/${first.appointmentId}/check-in`, { token: first.token });
    const mine = await api.call('POST', `/v1/appointments/${second.appointmentId}/check-in`, { token: second.token });
    const waitingView = await api.call('GET', `/v1/tickets/${mine.body.id}`, { token: second.token });
    expect(waitingView.body).toMatchObject({ status: 'waiting', ahead: 1, etaMinutes: 12, nowServing: null });
    await api.call('POST', `/v1/queues/${dept}/call-next`, { token: nurse, body: { room: '3' } });
    const afterFirstCall = await api.call('GET', `/v1/tickets/${mine.body.id}`, { token: second.token });
    expect(afterFirstCall.body).toMatchObject({ ahead: 0, nowServing: 'Q001' });
    await api.call('POST', `/v1/queues/${dept}/call-next`, { token: nurse, body: { room: '5' } });
    const called = await api.call('GET', `/v1/tickets/${mine.body.id}`, { token: second.token });
    expect(called.body).toMatchObject({ status: 'called', room: '5', nowServing: 'Q002' });
  });

  it("answers 404 to a patient reading another's ticket and 403 to a patient calling numbers", async () => {
    const dept = await newDepartment();
    const owner = await bookedToday(dept);
    const ticket = await api.call('POST', `/v1/appointments/${owner.appointmentId}/check-in`, { token: owner.token });
    const other = await patientAccount(api, 'vd-p');
    expect((await api.call('GET', `/v1/tickets/${ticket.body.id}`, { token: other.token })).status).toBe(404);
    expect((await api.call('GET', '/v1/tickets/tk_nope', { token: other.token })).status).toBe(404);
    const call = await api.call('POST', `/v1/queues/${dept}/call-next`, { token: other.token, body: { room: '1' } });
    expect(call.status).toBe(403);
  });

  it('puts a missed patient back three places later, not at the end', async () => {
    const dept = await newDepartment();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { appointmentId } = await bookedToday(dept);
      ids.push((await api.call('POST', `/v1/appointments/${appointmentId}/check-in`, { token: desk })).body.id);
    }
    const called = await api.call('POST', `/v1/queues/${dept}/call-next`, { token: nurse, body: { room: '1' } });
    expect(called.body.number).toBe(1);
    expect((await api.call('POST', `/v1/tickets/${called.body.id}/skip`, { token: nurse })).body.status).toBe(
      'skipped',
    );
    const back = await api.call('POST', `/v1/tickets/${called.body.id}/return`, { token: desk });
    expect(back.body).toMatchObject({ status: 'waiting', ahead: 3 });
    const order: number[] = [];
    for (let i = 0; i < 6; i++) {
      order.push(
        (await api.call('POST', `/v1/queues/${dept}/call-next`, { token: nurse, body: { room: '1' } })).body.number,
      );
    }
    expect(order).toEqual([2, 3, 4, 1, 5, 6]);
    const empty = await api.call('POST', `/v1/queues/${dept}/call-next`, { token: nurse, body: { room: '1' } });
    expect(empty.status).toBe(409);
    expect(empty.body.error.code).toBe('QUEUE_EMPTY');
  });

  it('shows the waiting room only numbers and masked names', async () => {
    const dept = await newDepartment('B');
    const phone = uniquePhone();
    const token = await api.login(uniqueOpenid('board'));
    const p = await api.call('POST', '/v1/me/patients', { token, body: profile({ name: '欧阳小明', phone }) });
    const slot = await newSlot(dept);
    const appt = await book(token, p.body.id, slot);
    await api.call('POST', `/v1/appointments/${appt.body.id}/check-in`, { token });
    const before = await api.call('GET', `/v1/queues/${dept}/board`);
    expect(before.status).toBe(200);
    expect(before.body.next).toEqual([{ displayNumber: 'B001', maskedName: '欧**明' }]);
    await api.call('POST', `/v1/queues/${dept}/call-next`, { token: nurse, body: { room: '3' } });
    await new Promise((r) => setTimeout(r, 1100));
    const board = await api.call('GET', `/v1/queues/${dept}/board`);
    expect(board.body.nowServing).toMatchObject({ displayNumber: 'B001', maskedName: '欧**明', room: '3' });
    const text = JSON.stringify(board.body);
    expect(text).not.toContain('欧阳小明');
    expect(text).not.toContain(phone);
    expect(text).not.toContain(p.body.id);
  });
});

describe('visit completion', () => {
  it("records the visit once, ends the ticket, counts revenue for the owning marketer, and shows it in the patient's history", async () => {
    const dept = await newDepartment();
    const [patientId] = await deskPatients(1, marketer);
    const slot = await newSlot(dept);
    const before = await staffDay(TEST_CLINIC, marketerId, clinicDate(new Date()));
    const appt = await book(desk, patientId!, slot);
    const ticket = await api.call('POST', `/v1/appointments/${appt.body.id}/check-in`, { token: desk });
    const body = {
      ticketId: ticket.body.id,
      category: 'implant',
      chargeFen: 1_280_050,
      doctorId,
      nextRevisitDate: '2030-01-01',
    };
    const visit = await api.call('POST', '/v1/visits', { token: doctor, body });
    expect(visit.status).toBe(201);
    expect(visit.body).toMatchObject({ patientId, chargeFen: 1_280_050, category: 'implant', doctorId });
    const ended = await api.call('GET', `/v1/tickets/${ticket.body.id}`, { token: desk });
    expect(ended.body.status).toBe('done');
    const twice = await api.call('POST', '/v1/visits', { token: doctor, body });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('VISIT_EXISTS');
    const after = await staffDay(TEST_CLINIC, marketerId, clinicDate(new Date()));
    expect(after.appointments - before.appointments).toBe(1);
    expect(after.arrivals - before.arrivals).toBe(1);
    expect(after.revenueFen - before.revenueFen).toBe(1_280_050);
    const history = await api.call('GET', `/v1/patients/${patientId}/visits`, { token: desk });
    expect(history.body.items.map((v: { id: string }) => v.id)).toEqual([visit.body.id]);
    const record = await api.call('GET', `/v1/patients/${patientId}`, { token: desk });
    expect(record.status).toBe(200);
  });

  it('refuses a charge that is not whole fen', async () => {
    const res = await api.call('POST', '/v1/visits', {
      token: doctor,
      body: { ticketId: 'tk_x', category: 'cleaning', chargeFen: 12.5, doctorId },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe('chargeFen');
  });
});
