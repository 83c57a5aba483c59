import { clinicDate } from '../../shared/dates';
import { AppError, ForbiddenError, NotFoundError } from '../../shared/errors';
import { maskName } from '../../shared/mask';
import type { StaffRole } from '../../shared/roles';
import type { BoardView, StaffTicketView, TicketView } from '../../shared/schemas/visit-day';
import { getAppointment } from '../booking/booking-repository';
import { appointmentFor } from '../booking/booking-service';
import { getDepartment } from '../clinics/clinic-repository';
import { newId } from '../lib/ids';
import type { Caller } from '../lib/tokens';
import { getPatient, type PatientRecord } from '../patients/patient-repository';
import { attributionOf } from '../patients/patient-service';
import { counterWrites } from '../stats/counter-repository';
import type { QueueInfo, QueueState, TicketRecord } from './queue-repository';
import * as repo from './queue-repository';

/** Staff who run a queue: check in, call, skip, complete. */
const QUEUE_ROLES: readonly StaffRole[] = ['frontdesk', 'nurse', 'doctor', 'manager', 'admin'];

function isQueueStaff(caller: Caller): boolean {
  return caller.roles.some((r) => (QUEUE_ROLES as readonly string[]).includes(r));
}

function sameClinic(caller: Caller, clinicId: string): void {
  if (!caller.roles.includes('admin') && caller.clinicId !== clinicId) throw new ForbiddenError('只能操作本院的队列');
}

async function queueInfo(queueId: string, date: string): Promise<QueueInfo> {
  const dept = await getDepartment(queueId);
  if (!dept) throw new NotFoundError('queue', { queueId });
  return {
    queueId,
    date,
    clinicId: dept.clinicId,
    departmentName: dept.name,
    prefix: dept.prefix,
    defaultServiceMinutes: dept.defaultServiceMinutes,
  };
}

/** Average minutes per patient today, or the department's default before anyone is done. */
function serviceMinutes(state: QueueState | undefined): number {
  if (!state) return 15;
  if (state.doneCount > 0) return Math.max(1, Math.round(state.serviceMsTotal / state.doneCount / 60_000));
  return state.defaultServiceMinutes;
}

export function ticketView(t: TicketRecord, state: QueueState | undefined, ahead: number): TicketView {
  return {
    id: t.id,
    queueId: t.queueId,
    clinicId: t.clinicId,
    departmentName: t.departmentName,
    date: t.date,
    number: t.number,
    displayNumber: t.displayNumber,
    status: t.status,
    ahead: t.status === 'waiting' ? ahead : 0,
    nowServing: state?.nowServing?.displayNumber ?? null,
    etaMinutes: t.status === 'waiting' ? ahead * serviceMinutes(state) : 0,
    room: t.room,
    calledAt: t.calledAt,
    patientId: t.patientId,
    patientName: t.patientName,
    appointmentId: t.appointmentId,
  };
}

async function fullView(t: TicketRecord): Promise<TicketView> {
  const [state, ahead] = await Promise.all([
    repo.getState(t.queueId, t.date),
    t.status === 'waiting' ? repo.waitingCount(t.queueId, t.date, t) : Promise.resolve(0),
  ]);
  return ticketView(t, state, ahead);
}

function draftFor(p: PatientRecord, queue: QueueInfo, appointmentId?: string) {
  return {
    queueId: queue.queueId,
    clinicId: queue.clinicId,
    departmentName: queue.departmentName,
    date: queue.date,
    patientId: p.id,
    patientName: p.name,
    maskedName: maskName(p.name),
    accountId: p.accountId,
    appointmentId,
    vip: p.tags.some((t) => t.toUpperCase() === 'VIP'),
    tags: p.tags,
    visitCount: p.visitCount ?? 0,
    createdAt: new Date().toISOString(),
  };
}

