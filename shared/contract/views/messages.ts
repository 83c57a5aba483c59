import * as z from 'zod';
import { jobNames } from '../../routes';
import { messageChannels, messageKinds, messageStatuses, subscribeKinds } from '../../schemas/messages';
import { instant } from './common';

const kind = z.enum(messageKinds).meta({ description: '消息类型' });
const status = z.enum(messageStatuses).meta({ description: '消息状态' });
const channel = z.enum(messageChannels).meta({ description: '短信或微信' });

export const outboxView = z.object({
  id: z.string(),
  kind,
  patientId: z.string(),
  clinicId: z.string(),
  channel: channel.optional(),
  status,
  text: z.string(),
  dueAt: instant,
  sentAt: instant.optional(),
  reason: z.string().optional(),
  attempts: z.number().int(),
});

export const myMessageView = z.object({
  id: z.string(),
  kind,
  patientId: z.string(),
  patientName: z.string(),
  channel: channel.optional(),
  status,
  text: z.string(),
  dueAt: instant,
  sentAt: instant.optional(),
});

export const subscriptionsView = z.object({
  items: z.array(
    z.object({
      kind: z.enum(subscribeKinds),
      templateId: z.string(),
      title: z.string().meta({ description: '模板名称，如 就诊提醒' }),
      remaining: z.number().int().meta({ description: '还可发送的次数' }),
      banned: z.boolean().meta({ description: '患者选择了总是拒绝' }),
    }),
  ),
});

/** What Tencent Cloud expects back from a reply push. */
export const smsRepliesAnswer = z.object({ result: z.literal(0), errmsg: z.literal('OK') });

export const messageSummaryView = z.object({
  clinicId: z.string(),
  date: z.string(),
  rows: z.array(
    z.object({
      kind,
      channel: z.enum([...messageChannels, 'none']),
      planned: z.number().int(),
      queued: z.number().int(),
      deferred: z.number().int(),
      sent: z.number().int(),
      failed: z.number().int(),
      skipped: z.number().int(),
    }),
  ),
  warnings: z.array(z.string()),
});

export const centreMessageView = myMessageView.extend({
  statusLabel: z.string(),
  reason: z.string().optional(),
  attempts: z.number().int(),
  resendable: z.boolean().meta({ description: '可重新发送' }),
});

export const messageTemplateView = z.object({
  kind,
  clinicId: z.string(),
  text: z.string(),
  isDefault: z.boolean(),
  enabled: z.boolean(),
  preview: z.string().meta({ description: '用示例值生成的完整短信' }),
  smsLength: z.number().int(),
  smsParts: z.number().int(),
  variables: z.array(z.string()).readonly(),
});

/** Counts of a job's run, by what it counted (free-form names: each job counts its own things). */
const counts = z.record(z.string(), z.number()).meta({ description: '各项计数（随任务而定）' });

export const jobView = z.object({
  name: z.string(),
  title: z.string(),
  when: z.string(),
  cron: z.string(),
  what: z.string(),
  paused: z.boolean(),
  pausedBy: z.string().optional(),
  pausedByName: z.string().optional(),
  pausedAt: instant.optional(),
  lastRun: z.object({ at: instant, counts }).optional(),
});

export const jobReport = z.object({
  job: z.enum(jobNames),
  at: instant,
  counts,
  tookMs: z.number(),
  paused: z.literal(true).optional(),
});
