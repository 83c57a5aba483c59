import { NotFoundError } from '../../shared/errors';
import { maskName } from '../../shared/mask';
import type { DeletionResult, RecordDeletionInput } from '../../shared/schemas/rights';
import { appointmentErasedWrites } from '../booking/booking-repository';
import { touchErasedWrite, touchOf } from '../campaigns/campaign-repository';
import { consultationErasures } from '../consult/consultation-holdings';
import { saveTaskWrite, type TaskRecord } from '../followup/task-repository';
import { summaryErasedWrite } from '../groups/care-summary-repository';
import type { Ctx } from '../lib/context';
import { commit, retrying, type Write, write } from '../lib/transact';
import { ERASED_TEXT, messageErasedWrite } from '../messaging/outbox-repository';
import { ticketErasedWrite } from '../queue/ticket-repository';
import { answerErasedWrite, invitationErasedWrite } from '../surveys/invitation-repository';
import { visitErasedWrite } from '../visits/visit-repository';
import { type AuditEntry, auditWrite } from './audit-repository';
import {
  consentNoteErasures,
  ERASED_NAME,
  ErasureRaceError,
  erasedPatientWrite,
  phoneGuardHandOverWrites,
  phoneGuardReleaseWrite,
} from './erasure-repository';
import { type Holdings, holdingsOf } from './holdings';
import { patientsOfAccount } from './patient-list-repository';
import { getPatient, type PatientRecord, phoneOwner } from './patient-repository';
import { standingOf } from './record-access';

/** DynamoDB takes at most 100 items in one transaction. */
const MAX_TX_ITEMS = 100;

type Actor = Pick<AuditEntry, 'actorStaffId' | 'actorUserId' | 'actorClinicId' | 'reason'>;

const gone = (patientId: string) => new NotFoundError('patient', { patientId });

/** DELETE /v1/me/patients/{patientId}: only a profile of the caller's own account (else 404 like a missing one). */
export async function deleteMyPatient(ctx: Ctx, patientId: string): Promise<DeletionResult> {
  const p = await getPatient(patientId);
  if (!p || p.erasedAt || p.mergedInto || p.accountId !== ctx.caller.userId) throw gone(patientId);
  return erase(ctx, p, { actorUserId: ctx.caller.userId, reason: '患者本人申请删除' });
}

/** POST /v1/patients/{patientId}/deletion: staff of the record's home clinic (or the group admin) record a request. */
export async function recordDeletion(ctx: Ctx, patientId: string, input: RecordDeletionInput): Promise<DeletionResult> {
  const p = await getPatient(patientId);
  if (!p || p.erasedAt || p.mergedInto) throw gone(patientId);
  const standing = await standingOf(ctx, p);
  if (standing !== 'home' && standing !== 'group') throw gone(patientId);
  return erase(ctx, p, { actorStaffId: ctx.caller.staffId, reason: input.reason });
}

/**
 * Erases a record and every copy of its personal data; the facts the hospital keeps (visits with
 * charges, counters, ticket numbers) stay under the id. Copies are scrubbed first and the record
 * last, in as few transactions as DynamoDB allows (one, for all but a long history): whatever fails
 * midway leaves the record as it was, and running it again finishes the work. Of two deletions at
 * once, one erases the record and the other finds it gone (404).
 */
async function erase(ctx: Ctx, first: PatientRecord, actor: Actor): Promise<DeletionResult> {
  const at = ctx.now.toISOString();
  return retrying(
    (e) => e instanceof ErasureRaceError,
    async (attempt) => {
      const p = attempt === 1 ? first : await getPatient(first.id);
      if (!p || p.erasedAt) throw gone(first.id);
      const copies = (await copyErasures(await holdingsOf(p), at, ctx.now.getTime())).map(raced);
      const record = [
        ...(await phoneRelease(p)),
        erasedPatientWrite(p, at),
        write(
          auditWrite(
            {
              patientId: p.id,
              clinicId: p.clinicId,
              ...actor,
              ...(ctx.caller.clinicId ? { actorClinicId: ctx.caller.clinicId } : {}),
              action: 'delete',
              requestId: ctx.requestId,
            },
            at,
          ),
        ),
      ];
      // The record's own writes go last, with as many copies as still fit beside them.
      const room = MAX_TX_ITEMS - record.length;
      const head = copies.slice(0, Math.max(0, copies.length - room));
      for (let i = 0; i < head.length; i += MAX_TX_ITEMS) await commit(head.slice(i, i + MAX_TX_ITEMS));
      await commit([...copies.slice(head.length), ...record]);
      return { patientId: p.id, erasedAt: at };
    },
  );
}

