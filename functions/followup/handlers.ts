import { routes } from '../../shared/routes';
import { idParam } from '../../shared/schemas/common';
import { listFollowUpsQuery, outcomeInput, plansQuery, updatePlanInput } from '../../shared/schemas/follow-ups';
import { endpoint } from '../lib/http';
import { pageOfList } from '../lib/paging';
import { followUpPlans, updateFollowUpPlan } from './plan-service';
import { claimFollowUp, listFollowUps, outcomeRead, recordOutcome } from './task-service';

export const handlers = {
  followUpPlans: endpoint(routes.followUpPlans, {
    query: plansQuery,
    run: async ({ ctx, query }) => pageOfList('followUpPlans', await followUpPlans(ctx, query.clinicId), query),
  }),
  updateFollowUpPlan: endpoint(routes.updateFollowUpPlan, {
    body: updatePlanInput,
    run: ({ ctx, params, body }) => updateFollowUpPlan(ctx, params.category, body),
  }),
  listFollowUps: endpoint(routes.listFollowUps, {
    query: listFollowUpsQuery,
    run: ({ ctx, query }) => listFollowUps(ctx, query),
  }),
  claimFollowUp: endpoint(routes.claimFollowUp, {
    params: { taskId: idParam },
    run: ({ ctx, params }) => claimFollowUp(ctx, params.taskId),
  }),
  recordFollowUpOutcome: endpoint(routes.recordFollowUpOutcome, {
    params: { taskId: idParam },
    body: outcomeInput,
    // The task is read together with the caller check.
    prefetch: ({ params }) => outcomeRead(params.taskId),
    run: ({ ctx, params, body, prefetched }) => recordOutcome(ctx, params.taskId, body, prefetched),
  }),
};
