import { routes } from '@shared/routes';
import type { ListResult } from '@shared/schemas/common';
import type { BoardView, StaffTicketView, TicketView } from '@shared/schemas/visit-day';
import { call, callAll } from './request';

export function getTicket(ticketId: string): Promise<TicketView> {
  return call(routes.getTicket, { params: { ticketId } });
}

/** Today's tickets of my profiles. */
export function myTickets(): Promise<ListResult<TicketView>> {
  return call(routes.myTickets);
}

/** Staff: today's queue of a department (queueId = department id). */
export function queueTickets(queueId: string): Promise<ListResult<StaffTicketView>> {
  return callAll(routes.queueTickets, { params: { queueId } });
}

export function callNext(queueId: string, room: string): Promise<TicketView> {
  return call(routes.callNext, { params: { queueId }, body: { room } });
}

const actionRoutes = {
  recall: routes.recall,
  skip: routes.skip,
  return: routes.requeue,
  complete: routes.complete,
} as const;
export type TicketAction = keyof typeof actionRoutes;

export function ticketAction(ticketId: string, action: TicketAction): Promise<TicketView> {
  return call(actionRoutes[action], { params: { ticketId } });
}

/** Staff: a number for a patient who came without an appointment (the ticket held comes back if any). */
export function walkIn(queueId: string, patientId: string): Promise<TicketView> {
  return call(routes.walkIn, { params: { queueId }, body: { patientId } });
}

/** Public: the waiting-room screen's view of a queue. */
export function getBoard(queueId: string): Promise<BoardView> {
  return call(routes.board, { params: { queueId } });
}