/** Any condition failing in an erasure means the data moved meanwhile: read again and redo. */
const raced = (w: Write): Write => ({ item: w.item, onConditionFailed: () => new ErasureRaceError() });

/**
 * The phone guard goes (or passes to a family member of the account sharing the phone), and so do
 * the guards of the phones of records merged into this one.
 */
async function phoneRelease(p: PatientRecord): Promise<Write[]> {
  const merged = await Promise.all(
    (p.mergedPhoneHashes ?? []).map(async (hash) =>
      (await phoneOwner(hash, true))?.patientId === p.id ? [phoneGuardReleaseWrite(p, hash)] : [],
    ),
  );
  return [...(await ownPhoneRelease(p)), ...merged.flat()];
}

async function ownPhoneRelease(p: PatientRecord): Promise<Write[]> {
  if (p.phoneShared || !p.phoneHash) return [];
  const guard = await phoneOwner(p.phoneHash, true);
  if (guard?.patientId !== p.id) return [];
  const sharing = p.accountId
    ? (await patientsOfAccount(p.accountId)).filter(
        (m) => m.id !== p.id && m.phoneShared && m.phoneHash === p.phoneHash && !m.erasedAt,
      )
    : [];
  const heir = sharing[0];
  return heir ? phoneGuardHandOverWrites(p, heir, maskName(heir.name)) : [phoneGuardReleaseWrite(p)];
}

/** A follow-up task without the free text of its calls, its complaint's comment or resolution; an open one closes. */
function erasedTask(t: TaskRecord, at: string): TaskRecord {
  return {
    ...t,
    history: t.history.map(({ note: _n, ...h }) => h),
    ...(t.answer ? { answer: { ...t.answer, comment: undefined } } : {}),
    ...(t.resolution ? { resolution: { ...t.resolution, note: ERASED_NAME } } : {}),
    status: t.status === 'open' ? 'unreachable' : t.status,
    version: t.version + 1,
    updatedAt: at,
  };
}

const taskHoldsText = (t: TaskRecord) =>
  t.status === 'open' ||
  t.history.some((h) => h.note) ||
  Boolean(t.answer?.comment) ||
  (t.resolution !== undefined && t.resolution.note !== ERASED_NAME);

/** The writes that erase personal data copied into other items; only items still holding some. */
async function copyErasures(h: Holdings, at: string, nowMs: number): Promise<Write[]> {
  const p = h.patient;
  const touch = p.campaignId && p.phoneHash ? await touchOf(p.campaignId, p.phoneHash) : undefined;
  return [
    ...(await consentNoteErasures(p.id)),
    ...h.visits.filter((v) => v.notes || v.nextRevisitDate).map(visitErasedWrite),
    ...h.appointments
      .filter((a) => a.patientName !== ERASED_NAME || a.accountId)
      .flatMap((a) => appointmentErasedWrites(a, ERASED_NAME, nowMs)),
    ...h.tickets
      .filter((t) => t.patientName !== ERASED_NAME || t.accountId)
      .map((t) => ticketErasedWrite(t, ERASED_NAME)),
    ...h.messages
      .filter(
        (m) => m.text !== ERASED_TEXT || m.vars || m.accountId || m.status === 'queued' || m.status === 'deferred',
      )
      .map((m) => messageErasedWrite(m, at)),
    ...h.invitations.filter((i) => i.accountId).map(invitationErasedWrite),
    ...h.answers.filter((a) => a.comment).map(answerErasedWrite),
    ...h.followUps.filter(taskHoldsText).map((t) => saveTaskWrite(erasedTask(t, at), t.version)),
    ...h.careSummaries.map(summaryErasedWrite),
    ...(await consultationErasures(h.consultations)),
    ...(touch && touch.patientId === p.id && touch.phoneEnc ? [touchErasedWrite(touch, p.phoneHash, ERASED_NAME)] : []),
  ];
}
