import { clinicDate } from '../../shared/dates';
import { AppError, NotFoundError } from '../../shared/errors';
import { maskName } from '../../shared/mask';
import { displayNumber, firstSeq } from '../../shared/queue-rules';
import { actsIn, isGroupAdmin } from '../../shared/roles';
import type { TicketView } from '../../shared/schemas/visit-day';
import { alongsideActiveCheck } from '../auth/active-caller';
import {
  AlreadyCheckedInError,
  type AppointmentRecord,
  type CheckInScope,
  checkedInWrite,
  claimForCheckIn,
  getAppointment,
  releaseClaim,
} from '../booking/booking-repository';
import { getEach } from '../lib/batch';
import type { Ctx } from '../lib/context';
import { newId } from '../lib/ids';
import type { Caller } from '../lib/tokens';
import { commit, type Write, write } from '../lib/transact';
import { attributionOf } from '../patients/patient-record';
import { type PatientRecord, patientKey, requirePatient } from '../patients/patient-repository';
import { counterWrites, SHARDS } from '../stats/counter-repository';
import { queueInfo } from './queue-definitions';
import { drawNumber, type QueueInfo } from './queue-repository';
import { isQueueStaff, requeue, requireClinic } from './queue-service';
import {
  ArrivalCountedError,
  arrivalCounted,
  getTicket,
  guardKeys,
  guardsRead,
  HoldsTicketError,
  newTicketWrites,
  openTicketOf,
  putVoidTicket,
  type TicketRecord,
  ticketIdFor,
  voidTicketWrite,
  waitingCount,
} from './ticket-repository';
import { fullView, ticketView } from './ticket-view';

type Issued = { ticket: TicketView; created: boolean };

/** The ticket a patient already holds, answered again; a missed patient goes back into the queue. */
async function answerHeld(ticketId: string): Promise<Issued> {
  const t = await getTicket(ticketId);
  if (!t) throw new AppError('REQUEST_IN_PROGRESS', '正在取号，请稍候再试');
  return { ticket: await fullView(t.status === 'skipped' ? await requeue(t) : t), created: false };
}

/** A drawn number's ticket for a patient (void when no patient could take it). */
function ticketOf(queue: QueueInfo, number: number, now: Date, p: PatientRecord, appointmentId?: string): TicketRecord {
  return {
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
    appointmentId,
    vip: p.tags.some((t) => t.toUpperCase() === 'VIP'),
    tags: p.tags,
    visitCount: p.visitCount ?? 0,
    createdAt: now.toISOString(),
  };
}

/** The ticket record of a number drawn for an appointment whose patient then took none (written as void). */
function voidOf(queue: QueueInfo, number: number, now: Date, patientId: string): TicketRecord {
  const nobody = { id: patientId, name: '', tags: [], visitCount: 0 } as unknown as PatientRecord;
  return ticketOf(queue, number, now, nobody);
}

/**
 * Writes a drawn number's ticket, the patient's place in this queue, the appointment's check-in and
 * (on the first arrival at the clinic today) the arrival counters in one transaction. If it cannot
 * land, the number is kept as a void ticket: the day's numbers stay without gaps.
 */
