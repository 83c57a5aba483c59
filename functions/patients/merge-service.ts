import { clinicDate, clinicMonth } from '../../shared/dates';
import { AppError, NotFoundError, ValidationError } from '../../shared/errors';
import type { MergeCounts, MergePatientsInput, MergePreview, MergeResult, MergeSide } from '../../shared/schemas/merge';
import type { StaffPatientView } from '../../shared/schemas/patient';
import type { Ctx } from '../lib/context';
import { commit } from '../lib/transact';
import { actorOf } from '../staff/acting';
import { type AuditEntry, writeAudits } from './audit-repository';
import { inventoryOf, moveInventory } from './merge-moves';
import { holdForMerge, MergeRaceError, mergeCompletedWrites, twoAccountsError } from './merge-repository';
import { conflictsOf, earlierOf, survivorAfter } from './merge-rules';
import { getPatient, type PatientRecord } from './patient-repository';
import { staffView } from './patient-view';
import { standingOf } from './record-access';

const alreadyMerged = (patientId: string) => new AppError('NOT_FOUND', '该档案已合并到其他档案', { patientId });

/**
 * A record a manager may merge: it exists, is not erased, sits in the caller's clinic (or the caller
 * is the group admin: standing 'home' or 'group', anything else is as missing) and was not merged.
 */
async function mergeable(ctx: Ctx, id: string): Promise<PatientRecord> {
  const p = await getPatient(id);
  if (!p || p.erasedAt) throw new NotFoundError('patient', { patientId: id });
  const standing = await standingOf(ctx, p);
  if (standing !== 'home' && standing !== 'group') throw new NotFoundError('patient', { patientId: id });
  if (p.mergedInto) throw alreadyMerged(id);
  return p;
}

function countsOf(inv: Awaited<ReturnType<typeof inventoryOf>>): MergeCounts {
  const of = (type: string) => inv.items.filter((i) => i.type === type).length;
  return {
    visits: inv.visits.length,
    appointments: of('appointment'),
    tickets: of('ticket'),
    consents: inv.consents.length,
    messages: of('outbox'),
    surveyAnswers: of('surveyAnswer'),
    followUps: of('followUp'),
  };
}

const FIELD_OF = { name: 'name', gender: 'gender', birthDate: 'birthDate', idCardNo: 'idCardNo' } as const;

/** Both records side by side, masked as the caller sees them, with what each holds and where they differ. */
export async function mergePreview(ctx: Ctx, patientId: string, otherId: string): Promise<MergePreview> {
  if (patientId === otherId)
    throw new ValidationError('请选择另一份档案', { fields: [{ path: 'with', message: '请选择另一份档案' }] });
  const [a, b] = await Promise.all([mergeable(ctx, patientId), mergeable(ctx, otherId)]);
  const [left, right] = await Promise.all(
    [a, b].map(async (p): Promise<MergeSide> => {
      const [patient, inv] = await Promise.all([staffView(p, ctx.caller), inventoryOf(p.id)]);
      return { patient, counts: countsOf(inv) };
    }),
  );
  const views = new Map<string, StaffPatientView>([
    [a.id, left!.patient],
    [b.id, right!.patient],
  ]);
  const first = earlierOf(a, b);
  await writeAudits(
    [a, b].map((p) => readAudit(ctx, p)),
    ctx.now.toISOString(),
  );
  return {
    left: left!,
    right: right!,
    suggestedSurvivorId: first.id,
    attributionFromId: first.id,
    conflicts: conflictsOf(a, b, (p, f) => views.get(p.id)?.[FIELD_OF[f]]),
  };
}

function readAudit(ctx: Ctx, p: PatientRecord): AuditEntry {
  return {
    patientId: p.id,
    clinicId: p.clinicId,
    actorStaffId: actorOf(ctx.caller),
    actorClinicId: ctx.caller.clinicId,
    action: 'read',
    requestId: ctx.requestId,
    fields: ['mergePreview'],
  };
}

/**
 * Merges `mergedId` into `survivorId`: every item of the merged record moves first (each move is
 * its own small write, done once whatever retries or a second run at the same moment do), then one
 * transaction leaves the merged record a pointer, saves the survivor and audits both. A run that
 * died midway is finished by the next; once done, the merged record is gone (404).
 */
export async function mergePatients(ctx: Ctx, input: MergePatientsInput): Promise<MergeResult> {
  const { survivorId, mergedId, reason } = input;
  if (survivorId === mergedId) {
    throw new ValidationError('不能把档案合并到它自己', {
      fields: [{ path: 'mergedId', message: '请选择另一份档案' }],
    });
  }
  const [survivor, merged] = await Promise.all([mergeable(ctx, survivorId), mergeable(ctx, mergedId)]);
  if (survivor.accountId && merged.accountId && survivor.accountId !== merged.accountId) throw twoAccountsError();
  const accountId = survivor.accountId ?? merged.accountId;
  await holdForMerge(survivor.id, merged.id, ctx.now.getTime()).catch(async (e) => {
    if ((await getPatient(merged.id))?.mergedInto) throw alreadyMerged(merged.id);
    throw e;
  });
  const inventory = await inventoryOf(merged.id, clinicMonth(ctx.now));
  await moveInventory(inventory, survivor, accountId, clinicDate(ctx.now));
  const at = ctx.now.toISOString();
  const after = survivorAfter(survivor, merged, at);
  const audit = (p: PatientRecord, change: { field: string; to: string }): AuditEntry => ({
    patientId: p.id,
    clinicId: p.clinicId,
    actorStaffId: actorOf(ctx.caller),
    actorClinicId: ctx.caller.clinicId,
    action: 'merge',
    requestId: ctx.requestId,
    changes: [change],
    ...(reason ? { reason } : {}),
  });
  try {
    await commit(
      mergeCompletedWrites(
        merged,
        survivor,
        after,
        [
          audit(survivor, { field: 'mergedFrom', to: merged.id }),
          audit(merged, { field: 'mergedInto', to: survivor.id }),
        ],
        at,
      ),
    );
  } catch (e) {
    // Of two merges at one moment one wins; the other finds the merged record gone.
    if (e instanceof MergeRaceError && (await getPatient(merged.id))?.mergedInto) throw alreadyMerged(merged.id);
    throw e;
  }
  return {
    survivorId: survivor.id,
    mergedId: merged.id,
    moved: countsOf(inventory),
    survivor: await staffView({ ...after, version: survivor.version + 1 }, ctx.caller),
  };
}
