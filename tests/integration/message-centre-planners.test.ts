import { describe, expect, it } from 'vitest';
import { ownTables } from '../support/own-tables';

// The planners use each clinic's own template text and skip a clinic that switched the kind off
// (message centre). A birthday or holiday run plans for every patient in the store, so this file
// has tables of its own: its greetings never land in another file's patients' outboxes.
await ownTables('planners');
const { getMessage, messageId } = await import('../../functions/messaging/outbox-repository');
const { DeleteCommand, QueryCommand, UpdateCommand } = await import('../../functions/lib/store-client');
const { db, tableName } = await import('../../functions/lib/db');
const { keepBookedDaysAndMarks, patientsMarkedFor } = await import('../../functions/booking/revisit-marks');
const { bookedDaysComplete, bookedDaysOfPatient } = await import('../../functions/booking/booked-days');
const { bookedDaysCompleteKey, bookedDaysKey, revisitBookedCompleteKey, revisitBookedKey } = await import(
  '../../functions/booking/booked-days-keys'
);
const { getPatient, patientKey } = await import('../../functions/patients/patient-repository');
const { countStoreCommands } = await import('../support/store-commands');
const { uniqueOpenid } = await import('../support/api');
const { insertTestSlot, newSlot } = await import('../support/fixtures');
const { ownClinic } = await import('../support/own-clinic');
const { patientAccount, teamForFile } = await import('../support/people');

const { api } = await teamForFile('mcp', []);

/** A staff member of a clinic of the test's own. */
async function staffOf(clinicId: string, role: string) {
  const res = await api.call('POST', '/v1/auth/dev', { body: { openid: uniqueOpenid(`mcp-${role}`), role, clinicId } });
  expect(res.status).toBe(200);
  return { token: res.body.token as string };
}