/** Puts a missed patient back a few places later (after the third waiting ticket), not at the end. */
async function requeue(t: TicketRecord): Promise<TicketRecord> {
  const ahead = await repo.waiting(t.queueId, t.date, 3);
  const anchor = ahead[ahead.length - 1];
  return repo.setStatus(t, ['skipped'], 'waiting', { seq: anchor ? anchor.seq + 1 : t.seq });
}

/**
 * Checks an appointment in on its day: a number in the department's queue. Checking in again
 * answers the same ticket (and puts a missed patient back in the queue).
 */
export async function checkIn(
  caller: Caller,
  appointmentId: string,
): Promise<{ ticket: TicketView; created: boolean }> {
  const a = isQueueStaff(caller) ? await getAppointment(appointmentId) : await appointmentFor(caller, appointmentId);
  if (!a) throw new NotFoundError('appointment', { appointmentId });
  if (isQueueStaff(caller) && a.accountId !== caller.userId) sameClinic(caller, a.clinicId);
  const existing = async () => {
    // Another check-in of this appointment is drawing its number: wait for its ticket.
    for (let i = 0; i < 50; i++) {
      const fresh = await getAppointment(appointmentId);
      const t = fresh?.ticketId ? await repo.getTicket(fresh.ticketId) : undefined;
      if (t) return { ticket: await fullView(t.status === 'skipped' ? await requeue(t) : t), created: false };
      if (fresh?.status !== 'booked') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new AppError('REQUEST_IN_PROGRESS', '正在签到，请稍候再试');
  };
  if (a.ticketId) return existing();
  if (a.status === 'cancelled') throw new AppError('TICKET_STATE', '该预约已取消，不能签到');
  if (a.status !== 'booked') throw new AppError('TICKET_STATE', '该预约已完成');
  const today = clinicDate(new Date());
  if (a.date !== today) throw new AppError('TICKET_STATE', `请在预约当天（${a.date}）签到`, { date: a.date });
  const [patient, queue] = await Promise.all([getPatient(a.patientId), queueInfo(a.departmentId, today)]);
  if (!patient) throw new NotFoundError('patient', { patientId: a.patientId });
  const claimId = newId('cl');
  if (!(await repo.claimAppointment(a.id, claimId, Date.now()))) return existing();
  try {
    const t = await repo.issueTicket(
      queue,
      draftFor(patient, queue, a.id),
      counterWrites(attributionOf(patient, queue.clinicId), today, { arrivals: 1 }),
      claimId,
    );
    return { ticket: await fullView(t), created: true };
  } catch (e) {
    if (e instanceof repo.AlreadyCheckedInError) return existing();
    throw e;
  }
}

/** A walk-in patient (their record found or entered by the front desk) takes a number. */
export async function walkIn(caller: Caller, queueId: string, patientId: string): Promise<TicketView> {
  const today = clinicDate(new Date());
  const queue = await queueInfo(queueId, today);
  sameClinic(caller, queue.clinicId);
  const patient = await getPatient(patientId);
  if (!patient) throw new NotFoundError('patient', { patientId });
  const t = await repo.issueTicket(
    queue,
    draftFor(patient, queue),
    counterWrites(attributionOf(patient, queue.clinicId), today, { arrivals: 1 }),
  );
  return fullView(t);
}

/** Owner (or queue staff) only; anyone else gets the same 404 as a missing ticket. */
async function ticketFor(caller: Caller, ticketId: string): Promise<TicketRecord> {
  const t = await repo.getTicket(ticketId);
  if (!t || (t.accountId !== caller.userId && !isQueueStaff(caller))) throw new NotFoundError('ticket', { ticketId });
  return t;
}

export async function getTicket(caller: Caller, ticketId: string): Promise<TicketView> {
  return fullView(await ticketFor(caller, ticketId));
}

export async function myTickets(caller: Caller): Promise<{ items: TicketView[] }> {
  const tickets = await repo.ticketsOfAccount(caller.userId, clinicDate(new Date()));
  return { items: await Promise.all(tickets.map(fullView)) };
}

export async function queueTickets(caller: Caller, queueId: string): Promise<{ items: StaffTicketView[] }> {
  const today = clinicDate(new Date());
  const queue = await queueInfo(queueId, today);
  sameClinic(caller, queue.clinicId);
  const [tickets, state] = await Promise.all([repo.ticketsOfDay(queueId, today), repo.getState(queueId, today)]);
  const order = tickets.filter((t) => t.status === 'waiting').sort((a, b) => a.seq - b.seq || a.number - b.number);
  const position = new Map(order.map((t, i) => [t.id, i]));
  return {
    items: tickets
      .sort((a, b) => a.seq - b.seq || a.number - b.number)
      .map((t) => ({
        ...ticketView(t, state, position.get(t.id) ?? 0),
        vip: t.vip,
        tags: t.tags,
        visitCount: t.visitCount,
      })),
  };
}

export async function callNext(caller: Caller, queueId: string, room: string): Promise<TicketView> {
  const today = clinicDate(new Date());
  const queue = await queueInfo(queueId, today);
  sameClinic(caller, queue.clinicId);
  const t = await repo.callNext(queueId, today, room, new Date().toISOString());
  return fullView(t);
}

async function staffTicket(caller: Caller, ticketId: string): Promise<TicketRecord> {
  const t = await repo.getTicket(ticketId);
  if (!t) throw new NotFoundError('ticket', { ticketId });
  sameClinic(caller, t.clinicId);
  return t;
}

export async function recall(caller: Caller, ticketId: string): Promise<TicketView> {
  const t = await staffTicket(caller, ticketId);
  return fullView(await repo.recall(t, new Date().toISOString()));
}

export async function skip(caller: Caller, ticketId: string): Promise<TicketView> {
  const t = await staffTicket(caller, ticketId);
  return fullView(await repo.setStatus(t, ['waiting', 'called'], 'skipped'));
}

export async function returnToQueue(caller: Caller, ticketId: string): Promise<TicketView> {
  const t = await staffTicket(caller, ticketId);
  if (t.status !== 'skipped') throw new AppError('TICKET_STATE', '只有过号的患者可以回到队列');
  return fullView(await requeue(t));
}

export async function complete(caller: Caller, ticketId: string): Promise<TicketView> {
  const t = await staffTicket(caller, ticketId);
  const now = new Date();
  const serviceMs = t.calledAt ? Math.max(0, now.getTime() - Date.parse(t.calledAt)) : 0;
  return fullView(
    await repo.setStatus(t, ['called', 'serving'], 'done', { completedAt: now.toISOString(), serviceMs }),
  );
}

const boardCache = new Map<string, { at: number; view: BoardView }>();
/** Screens poll every 3 s; one container answers a queue's board from memory for this long. */
const BOARD_CACHE_MS = 1000;

/** The waiting-room screen: numbers and masked names only, never phone, full name or patient id. */
export async function board(queueId: string): Promise<BoardView> {
  const hit = boardCache.get(queueId);
  if (hit && Date.now() - hit.at < BOARD_CACHE_MS) return hit.view;
  const today = clinicDate(new Date());
  const [dept, state, next, count] = await Promise.all([
    getDepartment(queueId),
    repo.getState(queueId, today),
    repo.waiting(queueId, today, 5),
    repo.waitingCount(queueId, today),
  ]);
  if (!dept) throw new NotFoundError('queue', { queueId });
  const now = state?.nowServing;
  const view: BoardView = {
    queueId,
    departmentName: dept.name,
    date: today,
    nowServing: now
      ? {
          displayNumber: now.displayNumber,
          maskedName: now.maskedName,
          room: now.room,
          calledAt: now.calledAt,
          callSeq: now.callSeq,
        }
      : null,
    next: next.map((t) => ({ displayNumber: t.displayNumber, maskedName: t.maskedName })),
    waiting: count,
  };
  boardCache.set(queueId, { at: Date.now(), view });
  return view;
}
