import { routes } from '@shared/routes';
import type { ListResult } from '@shared/schemas/common';
import type { FollowUpListView, FollowUpView, OutcomeInput } from '@shared/schemas/follow-ups';
import { call } from './request';

/** 今日回访 / 逾期 / 我的 of the caller's clinic. */
export function listFollowUps(view: FollowUpListView): Promise<ListResult<FollowUpView>> {
  return call(routes.listFollowUps, { query: { view, limit: 50 } });
}

export function claimFollowUp(taskId: string): Promise<FollowUpView> {
  return call(routes.claimFollowUp, { params: { taskId } });
}

export function recordOutcome(taskId: string, input: OutcomeInput): Promise<FollowUpView> {
  return call(routes.recordFollowUpOutcome, { params: { taskId }, body: input });
}
