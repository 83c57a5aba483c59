// Over 300 lines on purpose: one row per route of the table with a path parameter, and the check they share.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clinicDate } from '../../shared/dates';
import { type StaffRole, staffRoles } from '../../shared/roles';
import { mayCall, pathFor, pathParamNames, type RouteName, routeList, routes } from '../../shared/routes';
import { profile, startApi, uniquePhone } from '../support/api';
import { clinicResources } from '../support/clinic-resources';
import { type Member, secondClinic, staffIn } from '../support/clinics';
import { ensureTestClinic } from '../support/fixtures';
import { type HisOf, hisOf } from '../support/his';

// Clinic isolation over the route table: for every route with a path parameter, a resource of
// clinic A is a 404 (like a missing id) to staff of clinic B holding a role the route lets in, and
// is found by the group admin. A route added later with a path parameter fails this file until it
// has a row here or an exemption with its reason.

await ensureTestClinic();
const api = await startApi();
afterAll(() => api.close());
const roles = ['frontdesk', 'doctor', 'manager', 'marketing', 'service'] as const;
const a = await secondClinic(api, 'isoa', roles, '甲口腔（隔离）');
const b = await secondClinic(
  api,
  'isob',
  ['frontdesk', 'nurse', 'doctor', 'manager', 'service', 'marketing'],
  '乙口腔',
);
const [deskA, doctorA, managerA, marketerA, serviceA] = a.staff;
const bStaff = Object.fromEntries(
  (['frontdesk', 'nurse', 'doctor', 'manager', 'service', 'marketing'] as const).map((r, i) => [r, b.staff[i]!]),
) as Record<StaffRole, Member>;
// The group admin works in clinic B: what they reach of clinic A, they reach as the group admin.
const admin = await staffIn(api, b.clinicId, 'admin', 'iso');

// Resources of clinic A, each made fresh by clinic A's staff.
const {
  patient: patientA,
  slot: slotA,
  appointment: appointmentA,
  ticket: ticketA,
  visit: visitA,
  staffMember: staffA,
  campaign: campaignA,
  message: messageA,
} = clinicResources(api, a, { desk: deskA, doctor: doctorA, manager: managerA, marketer: marketerA });

