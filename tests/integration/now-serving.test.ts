import { describe, expect, it } from 'vitest';
import { newDepartment } from '../support/fixtures';
import { patientAccount, teamForFile } from '../support/people';

const {
  api,
  tokens: [desk, nurse, doctor],
  staffIds: [, , doctorId],
} = await teamForFile('ns', ['frontdesk', 'nurse', 'doctor']);

/**
 * A fresh queue with two walk-in patients (each with their own phone), the first one called to
 * room 3. Checks that the call shows as now serving to the one still waiting.
 */
async function queueWithFirstCalled() {
  const queue = await newDepartment('Q');
  const first = await patientAccount(api, 'ns-first', { name: '欧阳小明' });
  const second = await patientAccount(api, 'ns-second', { name: '李四' });
  const t1 = await api.call('POST', `/v1/queues/${queue}/tickets`, {
    token: desk,
    body: { patientId: first.patientId },
  });
  const t2 = await api.call('POST', `/v1/queues/${queue}/tickets`, {
    token: desk,
    body: { patientId: second.patientId },
  });
  const called = await api.call('POST', `/v1/queues/${queue}/call-next`, { token: nurse, body: { room: '3' } });
  expect(called.body).toMatchObject({ id: t1.body.id, status: 'called' });
  const view = (who: { token: string }, ticketId: string) =>
    api.call('GET', `/v1/tickets/${ticketId}`, { token: who.token });
  expect((await view(second, t2.body.id)).body.nowServing).toBe('Q001');
  return {
    queue,
    first: { ...first, ticketId: t1.body.id as string },
    second: { ...second, ticketId: t2.body.id as string },
    view,
    // Each test reads its queue's board once: the 1 s board cache never answers for it.
    board: () => api.call('GET', `/v1/queues/${queue}/board`),
  };
}

describe('now serving', () => {
  it('is cleared when its ticket is skipped: on the board and on the phones', async () => {
    const q = await queueWithFirstCalled();
    const skipped = await api.call('POST', `/v1/tickets/${q.first.ticketId}/skip`, { token: nurse });
    expect(skipped.status).toBe(200);
    expect(skipped.body).toMatchObject({ status: 'skipped', nowServing: null });
    expect((await q.view(q.second, q.second.ticketId)).body).toMatchObject({ status: 'waiting', nowServing: null });
    expect((await q.view(q.first, q.first.ticketId)).body.nowServing).toBeNull();
    const board = await q.board();
    expect(board.body.nowServing).toBeNull();
    expect(board.body.next).toEqual([{ displayNumber: 'Q002', maskedName: '李*' }]);
  });

  it('shows a skipped patient returned to the queue once, among the next numbers and not as served', async () => {
    const q = await queueWithFirstCalled();
    await api.call('POST', `/v1/tickets/${q.first.ticketId}/skip`, { token: nurse });
    const back = await api.call('POST', `/v1/tickets/${q.first.ticketId}/return`, { token: desk });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'waiting', nowServing: null });
    const board = await q.board();
    expect(board.body.nowServing).toBeNull();
    const shown = board.body.next.map((e: { displayNumber: string }) => e.displayNumber);
    expect(shown.filter((n: string) => n === 'Q001')).toHaveLength(1);
    expect(shown.sort()).toEqual(['Q001', 'Q002']);
    expect(board.body.waiting).toBe(2);
  });

  it("never names a returned patient's own number as the one being served on their phone", async () => {
    const q = await queueWithFirstCalled();
    await api.call('POST', `/v1/tickets/${q.first.ticketId}/skip`, { token: nurse });
    await api.call('POST', `/v1/tickets/${q.first.ticketId}/return`, { token: desk });
    const mine = await q.view(q.first, q.first.ticketId);
    expect(mine.body.status).toBe('waiting');
    expect(mine.body.nowServing).not.toBe(mine.body.displayNumber);
  });

  it('is cleared when its ticket is completed', async () => {
    const q = await queueWithFirstCalled();
    const done = await api.call('POST', `/v1/tickets/${q.first.ticketId}/complete`, { token: nurse });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', nowServing: null });
    expect((await q.view(q.second, q.second.ticketId)).body.nowServing).toBeNull();
    expect((await q.board()).body.nowServing).toBeNull();
  });

  it('is cleared when the visit of its ticket is recorded', async () => {
    const q = await queueWithFirstCalled();
    const visit = await api.call('POST', '/v1/visits', {
      token: doctor,
      body: { ticketId: q.first.ticketId, category: 'cleaning', chargeFen: 30_000, doctorId },
    });
    expect(visit.status).toBe(201);
    expect((await q.view(q.first, q.first.ticketId)).body).toMatchObject({ status: 'done', nowServing: null });
    expect((await q.view(q.second, q.second.ticketId)).body.nowServing).toBeNull();
    expect((await q.board()).body.nowServing).toBeNull();
  });

  it("stays on a called ticket when another patient's waiting ticket is skipped", async () => {
    const q = await queueWithFirstCalled();
    const skipped = await api.call('POST', `/v1/tickets/${q.second.ticketId}/skip`, { token: nurse });
    expect(skipped.body.status).toBe('skipped');
    expect((await q.view(q.first, q.first.ticketId)).body).toMatchObject({ status: 'called', nowServing: 'Q001' });
    expect((await q.board()).body.nowServing).toMatchObject({ displayNumber: 'Q001', room: '3' });
  });

  it('counts the service time of a completed ticket into the wait estimate', async () => {
    const q = await queueWithFirstCalled();
    await api.call('POST', `/v1/tickets/${q.first.ticketId}/complete`, { token: nurse });
    const third = await patientAccount(api, 'ns-third');
    await api.call('POST', `/v1/queues/${q.queue}/tickets`, { token: desk, body: { patientId: third.patientId } });
    const tickets = await api.call('GET', `/v1/queues/${q.queue}/tickets`, { token: desk });
    const waitingThird = tickets.body.items.find((t: { patientId: string }) => t.patientId === third.patientId);
    // One patient done in well under a minute: the estimate is one minute each (the department default is 12).
    expect(waitingThird).toMatchObject({ ahead: 1, etaMinutes: 1 });
  });
});
