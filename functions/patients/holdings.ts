import type { CareSummary } from '../../shared/patient-group-rules';
import {
  type AppointmentRecord,
  allAppointmentsOfAccount,
  bookedAppointmentsOf,
  getAppointment,
} from '../booking/booking-repository';
import { type ConsultationHolding, consultationHoldings } from '../consult/consultation-holdings';
import type { ThreadRecord } from '../consult/thread-repository';
import type { TaskRecord } from '../followup/task-repository';
import { summariesOf } from '../groups/care-summary-repository';
import { allMessagesOfPatient, type OutboxRecord } from '../messaging/outbox-repository';
import { allTicketsOfAccount, getTicket, type TicketRecord } from '../queue/ticket-repository';
import {
  type AnswerRecord,
  getInvitation,
  type InvitationRecord,
  openInvitationsOfAccount,
} from '../surveys/invitation-repository';
import { allVisitsOf, type VisitRecord } from '../visits/visit-repository';
import { consentHistoryOf, type PatientRecord } from './patient-repository';
import { allTimelineEntries, patientItemsOf } from './timeline-repository';

/** Everything stored about one patient, found on known keys and indexes (never a Scan). */
export interface Holdings {
  patient: PatientRecord;
  consents: Record<string, unknown>[];
  appointments: AppointmentRecord[];
  tickets: TicketRecord[];
  visits: VisitRecord[];
  messages: OutboxRecord[];
  invitations: InvitationRecord[];
  answers: AnswerRecord[];
  followUps: TaskRecord[];
  careSummaries: CareSummary[];
  /** Online consultations (issue 11): threads with their messages and photos. */
  consultations: ConsultationHolding[];
}

/** Ids named by what was found, fetched one by one unless already found (a handful each). */
async function fetchMissing<T extends { id: string }>(
  found: T[],
  ids: (string | undefined)[],
  get: (id: string) => Promise<T | undefined>,
): Promise<T[]> {
  const have = new Set(found.map((x) => x.id));
  const missing = [...new Set(ids.filter((id): id is string => Boolean(id) && !have.has(id as string)))];
  const fetched: (T | undefined)[] = await Promise.all(missing.map(get));
  return [...found, ...fetched.filter((x): x is T => x !== undefined)];
}

const mine = <T extends { patientId: string }>(items: T[], patientId: string) =>
  items.filter((x) => x.patientId === patientId);

/**
 * A patient's holdings: the patient's own partition (profile, consent events, visits), the timeline
 * index (follow-ups, survey answers), the patient's message list, the account's lists (appointments,
 * tickets, open invitations) and whatever those name (a visit's ticket and appointment, an answer's
 * or a survey message's invitation, a booking still ahead).
 */
export async function holdingsOf(patient: PatientRecord): Promise<Holdings> {
  const id = patient.id;
  const account = patient.accountId;
  const [
    consents,
    visits,
    timeline,
    messages,
    accountAppts,
    booked,
    accountTickets,
    openInvitations,
    careSummaries,
    byPatient,
  ] = await Promise.all([
    consentHistoryOf(id),
    allVisitsOf(id),
    allTimelineEntries(id),
    allMessagesOfPatient(id),
    account ? allAppointmentsOfAccount(account) : [],
    bookedAppointmentsOf(id),
    account ? allTicketsOfAccount(account) : [],
    account ? openInvitationsOfAccount(account) : [],
    summariesOf(id),
    // Appointments, tickets and invitations indexed by patient (a record without an account has them too).
    patientItemsOf(id),
  ]);
  const indexed = <T>(type: string) => byPatient.filter((i) => i.type === type).map((i) => i.record as unknown as T);
  const union = <T extends { id: string }>(a: T[], b: T[]) => [...a, ...b.filter((x) => !a.some((y) => y.id === x.id))];
  const answers = timeline.filter((e) => e.type === 'surveyAnswer').map((e) => e.record as unknown as AnswerRecord);
  const followUps = timeline.filter((e) => e.type === 'followUp').map((e) => e.record as unknown as TaskRecord);
  const tickets = mine(
    await fetchMissing(
      mine(union(accountTickets, indexed<TicketRecord>('ticket')), id),
      visits.map((v) => v.ticketId),
      getTicket,
    ),
    id,
  );
  const appointments = mine(
    await fetchMissing(
      mine(union(union(accountAppts, booked), indexed<AppointmentRecord>('appointment')), id),
      [...visits.map((v) => v.appointmentId), ...tickets.map((t) => t.appointmentId)],
      (apptId) => getAppointment(apptId, true),
    ),
    id,
  );
  const invitations = mine(
    await fetchMissing(
      mine(union(openInvitations, indexed<InvitationRecord>('surveyInvitation')), id),
      [...answers.map((a) => a.invitationId), ...messages.filter((m) => m.kind === 'survey').map((m) => m.occasion)],
      getInvitation,
    ),
    id,
  );
  const byTime =
    <T>(at: (x: T) => string) =>
    (a: T, b: T) =>
      at(a).localeCompare(at(b));
  return {
    patient,
    consents,
    appointments: appointments.sort(byTime((a) => a.startsAt)),
    tickets: tickets.sort(byTime((t) => t.createdAt)),
    visits,
    messages: messages.sort(byTime((m) => m.dueAt)),
    invitations: invitations.sort(byTime((i) => i.sendAt)),
    answers: answers.sort(byTime((a) => a.answeredAt)),
    followUps: followUps.sort(byTime((t) => t.createdAt)),
    careSummaries,
    consultations: await consultationHoldings(indexed<ThreadRecord>('consultation')),
  };
}
