// Over 300 lines on purpose: the one route table and the schedule table, every route a line, read
// by the local server, the CDK stack, the handlers and the mini-program alike.
import {
  anyStaff,
  clinical,
  consultationWorkers,
  deletionRecorders,
  followUpWorkers,
  groupWorkers,
  type HasRoles,
  hasRole,
  leadEntry,
  managers,
  marketingTeam,
  messageCenterRoles,
  optOutRecorders,
  queueCallers,
  type RoleSet,
  visitRecorders,
} from './roles';

/** Who may call a route: anyone, any signed-in user, or staff holding one of the roles. */
export type Access = 'public' | 'user' | RoleSet;

/** A handler group is one Lambda function (functions/<group>/index.ts) serving several routes. */
export const handlerGroups = [
  'auth',
  'clinics',
  'patients',
  'staff',
  'booking',
  'queue',
  'visits',
  'campaigns',
  'stats',
  'messaging',
  'followup',
  'care',
  'reports',
  'surveys',
  'groups',
  'docs',
  'consult',
  'imports',
] as const;
export type HandlerGroup = (typeof handlerGroups)[number];

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDef {
  method: Method;
  /** The contract: other clients are written against these paths. `{name}` is a path parameter. */
  path: string;
  group: HandlerGroup;
  access: Access;
  /** Exists only on the local server (never in the cloud stack). */
  localOnly?: boolean;
  /** Creates something: answers 201 and honours an Idempotency-Key, which every client sends. */
  creates?: boolean;
}

/** A route; a local-only one says so in its type too (the cloud's group handlers need not serve it). */
const route = <
  const P extends string,
  G extends HandlerGroup,
  A extends Access,
  L extends true | undefined = undefined,
>(
  method: Method,
  path: P,
  group: G,
  access: A,
  localOnly?: L,
) =>
  ({ method, path, group, access, ...(localOnly ? { localOnly } : {}) }) as {
    method: Method;
    path: P;
    group: G;
    access: A;
  } & (L extends true ? { localOnly: true } : { localOnly?: undefined });

/** A POST that creates something (201, Idempotency-Key honoured). */
const creates = <const P extends string, G extends HandlerGroup, A extends Access>(path: P, group: G, access: A) => ({
  ...route('POST', path, group, access),
  creates: true as const,
});

/**
 * The one route table, by name: the local server, the CDK stack, the handlers (each names the
 * route it serves) and the mini-program's services are all built from it.
 */
