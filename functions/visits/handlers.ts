import { completeVisitInput } from '../../shared/schemas/visit-day';
import { endpoint } from '../lib/http';
import * as visits from './visit-service';

export const handlers = {
  completeVisit: endpoint({
    body: completeVisitInput,
    status: 201,
    idempotent: true,
    run: ({ caller, body }) => visits.completeVisit(caller!, body),
  }),
  patientVisits: endpoint({
    run: ({ caller, params, requestId }) => visits.patientVisits(caller!, params.patientId ?? '', requestId),
  }),
};
