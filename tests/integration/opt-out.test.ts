import { describe, expect, it } from 'vitest';
import { auditTrailOf } from '../../functions/patients/audit-repository';
import { consentHistoryOf } from '../../functions/patients/patient-repository';
import { uniqueOpenid, uniquePhone } from '../support/api';
import { patientAccount, teamForFile } from '../support/people';

// A marketing opt-out recorded by staff (PUT /v1/patients/{id}/consents) or given by the patient
// (PUT /v1/me/consents), and the greetings it stops from the next planning run. Birthdays here fall
// on month-days no other file uses, in 2041, so this file's runs plan only its own patients.

const {
  api,
  tokens: [desk, service, doctor],
  staffIds: [deskId],
} = await teamForFile('oo', ['frontdesk', 'service', 'doctor']);

/** A record the front desk of the test clinic entered, with marketing consent. */
async function deskRecord(birthDate = '1970-03-15') {
  const res = await api.call('POST', '/v1/patients', {
    token: desk,
    body: {
      name: '钱阿姨',
      phone: uniquePhone(),
      channel: 'phone',
      birthDate,
      consents: { healthData: true, marketing: true },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

const optOut = (patientId: string, body: unknown, token = desk) =>
  api.call('PUT', `/v1/patients/${patientId}/consents`, { token, body });
const birthdayRun = (date: string) =>
  api.call('POST', '/v1/dev/jobs/birthday-greeting', { body: { at: `${date}T09:00:00+08:00` } });
// Birthday greetings only: another file's holiday run on a real date may greet these patients too.
const birthdays = async (patientId: string) =>
  ((await api.call('GET', `/v1/dev/outbox?patientId=${patientId}`)).body.items as { kind: string }[]).filter(
    (m) => m.kind === 'birthday',
  );

describe('PUT /v1/patients/{patientId}/consents (staff record an opt-out)', () => {
  it('withdraws marketing consent, keeping source staff, the staff id and the note in the consent history', async () => {
    const id = await deskRecord();
    const res = await optOut(id, { marketing: false, note: '患者来电要求不再接收节日短信' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id, consents: { healthData: true, marketing: false } });

    const history = await consentHistoryOf(id);
    expect(history).toHaveLength(2);
    expect(history[1]).toMatchObject({
      source: 'staff',
      byStaffId: deskId,
      note: '患者来电要求不再接收节日短信',
      changes: [{ kind: 'marketing', granted: false }],
    });
  });

  it('writes an audit event naming the staff member and the consent changed', async () => {
    const id = await deskRecord();
    await optOut(id, { marketing: false, note: '前台当面提出' }, service);
    const trail = await auditTrailOf(id);
    expect(trail.at(-1)).toMatchObject({
      action: 'update',
      fields: ['consents.marketing'],
      clinicId: 'c_test',
      patientId: id,
    });
    expect(trail.at(-1)?.actorStaffId).not.toBe(deskId);
  });

  it('refuses marketing: true from staff with 400 in Chinese, changing nothing', async () => {
    const id = await deskRecord();
    await optOut(id, { marketing: false, note: '来电' });
    const res = await optOut(id, { marketing: true, note: '患者说又想收了' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: '重新同意须由患者本人在小程序中操作' });
    expect(await consentHistoryOf(id)).toHaveLength(2);
  });

  it('asks for a note of how the patient asked', async () => {
    const id = await deskRecord();
    const res = await optOut(id, { marketing: false, note: '  ' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields).toEqual([{ path: 'note', message: '请写明患者是如何提出的' }]);
  });

  it('answers 404 for a record of another clinic, as for a missing one', async () => {
    const id = await deskRecord();
    const other = await api.call('POST', '/v1/auth/dev', {
      body: { openid: uniqueOpenid('oo-xuhui'), role: 'frontdesk', clinicId: 'c_xuhui' },
    });
    expect(other.status).toBe(200);
    const theirs = await optOut(id, { marketing: false, note: '来电' }, other.body.token);
    const missing = await optOut('p_nobody', { marketing: false, note: '来电' });
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.message).toBe('没有找到该患者');
    expect(missing.status).toBe(404);
    expect((await consentHistoryOf(id)).length).toBe(1);
  });

  it('is refused with 403 for a role that does not record opt-outs (a doctor, a patient)', async () => {
    const id = await deskRecord();
    const patient = await api.login(uniqueOpenid('oo-p'));
    expect((await optOut(id, { marketing: false, note: '来电' }, doctor)).status).toBe(403);
    expect((await optOut(id, { marketing: false, note: '来电' }, patient)).status).toBe(403);
  });
});

describe('an opt-out stops greetings from the next run', () => {
  it('plans no birthday greeting for a patient staff recorded an opt-out for', async () => {
    const [stopped, control] = [await deskRecord('1966-08-29'), await deskRecord('1971-08-29')];
    expect((await optOut(stopped, { marketing: false, note: '来电' })).status).toBe(200);
    const run = await birthdayRun('2041-08-29');
    expect(run.status).toBe(200);
    expect(run.body.counts).toMatchObject({ read: 2, planned: 1, noConsent: 1 });
    expect(await birthdays(stopped)).toEqual([]);
    expect(await birthdays(control)).toHaveLength(1);
  });

  it("plans no birthday greeting after the patient's own PUT /v1/me/consents {marketing: false}", async () => {
    const consents = { healthData: true, marketing: true };
    const me = await patientAccount(api, 'oo-me', { birthDate: '1960-10-17', consents });
    const control = await patientAccount(api, 'oo-ctl', { birthDate: '1962-10-17', consents });
    const withdraw = await api.call('PUT', '/v1/me/consents', {
      token: me.token,
      body: { patientId: me.patientId, marketing: false },
    });
    expect(withdraw.status).toBe(200);
    expect((await consentHistoryOf(me.patientId)).at(-1)).toMatchObject({ source: 'patient' });
    const run = await birthdayRun('2041-10-17');
    expect(run.body.counts).toMatchObject({ read: 2, planned: 1, noConsent: 1 });
    expect(await birthdays(me.patientId)).toEqual([]);
    expect(await birthdays(control.patientId)).toHaveLength(1);
  });
});
