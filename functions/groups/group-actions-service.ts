import { performance } from 'node:perf_hooks';
import { addDays, clinicDate, clinicMonth } from '../../shared/dates';
import { ConflictError } from '../../shared/errors';
import { endOfClinicDay, marketingAllowed, renderTemplate } from '../../shared/messaging-rules';
import {
  type GroupActionInput,
  type GroupRemindersResult,
  type GroupRunView,
  type GroupTasksResult,
  groupCategory,
  type ReminderPreview,
} from '../../shared/schemas/patient-groups';
import { newTaskWrite } from '../followup/task-repository';
import { batchGet } from '../lib/batch';
import type { Ctx } from '../lib/context';
import { commit } from '../lib/transact';
import { messageId, queueMessage } from '../messaging/outbox-repository';
import { signerNames } from '../messaging/planning';
import { clinicTemplates } from '../messaging/template-repository';
import { type PatientRecord, patientKey } from '../patients/patient-repository';
import { clinicActedIn } from '../staff/acting';
import { forEachDueMember, type MemberRecord, markReminded, memberTaskWrite } from './group-repository';
import { groupOf, scopeOf } from './group-service';
import { groupClinic } from './grouping-service';

const ACT = '只能处理本院的患者分组';
const PARALLEL = 8;

/** Runs `work` over items, 8 at a time. */
async function eachOf<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** A group task's id: one per member of a month's group, so pressing twice (or two staff at once) makes it once. */
export const groupTaskId = (m: Pick<MemberRecord, 'month' | 'group' | 'patientId'>) =>
  `fu_g_${m.month}_${m.group}_${m.patientId}`;

/**
 * A follow-up call task for each member still due (生成回访任务): due on the member's due date, or
 * today when that has passed; the task and the member's note of it are one write.
 */
export async function createGroupTasks(ctx: Ctx, param: string, input: GroupActionInput): Promise<GroupTasksResult> {
  const g = groupOf(param);
  const { clinicId, month } = scopeOf(ctx, input, ACT);
  const today = clinicDate(ctx.now);
  const at = ctx.now.toISOString();
  const out: GroupTasksResult = { remaining: 0, created: 0, existing: 0 };
  await forEachDueMember(clinicId, month, g, (members) =>
    eachOf(members, async (m) => {
      out.remaining++;
      if (m.taskId) {
        out.existing++;
        return;
      }
      const id = groupTaskId(m);
      try {
        await commit([
          newTaskWrite({
            id,
            clinicId,
            patientId: m.patientId,
            visitId: m.basisVisitId,
            visitDate: m.basisDate,
            category: groupCategory[g] ?? m.category,
            kind: 'call',
            role: 'service',
            dueDate: m.dueDate > today ? m.dueDate : today,
            status: 'open',
            noAnswers: 0,
            history: [],
            reason: m.reason,
            version: 1,
            createdAt: at,
            updatedAt: at,
          }),
          memberTaskWrite(m, id),
        ]);
        out.created++;
      } catch (e) {
        // The task exists: another press (or another member of staff) made it first.
        if (!(e instanceof ConflictError)) throw e;
        out.existing++;
      }
    }),
  );
  return out;
}

/** Each member still due with their record, a page at a time. */
async function forEachDuePatient(
  clinicId: string,
  month: string,
  g: ReturnType<typeof groupOf>,
  each: (m: MemberRecord, p: PatientRecord | undefined) => Promise<void>,
): Promise<void> {
  await forEachDueMember(clinicId, month, g, async (members) => {
    const patients = new Map(
      // An erased record (issue 10, deletion) counts as gone: no reminder, no call.
      (await batchGet<PatientRecord>(members.map((m) => patientKey(m.patientId))))
        .filter((p) => !p.erasedAt)
        .map((p) => [p.id, p] as const),
    );
    await eachOf(members, (m) => each(m, patients.get(m.patientId)));
  });
}

const reminderOccasion = (m: MemberRecord) => `${m.month}#${m.group}`;

/** What 发送提醒 would do: how many are still due, and how many of them agreed to marketing messages. */
export async function reminderPreview(ctx: Ctx, param: string, q: GroupActionInput): Promise<ReminderPreview> {
  const g = groupOf(param);
  const { clinicId, month } = scopeOf(ctx, q, ACT);
  const out: ReminderPreview = { remaining: 0, withConsent: 0, noConsent: 0, alreadyQueued: 0 };
  await forEachDuePatient(clinicId, month, g, async (m, p) => {
    out.remaining++;
    if (!p || !marketingAllowed(p.consents)) out.noConsent++;
    else {
      out.withConsent++;
      if (m.remindedAt) out.alreadyQueued++;
    }
  });
  return out;
}

/**
 * Sends the group a reminder through the outbox (发送提醒): a marketing message to each member still
 * due who agreed to marketing, with the clinic's group template naming the member's reason. The sender
 * checks consent again and keeps the weekly cap and quiet hours, as for greetings. One message per
 * member and month (deterministic id): pressing twice queues nothing twice.
 */
export async function sendGroupReminders(
  ctx: Ctx,
  param: string,
  input: GroupActionInput,
): Promise<GroupRemindersResult> {
  const g = groupOf(param);
  const { clinicId, month } = scopeOf(ctx, input, ACT);
  const { group: template } = await clinicTemplates(clinicId);
  if (!template.enabled) throw new ConflictError('CONFLICT', '本院已关闭“分组提醒”消息，请先在消息中心开启');
  const clinic = await signerNames()(clinicId);
  const now = ctx.now.toISOString();
  // A reminder is worth sending for a few days; after that the next press (or month) plans anew.
  const validUntil = endOfClinicDay(addDays(clinicDate(ctx.now), 7));
  const out: GroupRemindersResult = { remaining: 0, withConsent: 0, noConsent: 0, alreadyQueued: 0, queued: 0 };
  await forEachDuePatient(clinicId, month, g, async (m, p) => {
    out.remaining++;
    if (!p || !marketingAllowed(p.consents)) {
      out.noConsent++;
      return;
    }
    out.withConsent++;
    const vars = { name: p.name, clinic, reason: m.reminderReason };
    const queued = await queueMessage({
      id: messageId('group', p.id, reminderOccasion(m)),
      kind: 'group',
      occasion: reminderOccasion(m),
      text: renderTemplate(template.text, vars),
      vars,
      patientId: p.id,
      clinicId,
      accountId: p.accountId,
      marketing: true,
      dueAt: now,
      validUntil,
      createdAt: now,
    });
    if (queued) {
      out.queued++;
      await markReminded(m, now);
    } else out.alreadyQueued++;
  });
  return out;
}

/** The manager's button: this month's groups of the clinic, made now (a rerun changes nothing made). */
export async function runGrouping(ctx: Ctx, asked?: string): Promise<GroupRunView> {
  const clinicId = clinicActedIn(ctx.caller, asked, '只能生成本院的患者分组');
  // How long the run took (a duration, not the time of day: the run's moment is ctx.now).
  const started = performance.now();
  const r = await groupClinic(clinicId, ctx.now);
  return {
    clinicId,
    month: clinicMonth(ctx.now),
    read: r.read,
    placed: r.placed,
    written: r.written,
    tookMs: Math.round(performance.now() - started),
  };
}
