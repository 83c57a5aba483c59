import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock, systemClock, useClock } from '../../functions/lib/clock';
import { clinicDate } from '../../shared/dates';
import { uniqueOpenid } from '../support/api';
import { newDepartment, newSlotAt } from '../support/fixtures';
import { patientAccount, staffPatients, teamForFile } from '../support/people';

// The server runs in this process: the clock set here is the one every request reads.
const {
  api,
  tokens: [desk],
} = await teamForFile('ck', ['frontdesk']);

afterEach(() => useClock(systemClock));

describe('the clock requests read', () => {
  it("refuses a check-in before the appointment's day and accepts it on the day", async () => {
    const dept = await newDepartment();
    const slot = await newSlotAt(dept, '2030-03-05T09:00:00+08:00');
    const { token, patientId } = await patientAccount(api, 'ck-appt');
    const booked = await api.call('POST', '/v1/appointments', { token, body: { patientId, slotId: slot } });
    expect(booked.status).toBe(201);

    useClock(fixedClock('2030-03-04T23:59:00+08:00'));
    const early = await api.call('POST', `/v1/appointments/${booked.body.id}/check-in`, { token });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'TICKET_STATE', details: { date: '2030-03-05' } });
    expect(early.body.error.message).toContain('2030-03-05');

    useClock(fixedClock('2030-03-05T08:59:00+08:00'));
    const onTheDay = await api.call('POST', `/v1/appointments/${booked.body.id}/check-in`, { token });
    expect(onTheDay.status).toBe(201);
    expect(onTheDay.body).toMatchObject({ date: '2030-03-05', number: 1, status: 'waiting' });
  });

  it("reads the clock's day in the clinic's time zone for the daily figures without a date", async () => {
    const marketer = await api.login(uniqueOpenid('ck-mk'), 'marketing');
    // 00:30 in Shanghai is still the day before in UTC.
    useClock(fixedClock('2026-02-17T00:30:00+08:00'));
    const res = await api.call('GET', '/v1/stats/daily', { token: marketer });
    expect(res.status).toBe(200);
    expect(res.body.date).toBe('2026-02-17');
  });

  it("counts an arrival on the clock's day and shows it in that day's figures", async () => {
    const marketer = await api.login(uniqueOpenid('ck-mk2'), 'marketing');
    const [patientId] = await staffPatients(api, marketer, 1);
    useClock(fixedClock('2030-03-05T08:59:00+08:00'));
    const ticket = await api.call('POST', `/v1/queues/${await newDepartment()}/tickets`, {
      token: desk,
      body: { patientId },
    });
    expect(ticket.body.date).toBe('2030-03-05');
    const thatDay = await api.call('GET', '/v1/stats/daily', { token: marketer });
    expect(thatDay.body).toMatchObject({ date: '2030-03-05', arrivals: 1 });

    useClock(systemClock);
    const realDay = await api.call('GET', '/v1/stats/daily', { token: marketer });
    expect(realDay.body).toMatchObject({ date: clinicDate(new Date()), arrivals: 0 });
  });
});
