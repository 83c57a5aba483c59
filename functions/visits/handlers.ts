import { routes } from '../../shared/routes';
import { pageQuery } from '../../shared/schemas/common';
import { completeVisitInput } from '../../shared/schemas/visit-day';
import { creating, endpoint } from '../lib/http';
import * as visits from './visit-service';

export const handlers = {
  completeVisit: creating(routes.completeVisit, {
    body: completeVisitInput,
    run: ({ ctx, body }) => visits.completeVisit(ctx, body),
  }),
  patientVisits: endpoint(routes.patientVisits, {
    query: pageQuery,
    run: ({ ctx, params, query }) => visits.patientVisits(ctx, params.patientId, query),
  }),
};
