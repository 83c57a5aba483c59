import { bookInput, createSlotsInput, dayAppointmentsQuery, slotQuery } from '../../shared/schemas/visit-day';
import { endpoint } from '../lib/http';
import * as booking from './booking-service';

export const handlers = {
  createSlots: endpoint({
    body: createSlotsInput,
    status: 201,
    run: ({ caller, body }) => booking.createSlots(caller!, body),
  }),
  closeSlot: endpoint({ run: ({ caller, params }) => booking.closeSlot(caller!, params.slotId ?? '') }),
  listSlots: endpoint({ query: slotQuery, run: ({ query }) => booking.listSlots(query.departmentId, query.date) }),
  book: endpoint({
    body: bookInput,
    status: 201,
    idempotent: true,
    run: ({ caller, body }) => booking.book(caller!, body),
  }),
  myAppointments: endpoint({ run: ({ caller }) => booking.myAppointments(caller!) }),
  dayAppointments: endpoint({
    query: dayAppointmentsQuery,
    run: ({ query }) => booking.dayAppointments(query.departmentId, query.date),
  }),
  cancel: endpoint({ run: ({ caller, params }) => booking.cancel(caller!, params.appointmentId ?? '') }),
};
