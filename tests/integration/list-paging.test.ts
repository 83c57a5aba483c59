import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putDepartment } from '../../functions/clinics/clinic-repository';
import { newTaskWrite } from '../../functions/followup/task-repository';
import { commit } from '../../functions/lib/transact';
import { messageId, queueMessage } from '../../functions/messaging/outbox-repository';
import { clinicDate } from '../../shared/dates';
import { type RouteName, routeList } from '../../shared/routes';
import { profile, startApi, uniqueOpenid, uniquePhone } from '../support/api';
import { secondClinic } from '../support/clinics';
import { ensureTestClinic, newSlot } from '../support/fixtures';
import { hisOf } from '../support/his';

// Every GET list route pages: `limit` 1–100 and `nextCursor`; a bad limit or a query parameter the
// list does not know is a 400 naming it. Table-driven over the route table: a GET route added later
// fails this file until it is listed as a list (with its row) or as not a list (with the reason).

await ensureTestClinic();
const api = await startApi();
afterAll(() => api.close());
const today = clinicDate(new Date());
const c = await secondClinic(
  api,
  'lp',
  ['frontdesk', 'doctor', 'doctor', 'manager', 'marketing', 'service'] as const,
  '翻页口腔',
);
const [desk, doctor, , manager, marketer, service] = c.staff;
const dept2 = c.deptId.replace(/^d_/, 'd2_');
const family = await api.login(uniqueOpenid('lp-family'));
const ids = { patient: '', campaign: '', importId: '', name: `翻页${Math.random().toString(36).slice(2, 6)}` };

async function ok(res: Promise<{ status: number; body: any }>, status = 201) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

beforeAll(async () => {
  await putDepartment({
    id: dept2,
    clinicId: c.clinicId,
    name: '第二科',
    prefix: 'B',
    room: '2',
    defaultServiceMinutes: 10,
  });
  // Two profiles of one family: each books a slot of the day and takes a number (its tickets, its appointments).
  const profiles: string[] = [];
  const tickets: string[] = [];
  for (let i = 0; i < 2; i++) {
    const body = profile({ name: `家人${i}`, relation: i === 0 ? 'self' : 'child', birthDate: `1990-01-0${i + 1}` });
    profiles.push((await ok(api.call('POST', '/v1/me/patients', { token: family, body }))).id);
  }
  for (const [i, patientId] of profiles.entries()) {
    const slotId = await newSlot(c.deptId, { clinicId: c.clinicId, startsInMinutes: 120 + i });
    await ok(api.call('POST', '/v1/appointments', { token: family, body: { patientId, slotId } }));
    tickets.push(
      (await ok(api.call('POST', `/v1/queues/${c.deptId}/tickets`, { token: desk.token, body: { patientId } }))).id,
    );
  }
  // One patient, two visits (two departments): visits and a timeline of two.
  ids.patient = profiles[0]!;
  const t2 = await ok(
    api.call('POST', `/v1/queues/${dept2}/tickets`, { token: desk.token, body: { patientId: ids.patient } }),
  );
  for (const ticketId of [tickets[0]!, t2.id]) {
    await ok(
      api.call('POST', '/v1/visits', {
        token: doctor.token,
        body: { ticketId, category: 'cleaning', chargeFen: 100, doctorId: doctor.staffId },
      }),
    );
  }
  // Two leads of one name, two campaigns, two sign-ups, two messages of the day, two follow-ups due today.
  for (let i = 0; i < 2; i++) {
    await ok(
      api.call('POST', '/v1/patients', {
        token: marketer.token,
        body: { name: ids.name, phone: uniquePhone(), channel: 'street' },
      }),
    );
  }
  for (let i = 0; i < 2; i++) {
    const body = { name: `翻页活动${i}`, channel: 'community', startsOn: today, endsOn: '2099-12-31' };
    ids.campaign = (await ok(api.call('POST', '/v1/campaigns', { token: marketer.token, body }))).id;
  }
  for (let i = 0; i < 2; i++) {
    // Two patient imports of three rows each (issue 11).
    const csv = `姓名,手机\r\n${[0, 1, 2].map((n) => `导入${n},${uniquePhone()}`).join('\r\n')}\r\n`;
    const body = { fileName: `lp${i}.csv`, contentBase64: Buffer.from(csv).toString('base64') };
    ids.importId = (await ok(api.call('POST', '/v1/patient-imports', { token: manager.token, body }))).id;
  }
  for (let i = 0; i < 2; i++) {
    const token = await api.login(uniqueOpenid('lp-signup'));
    const body = { name: `报名${i}`, phone: uniquePhone(), consents: { marketing: true } };
    await ok(api.call('POST', `/v1/campaigns/${ids.campaign}/signups`, { token, body }));
  }
  const at = new Date().toISOString();
  for (const patientId of profiles) {
    const id = messageId('appointment', patientId, `lp${Math.random().toString(36).slice(2, 8)}`);
    const m = { id, kind: 'appointment' as const, patientId, clinicId: c.clinicId, occasion: id.split('#')[2]! };
    await queueMessage({ ...m, marketing: false, text: '您好，您已预约明天就诊。', dueAt: at, createdAt: at });
  }
  for (const [i, patientId] of profiles.entries()) {
    const task = { id: `fu_lp_${Math.random().toString(36).slice(2, 8)}_${i}`, clinicId: c.clinicId, patientId };
    const visit = { visitId: `v_lp_${i}`, visitDate: today, category: 'cleaning' as const, kind: 'call' as const };
    const state = { role: 'service', dueDate: today, status: 'open' as const, noAnswers: 0, history: [], version: 1 };
    await commit([newTaskWrite({ ...task, ...visit, ...state, createdAt: at, updatedAt: at })]);
  }
  // Two questions of the family to the clinic: the account's consultations and the clinic's waiting list.
  for (const patientId of profiles) {
    const body = { patientId, clinicId: c.clinicId, text: '翻页咨询：刷牙出血怎么办？' };
    const headers = { 'idempotency-key': `lp-cq-${patientId}` };
    await ok(api.call('POST', '/v1/me/consultations', { token: family, body, headers }));
  }
  await ok(
    api.call('PUT', `/v1/education/${c.deptId}`, {
      token: manager.token,
      body: {
        items: [
          { title: '刷牙', lines: ['早晚各一次。'] },
          { title: '牙线', lines: ['每天一次。'] },
        ],
      },
    }),
    200,
  );
  // Two events from the clinic's HIS (both for phones no record has): the manager's list of today.
  const his = await hisOf(api, manager.token);
  expect((await his.charge({ phone: uniquePhone() }, 100)).status).toBe(202);
  expect((await his.treatment({ phone: uniquePhone() }, 'cleaning')).status).toBe(202);
}, 120_000);

