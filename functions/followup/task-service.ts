import { addDays, clinicDate } from '../../shared/dates';
import { AppError, ConflictError, NotFoundError } from '../../shared/errors';
import { maskName } from '../../shared/mask';
import { actsIn, fullPhoneRoles, hasRole } from '../../shared/roles';
import type { ListResult } from '../../shared/schemas/common';
import {
  type FollowUpView,
  type ListFollowUpsQuery,
  MAX_NO_ANSWERS,
  type OutcomeInput,
} from '../../shared/schemas/follow-ups';
import { COMPLAINT_DUE_HOURS } from '../../shared/schemas/surveys';
import type { Ctx } from '../lib/context';
import { decryptField } from '../lib/crypto';
import type { Caller } from '../lib/tokens';
import { commit } from '../lib/transact';
import { getPatient, type PatientRecord } from '../patients/patient-repository';
import { complaintResolvedCounted } from '../reports/satisfaction-counters';
import { actorName, actorOf, cachedActorName, clinicActedIn } from '../staff/acting';
import {
  claimedBy,
  dueBefore,
  dueOn,
  getTask,
  saveTask,
  saveTaskWrite,
  TaskChangedError,
  type TaskRecord,
} from './task-repository';

async function views(tasks: TaskRecord[], caller: Caller): Promise<FollowUpView[]> {
  const ids = [...new Set(tasks.map((t) => t.patientId))];
  const patients = new Map<string, PatientRecord | undefined>(
    await Promise.all(ids.map(async (id) => [id, await getPatient(id)] as const)),
  );
  const fullPhone = hasRole(caller, fullPhoneRoles);
  return Promise.all(
    tasks.map(async ({ version: _v, createdAt: _c, updatedAt: _u, scope: _s, ...t }) => {
      const p = patients.get(t.patientId);
      const phone = p ? (fullPhone ? await decryptField(p.phoneEnc) : p.maskedPhone) : undefined;
      return { ...t, patientName: p ? maskName(p.name) : '*', phone, phoneMasked: !fullPhone };
    }),
  );
}

/** 今日回访 / 逾期 of the caller's clinic, or 我的: the open tasks the caller claimed. */
export async function listFollowUps(ctx: Ctx, q: ListFollowUpsQuery): Promise<ListResult<FollowUpView>> {
  const today = clinicDate(ctx.now);
  const page = { limit: q.limit, cursor: q.cursor };
  let out: ListResult<TaskRecord>;
  if (q.view === 'mine') out = await claimedBy(actorOf(ctx.caller), page);
  else {
    const clinicId = clinicActedIn(ctx.caller, q.clinicId, '只能查看本院的回访');
    out = q.view === 'today' ? await dueOn(clinicId, today, page) : await dueBefore(clinicId, today, page);
  }
  return { ...out, items: await views(out.items, ctx.caller) };
}

/** A task of the caller's clinic; another clinic's is as missing as one that does not exist. */
async function taskOf(caller: Caller, taskId: string, read?: { task: TaskRecord | undefined }): Promise<TaskRecord> {
  const t = read ? read.task : await getTask(taskId);
  if (!t || !actsIn(caller, t.clinicId)) throw new NotFoundError('followUp', { taskId });
  return t;
}

const claimedError = (t: TaskRecord) =>
  new ConflictError('FOLLOW_UP_CLAIMED', `该回访已被 ${t.claimedByName ?? '其他同事'} 认领`, {
    claimedBy: t.claimedBy,
  });
const finishedError = () => new ConflictError('FOLLOW_UP_CHANGED', '该回访已结束，请刷新列表');

/** Claims a task: of two staff pressing at once, one wins and the other hears who did. */
export async function claimFollowUp(ctx: Ctx, taskId: string): Promise<FollowUpView> {
  const me = actorOf(ctx.caller);
  const t = await taskOf(ctx.caller, taskId);
  if (t.status !== 'open') throw finishedError();
  if (t.claimedBy === me) return (await views([t], ctx.caller))[0]!;
  if (t.claimedBy) throw claimedError(t);
  const next: TaskRecord = {
    ...t,
    claimedBy: me,
    claimedByName: await actorName(ctx.caller),
    version: t.version + 1,
    updatedAt: ctx.now.toISOString(),
  };
  try {
    await saveTask(next, t.version);
  } catch (e) {
    if (!(e instanceof TaskChangedError)) throw e;
    const now = await taskOf(ctx.caller, taskId);
    if (now.claimedBy === me && now.status === 'open') return (await views([now], ctx.caller))[0]!;
    throw now.claimedBy && now.claimedBy !== me ? claimedError(now) : finishedError();
  }
  return (await views([next], ctx.caller))[0]!;
}

