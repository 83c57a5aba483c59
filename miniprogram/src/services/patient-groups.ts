import { routes } from '@shared/routes';
import type { ListResult } from '@shared/schemas/common';
import type {
  GroupKey,
  GroupMemberView,
  GroupMonthView,
  GroupRemindersResult,
  GroupRunView,
  GroupSettings,
  GroupSettingsView,
  GroupTasksResult,
  ReminderPreview,
} from '@shared/schemas/patient-groups';
import { call } from './request';

/** A month's group cards of the caller's clinic, with the month before's counts. */
export function listGroups(month: string): Promise<GroupMonthView> {
  return call(routes.patientGroups, { query: { month } });
}

export function groupMembers(
  group: GroupKey,
  month: string,
  view: 'due' | 'returned',
  cursor?: string,
): Promise<ListResult<GroupMemberView>> {
  return call(routes.groupMembers, { params: { group }, query: { month, view, limit: 20, cursor } });
}

export function createGroupTasks(group: GroupKey, month: string): Promise<GroupTasksResult> {
  return call(routes.createGroupTasks, { params: { group }, body: { month } });
}

export function reminderPreview(group: GroupKey, month: string): Promise<ReminderPreview> {
  return call(routes.groupReminderPreview, { params: { group }, query: { month } });
}

export function sendGroupReminders(group: GroupKey, month: string): Promise<GroupRemindersResult> {
  return call(routes.sendGroupReminders, { params: { group }, body: { month } });
}

export function runGrouping(): Promise<GroupRunView> {
  return call(routes.runPatientGrouping, { body: {} });
}

export function groupSettings(): Promise<GroupSettingsView> {
  return call(routes.groupSettings);
}

export function saveGroupSettings(s: GroupSettings): Promise<GroupSettingsView> {
  return call(routes.updateGroupSettings, { body: s });
}
