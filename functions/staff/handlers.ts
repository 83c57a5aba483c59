import * as z from 'zod';
import { bindStaffInput, createStaffInput } from '../../shared/schemas/auth';
import { endpoint } from '../lib/http';
import { bindStaff, createInvite, createStaff, listStaff } from './staff-service';

export const handlers = {
  createStaff: endpoint({
    body: createStaffInput,
    status: 201,
    idempotent: true,
    run: ({ caller, body }) => createStaff(caller!, body),
  }),
  createInvite: endpoint({ status: 201, run: ({ caller, params }) => createInvite(caller!, params.staffId ?? '') }),
  bindStaff: endpoint({ body: bindStaffInput, run: ({ caller, body }) => bindStaff(caller!, body.code) }),
  listStaff: endpoint({
    query: z.strictObject({ clinicId: z.string().max(40).optional() }),
    run: ({ caller, query }) => listStaff(caller!, query.clinicId),
  }),
};
