import { routes } from '@shared/routes';
import type { ListResult } from '@shared/schemas/common';
import type {
  CentreMessageView,
  JobView,
  MessageKind,
  MessageSummaryView,
  MessageTemplateView,
} from '@shared/schemas/messages';
import { call } from './request';

/** 消息中心: the day's counts of the caller's clinic, with the warnings for the page's top. */
export function messageSummary(date: string): Promise<MessageSummaryView> {
  return call(routes.messageSummary, { query: { date } });
}

/** The day's failed messages (the ones a person may resend). */
export function failedMessages(date: string): Promise<ListResult<CentreMessageView>> {
  return call(routes.listMessages, { query: { date, status: 'failed', limit: 50 } });
}

export function resendMessage(id: string): Promise<CentreMessageView> {
  // The id carries '#': pathFor encodes it.
  return call(routes.resendMessage, { params: { messageId: id } });
}

export function messageTemplates(): Promise<{ items: MessageTemplateView[] }> {
  return call(routes.messageTemplates);
}

export function updateTemplate(
  kind: MessageKind,
  change: { text?: string; enabled?: boolean },
): Promise<MessageTemplateView> {
  return call(routes.updateMessageTemplate, { params: { kind }, body: change });
}

export function listJobs(): Promise<{ items: JobView[] }> {
  return call(routes.listJobs);
}

export function pauseJob(name: string, paused: boolean): Promise<JobView> {
  return call(routes.pauseJob, { params: { name }, body: { paused } });
}
