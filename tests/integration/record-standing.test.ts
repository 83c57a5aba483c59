import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fixedClock, systemClock, useClock } from '../../functions/lib/clock';
import { auditTrailOf } from '../../functions/patients/audit-repository';
import { getPatient } from '../../functions/patients/patient-repository';
import { hasCareAt, standingOf } from '../../functions/patients/record-access';
import { startApi, uniquePhone } from '../support/api';
import { secondClinic, staffIn } from '../support/clinics';
import { ensureTestClinic, insertTestSlot } from '../support/fixtures';
import { countStoreCommands } from '../support/store-commands';

// A patient's record across the clinics of a group: readable by another clinic's clinical staff
// only while the patient has a care relationship there (an appointment or ticket there, today or
// ahead), audited as cross-clinic; found by the exact phone elsewhere only as a minimal card.
// Days in 2041: no other test's slots or tickets are on them.

await ensureTestClinic();
const api = await startApi();
afterAll(() => api.close());
afterEach(() => useClock(systemClock));

const home = await secondClinic(api, 'rsa', ['frontdesk', 'doctor'] as const, '甲口腔（档案）');
const away = await secondClinic(api, 'rsb', ['frontdesk', 'doctor', 'marketing'] as const, '乙口腔（档案）');
const [homeDesk] = home.staff;
const [awayDesk, awayDoctor, awayMarketer] = away.staff;
const admin = await staffIn(api, away.clinicId, 'admin', 'rs');

const at = (instant: string) => useClock(fixedClock(instant));

