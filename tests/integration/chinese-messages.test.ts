import { beforeAll, describe, expect, it } from 'vitest';
import { clinicDate } from '../../shared/dates';
import { profile, uniquePhone } from '../support/api';
import { newDepartment } from '../support/fixtures';
import { teamForFile } from '../support/people';

const {
  api,
  tokens: [manager, marketer, doctor, nurse, patient],
  staffIds: [, marketerId],
} = await teamForFile('zh', ['manager', 'marketing', 'doctor', 'nurse', 'patient']);
let dept: string;

beforeAll(async () => {
  dept = await newDepartment();
});

const ENGLISH = /[A-Za-z]{3,}/;

/** Every text of an error answer a person may read: the message and each field's message. */
function wordsOf(body: any): string[] {
  const fields = (body?.error?.details?.fields ?? []) as { message: string }[];
  return [body?.error?.message, ...fields.map((f) => f.message)];
}

function expectChineseOnly(res: { status: number; body: any }) {
  expect(res.body.error, JSON.stringify(res.body)).toBeDefined();
  const words = wordsOf(res.body);
  expect(words[0]).toMatch(/\p{Script=Han}/u);
  for (const w of words) {
    expect(w, JSON.stringify(res.body)).toEqual(expect.any(String));
    expect(w, JSON.stringify(res.body)).not.toMatch(ENGLISH);
  }
}

describe('no English reaches a person', () => {
  it('answers slots with capacity 0 and 2-minute visits with Chinese field messages only', async () => {
    const res = await api.call('POST', '/v1/slots', {
      token: manager,
      body: {
        departmentId: dept,
        fromDate: '2030-03-04',
        toDate: '2030-03-10',
        weekdays: [1],
        times: ['09:00'],
        durationMinutes: 2,
        capacity: 0,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'capacity',
      'durationMinutes',
    ]);
    expectChineseOnly(res);
  });

  const today = () => clinicDate(new Date());
  const cases: { name: string; send: () => Promise<{ status: number; body: any }> }[] = [
    {
      name: 'slots with wrong weekdays, times, dates, types and an unknown field',
      send: () =>
        api.call('POST', '/v1/slots', {
          token: manager,
          body: {
            departmentId: dept,
            fromDate: '2030-2-30',
            toDate: '',
            weekdays: [0, 8],
            times: ['9:00', 'noon'],
            durationMinutes: 'thirty',
            capacity: 2.5,
            colour: 'red',
          },
        }),
    },
    {
      name: 'a registration with every field wrong',
      send: () =>
        api.call('POST', '/v1/me/patients', {
          token: patient,
          body: {
            name: '',
            gender: 'unknown',
            birthDate: 'yesterday',
            phone: '12345',
            idCardNo: 'ABCDEFGHIJKLMNOPQR',
            relation: 'friend',
            consents: { healthData: 'yes' },
            needs: ['whitening'],
            nickname: 'x',
          },
        }),
    },
    {
      name: 'a registration with a birth date in the future',
      send: () => api.call('POST', '/v1/me/patients', { token: patient, body: profile({ birthDate: '2099-01-01' }) }),
    },
    {
      name: 'a registration with nothing in it',
      send: () => api.call('POST', '/v1/me/patients', { token: patient, body: {} }),
    },
    {
      name: 'a lead with an unknown channel and an overlong note',
      send: () =>
        api.call('POST', '/v1/patients', {
          token: marketer,
          body: { name: '王五', phone: uniquePhone(), channel: 'television', notes: '长'.repeat(501) },
        }),
    },
    {
      name: 'a campaign with a long name, an unknown channel and the end before the start',
      send: () =>
        api.call('POST', '/v1/campaigns', {
          token: marketer,
          body: { name: '长'.repeat(41), channel: 'billboard', startsOn: '2030-02-01', endsOn: '2030-01-01' },
        }),
    },
    {
      name: 'a campaign ending before it starts',
      send: () =>
        api.call('POST', '/v1/campaigns', {
          token: marketer,
          body: { name: '活动', channel: 'street', startsOn: '2030-02-01', endsOn: '2030-01-01' },
        }),
    },
    {
      name: 'a visit with a negative charge, an unknown category and no doctor',
      send: () =>
        api.call('POST', '/v1/visits', { token: doctor, body: { ticketId: 'tk_x', category: 'magic', chargeFen: -1 } }),
    },
    {
      name: 'a visit naming both a ticket and an appointment',
      send: () =>
        api.call('POST', '/v1/visits', {
          token: doctor,
          body: { ticketId: 'tk_x', appointmentId: 'ap_x', category: 'cleaning', chargeFen: 1, doctorId: 'd_x' },
        }),
    },
    {
      name: 'a call without a room',
      send: () => api.call('POST', `/v1/queues/${dept}/call-next`, { token: nurse, body: { room: ' ' } }),
    },
    {
      name: 'a month that does not exist',
      send: () => api.call('GET', '/v1/stats/monthly?month=2026-13', { token: marketer }),
    },
    {
      name: 'a daily figure of a day that does not exist',
      send: () => api.call('GET', '/v1/stats/daily?date=2026-02-30', { token: marketer }),
    },
    {
      name: 'a negative target',
      send: () =>
        api.call('PUT', `/v1/stats/targets/${marketerId}?month=${today().slice(0, 7)}`, {
          token: manager,
          body: { revenueFen: -1, arrivals: 1.5 },
        }),
    },
    {
      name: 'a slot list without its department and date',
      send: () => api.call('GET', '/v1/slots', { token: patient }),
    },
    {
      name: 'a staff search without phone or name',
      send: () => api.call('GET', '/v1/patients', { token: marketer }),
    },
    {
      name: 'an unknown clinic',
      send: () => api.call('GET', '/v1/clinics/c_nowhere/departments'),
    },
    {
      name: 'a missing ticket',
      send: () => api.call('GET', '/v1/tickets/tk_missing', { token: patient }),
    },
    {
      name: 'no token',
      send: () => api.call('GET', '/v1/me'),
    },
    {
      name: 'a role that may not',
      send: () => api.call('POST', '/v1/slots', { token: patient, body: {} }),
    },
  ];

  it.each(cases)('answers $name in Chinese only', async ({ send }) => {
    const res = await send();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectChineseOnly(res);
  });

  it('answers an unknown clinic with 没有找到这家门诊', async () => {
    const res = await api.call('GET', '/v1/clinics/c_nowhere/departments');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('没有找到这家门诊');
  });
});
