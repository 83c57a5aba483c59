import * as z from 'zod';
import { monthString } from './campaigns';
import { type Category, idParam, pageFields } from './common';

/** The monthly patient groups (患者分组): who still needs what, from their visits. */
export const groupKeys = [
  'orthodontic',
  'prosthetic',
  'implant',
  'periodontal',
  'cleaning',
  'lapsed',
  'high_value',
] as const;
export type GroupKey = (typeof groupKeys)[number];

export const groupLabels: Record<GroupKey, string> = {
  orthodontic: '正畸复诊逾期',
  prosthetic: '修复复查到期',
  implant: '种植复查到期',
  periodontal: '牙周维护到期',
  cleaning: '洁牙到期',
  lapsed: '流失患者',
  high_value: '高价值患者',
};

/** The visit category a group's follow-up call is about (lapsed and high value: the last visit's). */
export const groupCategory: Record<GroupKey, Category | undefined> = {
  orthodontic: 'orthodontic',
  prosthetic: 'prosthetic',
  implant: 'implant',
  periodontal: 'periodontal',
  cleaning: 'cleaning',
  lapsed: undefined,
  high_value: undefined,
};

const whole = (what: string, min: number, max: number) =>
  z
    .number({ message: `${what}应为 ${min} 到 ${max} 的整数` })
    .int({ message: `${what}应为 ${min} 到 ${max} 的整数` })
    .min(min, { message: `${what}应为 ${min} 到 ${max} 的整数` })
    .max(max, { message: `${what}应为 ${min} 到 ${max} 的整数` });

/** A clinic's intervals: how long after a visit each group's patients fall due. */
export const groupSettingsFields = {
  orthodonticWeeks: whole('正畸复诊间隔（周）', 1, 26),
  prostheticMonths: whole('修复复查间隔（月）', 1, 36),
  implantMonths: z
    .array(whole('种植复查月数', 1, 60), { message: '请填写种植复查月数' })
    .min(1, { message: '至少填写一个种植复查月数' })
    .max(8, { message: '种植复查最多 8 次' })
    .refine((a) => a.every((m, i) => i === 0 || m > a[i - 1]!), { message: '种植复查月数应从小到大且不重复' }),
  periodontalMonths: whole('牙周维护间隔（月）', 1, 24),
  cleaningMonths: whole('洁牙间隔（月）', 1, 24),
  lapsedMonths: whole('流失判定（月）', 3, 60),
  highValueFen: whole('高价值门槛（分）', 100, 100_000_000),
};
export const groupSettings = z.strictObject(groupSettingsFields);
export type GroupSettings = z.infer<typeof groupSettings>;

/** Defaults a dental clinic would recognise. */
export const defaultGroupSettings: GroupSettings = {
  // Brackets are adjusted every 4 weeks or so: 6 weeks without a visit is overdue.
  orthodonticWeeks: 6,
  prostheticMonths: 6,
  implantMonths: [1, 3, 6, 12],
  periodontalMonths: 3,
  cleaningMonths: 6,
  lapsedMonths: 12,
  // ¥20,000 spent in all.
  highValueFen: 2_000_000,
};

export const groupSettingsQuery = z.strictObject({ clinicId: idParam.optional() });
/** PUT /v1/patient-groups/settings: every interval (the editor sends the whole form). */
export const updateGroupSettingsInput = groupSettings.extend({ clinicId: idParam.optional() });
export type UpdateGroupSettingsInput = z.infer<typeof updateGroupSettingsInput>;

export interface GroupSettingsView extends GroupSettings {
  clinicId: string;
  isDefault: boolean;
  updatedAt?: string;
  updatedBy?: string;
}

export const groupMonthQuery = z.strictObject({ clinicId: idParam.optional(), month: monthString.optional() });
export type GroupMonthQuery = z.infer<typeof groupMonthQuery>;
/** GET /v1/patient-groups: a month's group cards, paged like every list. */
export const groupListQuery = groupMonthQuery.extend(pageFields);

/** One group's card: how many were placed this month and how many are still due (the rest came back). */
export interface GroupCounts {
  placed: number;
  returned: number;
  stillDue: number;
}
export interface GroupCardView extends GroupCounts {
  group: GroupKey;
  label: string;
  /** The month before's counts, so the page shows the trend. */
  previous?: GroupCounts;
}
export interface GroupMonthView {
  clinicId: string;
  month: string;
  /** When the month's groups were made (absent: not yet made). */
  groupedAt?: string;
  items: GroupCardView[];
}

export const memberViews = ['due', 'returned'] as const;
export const groupMembersQuery = z.strictObject({
  clinicId: idParam.optional(),
  month: monthString.optional(),
  view: z.enum(memberViews, { message: '列表应为待跟进或已回院' }).optional(),
  ...pageFields,
});
export type GroupMembersQuery = z.infer<typeof groupMembersQuery>;

/** One patient of a group, as staff see it: the reason (Chinese) and the due date. */
export interface GroupMemberView {
  patientId: string;
  group: GroupKey;
  month: string;
  patientName: string;
  phone?: string;
  phoneMasked: boolean;
  reason: string;
  dueDate: string;
  lastVisitDate: string;
  returnedAt?: string;
  taskId?: string;
  remindedAt?: string;
}

/** POST /v1/patient-groups/{group}/tasks and …/reminders: the group of a month (this month when absent). */
export const groupActionInput = z.strictObject({ clinicId: idParam.optional(), month: monthString.optional() });
export type GroupActionInput = z.infer<typeof groupActionInput>;

export interface GroupTasksResult {
  remaining: number;
  created: number;
  existing: number;
}

export interface ReminderPreview {
  remaining: number;
  /** Of the remaining: who agreed to marketing messages (only they are sent a reminder). */
  withConsent: number;
  noConsent: number;
  /** Already queued by an earlier press. */
  alreadyQueued: number;
}
export interface GroupRemindersResult extends ReminderPreview {
  queued: number;
}

/** POST /v1/patient-groups/runs: make a month's groups now (the manager's button). */
export const groupRunInput = z.strictObject({ clinicId: idParam.optional() });
export interface GroupRunView {
  clinicId: string;
  month: string;
  read: number;
  placed: number;
  written: number;
  tookMs: number;
}
