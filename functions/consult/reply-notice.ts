import { renderTemplate } from '../../shared/messaging-rules';
import { CONSULTATION_QUIET_DAYS } from '../../shared/schemas/consultations';
import type { Write } from '../lib/transact';
import { messageId, queueMessageWrite } from '../messaging/outbox-repository';
import { clinicTemplates } from '../messaging/template-repository';
import type { MessageRecord, ThreadRecord } from './thread-repository';

/**
 * The patient is told a reply is there, through the outbox (subscribe message where granted, else SMS,
 * as the sender chooses for every service message). A service message: no marketing consent needed.
 * Its text names the clinic only, never the question or the answer.
 */
export async function replyNoticeWrites(t: ThreadRecord, reply: MessageRecord, clinicName: string): Promise<Write[]> {
  const template = (await clinicTemplates(t.clinicId)).consultation_reply;
  if (!template.enabled) return [];
  const vars = { clinic: clinicName };
  return [
    queueMessageWrite({
      id: messageId('consultation_reply', t.patientId, reply.id),
      kind: 'consultation_reply',
      patientId: t.patientId,
      clinicId: t.clinicId,
      accountId: t.accountId,
      occasion: reply.id,
      marketing: false,
      text: renderTemplate(template.text, vars),
      // `threadId` opens the thread from the subscribe message.
      vars: { ...vars, threadId: t.id },
      dueAt: reply.at,
      // Worth sending while the thread can still be open: after the quiet days the notice would only puzzle.
      validUntil: new Date(Date.parse(reply.at) + CONSULTATION_QUIET_DAYS * 86_400_000).toISOString(),
      createdAt: reply.at,
    }),
  ];
}
