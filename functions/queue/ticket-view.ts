import { etaMinutes, serviceMinutes } from '../../shared/queue-rules';
import type { StaffTicketView, TicketView } from '../../shared/schemas/visit-day';
import { getState, type QueueState } from './queue-repository';
import { type TicketRecord, waitingCount } from './ticket-repository';

/**
 * A ticket as its patient sees it: who is ahead, the wait, and the number being called. Their own
 * number shows as being called only while it is (a waiting ticket is never told it is served).
 */
export function ticketView(t: TicketRecord, state: QueueState | undefined, ahead: number): TicketView {
  const serving = state?.nowServing;
  return {
    id: t.id,
    queueId: t.queueId,
    clinicId: t.clinicId,
    clinicName: t.clinicName ?? '',
    departmentName: t.departmentName,
    date: t.date,
    number: t.number,
    displayNumber: t.displayNumber,
    status: t.status,
    ahead: t.status === 'waiting' ? ahead : 0,
    nowServing: serving && (serving.ticketId !== t.id || t.status === 'called') ? serving.displayNumber : null,
    etaMinutes: t.status === 'waiting' ? etaMinutes(ahead, serviceMinutes(state)) : 0,
    room: t.room,
    calledAt: t.calledAt,
    patientId: t.patientId,
    patientName: t.patientName,
    appointmentId: t.appointmentId,
  };
}

export function staffTicketView(t: TicketRecord, state: QueueState | undefined, ahead: number): StaffTicketView {
  return { ...ticketView(t, state, ahead), vip: t.vip, tags: t.tags, visitCount: t.visitCount };
}

/** A ticket's view with its queue's state and, while it waits, how many are ahead (read together). */
export async function fullView(t: TicketRecord): Promise<TicketView> {
  const [state, ahead] = await Promise.all([
    getState(t.queueId, t.date),
    t.status === 'waiting' ? waitingCount(t.queueId, t.date, t) : Promise.resolve(0),
  ]);
  return ticketView(t, state, ahead);
}
