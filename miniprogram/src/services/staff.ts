import { routes } from '@shared/routes';
import type { CreateStaffInput, HandOverPreview, HandOverResult, InviteView, StaffView } from '@shared/schemas/auth';
import type { ListResult } from '@shared/schemas/common';
import { call, callAll } from './request';

/** Managers: the clinic's staff, every page. */
export function listStaff(): Promise<ListResult<StaffView>> {
  return callAll(routes.listStaff);
}

export function createStaff(input: CreateStaffInput): Promise<{ staff: StaffView; invite: InviteView }> {
  return call(routes.createStaff, { body: input });
}

export function newInvite(staffId: string): Promise<InviteView> {
  return call(routes.createInvite, { params: { staffId } });
}

/** 停用: the member's sign-in stops working at once. */
export function deactivateStaff(staffId: string): Promise<StaffView> {
  return call(routes.deactivateStaff, { params: { staffId } });
}

/** How many records and campaigns a hand-over of the member would move now. */
export function handOverPreview(staffId: string): Promise<HandOverPreview> {
  return call(routes.handOverPreview, { params: { staffId } });
}

export function handOver(staffId: string, toStaffId: string): Promise<HandOverResult> {
  return call(routes.handOverStaff, { params: { staffId }, body: { toStaffId } });
}