describe('planners honour the clinic', () => {
  /** A patient of a clinic booked into its slot at `startsAt`. */
  async function bookedAt(clinicId: string, deptId: string, startsAt: string) {
    const slotId = await insertTestSlot({ departmentId: deptId, clinicId, startsAt });
    const { token, patientId } = await patientAccount(api, 'mc-b');
    const res = await api.call('POST', '/v1/appointments', { token, body: { patientId, slotId } });
    expect(res.status).toBe(201);
    return { patientId, appointmentId: res.body.id as string };
  }
  const runJob = (name: string, at: string) => api.call('POST', `/v1/dev/jobs/${name}`, { body: { at } });

  it("writes appointment reminders in the clinic's text", async () => {
    const { clinicId, deptId } = await ownClinic('mcpa', '星河口腔');
    const manager = await staffOf(clinicId, 'manager');
    const put = await api.call('PUT', '/v1/message-templates/appointment', {
      token: manager.token,
      body: { text: '{name}您好，明天{time}在{clinic}{department}等您。' },
    });
    expect(put.status).toBe(200);
    const a = await bookedAt(clinicId, deptId, '2041-03-11T09:30:00+08:00');
    const run = await runJob('appointment-reminder', '2041-03-10T18:00:00+08:00');
    expect(run.body.counts.planned).toBeGreaterThanOrEqual(1);
    const m = await getMessage(messageId('appointment', a.patientId, a.appointmentId));
    expect(m?.text).toBe('孙小美您好，明天09:30在星河口腔综合科等您。');
    const day = await api.call('GET', '/v1/messages/summary?date=2041-03-10', { token: manager.token });
    expect(day.body.rows).toEqual([expect.objectContaining({ kind: 'appointment', planned: 1, queued: 1 })]);
  });

  it('plans no appointment reminder for a clinic that switched them off, and counts it', async () => {
    const { clinicId, deptId } = await ownClinic('mcpo', '关闭口腔');
    const manager = await staffOf(clinicId, 'manager');
    const put = await api.call('PUT', '/v1/message-templates/appointment', {
      token: manager.token,
      body: { enabled: false },
    });
    expect(put.body.enabled).toBe(false);
    const a = await bookedAt(clinicId, deptId, '2041-04-11T09:30:00+08:00');
    const run = await runJob('appointment-reminder', '2041-04-10T18:00:00+08:00');
    expect(run.body.counts.disabled).toBeGreaterThanOrEqual(1);
    expect(await getMessage(messageId('appointment', a.patientId, a.appointmentId))).toBeUndefined();
  });

  it("greets a birthday in the clinic's text, and not at all where birthday greetings are off", async () => {
    const on = await ownClinic('mcbo', '生日口腔');
    const off = await ownClinic('mcbf', '无祝福口腔');
    const [onManager, offManager] = await Promise.all([
      staffOf(on.clinicId, 'manager'),
      staffOf(off.clinicId, 'manager'),
    ]);
    await api.call('PUT', '/v1/message-templates/birthday', {
      token: onManager.token,
      body: { text: '{clinic}祝{name}生日快乐' },
    });
    await api.call('PUT', '/v1/message-templates/birthday', { token: offManager.token, body: { enabled: false } });
    const born = { birthDate: '1990-07-19', consents: { healthData: false, marketing: true } };
    const greeted = await patientAccount(api, 'mc-bd', { ...born, clinicId: on.clinicId });
    const left = await patientAccount(api, 'mc-bd', { ...born, clinicId: off.clinicId });
    const run = await runJob('birthday-greeting', '2042-07-19T09:00:00+08:00');
    expect(run.body.counts.disabled).toBeGreaterThanOrEqual(1);
    expect((await getMessage(messageId('birthday', greeted.patientId, '2042')))?.text).toBe('生日口腔祝孙小美生日快乐');
    expect(await getMessage(messageId('birthday', left.patientId, '2042'))).toBeUndefined();
  });

  it("greets on a holiday in the clinic's text, and reads no patient of a clinic that switched greetings off", async () => {
    const on = await ownClinic('mcho', '节日口腔');
    const off = await ownClinic('mchf', '不问候口腔');
    const [onManager, offManager] = await Promise.all([
      staffOf(on.clinicId, 'manager'),
      staffOf(off.clinicId, 'manager'),
    ]);
    await api.call('PUT', '/v1/message-templates/holiday', {
      token: onManager.token,
      body: { text: '{clinic}祝{name}{holiday}快乐' },
    });
    await api.call('PUT', '/v1/message-templates/holiday', { token: offManager.token, body: { enabled: false } });
    const consent = { consents: { healthData: false, marketing: true } };
    const greeted = await patientAccount(api, 'mc-hd', { ...consent, clinicId: on.clinicId });
    const left = await patientAccount(api, 'mc-hd', { ...consent, clinicId: off.clinicId });
    // 国庆 2044: a date no other file plans or sends for.
    const run = await runJob('holiday-greeting', '2044-10-01T09:00:00+08:00');
    expect(run.body.counts.disabled).toBeGreaterThanOrEqual(1);
    const m = await getMessage(messageId('holiday', greeted.patientId, '2044-10-01'));
    expect(m?.text).toBe('节日口腔祝孙小美国庆节快乐');
    expect(await getMessage(messageId('holiday', left.patientId, '2044-10-01'))).toBeUndefined();
  });

  /** A patient of a clinic checked in today (booked, checked in), and the visit its doctor records. */
  async function checkedIn(clinicId: string, deptId: string) {
    const doctor = await staffOf(clinicId, 'doctor');
    const me = await api.call('GET', '/v1/me', { token: doctor.token });
    const slotId = await newSlot(deptId, { clinicId, startsInMinutes: 60 });
    const { token, patientId } = await patientAccount(api, 'mc-rv');
    const appt = await api.call('POST', '/v1/appointments', { token, body: { patientId, slotId } });
    const ticket = await api.call('POST', `/v1/appointments/${appt.body.id}/check-in`, { token });
    expect(ticket.status).toBe(201);
    const complete = (nextRevisitDate: string) =>
      api.call('POST', '/v1/visits', {
        token: doctor.token,
        body: {
          ticketId: ticket.body.id,
          category: 'cleaning',
          chargeFen: 20_000,
          doctorId: me.body.staffId,
          nextRevisitDate,
        },
      });
    /** A booking of a new slot at `startsAt`, ready to send. */
    const bookingAt = async (startsAt: string) => {
      const slot = await insertTestSlot({ departmentId: deptId, clinicId, startsAt });
      return () => api.call('POST', '/v1/appointments', { token, body: { patientId, slotId: slot } });
    };
    const book = async (startsAt: string) => (await bookingAt(startsAt))();
    return { patientId, token, complete, book, bookingAt };
  }

  /** A visit of a clinic recorded today (booked, checked in, completed) with its next revisit date. */
  async function visitWithRevisit(clinicId: string, deptId: string, revisitOn: string) {
    const p = await checkedIn(clinicId, deptId);
    const visit = await p.complete(revisitOn);
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    return { patientId: p.patientId, token: p.token, visitId: visit.body.id as string };
  }

  it("reminds of a revisit in the clinic's text, and not where revisit reminders are off", async () => {
    const on = await ownClinic('mcro', '复诊口腔');
    const off = await ownClinic('mcrf', '不提醒口腔');
    const [onManager, offManager] = await Promise.all([
      staffOf(on.clinicId, 'manager'),
      staffOf(off.clinicId, 'manager'),
    ]);
    await api.call('PUT', '/v1/message-templates/revisit', {
      token: onManager.token,
      body: { text: '{name}您好，{date}请来{clinic}{department}复诊' },
    });
    await api.call('PUT', '/v1/message-templates/revisit', { token: offManager.token, body: { enabled: false } });
    const reminded = await visitWithRevisit(on.clinicId, on.deptId, '2045-03-13');
    const left = await visitWithRevisit(off.clinicId, off.deptId, '2045-03-13');
    const run = await runJob('revisit-reminder', '2045-03-10T10:00:00+08:00');
    expect(run.body.counts.disabled).toBeGreaterThanOrEqual(1);
    const m = await getMessage(messageId('revisit', reminded.patientId, reminded.visitId));
    expect(m?.text).toBe('孙小美您好，3月13日请来复诊口腔综合科复诊');
    expect(await getMessage(messageId('revisit', left.patientId, left.visitId))).toBeUndefined();
  });

  /** The revisit index's items of a day, keys and the addressee each keeps. */
  const revisitItems = async (day: string) =>
    (
      await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'byRevisitDate',
          KeyConditionExpression: 'revisitDate = :d',
          ExpressionAttributeValues: { ':d': day },
        }),
      )
    ).Items ?? [];

  it('addresses a revisit as its visit keeps it, reading a patient record only for a visit that keeps none', async () => {
    const { clinicId, deptId } = await ownClinic('mcra', '复诊称呼口腔');
    const v = await visitWithRevisit(clinicId, deptId, '2047-06-13');
    const [item] = await revisitItems('2047-06-13');
    // The name only: the sender finds the account holding the record when it sends.
    expect(item?.revisitPatient).toEqual({ name: '孙小美' });
    // Nothing handed out carries it: the staff's visit list does not.
    const staff = await staffOf(clinicId, 'doctor');
    const listed = await api.call('GET', `/v1/patients/${v.patientId}/visits`, { token: staff.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items[0]).not.toHaveProperty('revisitPatient');

    const batchGets = async () => {
      const { result, commands } = await countStoreCommands(() =>
        runJob('revisit-reminder', '2047-06-10T10:00:00+08:00'),
      );
      expect(result.body.counts).toMatchObject({ read: 1 });
      return commands.BatchGetItemCommand ?? 0;
    };
    const first = await batchGets();
    const m = await getMessage(messageId('revisit', v.patientId, v.visitId));
    expect(m?.text).toContain('孙小美');
    // The day's first run wrote without reading which reminders exist (planning.ts, RunOptions); a
    // later run of the day reads them.
    const kept = await batchGets();
    expect(kept).toBe(first + 1);

    // A visit recorded before the addressee was kept (or moved by a merge): its record is read.
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: item?.pk, sk: item?.sk },
        UpdateExpression: 'REMOVE revisitPatient',
      }),
    );
    expect(await batchGets()).toBe(kept + 1);

    // Erased: the visit leaves the revisit index, and no reminder is planned.
    const erased = await api.call('DELETE', `/v1/me/patients/${v.patientId}`, { token: v.token });
    expect(erased.status).toBe(200);
    expect(await revisitItems('2047-06-13')).toEqual([]);
    const after = await runJob('revisit-reminder', '2047-06-10T10:00:00+08:00');
    expect(after.body.counts).toMatchObject({ read: 0, planned: 0 });
  });

  it('asks the booked index only for patients marked for the revisit date; every one while the marks are incomplete', async () => {
    const { clinicId, deptId } = await ownClinic('mcbd', '预约日口腔');
    // Both visited today (a booking of today); one has booked again, for the day before the revisit.
    const unbooked = await visitWithRevisit(clinicId, deptId, '2046-05-13');
    const booked = await visitWithRevisit(clinicId, deptId, '2046-05-13');
    const slotId = await insertTestSlot({ departmentId: deptId, clinicId, startsAt: '2046-05-12T10:00:00+08:00' });
    const again = await api.call('POST', '/v1/appointments', {
      token: booked.token,
      body: { patientId: booked.patientId, slotId },
    });
    expect(again.status).toBe(201);
    // The booking marked its patient for the revisit date (its day is after the reminders go out).
    expect(await patientsMarkedFor('2046-05-13')).toEqual(new Set([booked.patientId]));
    const run = async () => {
      const { result, commands } = await countStoreCommands(() =>
        runJob('revisit-reminder', '2046-05-10T10:00:00+08:00'),
      );
      expect(result.body.counts).toMatchObject({ read: 2, booked: 1 });
      return commands;
    };
    const withMarks = await run();
    expect(await getMessage(messageId('revisit', unbooked.patientId, unbooked.visitId))).toBeDefined();
    expect(await getMessage(messageId('revisit', booked.patientId, booked.visitId))).toBeUndefined();

    // A table whose visits predate the marks: the booked index is asked for every visit due.
    await db.send(new DeleteCommand({ TableName: tableName, Key: revisitBookedCompleteKey }));
    expect(await patientsMarkedFor('2046-05-13')).toBeUndefined();
    expect((await run()).QueryCommand).toBe((withMarks.QueryCommand ?? 0) + 1);

    // A table from before both: no booked day kept, no mark put, no revisit date on the record. The
    // migration keeps the days of the bookings still booked, then puts each pending revisit date on
    // its record and marks it from those days, and completes the table.
    await db.send(new DeleteCommand({ TableName: tableName, Key: bookedDaysCompleteKey }));
    await db.send(new DeleteCommand({ TableName: tableName, Key: bookedDaysKey(booked.patientId) }));
    await db.send(new DeleteCommand({ TableName: tableName, Key: revisitBookedKey('2046-05-13', booked.patientId) }));
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: patientKey(booked.patientId),
        UpdateExpression: 'REMOVE revisitDates',
      }),
    );
    const kept = await keepBookedDaysAndMarks(new Date('2046-05-09T10:00:00+08:00'));
    expect(kept.appointments).toBeGreaterThanOrEqual(1);
    expect(kept.visits).toBeGreaterThanOrEqual(2);
    expect(await bookedDaysOfPatient(booked.patientId)).toEqual(new Set(['2046-05-12']));
    expect((await getPatient(booked.patientId))?.revisitDates).toEqual(['2046-05-13']);
    expect(await patientsMarkedFor('2046-05-13')).toEqual(new Set([booked.patientId]));
    expect(await bookedDaysComplete()).toBe(true);
    const again2 = await run();
    expect(again2.QueryCommand).toBe(withMarks.QueryCommand);
    // The day's first run read no item by key: not the due patients' booked days (the marks name
    // who to ask), not their records (each visit keeps its addressee), not the reminders' ids.
    expect(withMarks.BatchGetItemCommand ?? 0).toBe(0);
    expect(again2.QueryCommand).toBe(withMarks.QueryCommand);
  });

  it('marks a patient booked before the visit that set the revisit date, if the booked day is on or after the reminders go out', async () => {
    const { clinicId, deptId } = await ownClinic('mcvm', '复诊标记口腔');
    const [p, q] = [await checkedIn(clinicId, deptId), await checkedIn(clinicId, deptId)];
    for (const x of [p, q]) expect((await x.book('2046-07-20T10:00:00+08:00')).status).toBe(201);
    // The reminders of 07-23 go out on 07-20, the booked day: marked. Those of 07-24 go out on 07-21: not.
    expect((await p.complete('2046-07-23')).status).toBe(201);
    expect((await q.complete('2046-07-24')).status).toBe(201);
    expect(await patientsMarkedFor('2046-07-23')).toEqual(new Set([p.patientId]));
    expect(await patientsMarkedFor('2046-07-24')).toEqual(new Set());
    // The record keeps its revisit dates: a later booking marks them itself.
    expect((await q.book('2046-07-22T10:00:00+08:00')).status).toBe(201);
    expect(await patientsMarkedFor('2046-07-24')).toEqual(new Set([q.patientId]));
  });

  it('marks the patient when a booking and the visit that sets the revisit date are made at the same moment, whichever commits first', async () => {
    const { clinicId, deptId } = await ownClinic('mcrr', '复诊并发口腔');
    for (const first of ['visit', 'booking'] as const) {
      const p = await checkedIn(clinicId, deptId);
      const booking = await p.bookingAt('2046-09-18T10:00:00+08:00');
      // Both read before either writes: the booking reads the record without the date, the visit
      // reads the booked days without the day. The one that commits second must build again.
      const answers = await interleaved(p.patientId, first, () => Promise.all([p.complete('2046-09-20'), booking()]));
      expect(answers.map((a) => a.status)).toEqual([201, 201]);
      expect((await patientsMarkedFor('2046-09-20'))?.has(p.patientId), `${first} first`).toBe(true);
    }
  });
});

/**
 * Runs a visit's recording and a booking of one patient so that both have read before either commits:
 * the `first` one's transaction waits until the other's has been sent, the other's first try waits
 * until the first one's has been written (the local API answers in this process, on this client).
 */
async function interleaved<T>(patientId: string, first: 'visit' | 'booking', work: () => Promise<T>): Promise<T> {
  const gate = () => {
    let open = () => {};
    const opened = new Promise<void>((r) => {
      open = r;
    });
    return { opened, open };
  };
  const secondSent = gate();
  const firstWritten = gate();
  let secondTries = 0;
  db.observe('interleaved', {
    command: async (operation, body, next) => {
      const text = JSON.stringify(body);
      if (operation !== 'TransactWriteItems' || !text.includes(patientId)) return next(body);
      const kind = text.includes('lastVisitAt') ? 'visit' : 'booking';
      if (kind === first) {
        await secondSent.opened;
        try {
          return await next(body);
        } finally {
          firstWritten.open();
        }
      }
      if (secondTries++ === 0) {
        secondSent.open();
        await firstWritten.opened;
      }
      return next(body);
    },
  });
  try {
    return await work();
  } finally {
    db.unobserve('interleaved');
  }
}
