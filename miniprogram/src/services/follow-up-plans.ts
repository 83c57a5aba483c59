import { routes } from '@shared/routes';
import type { Category } from '@shared/schemas/common';
import type { FollowUpPlanView, PlanRow } from '@shared/schemas/follow-ups';
import { call } from './request';

/** The caller's clinic's follow-up plan, category by category. */
export function followUpPlans(): Promise<{ items: FollowUpPlanView[] }> {
  return call(routes.followUpPlans);
}

/** Managers: replace a category's rows. */
export function saveFollowUpPlan(category: Category, rows: PlanRow[]): Promise<FollowUpPlanView> {
  return call(routes.updateFollowUpPlan, { params: { category }, body: { rows } });
}
