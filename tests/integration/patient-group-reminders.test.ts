import { afterEach, describe, expect, it } from 'vitest';
import { ownTables } from '../support/own-tables';

// A group reminder goes through the outbox and the sender like a greeting: marketing consent and the
// weekly cap hold. This file runs the sender and the monthly job (every clinic), so it has tables of its own.
await ownTables('pgrem');
const { commit } = await import('../../functions/lib/transact');
const { summaryVisitWrite } = await import('../../functions/groups/care-summary-repository');
const { getMessage, messageId } = await import('../../functions/messaging/outbox-repository');
const { claimMarketingCap } = await import('../../functions/messaging/cap-repository');
const { getPatient } = await import('../../functions/patients/patient-repository');
const { sendDue } = await import('../../functions/messaging/sender-service');
const { localSms } = await import('../../functions/lib/sms');
const { fixedClock, systemClock, useClock } = await import('../../functions/lib/clock');
const { runJob } = await import('../../functions/scheduled/jobs');
const { uniqueOpenid, uniquePhone } = await import('../support/api');
const { ownClinic } = await import('../support/own-clinic');
const { teamForFile } = await import('../support/people');

const { api } = await teamForFile('pgr', []);
afterEach(() => useClock(systemClock));
const { clinicId } = await ownClinic('pgr', '提醒测试口腔');
const tokenOf = async (role: string) =>
  (await api.call('POST', '/v1/auth/dev', { body: { openid: uniqueOpenid(`pgr-${role}`), role, clinicId } })).body
    .token as string;
const [service, desk] = [await tokenOf('service'), await tokenOf('frontdesk')];

/** A patient (marketing consent or not) whose only visit was a cleaning on 2041-12-01: due 2042-06-01. */
async function cleanedPatient(name: string, marketing: boolean): Promise<string> {
  const res = await api.call('POST', '/v1/patients', {
    token: desk,
    body: { name, phone: uniquePhone(), channel: 'walk_in', consents: { healthData: true, marketing } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.id as string;
  await commit([
    summaryVisitWrite(
      {
        id: `v_${id}`,
        patientId: id,
        clinicId,
        date: '2041-12-01',
        category: 'cleaning',
        chargeFen: 30_000,
        createdAt: '2041-12-01T02:00:00.000Z',
      },
      false,
    ),
  ]);
  return id;
}

const willHear = await cleanedPatient('钱同意', true);
const refused = await cleanedPatient('孙拒绝', false);
const capped = await cleanedPatient('李已收', true);
const AT = '2042-06-01T10:00:00+08:00';
const body = { month: '2042-06' };

describe('a patient group’s reminder', () => {
  it('the monthly job places every clinic’s patients as `npm run job` runs it', async () => {
    const report = await runJob('patient-grouping', new Date('2042-06-01T02:00:00+08:00'));
    expect(report.counts).toMatchObject({ read: 3, cleaning: 3 });
    expect(report.counts.clinics).toBeGreaterThanOrEqual(1);
  });

  it('is offered to those who agreed to marketing only, and the confirm says how many', async () => {
    useClock(fixedClock(AT));
    const res = await api.call('GET', '/v1/patient-groups/cleaning/reminders?month=2042-06', { token: service });
    expect(res.body).toEqual({ remaining: 3, withConsent: 2, noConsent: 1, alreadyQueued: 0 });
  });

  it('queues a marketing message naming the reason, once however often pressed, and none without consent', async () => {
    useClock(fixedClock(AT));
    const send = (key: string) =>
      api.call('POST', '/v1/patient-groups/cleaning/reminders', {
        token: service,
        body,
        headers: { 'idempotency-key': key },
      });
    const first = await send('r-1');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ queued: 2, noConsent: 1, alreadyQueued: 0 });
    expect((await send('r-2')).body).toMatchObject({ queued: 0, alreadyQueued: 2 });
    const m = await getMessage(messageId('group', willHear, '2042-06#cleaning'));
    expect(m).toMatchObject({ kind: 'group', marketing: true, status: 'queued' });
    expect(m?.text).toBe('钱同意您好，提醒测试口腔提醒：建议每 6 个月洁牙一次，您已到洁牙时间。可在小程序预约。');
    expect(await getMessage(messageId('group', refused, '2042-06#cleaning'))).toBeUndefined();
  });

  it('is sent by the sender within the weekly cap: a phone that had marketing this week is skipped', async () => {
    const p = await getPatient(capped);
    // A greeting went to this phone two days before.
    expect(await claimMarketingCap(p!.phoneHash, 'birthday#x#2042', Date.parse(AT) - 2 * 86_400_000)).toBe(true);
    const sms = localSms();
    const report = await sendDue(new Date(AT), { sms });
    expect(report.sent).toBe(1);
    expect(sms.sent.map((s) => s.reference)).toEqual([messageId('group', willHear, '2042-06#cleaning')]);
    expect(sms.sent[0]?.text).toMatch(/拒收请回复R$/);
    const skipped = await getMessage(messageId('group', capped, '2042-06#cleaning'));
    expect(skipped).toMatchObject({ status: 'skipped', reason: '该手机号 7 天内已收到营销信息' });
  });

  it('shows who was reminded on the member list', async () => {
    useClock(fixedClock(AT));
    const res = await api.call('GET', '/v1/patient-groups/cleaning/members?month=2042-06', { token: service });
    const reminded = res.body.items.filter((m: any) => m.remindedAt).map((m: any) => m.patientId);
    expect(reminded.sort()).toEqual([willHear, capped].sort());
  });
});
