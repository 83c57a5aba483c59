import { expect } from 'vitest';
import { messageId, queueMessage } from '../../functions/messaging/outbox-repository';
import { clinicDate } from '../../shared/dates';
import { type Api, uniquePhone } from './api';
import type { Member } from './clinics';
import { insertTestSlot } from './fixtures';

/** The staff a clinic's resources are made by. */
export interface ClinicTeam {
  desk: Member;
  doctor: Member;
  manager: Member;
  marketer: Member;
}

/**
 * Makers of one clinic's resources, each a fresh one made as its staff do (a record the desk
 * enters, a slot later today, a booking, a walk-in ticket, a visit, a staff member, a campaign, an
 * outbox message): for tests that then try them from another clinic.
 */
export function clinicResources(api: Api, clinic: { clinicId: string; deptId: string }, team: ClinicTeam) {
  const created = async (path: string, token: string, body: unknown) => {
    const res = await api.call('POST', path, { token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  let minutes = 90;
  const patient = async (): Promise<string> =>
    (await created('/v1/patients', team.desk.token, { name: '甲院患者', phone: uniquePhone(), channel: 'walk_in' })).id;
  /** A slot later today (each one a minute later than the last). */
  const slot = (): Promise<string> => {
    minutes += 1;
    const startsAt = Date.now() + minutes * 60_000;
    return insertTestSlot({ departmentId: clinic.deptId, clinicId: clinic.clinicId, startsAt });
  };
  const appointment = async (): Promise<string> =>
    (await created('/v1/appointments', team.desk.token, { patientId: await patient(), slotId: await slot() })).id;
  const ticket = async (): Promise<string> =>
    (await created(`/v1/queues/${clinic.deptId}/tickets`, team.desk.token, { patientId: await patient() })).id;
  const visit = async (category = 'implant'): Promise<{ visitId: string; patientId: string }> => {
    const body = { ticketId: await ticket(), category, chargeFen: 10_000, doctorId: team.doctor.staffId };
    const v = await created('/v1/visits', team.doctor.token, body);
    return { visitId: v.id, patientId: v.patientId };
  };
  const staffMember = async (): Promise<string> =>
    (await created('/v1/staff', team.manager.token, { name: '新员工', roles: ['service'] })).staff.id;
  const campaign = async (): Promise<string> => {
    const body = { name: '门诊活动', channel: 'community', startsOn: clinicDate(new Date()), endsOn: '2099-12-31' };
    return (await created('/v1/campaigns', team.marketer.token, body)).id;
  };
  const message = async (): Promise<string> => {
    const patientId = await patient();
    const id = messageId('appointment', patientId, `iso${Math.random().toString(36).slice(2, 8)}`);
    await queueMessage({
      id,
      kind: 'appointment',
      patientId,
      clinicId: clinic.clinicId,
      occasion: id.split('#')[2]!,
      marketing: false,
      text: '您好，您已预约明天就诊。',
      dueAt: '2099-01-01T10:00:00+08:00',
      createdAt: new Date().toISOString(),
    });
    return id;
  };
  return { patient, slot, appointment, ticket, visit, staffMember, campaign, message };
}
