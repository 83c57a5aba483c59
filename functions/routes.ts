import type { StaffRole } from '../shared/roles';

/** Who may call a route: anyone, any signed-in user, or staff holding one of the roles. */
export type Access = 'public' | 'user' | readonly StaffRole[];

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
] as const;
export type HandlerGroup = (typeof handlerGroups)[number];

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  group: HandlerGroup;
  /** Export name in the group's handlers map. */
  name: string;
  access: Access;
  /** Exists only on the local server (never in the cloud stack). */
  localOnly?: boolean;
}

const LEAD_ENTRY: readonly StaffRole[] = ['marketing', 'frontdesk', 'manager', 'admin'];
const ANY_STAFF: readonly StaffRole[] = ['marketing', 'frontdesk', 'nurse', 'doctor', 'service', 'manager', 'admin'];
const CLINICAL: readonly StaffRole[] = ['frontdesk', 'nurse', 'doctor', 'manager', 'admin'];
const CALLERS: readonly StaffRole[] = ['frontdesk', 'nurse', 'doctor', 'admin'];
const MANAGERS: readonly StaffRole[] = ['manager', 'admin'];
const MARKETING: readonly StaffRole[] = ['marketing', 'manager', 'admin'];

/** The one route table: the local server and the CDK stack are both built from it. */
export const routes: readonly RouteDef[] = [
  { method: 'POST', path: '/v1/auth/wechat', group: 'auth', name: 'wechatLogin', access: 'public' },
  { method: 'POST', path: '/v1/auth/dev', group: 'auth', name: 'devLogin', access: 'public', localOnly: true },
  { method: 'GET', path: '/v1/me', group: 'auth', name: 'me', access: 'user' },

  { method: 'GET', path: '/v1/clinics', group: 'clinics', name: 'listClinics', access: 'public' },
  {
    method: 'GET',
    path: '/v1/clinics/{clinicId}/departments',
    group: 'clinics',
    name: 'listDepartments',
    access: 'public',
  },

  { method: 'POST', path: '/v1/staff', group: 'staff', name: 'createStaff', access: ['manager', 'admin'] },
  {
    method: 'POST',
    path: '/v1/staff/{staffId}/invites',
    group: 'staff',
    name: 'createInvite',
    access: ['manager', 'admin'],
  },
  { method: 'POST', path: '/v1/staff/bind', group: 'staff', name: 'bindStaff', access: 'user' },
  { method: 'GET', path: '/v1/staff', group: 'staff', name: 'listStaff', access: ['manager', 'admin'] },

  { method: 'POST', path: '/v1/me/patients', group: 'patients', name: 'createMyPatient', access: 'user' },
  { method: 'GET', path: '/v1/me/patients', group: 'patients', name: 'listMyPatients', access: 'user' },
  {
    method: 'PATCH',
    path: '/v1/me/patients/{patientId}',
    group: 'patients',
    name: 'updateMyPatient',
    access: 'user',
  },
  { method: 'PUT', path: '/v1/me/consents', group: 'patients', name: 'updateConsents', access: 'user' },
  { method: 'POST', path: '/v1/patients', group: 'patients', name: 'staffCreatePatient', access: LEAD_ENTRY },
  { method: 'GET', path: '/v1/patients', group: 'patients', name: 'searchPatients', access: ANY_STAFF },
  {
    method: 'POST',
    path: '/v1/patients/duplicates',
    group: 'patients',
    name: 'findDuplicates',
    access: LEAD_ENTRY,
  },
  { method: 'GET', path: '/v1/patients/{patientId}', group: 'patients', name: 'getPatient', access: ANY_STAFF },
  {
    method: 'PATCH',
    path: '/v1/patients/{patientId}',
    group: 'patients',
    name: 'staffUpdatePatient',
    access: LEAD_ENTRY,
  },

  { method: 'GET', path: '/v1/clinics/{clinicId}/doctors', group: 'clinics', name: 'listDoctors', access: 'public' },

  { method: 'POST', path: '/v1/slots', group: 'booking', name: 'createSlots', access: MANAGERS },
  { method: 'POST', path: '/v1/slots/{slotId}/close', group: 'booking', name: 'closeSlot', access: MANAGERS },
  { method: 'GET', path: '/v1/slots', group: 'booking', name: 'listSlots', access: 'user' },
  { method: 'POST', path: '/v1/appointments', group: 'booking', name: 'book', access: 'user' },
  { method: 'GET', path: '/v1/me/appointments', group: 'booking', name: 'myAppointments', access: 'user' },
  { method: 'GET', path: '/v1/appointments', group: 'booking', name: 'dayAppointments', access: CLINICAL },
  {
    method: 'POST',
    path: '/v1/appointments/{appointmentId}/cancel',
    group: 'booking',
    name: 'cancel',
    access: 'user',
  },

  {
    method: 'POST',
    path: '/v1/appointments/{appointmentId}/check-in',
    group: 'queue',
    name: 'checkIn',
    access: 'user',
  },
  { method: 'POST', path: '/v1/queues/{queueId}/tickets', group: 'queue', name: 'walkIn', access: CALLERS },
  { method: 'GET', path: '/v1/queues/{queueId}/tickets', group: 'queue', name: 'queueTickets', access: CLINICAL },
  { method: 'GET', path: '/v1/queues/{queueId}/board', group: 'queue', name: 'board', access: 'public' },
  { method: 'POST', path: '/v1/queues/{queueId}/call-next', group: 'queue', name: 'callNext', access: CALLERS },
  { method: 'GET', path: '/v1/tickets/{ticketId}', group: 'queue', name: 'getTicket', access: 'user' },
  { method: 'GET', path: '/v1/me/tickets', group: 'queue', name: 'myTickets', access: 'user' },
  { method: 'POST', path: '/v1/tickets/{ticketId}/recall', group: 'queue', name: 'recall', access: CALLERS },
  { method: 'POST', path: '/v1/tickets/{ticketId}/skip', group: 'queue', name: 'skip', access: CALLERS },
  { method: 'POST', path: '/v1/tickets/{ticketId}/return', group: 'queue', name: 'requeue', access: CALLERS },
  { method: 'POST', path: '/v1/tickets/{ticketId}/complete', group: 'queue', name: 'complete', access: CALLERS },

  {
    method: 'POST',
    path: '/v1/visits',
    group: 'visits',
    name: 'completeVisit',
    access: ['doctor', 'frontdesk', 'admin'],
  },
  {
    method: 'GET',
    path: '/v1/patients/{patientId}/visits',
    group: 'visits',
    name: 'patientVisits',
    access: ANY_STAFF,
  },

  { method: 'POST', path: '/v1/campaigns', group: 'campaigns', name: 'createCampaign', access: MARKETING },
  { method: 'GET', path: '/v1/campaigns', group: 'campaigns', name: 'listCampaigns', access: MARKETING },
  { method: 'GET', path: '/v1/campaigns/{campaignId}/qrcode', group: 'campaigns', name: 'qrcode', access: MARKETING },
  { method: 'GET', path: '/v1/campaigns/{campaignId}/landing', group: 'campaigns', name: 'landing', access: 'public' },
  { method: 'POST', path: '/v1/campaigns/{campaignId}/signups', group: 'campaigns', name: 'signup', access: 'user' },
  { method: 'GET', path: '/v1/campaigns/{campaignId}/touches', group: 'campaigns', name: 'touches', access: MARKETING },

  { method: 'GET', path: '/v1/stats/daily', group: 'stats', name: 'daily', access: MARKETING },
  { method: 'GET', path: '/v1/stats/monthly', group: 'stats', name: 'monthly', access: MARKETING },
  { method: 'GET', path: '/v1/stats/channels', group: 'stats', name: 'channels', access: MANAGERS },
  { method: 'GET', path: '/v1/stats/staff', group: 'stats', name: 'staffRanking', access: MANAGERS },
  { method: 'PUT', path: '/v1/stats/targets/{staffId}', group: 'stats', name: 'setTarget', access: MANAGERS },
];

/** API Gateway's route key for a route, e.g. "POST /v1/me/patients". */
export function routeKey(r: Pick<RouteDef, 'method' | 'path'>): string {
  return `${r.method} ${r.path}`;
}

/** Routes that the cloud stack deploys. */
export function cloudRoutes(): RouteDef[] {
  return routes.filter((r) => !r.localOnly);
}

/**
 * Every function's time limit, in the cloud and on the local server alike. API Gateway's HTTP API
 * waits at most 30 s for an integration; contended writes (a crowd checking in) retry within it.
 */
export const FUNCTION_TIMEOUT_SECONDS = 29;
