import { expect } from 'vitest';
import { fixedClock, useClock } from '../../functions/lib/clock';
import { db, tableName } from '../../functions/lib/db';
import { QueryCommand } from '../../functions/lib/store-client';
import { type Api, idCardFor, profile, uniqueOpenid, uniquePhone } from './api';
import { insertTestSlot } from './fixtures';
import { ownClinic } from './own-clinic';

/** A clinic of the file's own with its staff (desk, doctor, service, manager), signed in. */
export async function rightsClinic(api: Api, tag: string) {
  const { clinicId, deptId } = await ownClinic(tag, '权利测试口腔');
  const login = async (role: string) => {
    const res = await api.call('POST', '/v1/auth/dev', {
      body: { openid: uniqueOpenid(`${tag}-${role}`), role, clinicId },
    });
    expect(res.status).toBe(200);
    const me = await api.call('GET', '/v1/me', { token: res.body.token });
    return { token: res.body.token as string, staffId: me.body.staffId as string };
  };
  const [desk, doctor, service, manager, marketing] = await Promise.all(
    ['frontdesk', 'doctor', 'service', 'manager', 'marketing'].map(login),
  );
  return {
    clinicId,
    deptId,
    desk: desk!,
    doctor: doctor!,
    service: service!,
    manager: manager!,
    marketing: marketing!,
  };
}
export type RightsClinic = Awaited<ReturnType<typeof rightsClinic>>;

/** Personal data the fixture gives: none of it may survive a deletion anywhere under the patient. */
export interface Personal {
  name: string;
  phone: string;
  idCardNo: string;
  address: string;
  occupation: string;
  medicalHistory: string;
  visitNotes: string;
  callNote: string;
  comment: string;
}

const at = (instant: string) => useClock(fixedClock(instant));

/**
 * A patient's whole life through the real routes, on `date` (a day far from today): a profile, a
 * consent change, an appointment, its check-in ticket, an implant visit (a survey invitation and its
 * message, a call task), the survey answer and the call's outcome.
 */
export async function patientLife(api: Api, c: RightsClinic, date: string, name: string) {
  at(`${date}T08:00:00+08:00`);
  const token = await api.login(uniqueOpenid('rights-p'));
  const birthDate = '1985-06-20';
  const personal: Personal = {
    name,
    phone: uniquePhone(),
    idCardNo: idCardFor(birthDate, String(100 + Math.floor(Math.random() * 800))),
    address: `幸福路${Math.floor(Math.random() * 900) + 100}弄七号`,
    occupation: '钢琴调律师',
    medicalHistory: '青霉素过敏史十年',
    visitNotes: '左下智齿冠周发炎明显',
    callNote: '术后第二天恢复顺利无出血',
    comment: '候诊室空调太冷了希望改进',
  };
  const reg = await api.call('POST', '/v1/me/patients', {
    token,
    body: profile({
      name,
      phone: personal.phone,
      birthDate,
      idCardNo: personal.idCardNo,
      address: personal.address,
      occupation: personal.occupation,
      medicalHistory: personal.medicalHistory,
      clinicId: c.clinicId,
    }),
  });
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  const patientId = reg.body.id as string;
  const consent = await api.call('PUT', '/v1/me/consents', { token, body: { patientId, marketing: true } });
  expect(consent.status, JSON.stringify(consent.body)).toBe(200);

  const slotId = await insertTestSlot({
    departmentId: c.deptId,
    clinicId: c.clinicId,
    startsAt: `${date}T10:00:00+08:00`,
  });
  const booked = await api.call('POST', '/v1/appointments', { token, body: { patientId, slotId } });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  at(`${date}T09:40:00+08:00`);
  const ticket = await api.call('POST', `/v1/appointments/${booked.body.id}/check-in`, { token });
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
  at(`${date}T10:20:00+08:00`);
  const visit = await api.call('POST', '/v1/visits', {
    token: c.doctor.token,
    body: {
      ticketId: ticket.body.id,
      category: 'implant',
      chargeFen: 1_280_000,
      doctorId: c.doctor.staffId,
      notes: personal.visitNotes,
    },
  });
  expect(visit.status, JSON.stringify(visit.body)).toBe(201);
  const visitId = visit.body.id as string;

  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  at(`${next}T11:00:00+08:00`);
  const invitationId = `sv_${visitId}_1`;
  const answer = await api.call('POST', `/v1/me/surveys/${invitationId}/answer`, {
    token,
    body: {
      scores: { overall: 5, doctor: 5, nurse: 5, environment: 4, waiting: 4, fees: 4 },
      nps: 9,
      comment: personal.comment,
    },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  const taskId = `fu_${visitId}_1`;
  const outcome = await api.call('POST', `/v1/follow-ups/${taskId}/outcome`, {
    token: c.service.token,
    body: { outcome: 'answered', note: personal.callNote },
  });
  expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
  return {
    token,
    patientId,
    personal,
    appointmentId: booked.body.id as string,
    ticketId: ticket.body.id as string,
    visitId,
    invitationId,
    taskId,
  };
}

/** Raw items of a query (keys and `type` kept), every page. */
async function rawQuery(input: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ TableName: tableName, ...input, ExclusiveStartKey: start } as never));
    out.push(...((page.Items ?? []) as Record<string, unknown>[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

const onIndex = (index: string, name: string, value: string) =>
  rawQuery({
    IndexName: index,
    KeyConditionExpression: '#k = :v',
    ExpressionAttributeNames: { '#k': name },
    ExpressionAttributeValues: { ':v': value },
  });

/**
 * Everything the store holds for a patient on its keys: its own partition, its timeline, its
 * message list, the account's items naming it, its bookings, its survey items and audit trail.
 */
export async function storedForPatient(patientId: string, accountId?: string, invitationIds: string[] = []) {
  const [own, timeline, messages, account, booked, audit] = await Promise.all([
    rawQuery({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `PATIENT#${patientId}` } }),
    onIndex('byPatientTimeline', 'timelinePatient', `TIMELINE#${patientId}`),
    onIndex('byClinic', 'clinicKey', `MSGS#${patientId}`),
    accountId ? onIndex('byAccount', 'accountId', accountId) : Promise.resolve([]),
    onIndex('byBookedPatient', 'bookedPatientId', patientId),
    rawQuery({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `AUDIT#${patientId}` } }),
  ]);
  const surveys = (
    await Promise.all(
      invitationIds.map((id) =>
        rawQuery({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `SURVEY#${id}` } }),
      ),
    )
  ).flat();
  const byKey = new Map<string, Record<string, unknown>>();
  for (const item of own) byKey.set(`${item.pk}\n${item.sk}`, item);
  // The index reads and the account's list hold other patients' items too: only this patient's.
  for (const item of [...timeline, ...messages, ...account, ...booked, ...surveys]) {
    if (item.patientId === patientId || item.id === patientId) byKey.set(`${item.pk}\n${item.sk}`, item);
  }
  return { items: [...byKey.values()], audit };
}

/** The item at a key, raw. */
export async function rawItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
  const out = await rawQuery({
    KeyConditionExpression: 'pk = :pk AND sk = :sk',
    ExpressionAttributeValues: { ':pk': pk, ':sk': sk },
  });
  return out[0];
}