async function landTicket(
  ticket: TicketRecord,
  p: PatientRecord,
  counted: boolean,
  appointment?: { id: string; claimId: string },
): Promise<void> {
  for (let countArrival = !counted; ; countArrival = false) {
    const writes: Write[] = [...newTicketWrites(ticket, countArrival)];
    if (appointment) writes.push(checkedInWrite(appointment.id, ticket.id, appointment.claimId));
    if (countArrival) {
      // The shard by number, not at random: check-ins drawn one after another never meet on one counter item.
      const shard = ticket.number % SHARDS;
      const counters = counterWrites(attributionOf(p, ticket.clinicId), ticket.date, { arrivals: 1 }, shard);
      writes.push(...counters.map((i) => write(i)));
    }
    try {
      await commit(writes, { contentionMessage: '签到人数较多，请稍后重试' });
      return;
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

/** The appointment joins the ticket its patient already holds in that queue today (with any number it drew, void). */
async function joinHeld(a: AppointmentRecord, claimId: string, ticketId: string, extra: Write[] = []): Promise<Issued> {
  try {
    await commit([checkedInWrite(a.id, ticketId, claimId), ...extra]);
  } catch (e) {
    if (e instanceof AlreadyCheckedInError) return checkedInTicket(a.id);
    throw e;
  }
  return answerHeld(ticketId);
}

/** Who may check in through `caller`: their own appointments, and as queue staff their clinic's (or all). */
function checkInScope(caller: Caller): CheckInScope {
  if (!isQueueStaff(caller)) return { accountId: caller.userId };
  return {
    accountId: caller.userId,
    staffOf: isGroupAdmin(caller) ? 'any clinic' : { clinicId: caller.clinicId ?? '' },
  };
}

/** Why a claim was refused, in the order the rules are told: missing or not theirs, checked in, cancelled, done, another day. */
function refusedClaim(caller: Caller, appointmentId: string, a: AppointmentRecord | undefined, today: string) {
  const mayCheckIn = a && (a.accountId === caller.userId || (isQueueStaff(caller) && actsIn(caller, a.clinicId)));
  if (!a || !mayCheckIn) throw new NotFoundError('appointment', { appointmentId });
  if (a.ticketId) return answerHeld(a.ticketId);
  if (a.status === 'cancelled') throw new AppError('TICKET_STATE', '该预约已取消，不能签到');
  if (a.status !== 'booked') throw new AppError('TICKET_STATE', '该预约已完成');
  if (a.date !== today) throw new AppError('TICKET_STATE', `请在预约当天（${a.date}）签到`, { date: a.date });
  return checkedInTicket(a.id);
}

const value = <T>(r: PromiseSettledResult<T>): T | undefined => (r.status === 'fulfilled' ? r.value : undefined);

/**
 * Checks an appointment in on its day: a number in the department's queue. Checking in again
 * answers the same ticket (and puts a missed patient back in the queue); a patient who already
 * holds a number there (a walk-in) keeps it. Three round trips: the claim (the rules are its
 * condition); the patient and their guards (one BatchGetItem) beside the number drawn; the ticket's
 * transaction beside the count of those ahead. No read-then-write is left to race: the claim, the
 * atomic draw and the transaction's conditions keep one number per appointment and no gaps.
 */
export async function checkIn(ctx: Ctx, appointmentId: string): Promise<Issued> {
  const { caller, now } = ctx;
  const today = clinicDate(now);
  const claimId = newId('cl');
  const claim = await alongsideActiveCheck(
    ctx,
    claimForCheckIn(appointmentId, claimId, now.getTime(), today, checkInScope(caller)),
    (c) => (c.claimed ? releaseClaim(appointmentId, claimId) : Promise.resolve()),
  );
  if (!claim.claimed) return refusedClaim(caller, appointmentId, claim.stored, today);
  const a = claim.appointment;
  // The number is drawn beside the reads: a patient who turns out to hold a ticket here leaves it void.
  const [readR, drawnR] = await Promise.allSettled([
    getEach([patientKey(a.patientId), ...guardKeys(a.departmentId, today, a.clinicId, a.patientId)]),
    queueInfo(a.departmentId, today, now).then(async (queue) => ({ queue, ...(await drawNumber(queue)) })),
  ]);
  const drawn = value(drawnR);
  const [patientItem, open, arrival] = value(readR) ?? [];
  const patient = patientItem as PatientRecord | undefined;
  const failed = [drawnR, readR].find((r) => r.status === 'rejected');
  if (failed || !patient || !drawn) {
    if (drawn) await putVoidTicket(voidOf(drawn.queue, drawn.number, now, a.patientId));
    await releaseClaim(a.id, claimId);
    if (failed) throw failed.reason;
    throw new NotFoundError('patient', { patientId: a.patientId });
  }
  const { queue, number, state } = drawn;
  const { held, counted } = guardsRead(open, arrival);
  if (held) return joinHeld(a, claimId, held, [voidTicketWrite(voidOf(queue, number, now, patient.id))]);
  const ticket = ticketOf(queue, number, now, patient, a.id);
  try {
    const [, ahead] = await Promise.all([
      landTicket(ticket, patient, counted, { id: a.id, claimId }),
      waitingCount(queue.queueId, today, ticket),
    ]);
    return { ticket: ticketView(ticket, state, ahead), created: true };
  } catch (e) {
    if (e instanceof HoldsTicketError) return joinHeld(a, claimId, e.ticketId);
    if (e instanceof AlreadyCheckedInError) return checkedInTicket(a.id);
    throw e;
  }
}

/** A walk-in patient (their record found or entered by the front desk) takes a number, or keeps the one they hold. */
export async function walkIn({ caller, now }: Ctx, queueId: string, patientId: string): Promise<Issued> {
  const queue = await queueInfo(queueId, clinicDate(now), now);
  requireClinic(caller, queue.clinicId, () => new NotFoundError('queue', { queueId }));
  // An old id of a merged record takes a number for the record it was merged into.
  const patient = await requirePatient(patientId);
  const held = await openTicketOf(queue.queueId, queue.date, patient.id);
  if (held) return answerHeld(held);
  const [counted, { number }] = await Promise.all([
    arrivalCounted(queue.clinicId, queue.date, patient.id),
    drawNumber(queue),
  ]);
  const ticket = ticketOf(queue, number, now, patient);
  try {
    await landTicket(ticket, patient, counted);
    return { ticket: await fullView(ticket), created: true };
  } catch (e) {
    if (e instanceof HoldsTicketError) return answerHeld(e.ticketId);
    throw e;
  }
}
