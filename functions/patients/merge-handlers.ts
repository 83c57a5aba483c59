import { routes } from '../../shared/routes';
import { mergePatientsInput, mergePreviewQuery } from '../../shared/schemas/merge';
import { creating, endpoint } from '../lib/http';
import { keptInIdempotencyTable } from '../lib/idempotency';
import { mergePatients, mergePreview } from './merge-service';

/** Issue 10, merge: the side-by-side view and the merge itself (managers). */
export const mergeHandlers = {
  mergePreview: endpoint(routes.mergePreview, {
    query: mergePreviewQuery,
    run: ({ ctx, params, query }) => mergePreview(ctx, params.patientId, query.with),
  }),
  mergePatients: creating(routes.mergePatients, {
    keptBy: keptInIdempotencyTable,
    body: mergePatientsInput,
    run: ({ ctx, body }) => mergePatients(ctx, body),
  }),
};
