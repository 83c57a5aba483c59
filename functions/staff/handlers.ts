import { routes } from '../../shared/routes';
import { bindStaffInput, createStaffInput, handOverInput } from '../../shared/schemas/auth';
import { clinicPageQuery } from '../../shared/schemas/clinic-scope';
import { creating, endpoint } from '../lib/http';
import { keptInIdempotencyTable } from '../lib/idempotency';
import { deactivateStaff } from './deactivation-service';
import { handOver, handOverPreview } from './handover-service';
import { bindStaff, createInvite, createStaff, listStaff } from './staff-service';

export const handlers = {
  createStaff: creating(routes.createStaff, {
    keptBy: keptInIdempotencyTable,
    body: createStaffInput,
    run: ({ ctx, body }) => createStaff(ctx, body),
  }),
  createInvite: creating(routes.createInvite, {
    keptBy: keptInIdempotencyTable,
    run: ({ ctx, params }) => createInvite(ctx, params.staffId),
  }),
  bindStaff: endpoint(routes.bindStaff, { body: bindStaffInput, run: ({ ctx, body }) => bindStaff(ctx, body.code) }),
  listStaff: endpoint(routes.listStaff, {
    query: clinicPageQuery,
    run: ({ ctx, query }) => listStaff(ctx, query),
  }),
  deactivateStaff: endpoint(routes.deactivateStaff, { run: ({ ctx, params }) => deactivateStaff(ctx, params.staffId) }),
  handOverPreview: endpoint(routes.handOverPreview, { run: ({ ctx, params }) => handOverPreview(ctx, params.staffId) }),
  handOverStaff: creating(routes.handOverStaff, {
    keptBy: keptInIdempotencyTable,
    body: handOverInput,
    run: ({ ctx, params, body }) => handOver(ctx, params.staffId, body.toStaffId),
  }),
};
