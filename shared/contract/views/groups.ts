import * as z from 'zod';
import { groupKeys, groupSettingsFields } from '../../schemas/patient-groups';
import { day, instant } from './common';

const group = z.enum(groupKeys).meta({ description: '患者分组' });
const counts = { placed: z.number().int(), returned: z.number().int(), stillDue: z.number().int() };

export const groupMonthView = z.object({
  clinicId: z.string(),
  month: z.string(),
  groupedAt: instant.optional().meta({ description: '本月分组时间；未分组时不返回' }),
  items: z.array(z.object({ ...counts, group, label: z.string(), previous: z.object(counts).optional() })),
});

export const groupMemberView = z.object({
  patientId: z.string(),
  group,
  month: z.string(),
  patientName: z.string(),
  phone: z.string().optional(),
  phoneMasked: z.boolean(),
  reason: z.string(),
  dueDate: day,
  lastVisitDate: day,
  returnedAt: instant.optional(),
  taskId: z.string().optional(),
  remindedAt: instant.optional(),
});

export const groupTasksResult = z.object({
  remaining: z.number().int(),
  created: z.number().int(),
  existing: z.number().int(),
});

export const reminderPreview = z.object({
  remaining: z.number().int(),
  withConsent: z.number().int().meta({ description: '同意接收营销消息的人数' }),
  noConsent: z.number().int(),
  alreadyQueued: z.number().int(),
});
export const groupRemindersResult = reminderPreview.extend({ queued: z.number().int() });

export const groupSettingsView = z.object({
  ...groupSettingsFields,
  clinicId: z.string(),
  isDefault: z.boolean(),
  updatedAt: instant.optional(),
  updatedBy: z.string().optional(),
});

export const groupRunView = z.object({
  clinicId: z.string(),
  month: z.string(),
  read: z.number().int(),
  placed: z.number().int(),
  written: z.number().int(),
  tookMs: z.number(),
});