interface ListRow {
  path: () => string;
  token: () => string | undefined;
  /** Why the list may hold fewer than two items here (its paging is then checked on limits only). */
  mayBeShort?: string;
}

const lists: Partial<Record<RouteName, ListRow>> = {
  listClinics: { path: () => '/v1/clinics', token: () => undefined },
  listDepartments: { path: () => `/v1/clinics/${c.clinicId}/departments`, token: () => undefined },
  listDoctors: { path: () => `/v1/clinics/${c.clinicId}/doctors`, token: () => undefined },
  listStaff: { path: () => '/v1/staff', token: () => manager.token },
  listMyPatients: { path: () => '/v1/me/patients', token: () => family },
  searchPatients: { path: () => `/v1/patients?name=${encodeURIComponent(ids.name)}`, token: () => marketer.token },
  patientTimeline: { path: () => `/v1/patients/${ids.patient}/timeline`, token: () => doctor.token },
  myLeads: { path: () => '/v1/leads', token: () => marketer.token },
  listSlots: { path: () => `/v1/slots?departmentId=${c.deptId}&date=${today}`, token: () => desk.token },
  myAppointments: { path: () => '/v1/me/appointments', token: () => family },
  dayAppointments: { path: () => `/v1/appointments?departmentId=${c.deptId}&date=${today}`, token: () => desk.token },
  queueTickets: { path: () => `/v1/queues/${c.deptId}/tickets`, token: () => desk.token },
  myTickets: { path: () => '/v1/me/tickets', token: () => family },
  patientVisits: { path: () => `/v1/patients/${ids.patient}/visits`, token: () => doctor.token },
  followUpPlans: { path: () => '/v1/follow-up-plans', token: () => service.token },
  listFollowUps: { path: () => '/v1/follow-ups?view=today', token: () => service.token },
  listCampaigns: { path: () => '/v1/campaigns', token: () => marketer.token },
  touches: { path: () => `/v1/campaigns/${ids.campaign}/touches`, token: () => marketer.token },
  myMessages: {
    path: () => '/v1/me/messages',
    token: () => family,
    mayBeShort: 'lists only messages already sent; this file runs no sender (tests/integration/outbox.test.ts does)',
  },
  mySubscriptions: { path: () => '/v1/me/subscriptions', token: () => family },
  listMessages: { path: () => '/v1/messages', token: () => service.token },
  messageTemplates: { path: () => '/v1/message-templates', token: () => service.token },
  listJobs: { path: () => '/v1/jobs', token: () => service.token },
  careInstructions: { path: () => '/v1/care-instructions', token: () => manager.token },
  education: { path: () => `/v1/education?departmentId=${c.deptId}`, token: () => undefined },
  mySurveys: {
    path: () => '/v1/me/surveys',
    token: () => family,
    mayBeShort: "open invitations come a day after a visit's survey is due: surveys.test.ts pages through them",
  },
  patientAudit: { path: () => `/v1/patients/${ids.patient}/audit`, token: () => manager.token },
  patientGroups: { path: () => '/v1/patient-groups', token: () => service.token },
  listHisEvents: { path: () => '/v1/integrations/his/events', token: () => manager.token },
  listMyConsultations: { path: () => '/v1/me/consultations', token: () => family },
  listConsultations: { path: () => '/v1/consultations?status=waiting', token: () => service.token },
  listPatientImports: { path: () => '/v1/patient-imports', token: () => manager.token },
  patientImportRows: { path: () => `/v1/patient-imports/${ids.importId}/rows`, token: () => manager.token },
  groupMembers: {
    path: () => '/v1/patient-groups/cleaning/members',
    token: () => service.token,
    mayBeShort: 'members come from a monthly grouping run, which reaches the whole store (patient-groups.test.ts)',
  },
};

