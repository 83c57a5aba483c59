import { describe, expect, it } from 'vitest';
import { ownTables } from '../support/own-tables';

// Pausing is group-wide: a paused job would stop other files' runs. This file works on tables of
// its own, so it may pause, resume and run the sender freely.
await ownTables('jobs');

const { teamForFile } = await import('../support/people');
const { settingsAuditTrail, GROUP_SCOPE } = await import('../../functions/staff/settings-audit-repository');
const { getMessage, messageId, queueMessage } = await import('../../functions/messaging/outbox-repository');

const {
  api,
  tokens: [manager, service],
  staffIds: [managerId],
} = await teamForFile('jp', ['manager', 'service']);

const runJob = (name: string, at: string) => api.call('POST', `/v1/dev/jobs/${name}`, { body: { at } });
const pause = (name: string, paused: boolean, token = manager) =>
  api.call('PUT', `/v1/jobs/${name}`, { token, body: { paused } });

describe('pausing a job', () => {
  it('lists the schedule table in Chinese with the last run and its counts', async () => {
    await runJob('revisit-reminder', '2043-01-05T10:00:00+08:00');
    const res = await api.call('GET', '/v1/jobs', { token: service });
    expect(res.status).toBe(200);
    expect(res.body.items.map((j: { name: string }) => j.name)).toEqual([
      'appointment-reminder',
      'revisit-reminder',
      'birthday-greeting',
      'holiday-greeting',
      'outbox-sender',
      'patient-grouping',
      'consultation-closer',
    ]);
    expect(res.body.items[5]).toMatchObject({ title: '患者分组', when: '每月 1 日 02:00' });
    expect(res.body.items[6]).toMatchObject({ title: '咨询自动结束', when: '每天 03:30' });
    expect(res.body.items[1]).toMatchObject({
      title: '复诊提醒',
      when: '每天 10:00',
      paused: false,
      lastRun: { at: '2043-01-05T02:00:00.000Z', counts: { read: 0, planned: 0 } },
    });
  });

  it('stops a paused job until it is resumed, with who paused it and when; audited', async () => {
    const res = await pause('birthday-greeting', true);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ name: 'birthday-greeting', paused: true, pausedBy: managerId });
    expect(res.body.pausedAt).toBeTruthy();
    const me = await api.call('GET', '/v1/me', { token: manager });
    expect(res.body.pausedByName).toBe(me.body.name);
    const paused = await runJob('birthday-greeting', '2043-02-01T09:00:00+08:00');
    expect(paused.body).toMatchObject({ job: 'birthday-greeting', paused: true, counts: {} });

    const summary = await api.call('GET', '/v1/messages/summary?date=2043-02-01', { token: service });
    expect(summary.body.warnings).toContain('「生日祝福」已暂停，恢复前不会执行');

    const resumed = await pause('birthday-greeting', false);
    expect(resumed.body).toMatchObject({ paused: false });
    expect(resumed.body.pausedBy).toBeUndefined();
    const ran = await runJob('birthday-greeting', '2043-02-01T09:00:00+08:00');
    expect(ran.body.paused).toBeUndefined();
    expect(ran.body.counts).toMatchObject({ planned: 0 });

    const trail = await settingsAuditTrail(GROUP_SCOPE);
    expect(trail.map((a) => [a.subject, a.action, a.actorStaffId])).toEqual([
      ['job#birthday-greeting', 'pause', managerId],
      ['job#birthday-greeting', 'resume', managerId],
    ]);
  });

  it('sends nothing while the outbox-sender is paused, and sends once it is resumed', async () => {
    const id = messageId('appointment', 'p_jobpause', 'a_1');
    await queueMessage({
      id,
      kind: 'appointment',
      patientId: 'p_jobpause',
      clinicId: 'c_test',
      occasion: 'a_1',
      marketing: false,
      text: '您好，明天就诊。',
      dueAt: '2043-03-01T10:00:00+08:00',
      createdAt: '2043-03-01T10:00:00+08:00',
    });
    await pause('outbox-sender', true);
    const idle = await runJob('outbox-sender', '2043-03-01T10:05:00+08:00');
    expect(idle.body.paused).toBe(true);
    expect((await getMessage(id))?.status).toBe('queued');
    await pause('outbox-sender', false);
    const run = await runJob('outbox-sender', '2043-03-01T10:05:00+08:00');
    expect(run.body.paused).toBeUndefined();
    expect((await getMessage(id))?.status).not.toBe('queued');
  });

  it('lets only managers pause (403 for service staff) and answers an unknown job with 404 in Chinese', async () => {
    const byService = await pause('holiday-greeting', true, service);
    expect(byService.status).toBe(403);
    const unknown = await pause('survey-invitation', true);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('没有找到该定时任务');
    const bad = await api.call('PUT', '/v1/jobs/holiday-greeting', { token: manager, body: { paused: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].message).toBe('请指定暂停或恢复');
  });
});
