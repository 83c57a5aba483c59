import { callNextInput, walkInInput } from '../../shared/schemas/visit-day';
import { endpoint, Reply } from '../lib/http';
import * as queue from './queue-service';

export const handlers = {
  checkIn: endpoint({
    run: async ({ caller, params }) => {
      const { ticket, created } = await queue.checkIn(caller!, params.appointmentId ?? '');
      return new Reply(created ? 201 : 200, ticket);
    },
  }),
  walkIn: endpoint({
    body: walkInInput,
    status: 201,
    idempotent: true,
    run: ({ caller, params, body }) => queue.walkIn(caller!, params.queueId ?? '', body.patientId),
  }),
  queueTickets: endpoint({ run: ({ caller, params }) => queue.queueTickets(caller!, params.queueId ?? '') }),
  board: endpoint({ run: ({ params }) => queue.board(params.queueId ?? '') }),
  callNext: endpoint({
    body: callNextInput,
    run: ({ caller, params, body }) => queue.callNext(caller!, params.queueId ?? '', body.room),
  }),
  getTicket: endpoint({ run: ({ caller, params }) => queue.getTicket(caller!, params.ticketId ?? '') }),
  myTickets: endpoint({ run: ({ caller }) => queue.myTickets(caller!) }),
  recall: endpoint({ run: ({ caller, params }) => queue.recall(caller!, params.ticketId ?? '') }),
  skip: endpoint({ run: ({ caller, params }) => queue.skip(caller!, params.ticketId ?? '') }),
  requeue: endpoint({ run: ({ caller, params }) => queue.returnToQueue(caller!, params.ticketId ?? '') }),
  complete: endpoint({ run: ({ caller, params }) => queue.complete(caller!, params.ticketId ?? '') }),
};
