import * as z from 'zod';
import { dateString, idParam, pageFields } from './common';

/** What a message is about: the job kinds of the schedule table. */
export const messageKinds = [
  'appointment',
  'revisit',
  'birthday',
  'holiday',
  'followup',
  'survey',
  'group',
  'consultation_reply',
] as const;
export type MessageKind = (typeof messageKinds)[number];

/** Greetings are marketing (consent, opt-out, weekly cap); reminders the patient asked for are service. */
export const marketingKinds: readonly MessageKind[] = ['birthday', 'holiday', 'group'];

export const messageStatuses = ['queued', 'deferred', 'sent', 'failed', 'skipped'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

export const messageStatusLabels: Record<MessageStatus, string> = {
  queued: '待发送',
  deferred: '延后发送',
  sent: '已发送',
  failed: '发送失败',
  skipped: '未发送',
};

export const messageChannels = ['sms', 'wechat'] as const;
export type MessageChannel = (typeof messageChannels)[number];

/** What a message is, in the words a patient reads. */
export const messageKindLabels: Record<MessageKind, string> = {
  appointment: '就诊提醒',
  revisit: '复诊提醒',
  birthday: '生日问候',
  holiday: '节日问候',
  followup: '随访提醒',
  survey: '就诊评价',
  group: '健康提醒',
  consultation_reply: '咨询回复',
};

export const messageChannelLabels: Record<MessageChannel, string> = { sms: '短信', wechat: '微信' };

/** One message of the outbox as staff and the local inbox see it. */
export interface OutboxView {
  id: string;
  kind: MessageKind;
  patientId: string;
  clinicId: string;
  channel?: MessageChannel;
  status: MessageStatus;
  text: string;
  dueAt: string;
  sentAt?: string;
  /** Why it was skipped or failed, in Chinese. */
  reason?: string;
  attempts: number;
}

export const runJobInput = z.strictObject({
  /** The moment the job runs as (ISO 8601 with offset); now when absent. */
  at: z.iso.datetime({ offset: true, message: '时间格式应为 ISO 8601，例如 2026-02-17T09:00:00+08:00' }).optional(),
});

export const devOutboxQuery = z.strictObject({ patientId: idParam.optional() });

/** A message id as it travels in a path: kind#patient#occasion (`#` arrives %-encoded). */
export const messageIdParam = z.string().regex(/^[a-z]+#[A-Za-z0-9_.:-]{1,80}#[A-Za-z0-9_.:#-]{1,80}$/, {
  message: '消息编号不正确',
});

/** A message as the patient sees it in 我的消息 (GET /v1/me/messages). */
export interface MyMessageView {
  id: string;
  kind: MessageKind;
  patientId: string;
  /** The profile's name, so a family sees whose message it is. */
  patientName: string;
  channel?: MessageChannel;
  status: MessageStatus;
  text: string;
  dueAt: string;
  sentAt?: string;
}

export const myMessagesQuery = z.strictObject({ ...pageFields, patientId: idParam.optional() });
export type MyMessagesQuery = z.infer<typeof myMessagesQuery>;

// ---- WeChat subscribe messages -------------------------------------------------------------

/** The service notices a patient can subscribe to: the reminder kinds. Greetings never go as subscribe messages. */
export const subscribeKinds = ['appointment', 'revisit', 'survey', 'consultation_reply'] as const;
export type SubscribeKind = (typeof subscribeKinds)[number];

/** What `requestSubscribeMessage` answers per template. */
export const subscribeResults = ['accept', 'reject', 'ban'] as const;
export type SubscribeResult = (typeof subscribeResults)[number];

/** POST /v1/me/subscriptions: each template's result of one prompt; each accept is one send. */
export const reportSubscriptionsInput = z.strictObject({
  results: z
    .array(
      z.strictObject({
        templateId: z.string().min(1, { message: '缺少模板编号' }).max(64, { message: '模板编号不正确' }),
        result: z.enum(subscribeResults, { message: '订阅结果应为 accept、reject 或 ban' }),
      }),
    )
    .min(1, { message: '请至少报告一个模板的订阅结果' })
    .max(10, { message: '一次最多报告 10 个模板' }),
});
export type ReportSubscriptionsInput = z.infer<typeof reportSubscriptionsInput>;

/** One subscribable template and how many sends the account's accepts still allow. */
export interface SubscriptionView {
  kind: SubscribeKind;
  templateId: string;
  /** Chinese title shown to the patient, e.g. 就诊提醒. */
  title: string;
  /** Accepts not yet used by a send. */
  remaining: number;
  /** The patient chose "always refuse" (ban): the prompt will not show again. */
  banned: boolean;
}
export interface SubscriptionsView {
  items: SubscriptionView[];
}

// ---- Opt-out ----------------------------------------------------------------------------------

/** How a marketing opt-out reached us. */
export const optOutSources = ['patient', 'staff', 'sms_reply'] as const;
export type OptOutSource = (typeof optOutSources)[number];