// A held HIS event of clinic A (a charge for a phone no record has), sent by clinic A's HIS.
let hisA: HisOf | undefined;
async function heldHisEventA(): Promise<string> {
  hisA ??= await hisOf(api, managerA.token);
  const res = await hisA.charge({ phone: uniquePhone() }, 100);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.documentNo;
}
/** A patient import of clinic A (issue 11): a one-row CSV its manager uploaded. */
async function importA(): Promise<string> {
  const csv = `姓名,手机\r\n隔离导入,${uniquePhone()}\r\n`;
  const res = await api.call('POST', '/v1/patient-imports', {
    token: managerA.token,
    body: { fileName: 'a.csv', contentBase64: Buffer.from(csv).toString('base64') },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
const importRow = (body?: unknown): Row => ({
  as: 'manager',
  make: async () => ({ params: { importId: await importA() }, body }),
});

// ---- the table ---------------------------------------------------------------------------------

interface Call {
  params: Record<string, string>;
  body?: unknown;
  query?: Record<string, string>;
}

interface Row {
  /** A role of clinic B the route lets in. */
  as: StaffRole;
  /** Makes the resource of clinic A and says how to call the route on it. */
  make: () => Promise<Call>;
}

const patientRow = (as: StaffRole, body?: unknown): Row => ({
  as,
  make: async () => ({ params: { patientId: await patientA() }, body }),
});
/** A question of a patient of clinic A to clinic A (with a photo), made fresh. */
async function threadA(): Promise<{ threadId: string; photoId: string }> {
  const token = await api.login(`iso-cq-${Math.random().toString(36).slice(2)}`);
  const me = await api.call('POST', '/v1/me/patients', { token, body: profile({ clinicId: a.clinicId }) });
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const key = () => ({ 'idempotency-key': `iso-cq-${Math.random()}` });
  const photo = await api.call('POST', '/v1/me/consultations/photos', {
    token,
    headers: key(),
    body: { contentType: 'image/png', dataBase64: png },
  });
  const body = { patientId: me.body.id, clinicId: a.clinicId, text: '牙龈肿了', photoId: photo.body.photoId };
  const thread = await api.call('POST', '/v1/me/consultations', { token, headers: key(), body });
  expect(thread.status, JSON.stringify(thread.body)).toBe(201);
  return { threadId: thread.body.threadId, photoId: photo.body.photoId };
}
const threadRow = (body?: unknown): Row => ({
  as: 'service',
  make: async () => ({ params: { threadId: (await threadA()).threadId }, body }),
});
const ticketRow: Row = { as: 'frontdesk', make: async () => ({ params: { ticketId: await ticketA() } }) };
const month = clinicDate(new Date()).slice(0, 7);

const rows: Partial<Record<RouteName, Row>> = {
  createInvite: { as: 'manager', make: async () => ({ params: { staffId: await staffA() } }) },
  getPatient: patientRow('frontdesk'),
  patientTimeline: patientRow('doctor'),
  staffUpdatePatient: patientRow('frontdesk', { tags: ['VIP'] }),
  patientVisits: {
    as: 'doctor',
    make: async () => ({ params: { patientId: (await visitA('cleaning')).patientId } }),
  },
  recordOptOut: patientRow('service', { marketing: false, note: '患者来电要求' }),
  closeSlot: { as: 'manager', make: async () => ({ params: { slotId: await slotA() } }) },
  cancel: { as: 'frontdesk', make: async () => ({ params: { appointmentId: await appointmentA() } }) },
  checkIn: { as: 'frontdesk', make: async () => ({ params: { appointmentId: await appointmentA() } }) },
  walkIn: {
    as: 'frontdesk',
    make: async () => ({ params: { queueId: a.deptId }, body: { patientId: await patientA() } }),
  },
  queueTickets: { as: 'nurse', make: async () => ({ params: { queueId: a.deptId } }) },
  callNext: { as: 'nurse', make: async () => ({ params: { queueId: a.deptId }, body: { room: '3' } }) },
  getTicket: ticketRow,
  recall: ticketRow,
  skip: ticketRow,
  requeue: ticketRow,
  complete: { as: 'doctor', make: ticketRow.make },
  claimFollowUp: {
    as: 'service',
    make: async () => ({ params: { taskId: `fu_${(await visitA()).visitId}_1` } }),
  },
  recordFollowUpOutcome: {
    as: 'service',
    make: async () => ({ params: { taskId: `fu_${(await visitA()).visitId}_1` }, body: { outcome: 'answered' } }),
  },
  qrcode: { as: 'manager', make: async () => ({ params: { campaignId: await campaignA() } }) },
  touches: { as: 'manager', make: async () => ({ params: { campaignId: await campaignA() } }) },
  setTarget: {
    as: 'manager',
    make: async () => ({
      params: { staffId: marketerA.staffId },
      query: { month },
      body: { revenueFen: 100, arrivals: 1 },
    }),
  },
  resendMessage: { as: 'service', make: async () => ({ params: { messageId: await messageA() } }) },
  updateEducation: {
    as: 'manager',
    make: async () => ({
      params: { departmentId: a.deptId },
      body: { items: [{ title: '候诊须知', lines: ['请保持安静。'] }] },
    }),
  },
  deactivateStaff: { as: 'manager', make: async () => ({ params: { staffId: await staffA() } }) },
  handOverPreview: { as: 'manager', make: async () => ({ params: { staffId: await staffA() } }) },
  handOverStaff: {
    as: 'manager',
    make: async () => ({ params: { staffId: await staffA() }, body: { toStaffId: marketerA.staffId } }),
  },
  patientAudit: patientRow('manager'),
  recordDeletion: patientRow('service', { reason: '患者来电要求删除个人信息' }),
  mergePreview: {
    as: 'manager',
    make: async () => ({ params: { patientId: await patientA() }, query: { with: await patientA() } }),
  },
  // Even naming clinic A in the body: another clinic's HIS event answers like a missing one.
  applyHisEvent: {
    as: 'manager',
    make: async () => ({ params: { documentNo: await heldHisEventA() }, body: { clinicId: a.clinicId } }),
  },
  setServiceLead: {
    as: 'manager',
    make: async () => ({ params: { clinicId: a.clinicId }, body: { staffId: serviceA.staffId } }),
  },
  getConsultation: threadRow(),
  replyConsultation: threadRow({ text: '您好，请问疼了几天？' }),
  assignConsultation: {
    as: 'service',
    make: async () => ({ params: { threadId: (await threadA()).threadId }, body: { doctorId: doctorA.staffId } }),
  },
  closeConsultation: threadRow(),
  consultationPhoto: { as: 'nurse', make: async () => ({ params: await threadA() }) },
  getPatientImport: importRow(),
  patientImportRows: importRow(),
  mapPatientImport: importRow({ columns: {} }),
  runPatientImport: importRow(),
  patientImportReport: importRow(),
};

/** Routes whose path parameter is not clinic data, each with the reason. */
const exempt: Partial<Record<RouteName, string>> = {
  listDepartments: 'public: the clinics and their departments are shown to anyone booking',
  listDoctors: 'public: the doctors of a clinic are shown to anyone booking',
  updateMyPatient: "/v1/me: the caller's own profile (another account's is a 404 there)",
  deleteMyPatient: "/v1/me: the caller's own profile (another account's is a 404 there)",
  board: 'public: the waiting-room screen shows numbers and masked names only, by design',
  updateFollowUpPlan: "the path names a visit category; the plan edited is the caller's own clinic's",
  landing: 'public: the campaign landing page behind a printed QR code',
  signup: 'any WeChat user may sign up to a campaign from its public QR code',
  updateMessageTemplate: "the path names a message kind; the template is the caller's own clinic's",
  pauseJob: 'the path names a scheduled job: one switch for the whole group, managers only',
  updateCareInstructions: "the path names a visit category; the instructions are the caller's own clinic's",
  mySurvey: "/v1/me: the caller's own survey invitation",
  answerSurvey: "/v1/me: the caller's own survey invitation",
  groupMembers: "the path names a patient group kind; the clinic is the caller's own",
  createGroupTasks: "the path names a patient group kind; the clinic is the caller's own",
  groupReminderPreview: "the path names a patient group kind; the clinic is the caller's own",
  sendGroupReminders: "the path names a patient group kind; the clinic is the caller's own",
  runJob: 'local only: the developer runs a job by name',
  getMyConsultation: "/v1/me: the caller's own consultation (another account's is a 404 there)",
  addConsultationMessage: "/v1/me: the caller's own consultation (another account's is a 404 there)",
};

const withParams = routeList.filter((r) => pathParamNames(r.path).length > 0);

function request(name: RouteName, call: Call, token: string) {
  const r = routes[name];
  const path = pathFor(r as { path: string }, call.params as Record<never, string>, call.query);
  return api.call(r.method, path, {
    token,
    ...(call.body === undefined ? {} : { body: call.body }),
    ...(r.method === 'POST' && 'creates' in r ? { headers: { 'idempotency-key': `iso-${Math.random()}` } } : {}),
  });
}

describe('clinic isolation over the route table', () => {
  it('has a row or an exemption with its reason for every route with a path parameter', () => {
    const missing = withParams.filter((r) => !rows[r.name] && !exempt[r.name]).map((r) => `${r.name} ${r.path}`);
    expect(missing, 'routes with a path parameter and no isolation row').toEqual([]);
    const both = withParams.filter((r) => rows[r.name] && exempt[r.name]).map((r) => r.name);
    expect(both).toEqual([]);
    const stale = [...Object.keys(rows), ...Object.keys(exempt)].filter((n) => !withParams.some((r) => r.name === n));
    expect(stale, 'rows or exemptions of routes that are gone or have no path parameter').toEqual([]);
  });

  it('lets in the clinic B role each row calls with (so a 404 is the clinic check, not a 403)', () => {
    for (const [name, row] of Object.entries(rows) as [RouteName, Row][]) {
      expect(staffRoles).toContain(row.as);
      expect(mayCall({ roles: [row.as] }, routes[name]), name).toBe(true);
    }
  });

  const cases = withParams.filter((r) => rows[r.name]).map((r) => ({ name: r.name, route: `${r.method} ${r.path}` }));
  it.each(cases)(
    "answers $route on clinic A's resource: 404 to clinic B, found by the group admin",
    async ({ name }) => {
      const row = rows[name]!;
      const call = await row.make();
      const other = await request(name, call, bStaff[row.as].token);
      expect(other.status, JSON.stringify(other.body)).toBe(404);
      expect(other.body.error.code).toBe('NOT_FOUND');
      expect(other.body.error.message).toMatch(/^没有找到/);
      const groupAdmin = await request(name, call, admin.token);
      expect(groupAdmin.status, JSON.stringify(groupAdmin.body)).not.toBe(404);
      expect(groupAdmin.status, JSON.stringify(groupAdmin.body)).toBeLessThan(500);
    },
  );
});

describe('clinic isolation of ids in a body or a query', () => {
  let ticketId: string;
  beforeAll(async () => {
    ticketId = await ticketA();
  });

  it("answers clinic A's day list of a department with 404 to clinic B's front desk, and lists it for the group admin", async () => {
    const path = `/v1/appointments?departmentId=${a.deptId}&date=${clinicDate(new Date())}`;
    expect((await api.call('GET', path, { token: bStaff.frontdesk.token })).status).toBe(404);
    expect((await api.call('GET', path, { token: admin.token })).status).toBe(200);
    expect((await api.call('GET', path, { token: deskA.token })).status).toBe(200);
  });

  it("refuses a visit on clinic A's ticket to clinic B's doctor with 404 and records nothing", async () => {
    const res = await api.call('POST', '/v1/visits', {
      token: bStaff.doctor.token,
      headers: { 'idempotency-key': `iso-v-${Math.random()}` },
      body: { ticketId, category: 'general', chargeFen: 100, doctorId: bStaff.doctor.staffId },
    });
    expect(res.status).toBe(404);
    const t = await api.call('GET', `/v1/tickets/${ticketId}`, { token: deskA.token });
    expect(t.body.status).toBe('waiting');
  });

  it("refuses clinic B's front desk a booking on clinic A's slot with 404", async () => {
    const res = await api.call('POST', '/v1/appointments', {
      token: bStaff.frontdesk.token,
      headers: { 'idempotency-key': `iso-b-${Math.random()}` },
      body: { patientId: await patientA(), slotId: await slotA() },
    });
    expect(res.status).toBe(404);
  });

  it("refuses clinic B's manager clinic A's HIS events and HIS credential (403, the rule for ?clinicId)", async () => {
    const list = `/v1/integrations/his/events?clinicId=${a.clinicId}`;
    expect((await api.call('GET', list, { token: bStaff.manager.token })).status).toBe(403);
    expect((await api.call('GET', list, { token: admin.token })).status).toBe(200);
    const issued = await api.call('POST', '/v1/integrations/his/credentials', {
      token: bStaff.manager.token,
      headers: { 'idempotency-key': `iso-h-${Math.random()}` },
      body: { clinicId: a.clinicId },
    });
    expect(issued.status).toBe(403);
  });

  it("refuses clinic B's manager slots in clinic A's department with 404", async () => {
    const res = await api.call('POST', '/v1/slots', {
      token: bStaff.manager.token,
      headers: { 'idempotency-key': `iso-s-${Math.random()}` },
      body: {
        departmentId: a.deptId,
        fromDate: '2031-01-06',
        toDate: '2031-01-06',
        weekdays: [1],
        times: ['09:00'],
        durationMinutes: 30,
        capacity: 3,
      },
    });
    expect(res.status).toBe(404);
  });
});
