import * as z from 'zod';
import { idParam } from './common';

/** What a message is about: the job kinds of the schedule table. */
export const messageKinds = ['appointment', 'revisit', 'birthday', 'holiday'] as const;
export type MessageKind = (typeof messageKinds)[number];

/** Greetings are marketing (consent, opt-out, weekly cap); reminders the patient asked for are service. */
export const marketingKinds: readonly MessageKind[] = ['birthday', 'holiday'];

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
