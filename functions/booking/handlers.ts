import { routes } from '../../shared/routes';
import { pageQuery } from '../../shared/schemas/common';
import { bookInput, createSlotsInput, dayAppointmentsQuery, slotQuery } from '../../shared/schemas/visit-day';
import { creating, endpoint } from '../lib/http';
import { keptInIdempotencyTable } from '../lib/idempotency';
import * as booking from './booking-service';

export const handlers = {
  createSlots: creating(routes.createSlots, {
    keptBy: keptInIdempotencyTable,
    body: createSlotsInput,
    run: ({ ctx, body }) => booking.createSlots(ctx, body),
  }),
  closeSlot: endpoint(routes.closeSlot, { run: ({ ctx, params }) => booking.closeSlot(ctx, params.slotId) }),
  listSlots: endpoint(routes.listSlots, { query: slotQuery, run: ({ ctx, query }) => booking.listSlots(ctx, query) }),
  book: creating(routes.book, {
    body: bookInput,
    keyInTransaction: true,
    run: ({ ctx, body }) => booking.book(ctx, body),
  }),
  myAppointments: endpoint(routes.myAppointments, {
    query: pageQuery,
    run: ({ ctx, query }) => booking.myAppointments(ctx, query),
  }),
  dayAppointments: endpoint(routes.dayAppointments, {
    query: dayAppointmentsQuery,
    run: ({ ctx, query }) => booking.dayAppointments(ctx, query),
  }),
  cancel: endpoint(routes.cancel, { run: ({ ctx, params }) => booking.cancel(ctx, params.appointmentId) }),
};
