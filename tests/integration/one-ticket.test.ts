import { describe, expect, it } from 'vitest';
import { newDepartment, newSlot } from '../support/fixtures';
import { patientAccount, staffPatients, teamForFile } from '../support/people';

const {
  api,
  tokens: [desk, nurse, marketer],
} = await teamForFile('ot', ['frontdesk', 'nurse', 'marketing']);

const walkIn = (queueId: string, patientId: string) =>
  api.call('POST', `/v1/queues/${queueId}/tickets`, { token: desk, body: { patientId } });

/** A queue of its own whose one patient walked in and was called to room 2. */
async function calledWalkIn() {
  const queue = await newDepartment();
  const [patientId] = await staffPatients(api, desk, 1);
  const ticket = await walkIn(queue, patientId!);
  expect(ticket.status).toBe(201);
  await api.call('POST', `/v1/queues/${queue}/call-next`, { token: nurse, body: { room: '2' } });
  return { queue, patientId: patientId!, ticketId: ticket.body.id as string };
}

/** The marketer's arrivals today, as their own day figures show them. */
async function myArrivals(): Promise<number> {
  const res = await api.call('GET', '/v1/stats/daily', { token: marketer });
  expect(res.status).toBe(200);
  return res.body.arrivals as number;
}

/** The tickets of a queue's day that are someone's place (void numbers are kept only to leave no gap). */
async function liveTickets(queueId: string) {
  const res = await api.call('GET', `/v1/queues/${queueId}/tickets`, { token: desk });
  expect(res.status).toBe(200);
  return res.body.items.filter((t: { status: string }) => t.status !== 'void') as { id: string; patientId: string }[];
}

describe('one open ticket per patient per queue and day', () => {
  it('answers a second walk-in with the ticket the patient holds', async () => {
    const queue = await newDepartment();
    const [patientId] = await staffPatients(api, desk, 1);
    const first = await walkIn(queue, patientId!);
    const second = await walkIn(queue, patientId!);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(await liveTickets(queue)).toHaveLength(1);
  });

  it('takes a skipped patient who walks in again back into the queue on the same ticket', async () => {
    const { queue, patientId, ticketId } = await calledWalkIn();
    const skipped = await api.call('POST', `/v1/tickets/${ticketId}/skip`, { token: nurse });
    expect(skipped.body.status).toBe('skipped');
    const again = await walkIn(queue, patientId);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: ticketId, status: 'waiting' });
    expect(await liveTickets(queue)).toHaveLength(1);
  });

  it('gives a new number to a patient whose ticket of the day is done', async () => {
    const { queue, patientId, ticketId } = await calledWalkIn();
    expect((await api.call('POST', `/v1/tickets/${ticketId}/complete`, { token: nurse })).status).toBe(200);
    const again = await walkIn(queue, patientId);
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(ticketId);
  });

  it('joins the walk-in ticket when the same patient checks in their appointment in that queue', async () => {
    const queue = await newDepartment();
    const slot = await newSlot(queue);
    const { token, patientId } = await patientAccount(api, 'ot-appt');
    const appt = await api.call('POST', '/v1/appointments', { token, body: { patientId, slotId: slot } });
    expect(appt.status).toBe(201);
    const walked = await walkIn(queue, patientId);
    expect(walked.status).toBe(201);
    const checkedIn = await api.call('POST', `/v1/appointments/${appt.body.id}/check-in`, { token });
    expect(checkedIn.status).toBe(200);
    expect(checkedIn.body.id).toBe(walked.body.id);
    const mine = await api.call('GET', '/v1/me/appointments', { token });
    expect(mine.body.items).toEqual([
      expect.objectContaining({ id: appt.body.id, status: 'checked_in', ticketId: walked.body.id }),
    ]);
    expect(await liveTickets(queue)).toHaveLength(1);
  });

  it("counts no second arrival when the patient's appointment joins their walk-in ticket", async () => {
    const queue = await newDepartment();
    const slot = await newSlot(queue);
    const [patientId] = await staffPatients(api, marketer, 1);
    const appt = await api.call('POST', '/v1/appointments', { token: desk, body: { patientId, slotId: slot } });
    const before = await myArrivals();
    const walked = await walkIn(queue, patientId!);
    const checkedIn = await api.call('POST', `/v1/appointments/${appt.body.id}/check-in`, { token: desk });
    expect(checkedIn.body.id).toBe(walked.body.id);
    expect((await myArrivals()) - before).toBe(1);
  });

  it('gives a patient a ticket in each of two departments the same day', async () => {
    const [a, b] = [await newDepartment('A'), await newDepartment('B')];
    const [patientId] = await staffPatients(api, desk, 1);
    const inA = await walkIn(a, patientId!);
    const inB = await walkIn(b, patientId!);
    expect([inA.status, inB.status]).toEqual([201, 201]);
    expect(inA.body.id).not.toBe(inB.body.id);
    expect([inA.body.queueId, inB.body.queueId]).toEqual([a, b]);
  });

  it("counts a patient's arrival at the clinic once a day, whatever the departments", async () => {
    const [a, b] = [await newDepartment(), await newDepartment()];
    const [patientId] = await staffPatients(api, marketer, 1);
    const before = await myArrivals();
    expect((await walkIn(a, patientId!)).status).toBe(201);
    expect((await walkIn(b, patientId!)).status).toBe(201);
    expect((await walkIn(a, patientId!)).status).toBe(200);
    expect((await myArrivals()) - before).toBe(1);
  });
});

