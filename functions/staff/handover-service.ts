import { AppError, ConflictError } from '../../shared/errors';
import { hasRole, marketingTeam } from '../../shared/roles';
import type { HandOverPreview, HandOverResult } from '../../shared/schemas/auth';
import { activeStaffCheck, getStaff, type StaffRecord } from '../auth/identity-repository';
import { campaignOwnerWrite } from '../campaigns/campaign-repository';
import type { Ctx } from '../lib/context';
import { newId } from '../lib/ids';
import { commit, type Write, write } from '../lib/transact';
import { OwnerMovedError, ownedIds, patientOwnerWrite } from '../patients/owner-repository';
import {
  closeWrite,
  HandOverClosedError,
  type HandOverRun,
  openHandOver,
  progressWrite,
  startHandOver,
} from './handover-repository';
import { staffAuditWrite } from './staff-audit-repository';
import { managedStaff } from './staff-service';

/** Records (or campaigns) moved per transaction, beside the run's counter and the new owner's check (a transaction takes 100 items). */
const BATCH = 50;

type Kind = 'handedOver' | 'campaigns';
type Owner = { id: string; name: string };

const badTarget = (message: string) =>
  new AppError('VALIDATION_FAILED', message, { fields: [{ path: 'toStaffId', message }] });
const targetGone = () => new ConflictError('STAFF_DEACTIVATED', '接收人已停用，请选择在职员工');

/** What a hand-over of this member would move now (the confirmation says it before anything moves). */
export async function handOverPreview({ caller }: Ctx, staffId: string): Promise<HandOverPreview> {
  const from = await managedStaff(caller, staffId);
  const [records, campaigns] = await Promise.all([ownedIds(from.id, 'patient'), ownedIds(from.id, 'campaign')]);
  return { staffId: from.id, records: records.length, campaigns: campaigns.length };
}

/** The new owner: an active member of the marketing team (市场、管理者) of the same clinic. */
async function receiver(from: StaffRecord, toStaffId: string): Promise<StaffRecord> {
  if (toStaffId === from.id) throw badTarget('不能移交给本人');
  const to = await getStaff(toStaffId, true);
  if (!to || to.clinicId !== from.clinicId) throw badTarget('接收人须为本院员工');
  if (!hasRole(to, marketingTeam)) throw badTarget('接收人须为市场专员或管理者');
  if (to.deactivatedAt) throw targetGone();
  return to;
}

/**
 * Moves a member's patients (byOwner) and campaigns to another member, as one auditable action.
 * Each move holds only while the record is still the member's, and is counted in the same
 * transaction, so a retry or a second call finishes what a crash left and never counts twice.
 * Counters already written stay with whoever earned them; new facts read the new owner.
 */
export async function handOver(ctx: Ctx, staffId: string, toStaffId: string): Promise<HandOverResult> {
  const from = await managedStaff(ctx.caller, staffId);
  const to = await receiver(from, toStaffId);
  for (let attempt = 0; ; attempt++) {
    try {
      return await runOnce(ctx, from, to);
    } catch (e) {
      // Another call closed the run this one had joined: start again for whatever is left.
      if (!(e instanceof HandOverClosedError) || attempt >= 3) throw e;
    }
  }
}

async function runOnce(ctx: Ctx, from: StaffRecord, to: StaffRecord): Promise<HandOverResult> {
  let run = await openHandOver(from.id);
  // A run to someone else that a crash left open: close it with what it moved (its figures are exact).
  if (run && run.toStaffId !== to.id) {
    await close(run.id, from.id, ctx.now);
    run = undefined;
  }
  const [patients, campaigns] = await Promise.all([ownedIds(from.id, 'patient'), ownedIds(from.id, 'campaign')]);
  if (!run && patients.length === 0 && campaigns.length === 0) {
    return { handedOver: 0, campaigns: 0, toStaffId: to.id };
  }
  run ??= await start(ctx, from, to);
  const owner: Owner = { id: to.id, name: to.name };
  await move(run, patients, 'handedOver', (id) => patientOwnerWrite(id, from.id, owner));
  await move(run, campaigns, 'campaigns', (id) => campaignOwnerWrite(id, from.id, owner));
  const done = await close(run.id, from.id, ctx.now);
  return { handedOver: done.handedOver, campaigns: done.campaigns, toStaffId: to.id };
}

async function start(ctx: Ctx, from: StaffRecord, to: StaffRecord): Promise<HandOverRun> {
  const run: HandOverRun = {
    id: newId('ho'),
    clinicId: from.clinicId,
    fromStaffId: from.id,
    toStaffId: to.id,
    actorStaffId: ctx.caller.staffId,
    actorUserId: ctx.caller.userId,
    actorClinicId: ctx.caller.clinicId,
    requestId: ctx.requestId,
    startedAt: ctx.now.toISOString(),
    handedOver: 0,
    campaigns: 0,
  };
  if (await startHandOver(run)) return run;
  // Another call opened one at the same moment: join it.
  const open = await openHandOver(from.id);
  if (!open || open.toStaffId !== to.id) throw new HandOverClosedError();
  return open;
}

/** Moves ids in batches; a batch meeting a record that moved meanwhile is done one by one, skipping those. */
async function move(run: HandOverRun, ids: string[], kind: Kind, ownerWrite: (id: string) => Write): Promise<void> {
  const tx = (batch: string[]) => [
    ...batch.map(ownerWrite),
    progressWrite(run, { [kind]: batch.length }),
    activeStaffCheck(run.toStaffId, targetGone),
  ];
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    try {
      await commit(tx(batch));
    } catch (e) {
      if (!(e instanceof OwnerMovedError)) throw e;
      for (const id of batch) await commit(tx([id])).catch(skipMoved);
    }
  }
}

function skipMoved(e: unknown): void {
  if (!(e instanceof OwnerMovedError)) throw e;
}

/** Closes the run with its figures as they stand and writes the hand-over's one audit event. */
async function close(runId: string, fromStaffId: string, now: Date): Promise<HandOverRun> {
  for (;;) {
    const run = await openHandOver(fromStaffId);
    if (!run || run.id !== runId) throw new HandOverClosedError();
    try {
      await commit([
        closeWrite(run),
        write(
          staffAuditWrite(
            {
              clinicId: run.clinicId,
              staffId: run.fromStaffId,
              action: 'handover',
              actorStaffId: run.actorStaffId,
              actorUserId: run.actorUserId,
              actorClinicId: run.actorClinicId,
              requestId: run.requestId,
              toStaffId: run.toStaffId,
              handedOver: run.handedOver,
              campaigns: run.campaigns,
              startedAt: run.startedAt,
            },
            now.toISOString(),
          ),
        ),
      ]);
      return run;
    } catch (e) {
      // Something moved since it was read (another call resuming the same run): read it again.
      if (!(e instanceof HandOverClosedError)) throw e;
    }
  }
}
