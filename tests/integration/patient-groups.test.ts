import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getTask } from '../../functions/followup/task-repository';
import { getSummary } from '../../functions/groups/care-summary-repository';
import { fixedClock, systemClock, useClock } from '../../functions/lib/clock';
import { settingsAuditTrail } from '../../functions/staff/settings-audit-repository';
import { startApi, uniqueOpenid, uniquePhone } from '../support/api';
import { ownClinic } from '../support/own-clinic';

// A clinic of this file's own: its groups hold only the visits these tests recorded.
const { clinicId, deptId } = await ownClinic('pg', '分组测试口腔');
const other = await ownClinic('pg2', '另一家口腔');
const api = await startApi();
afterAll(() => api.close());
afterEach(() => useClock(systemClock));

async function login(role: string, clinic = clinicId) {
  const res = await api.call('POST', '/v1/auth/dev', {
    body: { openid: uniqueOpenid(`pg-${role}`), role, clinicId: clinic },
  });
  expect(res.status).toBe(200);
  const me = await api.call('GET', '/v1/me', { token: res.body.token });
  return { token: res.body.token as string, staffId: me.body.staffId as string };
}
const [desk, doctor, service, manager, otherService, otherManager] = await Promise.all([
  login('frontdesk'),
  login('doctor'),
  login('service'),
  login('manager'),
  login('service', other.clinicId),
  login('manager', other.clinicId),
]);

const at = (date: string, hhmm = '10:00') => useClock(fixedClock(`${date}T${hhmm}:00+08:00`));

