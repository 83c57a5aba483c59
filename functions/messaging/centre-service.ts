import { clinicDate } from '../../shared/dates';
import { ConflictError, NotFoundError } from '../../shared/errors';
import { maskName } from '../../shared/mask';
import { actsIn } from '../../shared/roles';
import type { ListResult } from '../../shared/schemas/common';
import {
  type CentreMessageView,
  type ListMessagesQuery,
  type MessageKind,
  type MessageSummaryQuery,
  type MessageSummaryRow,
  type MessageSummaryView,
  messageKinds,
  messageStatusLabels,
} from '../../shared/schemas/messages';
import type { Ctx } from '../lib/context';
import { getPatient } from '../patients/patient-repository';
import { actorName, actorOf, clinicActedIn } from '../staff/acting';
import { settingsAuditWrite } from '../staff/settings-audit-repository';
import { jobTitles } from './centre-job-service';
import { messagesOfClinicDay, NOT_FAILED, requeueFailed, statusesOfClinicDay, TOO_LATE } from './centre-repository';
import { officialScheduleKnown } from './greeting-days';
import { jobStates } from './job-state-repository';
import { getMessage, type OutboxRecord } from './outbox-repository';

/** What the page's top says about a day: a year without the State Council's schedule, a paused job. */
async function warningsFor(date: string): Promise<string[]> {
  const year = Number(date.slice(0, 4));
  const years = date.slice(5, 7) === '12' ? [year, year + 1] : [year];
  const warnings = years
    .filter((y) => !officialScheduleKnown(y))
    .map((y) => `${y} 年国务院放假安排尚未收录，节日问候仍按农历和固定日期发送，调休日请人工核对`);
  for (const [name, s] of await jobStates()) {
    if (s.paused) warnings.push(`「${jobTitles[name]}」已暂停，恢复前不会执行`);
  }
  return warnings;
}

const emptyRow = (kind: MessageKind, channel: MessageSummaryRow['channel']): MessageSummaryRow => ({
  kind,
  channel,
  planned: 0,
  queued: 0,
  deferred: 0,
  sent: 0,
  failed: 0,
  skipped: 0,
});

/** A clinic's day in counts: per kind and channel ("none" until a sender picked one), planned and each status. */
export async function messageSummary(ctx: Ctx, q: MessageSummaryQuery): Promise<MessageSummaryView> {
  const clinicId = clinicActedIn(ctx.caller, q.clinicId, '只能查看本院的消息');
  const date = q.date ?? clinicDate(ctx.now);
  const [messages, warnings] = await Promise.all([statusesOfClinicDay(clinicId, date), warningsFor(date)]);
  const rows = new Map<string, MessageSummaryRow>();
  for (const m of messages) {
    const channel = m.channel ?? 'none';
    const k = `${m.kind}#${channel}`;
    let row = rows.get(k);
    if (!row) {
      row = emptyRow(m.kind, channel);
      rows.set(k, row);
    }
    row.planned++;
    row[m.status]++;
  }
  const order = (r: MessageSummaryRow) =>
    messageKinds.indexOf(r.kind) * 10 + ['wechat', 'sms', 'none'].indexOf(r.channel);
  return { clinicId, date, rows: [...rows.values()].sort((a, b) => order(a) - order(b)), warnings };
}

const stillUseful = (m: Pick<OutboxRecord, 'validUntil'>, at: Date) =>
  !m.validUntil || Date.parse(m.validUntil) > at.getTime();

function view(m: OutboxRecord, name: string | undefined, now: Date): CentreMessageView {
  const masked = name ? maskName(name) : '—';
  return {
    id: m.id,
    kind: m.kind,
    patientId: m.patientId,
    patientName: masked,
    channel: m.channel,
    status: m.status,
    statusLabel: messageStatusLabels[m.status],
    // The name inside the text is masked too, or the list would show what the column hides.
    text: name ? m.text.split(name).join(masked) : m.text,
    dueAt: m.dueAt,
    sentAt: m.sentAt,
    reason: m.reason,
    attempts: m.attempts,
    resendable: m.status === 'failed' && stillUseful(m, now),
  };
}

async function views(items: OutboxRecord[], now: Date): Promise<CentreMessageView[]> {
  const ids = [...new Set(items.map((m) => m.patientId))];
  const names = new Map(await Promise.all(ids.map(async (id) => [id, (await getPatient(id))?.name] as const)));
  return items.map((m) => view(m, names.get(m.patientId), now));
}

/** A page of a clinic's messages of a day, by kind, optionally of one kind or status; names masked. */
export async function listMessages(ctx: Ctx, q: ListMessagesQuery): Promise<ListResult<CentreMessageView>> {
  const clinicId = clinicActedIn(ctx.caller, q.clinicId, '只能查看本院的消息');
  const date = q.date ?? clinicDate(ctx.now);
  const page = await messagesOfClinicDay(clinicId, date, { kind: q.kind, status: q.status }, q);
  return { ...page, items: await views(page.items, ctx.now) };
}

/**
 * Sends a failed message again: only one of the caller's clinic (another clinic's is as good as
 * missing), only while failed and still worth sending. Due at once, tries reset, who resent it in
 * its history; audited.
 */
export async function resendMessage(ctx: Ctx, id: string): Promise<CentreMessageView> {
  const m = await getMessage(id);
  if (!m || !actsIn(ctx.caller, m.clinicId)) throw new NotFoundError('message', { messageId: id });
  if (m.status !== 'failed') throw new ConflictError('CONFLICT', NOT_FAILED, { status: m.status });
  if (!stillUseful(m, ctx.now)) throw new ConflictError('CONFLICT', TOO_LATE, { validUntil: m.validUntil });
  const at = ctx.now.toISOString();
  const actor = actorOf(ctx.caller);
  await requeueFailed(
    id,
    at,
    `由 ${await actorName(ctx.caller)} 重新发送`,
    settingsAuditWrite(
      {
        clinicId: m.clinicId,
        subject: `message#${id}`,
        action: 'resend',
        actorStaffId: actor,
        requestId: ctx.requestId,
      },
      at,
    ),
  );
  const after = await getMessage(id);
  return (await views([after!], ctx.now))[0]!;
}