async function homePatient(name = '甲院患者', phone = uniquePhone()): Promise<{ id: string; phone: string }> {
  const res = await api.call('POST', '/v1/patients', {
    token: homeDesk.token,
    body: { name, phone, channel: 'walk_in', gender: 'female', birthDate: '1985-06-01' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, phone };
}

/** The away clinic's front desk books the patient into a slot of its own at `startsAt`. */
async function bookAway(patientId: string, startsAt: string): Promise<string> {
  const slotId = await insertTestSlot({ departmentId: away.deptId, clinicId: away.clinicId, startsAt });
  const res = await api.call('POST', '/v1/appointments', { token: awayDesk.token, body: { patientId, slotId } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

const read = (patientId: string, token = awayDoctor.token) => api.call('GET', `/v1/patients/${patientId}`, { token });
const visits = (patientId: string, token = awayDoctor.token) =>
  api.call('GET', `/v1/patients/${patientId}/visits`, { token });
const timeline = (patientId: string, token = awayDoctor.token) =>
  api.call('GET', `/v1/patients/${patientId}/timeline`, { token });

describe('the care relationship', () => {
  it('appears with a booking at the clinic and is gone the day after it', async () => {
    const p = await homePatient();
    at('2041-05-10T09:00:00+08:00');
    expect((await read(p.id)).status).toBe(404);
    await bookAway(p.id, '2041-05-10T15:00:00+08:00');
    expect((await read(p.id)).status).toBe(200);
    expect((await visits(p.id)).status).toBe(200);
    expect((await timeline(p.id)).status).toBe(200);
    at('2041-05-11T09:00:00+08:00');
    for (const res of [await read(p.id), await visits(p.id), await timeline(p.id)]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('holds from a booking days ahead, and ends when the booking is cancelled', async () => {
    const p = await homePatient();
    at('2041-06-01T09:00:00+08:00');
    const appointmentId = await bookAway(p.id, '2041-06-04T10:00:00+08:00');
    expect((await read(p.id)).status).toBe(200);
    const cancel = await api.call('POST', `/v1/appointments/${appointmentId}/cancel`, { token: awayDesk.token });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    expect((await read(p.id)).status).toBe(404);
  });

  it('holds on the day of a ticket at the clinic, and not the next day; a booking elsewhere gives none', async () => {
    const p = await homePatient();
    at('2041-07-01T09:00:00+08:00');
    // A booking at the patient's home clinic is no care relationship at the away clinic.
    const homeSlot = await insertTestSlot({
      departmentId: home.deptId,
      clinicId: home.clinicId,
      startsAt: '2041-07-01T16:00:00+08:00',
    });
    const booked = await api.call('POST', '/v1/appointments', {
      token: homeDesk.token,
      body: { patientId: p.id, slotId: homeSlot },
    });
    expect(booked.status).toBe(201);
    expect((await read(p.id)).status).toBe(404);
    const ticket = await api.call('POST', `/v1/queues/${away.deptId}/tickets`, {
      token: awayDesk.token,
      body: { patientId: p.id },
    });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    expect((await read(p.id)).status).toBe(200);
    at('2041-07-02T09:00:00+08:00');
    expect((await read(p.id)).status).toBe(404);
  });

  it('costs no read for the home clinic and the group admin, and is cheap elsewhere', async () => {
    const p = await homePatient();
    const record = (await getPatient(p.id))!;
    const ctx = (caller: Record<string, unknown>) =>
      ({ caller, now: new Date('2041-08-01T01:00:00Z'), requestId: 'r' }) as Parameters<typeof standingOf>[0];
    const free = await countStoreCommands(async () => [
      await standingOf(ctx({ userId: 'u', roles: ['frontdesk'], clinicId: home.clinicId }), record),
      await standingOf(ctx({ userId: 'u', roles: ['admin'], clinicId: away.clinicId }), record),
    ]);
    expect(free.result).toEqual(['home', 'group']);
    expect(free.commands).toEqual({});
    const elsewhere = await countStoreCommands(() =>
      standingOf(ctx({ userId: 'u', roles: ['doctor'], clinicId: away.clinicId }), record),
    );
    expect(elsewhere.result).toBe('none');
    // Today's arrival guard (one GetItem) and the patient's bookings from today (one Query): no Scan.
    expect(elsewhere.commands).toEqual({ GetItemCommand: 1, QueryCommand: 1 });
    expect(await hasCareAt(p.id, away.clinicId, '2041-08-01')).toBe(false);
  });
});

describe('reads and edits from another clinic', () => {
  it('audits a cross-clinic read with the reader and their clinic', async () => {
    const p = await homePatient();
    at('2041-09-01T09:00:00+08:00');
    await bookAway(p.id, '2041-09-01T15:00:00+08:00');
    expect((await read(p.id)).status).toBe(200);
    expect((await visits(p.id)).status).toBe(200);
    expect((await read(p.id, homeDesk.token)).status).toBe(200);
    const trail = await auditTrailOf(p.id);
    const reads = trail.filter((e) => e.action === 'read');
    expect(reads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actorStaffId: awayDoctor.staffId, actorClinicId: away.clinicId, crossClinic: true }),
        expect.objectContaining({
          actorStaffId: awayDoctor.staffId,
          actorClinicId: away.clinicId,
          crossClinic: true,
          fields: ['visits'],
        }),
      ]),
    );
    const own = reads.find((e) => e.actorStaffId === homeDesk.staffId);
    expect(own).toMatchObject({ actorClinicId: home.clinicId, clinicId: home.clinicId });
    expect(own?.crossClinic).toBeUndefined();
  });

  it('lets a marketer of the caring clinic read nothing: cross-clinic reads are for clinical staff', async () => {
    const p = await homePatient();
    at('2041-09-02T09:00:00+08:00');
    await bookAway(p.id, '2041-09-02T15:00:00+08:00');
    expect((await read(p.id, awayMarketer.token)).status).toBe(404);
    expect((await read(p.id, awayDoctor.token)).status).toBe(200);
  });

  it('refuses an edit without standing (404) and allows it with a care relationship, audited', async () => {
    const p = await homePatient();
    at('2041-09-03T09:00:00+08:00');
    const edit = () =>
      api.call('PATCH', `/v1/patients/${p.id}`, { token: awayDesk.token, body: { notes: '乙院备注' } });
    const refused = await edit();
    expect(refused.status).toBe(404);
    expect((await getPatient(p.id))?.notes).toBeUndefined();
    await bookAway(p.id, '2041-09-03T15:00:00+08:00');
    const ok = await edit();
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await getPatient(p.id))?.notes).toBe('乙院备注');
    const update = (await auditTrailOf(p.id)).find((e) => e.action === 'update');
    expect(update).toMatchObject({ actorClinicId: away.clinicId, crossClinic: true });
  });

  it('lets the group admin read and edit any record', async () => {
    const p = await homePatient();
    expect((await read(p.id, admin.token)).status).toBe(200);
    const res = await api.call('PATCH', `/v1/patients/${p.id}`, { token: admin.token, body: { tags: ['VIP'] } });
    expect(res.status).toBe(200);
  });
});

describe('search across clinics', () => {
  it('finds by the exact phone only a minimal masked card of a record the caller may not read', async () => {
    const p = await homePatient('欧阳春晓');
    useClock(systemClock);
    const res = await api.call('GET', `/v1/patients?phone=${p.phone}`, { token: awayDesk.token });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        minimal: true,
        patientId: p.id,
        maskedName: '欧**晓',
        maskedPhone: `${p.phone.slice(0, 3)}****${p.phone.slice(7)}`,
        gender: 'female',
        birthYear: 1985,
        homeClinicId: home.clinicId,
        homeClinicName: '甲口腔（档案）',
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain(p.phone);
    expect(JSON.stringify(res.body)).not.toContain('阳春');
  });

  it('lets the front desk give the found patient a number, after which the search answers the full record', async () => {
    const p = await homePatient('司马晴');
    const card = (await api.call('GET', `/v1/patients?phone=${p.phone}`, { token: awayDesk.token })).body.items[0];
    expect(card.minimal).toBe(true);
    const ticket = await api.call('POST', `/v1/queues/${away.deptId}/tickets`, {
      token: awayDesk.token,
      body: { patientId: card.patientId },
    });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    const again = await api.call('GET', `/v1/patients?phone=${p.phone}`, { token: awayDesk.token });
    expect(again.body.items).toHaveLength(1);
    expect(again.body.items[0]).toMatchObject({ id: p.id, name: '司马晴', phone: p.phone });
    expect(again.body.items[0].minimal).toBeUndefined();
  });

  it('lists by name only the records the caller may read; the group admin sees both clinics', async () => {
    const name = `同名${Math.random().toString(36).slice(2, 6)}`;
    const mine = await api.call('POST', '/v1/patients', {
      token: awayDesk.token,
      body: { name, phone: uniquePhone(), channel: 'walk_in' },
    });
    const theirs = await homePatient(name);
    const byName = (token: string) =>
      api.call('GET', `/v1/patients?name=${encodeURIComponent(name)}`, { token }).then((r) => r.body.items);
    expect((await byName(awayDesk.token)).map((p: { id: string }) => p.id)).toEqual([mine.body.id]);
    expect((await byName(homeDesk.token)).map((p: { id: string }) => p.id)).toEqual([theirs.id]);
    expect((await byName(admin.token)).map((p: { id: string }) => p.id).sort()).toEqual(
      [mine.body.id, theirs.id].sort(),
    );
  });
});
