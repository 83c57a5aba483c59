import { routes } from '../../shared/routes';
import { pageQuery } from '../../shared/schemas/common';
import {
  applyHisEventInput,
  hisCredentialInput,
  hisDocumentNo,
  hisEventInput,
  hisEventsQuery,
} from '../../shared/schemas/his';
import { completeVisitInput } from '../../shared/schemas/visit-day';
import { creating, endpoint } from '../lib/http';
import { keptInIdempotencyTable } from '../lib/idempotency';
import { authenticateHis } from './his-auth';
import * as review from './his-review-service';
import * as his from './his-service';
import * as visits from './visit-service';

export const handlers = {
  completeVisit: creating(routes.completeVisit, {
    keptBy: keptInIdempotencyTable,
    body: completeVisitInput,
    run: ({ ctx, body }) => visits.completeVisit(ctx, body),
  }),
  patientVisits: endpoint(routes.patientVisits, {
    query: pageQuery,
    run: ({ ctx, params, query }) => visits.patientVisits(ctx, params.patientId, query),
  }),
  hisCredential: endpoint(routes.hisCredential, {
    body: hisCredentialInput,
    status: 201,
    run: ({ ctx, body }) => his.createHisCredential(ctx, body),
  }),
  hisEvents: endpoint(routes.hisEvents, {
    body: hisEventInput,
    verify: ({ headers, rawText, now }) => authenticateHis(headers, rawText, now),
    run: ({ ctx, body, verified }) => his.receiveHisEvent(ctx, body, verified ?? ''),
  }),
  listHisEvents: endpoint(routes.listHisEvents, {
    query: hisEventsQuery,
    run: ({ ctx, query }) => his.listHisEvents(ctx, query),
  }),
  applyHisEvent: endpoint(routes.applyHisEvent, {
    params: { documentNo: hisDocumentNo },
    body: applyHisEventInput,
    run: ({ ctx, params, body }) => review.applyHisEvent(ctx, params.documentNo, body),
  }),
};