/** A patient of the desk's clinic, with marketing consent or not. */
async function patient(name: string): Promise<string> {
  const res = await api.call('POST', '/v1/patients', {
    token: desk.token,
    body: { name, phone: uniquePhone(), channel: 'walk_in' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

/** The patient walks in on `date` and the doctor records a visit. */
async function visit(patientId: string, date: string, category: string, chargeFen = 10_000): Promise<string> {
  at(date);
  const ticket = await api.call('POST', `/v1/queues/${deptId}/tickets`, { token: desk.token, body: { patientId } });
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
  const v = await api.call('POST', '/v1/visits', {
    token: doctor.token,
    body: { ticketId: ticket.body.id, category, chargeFen, doctorId: doctor.staffId },
  });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  return v.body.id;
}

const MONTH = '2042-06';
const runAt = (date: string) => {
  at(date, '02:00');
  return api.call('POST', '/v1/patient-groups/runs', { token: manager.token, body: {} });
};
async function members(group: string, view = 'due', token = service.token) {
  const res = await api.call('GET', `/v1/patient-groups/${group}/members?month=${MONTH}&view=${view}&limit=100`, {
    token,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as any[];
}
async function cards() {
  const res = await api.call('GET', `/v1/patient-groups?month=${MONTH}`, { token: manager.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return Object.fromEntries(res.body.items.map((c: any) => [c.group, c]));
}

// The fixed set: visits on fixed dates, placed in June 2042's groups (due by 2042-06-30).
const p: Record<string, string> = {};
let firstRun: Awaited<ReturnType<typeof runAt>>;
beforeAll(async () => {
  for (const [key, name] of [
    ['orthoIn', '正畸甲'],
    ['orthoOut', '正畸乙'],
    ['prosthIn', '修复甲'],
    ['implantIn', '种植甲'],
    ['perioIn', '牙周甲'],
    ['cleanIn', '洁牙甲'],
    ['lapsedIn', '流失甲'],
    ['lapsedOut', '流失乙'],
    ['rich', '高值甲'],
    ['almost', '高值乙'],
  ] as const)
    p[key] = await patient(name);
  await visit(p.lapsedIn!, '2041-06-30', 'general');
  await visit(p.lapsedOut!, '2041-07-01', 'general');
  await visit(p.prosthIn!, '2041-12-30', 'prosthetic');
  await visit(p.cleanIn!, '2041-12-30', 'cleaning');
  await visit(p.perioIn!, '2042-03-30', 'periodontal');
  await visit(p.implantIn!, '2042-03-15', 'implant');
  await visit(p.orthoIn!, '2042-05-19', 'orthodontic');
  await visit(p.orthoOut!, '2042-05-20', 'orthodontic');
  await visit(p.rich!, '2042-05-02', 'implant', 1_500_000);
  await visit(p.rich!, '2042-05-03', 'general', 500_000);
  await visit(p.almost!, '2042-05-02', 'cosmetic', 1_999_999);
  firstRun = await runAt('2042-06-01');
}, 120_000);

const ids = (items: any[]) => items.map((m) => m.patientId).sort();

describe('the monthly grouping of a fixed set of visits', () => {
  it('keeps a care summary per patient with each visit: last per category, spend, count', async () => {
    const s = await getSummary(p.rich!, clinicId);
    expect(s).toMatchObject({
      spendFen: 2_000_000,
      visitCount: 2,
      lastVisitDate: '2042-05-03',
      implantSince: '2042-05-02',
    });
    expect(s?.last.implant?.date).toBe('2042-05-02');
  });

  it('reads one summary per patient and places each in the groups they are due in', async () => {
    expect(firstRun.status, JSON.stringify(firstRun.body)).toBe(200);
    expect(firstRun.body).toMatchObject({ month: MONTH, read: 10 });
    expect(firstRun.body.written).toBe(firstRun.body.placed);
    expect(ids(await members('orthodontic'))).toEqual([p.orthoIn]);
    expect(ids(await members('prosthetic'))).toEqual([p.prosthIn]);
    // 高值甲's implant of 2042-05-02 is due its 1-month review on 2042-06-02.
    expect(ids(await members('implant'))).toEqual([p.implantIn, p.rich].sort());
    expect(ids(await members('periodontal'))).toEqual([p.perioIn]);
    expect(ids(await members('lapsed'))).toEqual([p.lapsedIn]);
    expect(ids(await members('high_value'))).toEqual([p.rich]);
    // Cleaning: 6 months after the first visit when there was no cleaning (due by 06-30).
    expect(ids(await members('cleaning'))).toEqual([p.lapsedIn, p.lapsedOut, p.prosthIn, p.cleanIn].sort());
    const [cleaned] = (await members('cleaning')).filter((m) => m.patientId === p.cleanIn);
    expect(cleaned).toMatchObject({ dueDate: '2042-06-30', reason: '上次洁牙 2041-12-30' });
  });

  it('due on the month’s last day is in; due the day after is not', async () => {
    const [ortho] = await members('orthodontic');
    expect(ortho).toMatchObject({ dueDate: '2042-06-30', reason: '上次正畸复诊 2042-05-19，每 6 周需调整' });
    const lapsed = await members('lapsed');
    expect(lapsed.map((m) => m.dueDate)).toEqual(['2042-06-30']);
    expect(ids(lapsed)).not.toContain(p.lapsedOut);
  });

  it('shows the phone in full to service staff and masked to a manager', async () => {
    const bySvc = (await members('implant')).find((m) => m.patientId === p.implantIn);
    const byMgr = (await members('implant', 'due', manager.token)).find((m) => m.patientId === p.implantIn);
    expect(bySvc.phone).toMatch(/^1\d{10}$/);
    expect(bySvc.phoneMasked).toBe(false);
    expect(byMgr.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(byMgr.patientName).toBe('种*甲');
  });

  it('pages a group with limit and nextCursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const q = `month=${MONTH}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await api.call('GET', `/v1/patient-groups/cleaning/members?${q}`, { token: service.token });
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((m: any) => m.patientId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(ids(await members('cleaning')));
  });

  it('marks a patient who comes back as returned, and the card shrinks; a rerun gives the same groups', async () => {
    await visit(p.prosthIn!, '2042-06-10', 'general');
    const c = await cards();
    expect(c.prosthetic).toMatchObject({ placed: 1, returned: 1, stillDue: 0 });
    expect(c.cleaning).toMatchObject({ placed: 4, returned: 1, stillDue: 3 });
    expect(ids(await members('prosthetic'))).toEqual([]);
    const back = await members('prosthetic', 'returned');
    expect(back[0]).toMatchObject({ patientId: p.prosthIn, returnedAt: '2042-06-10T02:00:00.000Z' });

    const rerun = await runAt('2042-06-12');
    expect(rerun.body).toMatchObject({ read: 10, placed: firstRun.body.placed, written: 0 });
    expect(await cards()).toEqual(c);
    expect(ids(await members('cleaning'))).toEqual([p.lapsedIn, p.lapsedOut, p.cleanIn].sort());
  });

  it('creates the follow-up calls of a group once, whoever presses at the same moment', async () => {
    at('2042-06-02');
    const press = (key: string) =>
      api.call('POST', '/v1/patient-groups/cleaning/tasks', {
        token: service.token,
        body: { month: MONTH },
        headers: { 'idempotency-key': key },
      });
    const [a, b] = await Promise.all([press('k-one'), press('k-two')]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.created + b.body.created).toBe(3);
    expect((await press('k-three')).body).toEqual({ remaining: 3, created: 0, existing: 3 });
    const task = await getTask(`fu_g_${MONTH}_cleaning_${p.lapsedOut}`);
    expect(task).toMatchObject({ kind: 'call', category: 'cleaning', status: 'open', dueDate: '2042-06-02' });
    expect(task?.reason).toContain('首次就诊');
    expect((await members('cleaning')).every((m) => m.taskId)).toBe(true);
  });

  it('lets a manager change the intervals (audited) but not service staff', async () => {
    const got = await api.call('GET', '/v1/patient-groups/settings', { token: service.token });
    expect(got.body).toMatchObject({ clinicId, cleaningMonths: 6, implantMonths: [1, 3, 6, 12], isDefault: true });
    const { clinicId: _c, isDefault: _d, ...form } = got.body;
    const put = (token: string, body: unknown) => api.call('PUT', '/v1/patient-groups/settings', { token, body });
    expect((await put(service.token, { ...form, cleaningMonths: 4 })).status).toBe(403);
    const bad = await put(manager.token, { ...form, implantMonths: [3, 1] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].message).toBe('种植复查月数应从小到大且不重复');
    const ok = await put(manager.token, { ...form, cleaningMonths: 4 });
    expect(ok.body).toMatchObject({ cleaningMonths: 4, isDefault: false });
    const trail = await settingsAuditTrail(clinicId);
    expect(trail.at(-1)).toMatchObject({ subject: 'patient-groups#settings', fields: ['cleaningMonths'] });
  });
});

describe('another clinic’s staff', () => {
  it('are refused every group route of this clinic', async () => {
    const q = `clinicId=${clinicId}&month=${MONTH}`;
    const calls = [
      api.call('GET', `/v1/patient-groups?${q}`, { token: otherManager.token }),
      api.call('GET', `/v1/patient-groups/cleaning/members?${q}`, { token: otherService.token }),
      api.call('GET', `/v1/patient-groups/cleaning/reminders?${q}`, { token: otherService.token }),
      api.call('POST', '/v1/patient-groups/cleaning/tasks', {
        token: otherService.token,
        body: { clinicId, month: MONTH },
      }),
      api.call('POST', '/v1/patient-groups/cleaning/reminders', {
        token: otherService.token,
        body: { clinicId, month: MONTH },
      }),
      api.call('GET', `/v1/patient-groups/settings?clinicId=${clinicId}`, { token: otherManager.token }),
      api.call('POST', '/v1/patient-groups/runs', { token: otherManager.token, body: { clinicId } }),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/^只能.*本院的患者分组/);
    }
  });

  it('see their own clinic’s groups only (none made there)', async () => {
    const res = await api.call('GET', `/v1/patient-groups?month=${MONTH}`, { token: otherManager.token });
    expect(res.body.clinicId).toBe(other.clinicId);
    expect(res.body.items.every((c: any) => c.placed === 0)).toBe(true);
  });

  it('an unknown group is 404 in Chinese', async () => {
    const res = await api.call('GET', '/v1/patient-groups/nope/members', { token: service.token });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('没有找到该患者分组');
  });
});