export const routes = {
  wechatLogin: route('POST', '/v1/auth/wechat', 'auth', 'public'),
  devLogin: route('POST', '/v1/auth/dev', 'auth', 'public', true),
  me: route('GET', '/v1/me', 'auth', 'user'),

  listClinics: route('GET', '/v1/clinics', 'clinics', 'public'),
  listDepartments: route('GET', '/v1/clinics/{clinicId}/departments', 'clinics', 'public'),
  listDoctors: route('GET', '/v1/clinics/{clinicId}/doctors', 'clinics', 'public'),

  createStaff: creates('/v1/staff', 'staff', managers),
  createInvite: creates('/v1/staff/{staffId}/invites', 'staff', managers),
  bindStaff: route('POST', '/v1/staff/bind', 'staff', 'user'),
  listStaff: route('GET', '/v1/staff', 'staff', managers),
  // Staff leave, records stay (issue 10): deactivation, and the hand-over of a member's patients and campaigns.
  deactivateStaff: route('POST', '/v1/staff/{staffId}/deactivate', 'staff', managers),
  handOverPreview: route('GET', '/v1/staff/{staffId}/hand-over', 'staff', managers),
  handOverStaff: creates('/v1/staff/{staffId}/hand-over', 'staff', managers),

  createMyPatient: creates('/v1/me/patients', 'patients', 'user'),
  listMyPatients: route('GET', '/v1/me/patients', 'patients', 'user'),
  updateMyPatient: route('PATCH', '/v1/me/patients/{patientId}', 'patients', 'user'),
  updateConsents: route('PUT', '/v1/me/consents', 'patients', 'user'),
  staffCreatePatient: creates('/v1/patients', 'patients', leadEntry),
  searchPatients: route('GET', '/v1/patients', 'patients', anyStaff),
  findDuplicates: route('POST', '/v1/patients/duplicates', 'patients', leadEntry),
  getPatient: route('GET', '/v1/patients/{patientId}', 'patients', anyStaff),
  // The patient's timeline for staff (visits, follow-ups, survey answers, messages), newest first.
  patientTimeline: route('GET', '/v1/patients/{patientId}/timeline', 'patients', anyStaff),
  staffUpdatePatient: route('PATCH', '/v1/patients/{patientId}', 'patients', leadEntry),
  // Issue 10 audit: a record's audit trail for its home clinic's managers and the group admin, newest first.
  patientAudit: route('GET', '/v1/patients/{patientId}/audit', 'patients', managers),
  myLeads: route('GET', '/v1/leads', 'patients', leadEntry),
  // The patient's rights (issue 10): a copy of everything held, deletion by the patient or recorded by staff.
  myExport: route('GET', '/v1/me/export', 'patients', 'user'),
  deleteMyPatient: route('DELETE', '/v1/me/patients/{patientId}', 'patients', 'user'),
  recordDeletion: route('POST', '/v1/patients/{patientId}/deletion', 'patients', deletionRecorders),

  // Issue 10, merge: two records of one person, side by side, then one.
  mergePreview: route('GET', '/v1/patients/{patientId}/merge-preview', 'patients', managers),
  mergePatients: creates('/v1/patients/merges', 'patients', managers),

  createSlots: creates('/v1/slots', 'booking', managers),
  closeSlot: route('POST', '/v1/slots/{slotId}/close', 'booking', managers),
  listSlots: route('GET', '/v1/slots', 'booking', 'user'),
  book: creates('/v1/appointments', 'booking', 'user'),
  myAppointments: route('GET', '/v1/me/appointments', 'booking', 'user'),
  dayAppointments: route('GET', '/v1/appointments', 'booking', clinical),
  cancel: route('POST', '/v1/appointments/{appointmentId}/cancel', 'booking', 'user'),

  checkIn: route('POST', '/v1/appointments/{appointmentId}/check-in', 'queue', 'user'),
  walkIn: creates('/v1/queues/{queueId}/tickets', 'queue', queueCallers),
  queueTickets: route('GET', '/v1/queues/{queueId}/tickets', 'queue', clinical),
  board: route('GET', '/v1/queues/{queueId}/board', 'queue', 'public'),
  callNext: route('POST', '/v1/queues/{queueId}/call-next', 'queue', queueCallers),
  getTicket: route('GET', '/v1/tickets/{ticketId}', 'queue', 'user'),
  myTickets: route('GET', '/v1/me/tickets', 'queue', 'user'),
  recall: route('POST', '/v1/tickets/{ticketId}/recall', 'queue', queueCallers),
  skip: route('POST', '/v1/tickets/{ticketId}/skip', 'queue', queueCallers),
  requeue: route('POST', '/v1/tickets/{ticketId}/return', 'queue', queueCallers),
  complete: route('POST', '/v1/tickets/{ticketId}/complete', 'queue', queueCallers),

  completeVisit: creates('/v1/visits', 'visits', visitRecorders),
  patientVisits: route('GET', '/v1/patients/{patientId}/visits', 'visits', anyStaff),
  // The HIS sends what happened (issue 11): charges and treatments, signed with the clinic's own
  // credential (the handler authenticates it: the HIS is no WeChat user); managers read what arrived.
  // Not a `creates` route: an Idempotency-Key would keep the answer, and so the secret in clear, in the
  // idempotency store; a retried rotation simply rotates again (the newest secret is the one that works).
  hisCredential: route('POST', '/v1/integrations/his/credentials', 'visits', managers),
  hisEvents: route('POST', '/v1/integrations/his/events', 'visits', 'public'),
  listHisEvents: route('GET', '/v1/integrations/his/events', 'visits', managers),
  applyHisEvent: route('POST', '/v1/integrations/his/events/{documentNo}/apply', 'visits', managers),

  // Follow-up calls (回访): the plan per visit category, the service staff's lists, claims and outcomes.
  followUpPlans: route('GET', '/v1/follow-up-plans', 'followup', followUpWorkers),
  updateFollowUpPlan: route('PUT', '/v1/follow-up-plans/{category}', 'followup', managers),
  listFollowUps: route('GET', '/v1/follow-ups', 'followup', followUpWorkers),
  claimFollowUp: route('POST', '/v1/follow-ups/{taskId}/claim', 'followup', followUpWorkers),
  recordFollowUpOutcome: route('POST', '/v1/follow-ups/{taskId}/outcome', 'followup', followUpWorkers),

  createCampaign: creates('/v1/campaigns', 'campaigns', marketingTeam),
  listCampaigns: route('GET', '/v1/campaigns', 'campaigns', marketingTeam),
  qrcode: route('GET', '/v1/campaigns/{campaignId}/qrcode', 'campaigns', marketingTeam),
  landing: route('GET', '/v1/campaigns/{campaignId}/landing', 'campaigns', 'public'),
  signup: creates('/v1/campaigns/{campaignId}/signups', 'campaigns', 'user'),
  touches: route('GET', '/v1/campaigns/{campaignId}/touches', 'campaigns', marketingTeam),

  daily: route('GET', '/v1/stats/daily', 'stats', marketingTeam),
  monthly: route('GET', '/v1/stats/monthly', 'stats', marketingTeam),
  channels: route('GET', '/v1/stats/channels', 'stats', managers),
  staffRanking: route('GET', '/v1/stats/staff', 'stats', managers),
  setTarget: route('PUT', '/v1/stats/targets/{staffId}', 'stats', managers),

  // Messages: what a patient got, the WeChat subscribe grants, opt-outs, the staff message centre.
  myMessages: route('GET', '/v1/me/messages', 'messaging', 'user'),
  mySubscriptions: route('GET', '/v1/me/subscriptions', 'messaging', 'user'),
  reportSubscriptions: creates('/v1/me/subscriptions', 'messaging', 'user'),
  recordOptOut: route('PUT', '/v1/patients/{patientId}/consents', 'patients', optOutRecorders),
  smsReplies: route('POST', '/v1/integrations/sms/replies', 'messaging', 'public'),
  messageSummary: route('GET', '/v1/messages/summary', 'messaging', messageCenterRoles),
  listMessages: route('GET', '/v1/messages', 'messaging', messageCenterRoles),
  resendMessage: route('POST', '/v1/messages/{messageId}/resend', 'messaging', messageCenterRoles),
  messageTemplates: route('GET', '/v1/message-templates', 'messaging', messageCenterRoles),
  updateMessageTemplate: route('PUT', '/v1/message-templates/{kind}', 'messaging', messageCenterRoles),
  listJobs: route('GET', '/v1/jobs', 'messaging', messageCenterRoles),
  pauseJob: route('PUT', '/v1/jobs/{name}', 'messaging', managers),

  // After the visit: care instructions per visit category, education items per department (候诊宣教).
  careInstructions: route('GET', '/v1/care-instructions', 'care', managers),
  updateCareInstructions: route('PUT', '/v1/care-instructions/{category}', 'care', managers),
  education: route('GET', '/v1/education', 'care', 'public'),
  updateEducation: route('PUT', '/v1/education/{departmentId}', 'care', managers),

  // Monthly reports: satisfaction per department and doctor with its trend (CSV with Accept: text/csv).
  satisfactionReport: route('GET', '/v1/reports/satisfaction', 'reports', managers),
  // Satisfaction surveys: the patient's open invitations, one invitation's form, its one answer.
  mySurveys: route('GET', '/v1/me/surveys', 'surveys', 'user'),
  mySurvey: route('GET', '/v1/me/surveys/{invitationId}', 'surveys', 'user'),
  answerSurvey: creates('/v1/me/surveys/{invitationId}/answer', 'surveys', 'user'),
  // The clinic's service lead (客服主管): low answers' complaints are handed to them.
  setServiceLead: route('PUT', '/v1/clinics/{clinicId}/service-lead', 'surveys', managers),
  // Monthly patient groups (患者分组): a month's groups of a clinic, their members, calls and reminders.
  patientGroups: route('GET', '/v1/patient-groups', 'groups', groupWorkers),
  groupMembers: route('GET', '/v1/patient-groups/{group}/members', 'groups', groupWorkers),
  createGroupTasks: creates('/v1/patient-groups/{group}/tasks', 'groups', groupWorkers),
  groupReminderPreview: route('GET', '/v1/patient-groups/{group}/reminders', 'groups', groupWorkers),
  sendGroupReminders: creates('/v1/patient-groups/{group}/reminders', 'groups', groupWorkers),
  groupSettings: route('GET', '/v1/patient-groups/settings', 'groups', groupWorkers),
  updateGroupSettings: route('PUT', '/v1/patient-groups/settings', 'groups', managers),
  runPatientGrouping: route('POST', '/v1/patient-groups/runs', 'groups', managers),

  // The published contract (issue 11): the OpenAPI 3.1 document generated from this table and shared/contract.
  openApiDocument: route('GET', '/v1/openapi.json', 'docs', 'public'),
  // Online consultation (issue 11): a patient's questions about a profile, answered by the clinic.
  createConsultation: creates('/v1/me/consultations', 'consult', 'user'),
  uploadConsultationPhoto: creates('/v1/me/consultations/photos', 'consult', 'user'),
  listMyConsultations: route('GET', '/v1/me/consultations', 'consult', 'user'),
  getMyConsultation: route('GET', '/v1/me/consultations/{threadId}', 'consult', 'user'),
  addConsultationMessage: creates('/v1/me/consultations/{threadId}/messages', 'consult', 'user'),
  consultationPhoto: route('GET', '/v1/consultations/{threadId}/photos/{photoId}', 'consult', 'user'),
  listConsultations: route('GET', '/v1/consultations', 'consult', consultationWorkers),
  getConsultation: route('GET', '/v1/consultations/{threadId}', 'consult', consultationWorkers),
  replyConsultation: creates('/v1/consultations/{threadId}/replies', 'consult', consultationWorkers),
  assignConsultation: route('POST', '/v1/consultations/{threadId}/assign', 'consult', consultationWorkers),
  closeConsultation: route('POST', '/v1/consultations/{threadId}/close', 'consult', consultationWorkers),
  // Patients from an old system (issue 11)
  uploadPatientImport: creates('/v1/patient-imports', 'imports', managers),
  listPatientImports: route('GET', '/v1/patient-imports', 'imports', managers),
  getPatientImport: route('GET', '/v1/patient-imports/{importId}', 'imports', managers),
  patientImportRows: route('GET', '/v1/patient-imports/{importId}/rows', 'imports', managers),
  mapPatientImport: route('PUT', '/v1/patient-imports/{importId}/mapping', 'imports', managers),
  runPatientImport: route('POST', '/v1/patient-imports/{importId}/run', 'imports', managers),
  patientImportReport: route('GET', '/v1/patient-imports/{importId}/report', 'imports', managers),

  // Local only, like the dev login: run a job as of a moment, and read what it queued.
  runJob: route('POST', '/v1/dev/jobs/{name}', 'messaging', 'public', true),
  devOutbox: route('GET', '/v1/dev/outbox', 'messaging', 'public', true),
} as const satisfies Record<string, RouteDef>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

