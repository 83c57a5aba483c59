import { groupRunBody } from '../schemas/clinic-scope';
import {
  groupActionInput,
  groupListQuery,
  groupMembersQuery,
  groupMonthQuery,
  groupSettingsQuery,
  updateGroupSettingsInput,
} from '../schemas/patient-groups';
import type { Contracts } from './types';
import { page } from './views/common';
import {
  groupMemberView,
  groupMonthView,
  groupRemindersResult,
  groupRunView,
  groupSettingsView,
  groupTasksResult,
  reminderPreview,
} from './views/groups';

/** Monthly patient groups (患者分组): cards, members, calls and reminders, settings, a run now. */
export const groupsContract = {
  patientGroups: {
    summary: '某月的患者分组及人数',
    query: groupListQuery,
    response: groupMonthView.extend({ nextCursor: page(groupMemberView).shape.nextCursor }),
  },
  groupMembers: { summary: '某分组的患者名单', query: groupMembersQuery, response: page(groupMemberView) },
  createGroupTasks: {
    summary: '为分组中待跟进的患者生成回访任务',
    body: groupActionInput,
    response: groupTasksResult,
    errors: ['CONFLICT', 'RATE_LIMITED'],
  },
  groupReminderPreview: {
    summary: '发送提醒前的预览：多少人会收到',
    query: groupMonthQuery,
    response: reminderPreview,
  },
  sendGroupReminders: {
    summary: '给分组中同意营销消息的患者发送提醒',
    body: groupActionInput,
    response: groupRemindersResult,
    errors: ['CONFLICT', 'RATE_LIMITED'],
  },
  groupSettings: { summary: '患者分组的间隔设置', query: groupSettingsQuery, response: groupSettingsView },
  updateGroupSettings: {
    summary: '修改患者分组的间隔设置',
    body: updateGroupSettingsInput,
    response: groupSettingsView,
  },
  runPatientGrouping: { summary: '立即为本月分组', body: groupRunBody, response: groupRunView },
} satisfies Contracts;
