import { NotFoundError } from '../../shared/errors';
import { actsIn, isGroupAdmin } from '../../shared/roles';
import type { Category, ListResult } from '../../shared/schemas/common';
import type { FollowUpAttempt, FollowUpKind, FollowUpStatus } from '../../shared/schemas/follow-ups';
import type { MessageChannel, MessageKind, MessageStatus } from '../../shared/schemas/messages';
import { isLowAnswer, type SurveyScores, surveyDimensions } from '../../shared/schemas/surveys';
import type { TimelineItem, TimelineQuery } from '../../shared/schemas/timeline';
import type { Ctx } from '../lib/context';
import { actorOf } from '../staff/acting';
import { writeAudits } from './audit-repository';
import { UNASSIGNED_CLINIC } from './patient-record';
import { requirePatient } from './patient-repository';
import { type TimelineEntry, timelineOf } from './timeline-repository';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A survey answer, whatever the survey step names its fields: scores per dimension, NPS, comment. */
function surveyItem(r: Record<string, unknown>, base: { key: string; at: string; clinicId: string }): TimelineItem {
  const raw = (r.scores ?? {}) as Record<string, unknown>;
  const scores = Object.fromEntries(
    surveyDimensions.flatMap((d) => (num(raw[d]) === undefined ? [] : [[d, num(raw[d])!]])),
  ) as Partial<SurveyScores>;
  const nps = num(r.nps);
  const complete = surveyDimensions.every((d) => scores[d] !== undefined) && nps !== undefined;
  const low =
    typeof r.low === 'boolean' ? r.low : complete ? isLowAnswer(scores as SurveyScores, nps as number) : false;
  return { ...base, type: 'survey', scores, ...(nps === undefined ? {} : { nps }), low, comment: str(r.comment) };
}

/**
 * A stored item as a timeline entry, recognised by its `type` attribute (and for survey answers by the
 * timeline kind they were indexed under). What is not known becomes 'other': shown, never a failure.
 * Only the fields named here leave: no phone, no message text.
 */
export function timelineItem(e: TimelineEntry): TimelineItem {
  const r = e.record;
  const id = str(r.id) ?? e.at;
  const base = { at: e.at, clinicId: str(r.clinicId) ?? '' };
  switch (e.type) {
    case 'visit':
      return {
        ...base,
        key: `visit:${id}`,
        type: 'visit',
        visitId: id,
        date: str(r.date) ?? '',
        departmentId: str(r.departmentId) ?? '',
        doctorName: str(r.doctorName) ?? '',
        category: r.category as Category,
        chargeFen: num(r.chargeFen) ?? 0,
        ...(str(r.nextRevisitDate) ? { nextRevisitDate: str(r.nextRevisitDate) } : {}),
      };
    case 'followUp':
      return {
        ...base,
        key: `followup:${id}`,
        type: 'followup',
        taskId: id,
        kind: r.kind as FollowUpKind,
        status: r.status as FollowUpStatus,
        dueDate: str(r.dueDate) ?? '',
        outcomes: ((r.history ?? []) as FollowUpAttempt[]).map((h) => ({
          at: h.at,
          byName: h.byName,
          outcome: h.outcome,
          ...(h.note ? { note: h.note } : {}),
          ...(h.nextDate ? { nextDate: h.nextDate } : {}),
        })),
      };
    case 'outbox':
      return {
        ...base,
        key: `message:${id}`,
        type: 'message',
        kind: r.kind as MessageKind,
        ...(str(r.channel) ? { channel: r.channel as MessageChannel } : {}),
        status: r.status as MessageStatus,
        dueAt: str(r.dueAt) ?? e.at,
        ...(str(r.sentAt) ? { sentAt: str(r.sentAt) } : {}),
        ...(str(r.reason) ? { reason: str(r.reason) } : {}),
      };
  }
  if (e.kind === 'survey') return surveyItem(r, { ...base, key: `survey:${id}` });
  return { ...base, key: `other:${e.type}:${id}`, type: 'other' };
}

/**
 * A patient's timeline for staff, newest first, one Query a page. The same rules as reading the
 * record (any staff member, audited) and the clinic scope: a patient of another clinic is as missing
 * as one that does not exist, and a clinic's staff see their own clinic's entries; the group admin all.
 */
export async function patientTimeline(
  ctx: Ctx,
  patientId: string,
  q: TimelineQuery,
): Promise<ListResult<TimelineItem>> {
  // A merged record's id resolves to the record it was merged into (issue 10, merge).
  const p = await requirePatient(patientId).catch(() => undefined);
  if (!p || !(actsIn(ctx.caller, p.clinicId) || p.clinicId === UNASSIGNED_CLINIC)) {
    throw new NotFoundError('patient', { patientId });
  }
  await writeAudits(
    [
      {
        patientId: p.id,
        clinicId: p.clinicId,
        actorStaffId: actorOf(ctx.caller),
        action: 'read',
        requestId: ctx.requestId,
        fields: ['timeline'],
      },
    ],
    ctx.now.toISOString(),
  );
  const scope = isGroupAdmin(ctx.caller) ? undefined : (ctx.caller.clinicId ?? UNASSIGNED_CLINIC);
  const out = await timelineOf(p.id, { limit: q.limit, cursor: q.cursor }, scope);
  return { ...out, items: out.items.map(timelineItem) };
}
