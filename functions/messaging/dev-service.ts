import { NotFoundError } from '../../shared/errors';
import { type JobName, jobNames } from '../../shared/routes';
import type { OutboxView } from '../../shared/schemas/messages';
import { runJob } from '../scheduled/jobs';
import { allMessagesOfPatient, type OutboxRecord } from './outbox-repository';

/** Local only: runs a job as of `at` (a person or a test: "the birthday job on the morning of 2027-02-28"). */
export async function runJobAt(name: string, at: Date) {
  const job = jobNames.find((n) => n === name) as JobName | undefined;
  if (!job) throw new NotFoundError('job', { name, known: jobNames });
  return runJob(job, at);
}

function view(m: OutboxRecord): OutboxView {
  return {
    id: m.id,
    kind: m.kind,
    patientId: m.patientId,
    clinicId: m.clinicId,
    channel: m.channel,
    status: m.status,
    text: m.text,
    dueAt: m.dueAt,
    sentAt: m.sentAt,
    reason: m.reason,
    attempts: m.attempts,
  };
}

/** Local only: what the outbox holds for a patient (the local inbox), newest first. */
export async function outboxOf(patientId: string | undefined): Promise<{ items: OutboxView[] }> {
  if (!patientId) return { items: [] };
  const items = await allMessagesOfPatient(patientId);
  return { items: items.map(view).sort((a, b) => b.dueAt.localeCompare(a.dueAt)) };
}
