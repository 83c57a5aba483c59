import type { ListResult } from '@shared/schemas/common';
import type { BoardView, StaffTicketView, TicketView } from '@shared/schemas/visit-day';
import { request } from './request';

const enc = encodeURIComponent;

export function getTicket(id: string): Promise<TicketView> {
  return request('GET', `/v1/tickets/${enc(id)}`);
}

/** Today's tickets of my profiles. */
export function myTickets(): Promise<ListResult<TicketView>> {
  return request('GET', '/v1/me/tickets');
}

/** Staff: today's queue of a department (queueId = department id). */
export function queueTickets(queueId: string): Promise<ListResult<StaffTicketView>> {
  return request('GET', `/v1/queues/${enc(queueId)}/tickets`);
}

export function callNext(queueId: string, room: string): Promise<TicketView> {
  return request('POST', `/v1/queues/${enc(queueId)}/call-next`, { room });
}

export type TicketAction = 'recall' | 'skip' | 'return' | 'complete';

export function ticketAction(id: string, action: TicketAction): Promise<TicketView> {
  return request('POST', `/v1/tickets/${enc(id)}/${action}`, {});
}

/** Staff: a number for a patient who came without an appointment. */
export function walkIn(queueId: string, patientId: string): Promise<TicketView> {
  return request('POST', `/v1/queues/${enc(queueId)}/tickets`, { patientId });
}

/** Public: the waiting-room screen's view of a queue. */
export function getBoard(queueId: string): Promise<BoardView> {
  return request('GET', `/v1/queues/${enc(queueId)}/board`);
}