/** The read `recordOutcome` starts with, for the endpoint to send together with the caller check. */
export async function outcomeRead(taskId: string): Promise<{ task: TaskRecord | undefined }> {
  return { task: await getTask(taskId) };
}

/**
 * Records one call's outcome (claiming the task if nobody had). Written over the version read, so
 * two finishes at once record one outcome. 未接通 with a next date moves the due date; the third
 * 未接通 ends the task as unreachable; every other outcome ends it. A complaint is never given up as
 * unreachable: only an outcome with a resolution note closes it, and its closing is counted for the
 * satisfaction report in the same write (in time: within COMPLAINT_DUE_HOURS of the answer).
 */
export async function recordOutcome(
  ctx: Ctx,
  taskId: string,
  input: OutcomeInput,
  read?: { task: TaskRecord | undefined },
): Promise<FollowUpView> {
  const me = actorOf(ctx.caller);
  const today = clinicDate(ctx.now);
  if (input.nextDate !== undefined) {
    const bad =
      input.outcome !== 'no_answer'
        ? '只有未接通时才需要下次回访日期'
        : input.nextDate < today
          ? '下次回访日期不能早于今天'
          : '';
    if (bad) throw new AppError('VALIDATION_FAILED', bad, { fields: [{ path: 'nextDate', message: bad }] });
    if (input.nextDate > addDays(today, 90)) {
      const msg = '下次回访日期最多在 90 天内';
      throw new AppError('VALIDATION_FAILED', msg, { fields: [{ path: 'nextDate', message: msg }] });
    }
  }
  const t = await taskOf(ctx.caller, taskId, read);
  if (t.status !== 'open') throw finishedError();
  if (t.claimedBy && t.claimedBy !== me) throw claimedError(t);
  const resolving = t.kind === 'complaint' && input.outcome !== 'no_answer';
  if (resolving && !input.note) {
    const msg = '请填写处理结果：投诉是如何解决的';
    throw new AppError('VALIDATION_FAILED', msg, { fields: [{ path: 'note', message: msg }] });
  }
  const byName = t.claimedBy
    ? (t.claimedByName ?? (await cachedActorName(ctx.caller, ctx.now)))
    : await cachedActorName(ctx.caller, ctx.now);
  const at = ctx.now.toISOString();
  const noAnswers = t.noAnswers + (input.outcome === 'no_answer' ? 1 : 0);
  const status =
    input.outcome !== 'no_answer'
      ? 'done'
      : noAnswers >= MAX_NO_ANSWERS && t.kind !== 'complaint'
        ? 'unreachable'
        : ('open' as const);
  const answeredMs = t.answer ? Date.parse(t.answer.answeredAt) : ctx.now.getTime();
  const inTime = ctx.now.getTime() - answeredMs <= COMPLAINT_DUE_HOURS * 3600_000;
  const next: TaskRecord = {
    ...t,
    ...(resolving ? { resolution: { note: input.note!, at, by: me, byName, inTime } } : {}),
    claimedBy: me,
    claimedByName: byName,
    noAnswers,
    status,
    dueDate: status === 'open' && input.nextDate ? input.nextDate : t.dueDate,
    history: [
      ...t.history,
      {
        at,
        by: me,
        byName,
        outcome: input.outcome,
        ...(input.note ? { note: input.note } : {}),
        ...(input.nextDate ? { nextDate: input.nextDate } : {}),
      },
    ],
    version: t.version + 1,
    updatedAt: at,
  };
  const save = async () => {
    try {
      if (resolving && t.scope)
        await commit([saveTaskWrite(next, t.version), ...complaintResolvedCounted(t.scope, inTime)]);
      else await saveTask(next, t.version);
    } catch (e) {
      if (!(e instanceof TaskChangedError)) throw e;
      const now = await taskOf(ctx.caller, taskId);
      if (now.claimedBy && now.claimedBy !== me) throw claimedError(now);
      throw new ConflictError('FOLLOW_UP_CHANGED', '该回访刚刚已记录结果，请刷新后再看');
    }
  };
  // The view's patient read goes out with the write: it reads nothing the write changes.
  const [, shown] = await Promise.all([save(), views([next], ctx.caller)]);
  return shown[0]!;
}
