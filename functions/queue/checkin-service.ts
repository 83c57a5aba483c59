import { clinicDate } from '../../shared/dates';
import { AppError, NotFoundError } from '../../shared/errors';
import { maskName } from '../../shared/mask';
import { displayNumber, firstSeq } from '../../shared/queue-rules';
import type { TicketView } from '../../shared/schemas/visit-day';
import {
  AlreadyCheckedInError,
  type AppointmentRecord,
  checkedInWrite,
  claimAppointment,
  getAppointment,
} from '../booking/booking-repository';
import { appointmentFor } from '../booking/booking-service';
import type { Ctx } from '../lib/context';
import { newId } from '../lib/ids';
import { commit, type Write, write } from '../lib/transact';
import { attributionOf } from '../patients/patient-record';
import { getPatient, type PatientRecord, requirePatient } from '../patients/patient-repository';
import { counterWrites } from '../stats/counter-repository';
import { drawNumber, type QueueInfo } from './queue-repository';
import { isQueueStaff, queueInfo, requeue, requireClinic } from './queue-service';
import {
  ArrivalCountedError,
  arrivalCounted,
  getTicket,
  HoldsTicketError,
  newTicketWrites,
  openTicketOf,
  putVoidTicket,
  type TicketRecord,
  ticketIdFor,
} from './ticket-repository';
import { fullView } from './ticket-view';

type Issued = { ticket: TicketView; created: boolean };

/** The ticket a patient already holds, answered again; a missed patient goes back into the queue. */
async function answerHeld(ticketId: string): Promise<Issued> {
  const t = await getTicket(ticketId);
  if (!t) throw new AppError('REQUEST_IN_PROGRESS', '正在取号，请稍候再试');
  return { ticket: await fullView(t.status === 'skipped' ? await requeue(t) : t), created: false };
}

/**
 * Issues the next number. The number is drawn atomically, then the ticket, the patient's place in
 * this queue, the appointment's check-in and (on the first arrival at the clinic today) the arrival
 * counters are written in one transaction. If it cannot land, the number is kept as a void ticket:
 * the day's numbers stay without gaps.
 */
async function issueTicket(
  queue: QueueInfo,
  p: PatientRecord,
  now: Date,
  appointment?: { id: string; claimId: string },
): Promise<TicketRecord> {
  const counted = await arrivalCounted(queue.clinicId, queue.date, p.id);
  const number = await drawNumber(queue);
  const ticket: TicketRecord = {
    id: ticketIdFor(queue.queueId, queue.date, number),
    queueId: queue.queueId,
    clinicId: queue.clinicId,
    clinicName: queue.clinicName,
    departmentName: queue.departmentName,
    date: queue.date,
    number,
    displayNumber: displayNumber(queue.prefix, number),
    seq: firstSeq(number),
    status: 'waiting',
    patientId: p.id,
    patientName: p.name,
    maskedName: maskName(p.name),
    accountId: p.accountId,
    appointmentId: appointment?.id,
    vip: p.tags.some((t) => t.toUpperCase() === 'VIP'),
    tags: p.tags,
    visitCount: p.visitCount ?? 0,
    createdAt: now.toISOString(),
  };
  for (let countArrival = !counted; ; countArrival = false) {
    const writes: Write[] = [...newTicketWrites(ticket, countArrival)];
    if (appointment) writes.push(checkedInWrite(appointment.id, ticket.id, appointment.claimId));
    if (countArrival) {
      writes.push(...counterWrites(attributionOf(p, queue.clinicId), queue.date, { arrivals: 1 }).map((i) => write(i)));
    }
    try {
      await commit(writes, { contentionMessage: '签到人数较多，请稍后重试' });
      return ticket;
    } catch (e) {
      // A check-in in another department counted today's arrival a moment ago: count none.
      if (e instanceof ArrivalCountedError && countArrival) continue;
      await putVoidTicket(ticket);
      throw e;
    }
  }
}

/** Another check-in of this appointment is drawing its number: wait for its ticket. */
async function checkedInTicket(appointmentId: string): Promise<Issued> {
  for (let i = 0; i < 50; i++) {
    const fresh = await getAppointment(appointmentId, true);
    if (fresh?.ticketId) return answerHeld(fresh.ticketId);
    if (fresh?.status !== 'booked') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new AppError('REQUEST_IN_PROGRESS', '正在签到，请稍候再试');
}

/** The appointment joins the ticket its patient already holds in that queue today. */
async function joinHeld(a: AppointmentRecord, claimId: string, ticketId: string): Promise<Issued> {
  try {
    await commit([checkedInWrite(a.id, ticketId, claimId)]);
  } catch (e) {
    if (e instanceof AlreadyCheckedInError) return checkedInTicket(a.id);
    throw e;
  }
  return answerHeld(ticketId);
}

/**
 * Checks an appointment in on its day: a number in the department's queue. Checking in again
 * answers the same ticket (and puts a missed patient back in the queue); a patient who already
 * holds a number there (a walk-in) keeps it.
 */
export async function checkIn({ caller, now }: Ctx, appointmentId: string): Promise<Issued> {
  const staff = isQueueStaff(caller);
  const a = staff ? await getAppointment(appointmentId) : await appointmentFor(caller, appointmentId);
  if (!a) throw new NotFoundError('appointment', { appointmentId });
  if (staff && a.accountId !== caller.userId)
    requireClinic(caller, a.clinicId, () => new NotFoundError('appointment', { appointmentId }));
  if (a.ticketId) return answerHeld(a.ticketId);
  if (a.status === 'cancelled') throw new AppError('TICKET_STATE', '该预约已取消，不能签到');
  if (a.status !== 'booked') throw new AppError('TICKET_STATE', '该预约已完成');
  const today = clinicDate(now);
  if (a.date !== today) throw new AppError('TICKET_STATE', `请在预约当天（${a.date}）签到`, { date: a.date });
  const [patient, queue] = await Promise.all([getPatient(a.patientId), queueInfo(a.departmentId, today)]);
  if (!patient) throw new NotFoundError('patient', { patientId: a.patientId });
  const claimId = newId('cl');
  if (!(await claimAppointment(a.id, claimId, now.getTime()))) return checkedInTicket(a.id);
  const held = await openTicketOf(queue.queueId, today, patient.id);
  if (held) return joinHeld(a, claimId, held);
  try {
    const t = await issueTicket(queue, patient, now, { id: a.id, claimId });
    return { ticket: await fullView(t), created: true };
  } catch (e) {
    if (e instanceof HoldsTicketError) return joinHeld(a, claimId, e.ticketId);
    if (e instanceof AlreadyCheckedInError) return checkedInTicket(a.id);
    throw e;
  }
}

/** A walk-in patient (their record found or entered by the front desk) takes a number, or keeps the one they hold. */
export async function walkIn({ caller, now }: Ctx, queueId: string, patientId: string): Promise<Issued> {
  const queue = await queueInfo(queueId, clinicDate(now));
  requireClinic(caller, queue.clinicId, () => new NotFoundError('queue', { queueId }));
  // An old id of a merged record takes a number for the record it was merged into.
  const patient = await requirePatient(patientId);
  const held = await openTicketOf(queue.queueId, queue.date, patient.id);
  if (held) return answerHeld(held);
  try {
    return { ticket: await fullView(await issueTicket(queue, patient, now)), created: true };
  } catch (e) {
    if (e instanceof HoldsTicketError) return answerHeld(e.ticketId);
    throw e;
  }
}