/** Every route, in table order. */
export const routeList: readonly (RouteDef & { name: RouteName })[] = (
  Object.entries(routes) as [RouteName, RouteDef][]
).map(([name, r]) => ({ name, ...r }));

/** The names of a path's parameters: '/v1/tickets/{ticketId}/skip' -> 'ticketId'. */
export type PathParams<P extends string> = P extends `${string}{${infer N}}${infer Rest}`
  ? N | PathParams<Rest>
  : never;

/** A path's parameter names, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}

/** A route's path with its parameters filled in (each one URL-encoded). */
export function pathFor<P extends string>(
  r: { path: P },
  params: Record<PathParams<P>, string>,
  query?: Record<string, string | number | undefined>,
): string {
  const path = r.path.replace(/\{(\w+)\}/g, (_, n: string) =>
    encodeURIComponent((params as Record<string, string>)[n] ?? ''),
  );
  const q = Object.entries(query ?? {}).filter(([, v]) => v !== undefined && v !== '');
  return q.length
    ? `${path}?${q.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`
    : path;
}

/** Whether a signed-in user may call a route (the mini-program hides what would answer 403; the API checks anyway). */
export function mayCall(user: HasRoles, r: Pick<RouteDef, 'access'>): boolean {
  if (r.access === 'public' || r.access === 'user') return true;
  return hasRole(user, r.access);
}

