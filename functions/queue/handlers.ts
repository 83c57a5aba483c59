import { routes } from '../../shared/routes';
import { pageQuery } from '../../shared/schemas/common';
import { callNextInput, walkInInput } from '../../shared/schemas/visit-day';
import { creating, endpoint, Reply } from '../lib/http';
import { keptInIdempotencyTable } from '../lib/idempotency';
import { pageOfList } from '../lib/paging';
import * as checkins from './checkin-service';
import * as queue from './queue-service';

export const handlers = {
  checkIn: endpoint(routes.checkIn, {
    overlapsActiveCheck: true,
    run: async ({ ctx, params }) => {
      const { ticket, created } = await checkins.checkIn(ctx, params.appointmentId);
      return new Reply(created ? 201 : 200, ticket);
    },
  }),
  walkIn: creating(routes.walkIn, {
    keptBy: keptInIdempotencyTable,
    body: walkInInput,
    run: async ({ ctx, params, body }) => {
      // A patient already holding a number in this queue today keeps it: 200 with that ticket.
      const { ticket, created } = await checkins.walkIn(ctx, params.queueId, body.patientId);
      return new Reply(created ? 201 : 200, ticket);
    },
  }),
  queueTickets: endpoint(routes.queueTickets, {
    query: pageQuery,
    run: ({ ctx, params, query }) => queue.queueTickets(ctx, params.queueId, query),
  }),
  board: endpoint(routes.board, { run: ({ ctx, params }) => queue.board(ctx.now, params.queueId) }),
  callNext: endpoint(routes.callNext, {
    body: callNextInput,
    run: ({ ctx, params, body }) => queue.callNext(ctx, params.queueId, body.room),
  }),
  getTicket: endpoint(routes.getTicket, {
    overlapsActiveCheck: true,
    run: ({ ctx, params }) => queue.getTicketView(ctx, params.ticketId),
  }),
  myTickets: endpoint(routes.myTickets, {
    query: pageQuery,
    run: async ({ ctx, query }) => pageOfList('myTickets', await queue.myTickets(ctx), query),
  }),
  recall: endpoint(routes.recall, { run: ({ ctx, params }) => queue.recall(ctx, params.ticketId) }),
  skip: endpoint(routes.skip, { run: ({ ctx, params }) => queue.skip(ctx, params.ticketId) }),
  requeue: endpoint(routes.requeue, { run: ({ ctx, params }) => queue.returnToQueue(ctx, params.ticketId) }),
  complete: endpoint(routes.complete, { run: ({ ctx, params }) => queue.complete(ctx, params.ticketId) }),
};
