import { describe, expect, it } from 'vitest';
import { clinicDate } from '../../shared/dates';
import { newDepartment, newSlot } from '../support/fixtures';
import { patientAccount, staffPatients, teamForFile } from '../support/people';

const {
  api,
  tokens: [desk, manager, doctor],
  staffIds: [, , doctorId],
} = await teamForFile('bv', ['frontdesk', 'manager', 'doctor']);

const today = () => clinicDate(new Date());

/** Front-desk bookings of a slot, one per new record. */
async function bookings(slotId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (const patientId of await staffPatients(api, desk, n)) {
    const res = await api.call('POST', '/v1/appointments', { token: desk, body: { patientId, slotId } });
    expect(res.status).toBe(201);
    ids.push(res.body.id);
  }
  return ids;
}

describe('which hospital', () => {
  it('names the clinic on a booking and on my appointments', async () => {
    const slot = await newSlot(await newDepartment());
    const { token, patientId } = await patientAccount(api, 'bv-clinic');
    const booked = await api.call('POST', '/v1/appointments', { token, body: { patientId, slotId: slot } });
    expect(booked.body.clinicName).toBe('测试口腔门诊');
    const mine = await api.call('GET', '/v1/me/appointments', { token });
    expect(mine.body.items[0].clinicName).toBe('测试口腔门诊');
  });

  it('names the clinic on my queue ticket', async () => {
    const slot = await newSlot(await newDepartment());
    const { token, patientId } = await patientAccount(api, 'bv-ticket');
    const booked = await api.call('POST', '/v1/appointments', { token, body: { patientId, slotId: slot } });
    const ticket = await api.call('POST', `/v1/appointments/${booked.body.id}/check-in`, { token });
    expect(ticket.body.clinicName).toBe('测试口腔门诊');
    const mine = await api.call('GET', '/v1/me/tickets', { token });
    expect(mine.body.items.map((t: { clinicName: string }) => t.clinicName)).toEqual(['测试口腔门诊']);
  });
});

describe('停诊 (closing a slot)', () => {
  it('answers with the slot, closed, and how many are booked on it', async () => {
    const slot = await newSlot(await newDepartment(), { capacity: 5 });
    await bookings(slot, 2);
    const res = await api.call('POST', `/v1/slots/${slot}/close`, { token: manager });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: slot, closed: true, booked: 2, capacity: 5 });
  });

  it("keeps the bookings of a closed slot on the desk's day list, marked slotClosed", async () => {
    const dept = await newDepartment();
    const [closing, open] = [await newSlot(dept), await newSlot(dept, { startsInMinutes: 120 })];
    const onClosed = await bookings(closing, 2);
    const [onOpen] = await bookings(open, 1);
    await api.call('POST', `/v1/slots/${closing}/close`, { token: manager });
    const day = await api.call('GET', `/v1/appointments?departmentId=${dept}&date=${today()}`, { token: desk });
    expect(day.status).toBe(200);
    const byId = new Map(day.body.items.map((a: { id: string }) => [a.id, a]));
    for (const id of onClosed) expect(byId.get(id)).toMatchObject({ status: 'booked', slotClosed: true });
    expect(byId.get(onOpen!)).toMatchObject({ status: 'booked' });
    expect(byId.get(onOpen!)).not.toHaveProperty('slotClosed');
  });

  it('refuses a new booking on a closed slot with SLOT_CLOSED', async () => {
    const slot = await newSlot(await newDepartment());
    await api.call('POST', `/v1/slots/${slot}/close`, { token: manager });
    const [patientId] = await staffPatients(api, desk, 1);
    const res = await api.call('POST', '/v1/appointments', { token: desk, body: { patientId, slotId: slot } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('SLOT_CLOSED');
  });
});

describe('after the visit', () => {
  it('shows the treatment and the next revisit date the doctor set on my appointments', async () => {
    const slot = await newSlot(await newDepartment());
    const { token, patientId } = await patientAccount(api, 'bv-revisit');
    const booked = await api.call('POST', '/v1/appointments', { token, body: { patientId, slotId: slot } });
    const ticket = await api.call('POST', `/v1/appointments/${booked.body.id}/check-in`, { token });
    const visit = await api.call('POST', '/v1/visits', {
      token: doctor,
      body: {
        ticketId: ticket.body.id,
        category: 'implant',
        chargeFen: 100_000,
        doctorId,
        nextRevisitDate: '2030-01-01',
      },
    });
    expect(visit.status).toBe(201);
    const mine = await api.call('GET', '/v1/me/appointments', { token });
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        id: booked.body.id,
        status: 'completed',
        visitCategory: 'implant',
        nextRevisitDate: '2030-01-01',
      }),
    ]);
  });

  it('shows the treatment without a revisit date when the doctor set none', async () => {
    const slot = await newSlot(await newDepartment());
    const { token, patientId } = await patientAccount(api, 'bv-norevisit');
    const booked = await api.call('POST', '/v1/appointments', { token, body: { patientId, slotId: slot } });
    const ticket = await api.call('POST', `/v1/appointments/${booked.body.id}/check-in`, { token });
    await api.call('POST', '/v1/visits', {
      token: doctor,
      body: { ticketId: ticket.body.id, category: 'cleaning', chargeFen: 20_000, doctorId },
    });
    const [appt] = (await api.call('GET', '/v1/me/appointments', { token })).body.items;
    expect(appt).toMatchObject({ status: 'completed', visitCategory: 'cleaning' });
    expect(appt).not.toHaveProperty('nextRevisitDate');
  });
});
