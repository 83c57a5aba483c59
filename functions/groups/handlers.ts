import { routes } from '../../shared/routes';
import { groupRunBody } from '../../shared/schemas/clinic-scope';
import {
  groupActionInput,
  groupListQuery,
  groupMembersQuery,
  groupMonthQuery,
  groupSettingsQuery,
  updateGroupSettingsInput,
} from '../../shared/schemas/patient-groups';
import { creating, endpoint } from '../lib/http';
import { keptInIdempotencyTable } from '../lib/idempotency';
import { pageOfList } from '../lib/paging';
import { createGroupTasks, reminderPreview, runGrouping, sendGroupReminders } from './group-actions-service';
import { getGroupSettings, groupMembers, listGroups, updateGroupSettings } from './group-service';

export const handlers = {
  patientGroups: endpoint(routes.patientGroups, {
    query: groupListQuery,
    run: async ({ ctx, query: { limit, cursor, ...q } }) =>
      pageOfList('patientGroups', await listGroups(ctx, q), { limit, cursor }),
  }),
  groupMembers: endpoint(routes.groupMembers, {
    query: groupMembersQuery,
    run: ({ ctx, params, query }) => groupMembers(ctx, params.group, query),
  }),
  createGroupTasks: creating(routes.createGroupTasks, {
    keptBy: keptInIdempotencyTable,
    body: groupActionInput,
    run: ({ ctx, params, body }) => createGroupTasks(ctx, params.group, body ?? {}),
  }),
  groupReminderPreview: endpoint(routes.groupReminderPreview, {
    query: groupMonthQuery,
    run: ({ ctx, params, query }) => reminderPreview(ctx, params.group, query),
  }),
  sendGroupReminders: creating(routes.sendGroupReminders, {
    keptBy: keptInIdempotencyTable,
    body: groupActionInput,
    run: ({ ctx, params, body }) => sendGroupReminders(ctx, params.group, body ?? {}),
  }),
  groupSettings: endpoint(routes.groupSettings, {
    query: groupSettingsQuery,
    run: ({ ctx, query }) => getGroupSettings(ctx, query.clinicId),
  }),
  updateGroupSettings: endpoint(routes.updateGroupSettings, {
    body: updateGroupSettingsInput,
    run: ({ ctx, body }) => updateGroupSettings(ctx, body),
  }),
  runPatientGrouping: endpoint(routes.runPatientGrouping, {
    body: groupRunBody,
    run: ({ ctx, body }) => runGrouping(ctx, body?.clinicId),
  }),
};
