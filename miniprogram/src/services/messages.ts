import { routes } from '@shared/routes';
import type { ListResult } from '@shared/schemas/common';
import type { MyMessageView, OutboxView } from '@shared/schemas/messages';
import { call } from './request';

/** 我的消息: what was sent to my profiles, newest first, a page at a time. */
export function myMessages(cursor?: string): Promise<ListResult<MyMessageView>> {
  return call(routes.myMessages, { query: { limit: 20, cursor } });
}

/** Local stack only: what the outbox holds for a patient (the local inbox). */
export function devOutbox(patientId: string): Promise<{ items: OutboxView[] }> {
  return call(routes.devOutbox, { query: { patientId } });
}