describe('racing walk-ins', () => {
  it('issues one ticket to 10 walk-ins of one patient at once, and counts one arrival', async () => {
    const queue = await newDepartment();
    const [patientId] = await staffPatients(api, marketer, 1);
    const before = await myArrivals();
    const answers = await Promise.all(Array.from({ length: 10 }, () => walkIn(queue, patientId!)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    const live = await liveTickets(queue);
    expect(live.map((t) => t.id)).toEqual([answers[0]!.body.id]);
    expect((await myArrivals()) - before).toBe(1);
  });

  it('issues one ticket per department to walk-ins racing in two departments, and counts one arrival', async () => {
    const [a, b] = [await newDepartment(), await newDepartment()];
    const [patientId] = await staffPatients(api, marketer, 1);
    const before = await myArrivals();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        walkIn(i % 2 ? a : b, patientId!).then((r) => ({ queue: i % 2 ? a : b, r })),
      ),
    );
    expect(answers.map(({ r }) => r.status).filter((s) => s !== 200 && s !== 201)).toEqual([]);
    for (const queue of [a, b]) {
      const mine = answers.filter((x) => x.queue === queue);
      expect(mine.filter(({ r }) => r.status === 201)).toHaveLength(1);
      expect(new Set(mine.map(({ r }) => r.body.id)).size).toBe(1);
      expect(await liveTickets(queue)).toHaveLength(1);
    }
    expect((await myArrivals()) - before).toBe(1);
  });

  it('gives a walk-in and the check-in of the same patient at the same moment one ticket', async () => {
    const queue = await newDepartment();
    const slot = await newSlot(queue);
    const { token, patientId } = await patientAccount(api, 'ot-race');
    const appt = await api.call('POST', '/v1/appointments', { token, body: { patientId, slotId: slot } });
    const [walked, checkedIn] = await Promise.all([
      walkIn(queue, patientId),
      api.call('POST', `/v1/appointments/${appt.body.id}/check-in`, { token }),
    ]);
    expect([walked.status, checkedIn.status].sort()).toEqual([200, 201]);
    expect(checkedIn.body.id).toBe(walked.body.id);
    const day = await api.call('GET', `/v1/appointments?departmentId=${queue}&date=${appt.body.date}`, { token: desk });
    expect(day.body.items).toEqual([
      expect.objectContaining({ id: appt.body.id, status: 'checked_in', ticketId: walked.body.id }),
    ]);
    expect(await liveTickets(queue)).toHaveLength(1);
  });
});