/** GET routes that answer one thing, not a list, with the reason. */
const notLists: Partial<Record<RouteName, string>> = {
  me: 'the caller',
  getPatient: 'one record',
  board: 'one screen of a queue',
  getTicket: 'one ticket',
  qrcode: 'an image',
  landing: 'one campaign page',
  daily: "a report: one day's figures (CSV on request)",
  monthly: "a report: a month's figures by day (CSV on request)",
  channels: 'a report: a month by channel and campaign (CSV on request)',
  staffRanking: "a report: a month's ranking of the clinic's staff (CSV on request)",
  messageSummary: "a report: the day's counts by kind and channel",
  satisfactionReport: 'a report: a month by department and doctor (CSV on request)',
  mySurvey: 'one survey form',
  groupReminderPreview: 'counts of what a group reminder would send',
  groupSettings: "one clinic's settings",
  handOverPreview: 'counts of what a hand-over would move',
  myExport: "one document: everything held about the caller's profiles",
  mergePreview: 'two records side by side',
  getPatientImport: 'one import: its mapping, counts and progress',
  patientImportReport: "a file: the import's report (CSV)",
  devOutbox: "local only: a developer's view of what was queued",
  openApiDocument: 'one document: the API contract (OpenAPI 3.1)',
  getMyConsultation: 'one consultation thread with its messages',
  getConsultation: 'one consultation thread with its messages',
  consultationPhoto: 'one photo',
};

const gets = routeList.filter((r) => r.method === 'GET');
const withQuery = (path: string, q: string) => `${path}${path.includes('?') ? '&' : '?'}${q}`;

function expectRefused(res: { status: number; body: any }, field: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.message).toMatch(/\p{Script=Han}/u);
  expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(field);
}

describe('paging of every GET list route', () => {
  it('knows every GET route as a list (with a row) or as not a list (with the reason)', () => {
    const unknown = gets.filter((r) => !lists[r.name] && !notLists[r.name]).map((r) => `${r.name} ${r.path}`);
    expect(unknown, 'GET routes this file does not know').toEqual([]);
    const stale = [...Object.keys(lists), ...Object.keys(notLists)].filter((n) => !gets.some((r) => r.name === n));
    expect(stale).toEqual([]);
  });

  const cases = gets.filter((r) => lists[r.name]).map((r) => ({ name: r.name, route: `GET ${r.path}` }));

  it.each(cases)('$route refuses limit=101 and an unknown parameter with a 400 naming it', async ({ name }) => {
    const row = lists[name]!;
    expectRefused(await api.call('GET', withQuery(row.path(), 'limit=101'), { token: row.token() }), 'limit');
    expectRefused(await api.call('GET', withQuery(row.path(), 'sort=x'), { token: row.token() }), 'sort');
    expectRefused(await api.call('GET', withQuery(row.path(), 'limit=0'), { token: row.token() }), 'limit');
  });

  it.each(cases)(
    '$route answers one item and a nextCursor to limit=1, and the cursor the next one',
    async ({ name }) => {
      const row = lists[name]!;
      const whole = await api.call('GET', withQuery(row.path(), 'limit=100'), { token: row.token() });
      expect(whole.status, JSON.stringify(whole.body)).toBe(200);
      expect(Array.isArray(whole.body.items)).toBe(true);
      if (!row.mayBeShort) expect(whole.body.items.length, `${name} has two items here`).toBeGreaterThanOrEqual(2);
      if (whole.body.items.length < 2) return;
      const first = await api.call('GET', withQuery(row.path(), 'limit=1'), { token: row.token() });
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(1);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const cursor = encodeURIComponent(first.body.nextCursor);
      const second = await api.call('GET', withQuery(row.path(), `limit=1&cursor=${cursor}`), { token: row.token() });
      expect(second.status, JSON.stringify(second.body)).toBe(200);
      expect(second.body.items).toHaveLength(1);
      expect(JSON.stringify(second.body.items[0])).not.toBe(JSON.stringify(first.body.items[0]));
    },
  );

  it("refuses one in-memory list's cursor on another with a 400 naming cursor", async () => {
    const jobs = await api.call('GET', '/v1/jobs?limit=1', { token: service.token });
    const cursor = encodeURIComponent(jobs.body.nextCursor);
    expectRefused(await api.call('GET', `/v1/message-templates?cursor=${cursor}`, { token: service.token }), 'cursor');
    expectRefused(await api.call('GET', `/v1/jobs?cursor=not-a-cursor`, { token: service.token }), 'cursor');
  });
});
