import { describe, expect, it } from 'vitest';
import { getMessage, messageId } from '../../functions/messaging/outbox-repository';
import { uniqueOpenid } from '../support/api';
import { insertTestSlot } from '../support/fixtures';
import { ownClinic } from '../support/own-clinic';
import { patientAccount, teamForFile } from '../support/people';

// The planners use each clinic's own template text and skip a clinic that switched the kind off
// (message centre). Each test has clinics of its own and dates no other file plans for.

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
});