/** PUT /v1/patients/{patientId}/consents: staff record what the patient asked for (by phone, at the desk). */
export const recordOptOutInput = z.strictObject({
  marketing: z.boolean({ message: '请指定是否接收营销信息' }),
  note: z.string().trim().min(1, { message: '请写明患者是如何提出的' }).max(200, { message: '说明最多 200 字' }),
});
export type RecordOptOutInput = z.infer<typeof recordOptOutInput>;

// ---- SMS replies (the provider's 上行 push) -------------------------------------------------

/** One reply as Tencent Cloud SMS pushes it; fields we do not read are let through. */
const smsReply = z.looseObject({
  mobile: z.string().regex(/^\+?\d{5,20}$/, { message: '手机号不正确' }),
  nationcode: z.string().max(8).optional(),
  text: z.string().max(1000, { message: '回复内容过长' }),
  sign: z.string().max(100).optional(),
  time: z.union([z.number(), z.string()]).optional(),
  extend: z.string().max(100).optional(),
});
export type SmsReply = z.infer<typeof smsReply>;

/** POST /v1/integrations/sms/replies: one reply or a batch of them. */
export const smsRepliesInput = z.union(
  [smsReply, z.array(smsReply).min(1).max(100, { message: '一次最多 100 条回复' })],
  {
    message: '短信回复格式不正确',
  },
);
export type SmsRepliesInput = z.infer<typeof smsRepliesInput>;

/** The webhook's shared token may come as ?token= (the provider's console takes a plain URL). */
export const smsRepliesQuery = z.strictObject({ token: z.string().max(200).optional() });

/** What Tencent Cloud expects back from a reply push. */
export interface SmsRepliesAnswer {
  result: 0;
  errmsg: 'OK';
}

// ---- Staff message centre ---------------------------------------------------------------------

export const messageSummaryQuery = z.strictObject({
  clinicId: idParam.optional(),
  /** A day in Asia/Shanghai; today when absent. */
  date: dateString.optional(),
});
export type MessageSummaryQuery = z.infer<typeof messageSummaryQuery>;

/** Counts of one kind on one channel for the day. */
export interface MessageSummaryRow {
  kind: MessageKind;
  channel: MessageChannel | 'none';
  planned: number;
  queued: number;
  deferred: number;
  sent: number;
  failed: number;
  skipped: number;
}
export interface MessageSummaryView {
  clinicId: string;
  date: string;
  rows: MessageSummaryRow[];
  /** Warnings in Chinese for the page's top, e.g. the year's official holiday schedule is missing. */
  warnings: string[];
}

export const listMessagesQuery = z.strictObject({
  ...pageFields,
  clinicId: idParam.optional(),
  date: dateString.optional(),
  status: z.enum(messageStatuses, { message: '状态不正确' }).optional(),
  kind: z.enum(messageKinds, { message: '消息类型不正确' }).optional(),
});
export type ListMessagesQuery = z.infer<typeof listMessagesQuery>;

/** One message of a clinic's day in the message centre (GET /v1/messages); its patientName is masked as in every staff list (张*明). */
export interface CentreMessageView extends MyMessageView {
  statusLabel: string;
  /** Why it was skipped or failed, in Chinese. */
  reason?: string;
  attempts: number;
  /** A failed message still worth sending: 重新发送 is offered. */
  resendable: boolean;
}

export const messageTemplatesQuery = z.strictObject({ clinicId: idParam.optional(), ...pageFields });

/** PUT /v1/message-templates/{kind}: a clinic's text for a kind and whether its job runs for the clinic. */
export const updateMessageTemplateInput = z
  .strictObject({
    clinicId: idParam.optional(),
    text: z.string().trim().min(1, { message: '模板内容不能为空' }).max(300, { message: '模板最多 300 字' }).optional(),
    enabled: z.boolean().optional(),
  })
  .refine((t) => t.text !== undefined || t.enabled !== undefined, { message: '请修改模板内容或开关' });
export type UpdateMessageTemplateInput = z.infer<typeof updateMessageTemplateInput>;

export interface MessageTemplateView {
  kind: MessageKind;
  clinicId: string;
  text: string;
  /** True when the clinic has not changed the default text. */
  isDefault: boolean;
  enabled: boolean;
  /** The text rendered with sample values, 【signature】 and opt-out included, as the patient gets it. */
  preview: string;
  smsLength: number;
  smsParts: number;
  variables: readonly string[];
}

/** PUT /v1/jobs/{name}: pause or resume a job for the whole group. */
export const pauseJobInput = z.strictObject({ paused: z.boolean({ message: '请指定暂停或恢复' }) });
export interface JobView {
  name: string;
  /** Chinese name (预约提醒) and when it runs (每天 18:00), for the staff page. */
  title: string;
  when: string;
  cron: string;
  /** What it does, in Chinese. */
  what: string;
  paused: boolean;
  /** Who paused it: staff id and name. */
  pausedBy?: string;
  pausedByName?: string;
  pausedAt?: string;
  /** The last run: the moment it ran as, and its counts. */
  lastRun?: { at: string; counts: Record<string, number> };
}