/** API Gateway's route key for a route, e.g. "POST /v1/me/patients". */
export function routeKey(r: Pick<RouteDef, 'method' | 'path'>): string {
  return `${r.method} ${r.path}`;
}

/** The scheduled jobs, by the names other clients and operators use. */
export const jobNames = [
  'appointment-reminder',
  'revisit-reminder',
  'birthday-greeting',
  'holiday-greeting',
  'outbox-sender',
  'patient-grouping',
  'consultation-closer',
] as const;
export type JobName = (typeof jobNames)[number];

/** The second kind of entry in the table: a job run on a clock, in the cloud and under `npm start` alike. */
export interface ScheduleDef {
  job: JobName;
  /** Five-field cron, read in Asia/Shanghai (minute hour day-of-month month day-of-week). */
  cron: string;
  /** The Lambda that runs it: functions/<group>/jobs.ts. */
  group: 'scheduled';
  /** How long one run may take; a run cut short is finished by the next (jobs are idempotent). */
  timeLimitSeconds: number;
  what: string;
}

/** The schedule table: every timed job, when it runs and how long it may take. */
export const schedules: readonly ScheduleDef[] = [
  {
    job: 'appointment-reminder',
    cron: '0 18 * * *',
    group: 'scheduled',
    timeLimitSeconds: 300,
    what: "tomorrow's booked appointments: a reminder each",
  },
  {
    job: 'revisit-reminder',
    cron: '0 10 * * *',
    group: 'scheduled',
    timeLimitSeconds: 300,
    what: 'visits whose revisit date is in 3 days, patient not booked: a reminder each',
  },
  {
    job: 'birthday-greeting',
    cron: '0 9 * * *',
    group: 'scheduled',
    timeLimitSeconds: 300,
    what: "today's birthdays (29 Feb on 28 Feb in common years) with marketing consent: a greeting each",
  },
  {
    job: 'holiday-greeting',
    cron: '0 9 * * *',
    group: 'scheduled',
    // Reads every patient of the group on a greeting day.
    timeLimitSeconds: 600,
    what: 'on a greeting day, every patient with marketing consent, clinic by clinic: a greeting each',
  },
  {
    job: 'outbox-sender',
    cron: '* * * * *',
    group: 'scheduled',
    timeLimitSeconds: 55,
    what: 'sends due messages of the outbox',
  },
  {
    job: 'patient-grouping',
    cron: '0 2 1 * *',
    group: 'scheduled',
    // Reads one care summary per patient of every clinic and writes the month's members.
    timeLimitSeconds: 900,
    what: "each clinic's patients placed in the month's groups",
  },
  {
    job: 'consultation-closer',
    cron: '30 3 * * *',
    group: 'scheduled',
    timeLimitSeconds: 300,
    what: 'consultation threads quiet for 7 days: closed',
  },
];
