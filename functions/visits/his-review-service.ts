import { NotFoundError } from '../../shared/errors';
import { actsIn } from '../../shared/roles';
import type { ApplyHisEventInput, HisEventInput, HisEventView } from '../../shared/schemas/his';
import type { Ctx, PublicCtx } from '../lib/context';
import { decryptField, lookupHash } from '../lib/crypto';
import { newId } from '../lib/ids';
import { logger } from '../lib/logger';
import { type Write, write } from '../lib/transact';
import { auditWrite } from '../patients/audit-repository';
import { getPatient, type PatientRecord } from '../patients/patient-repository';
import { requireReadable } from '../patients/record-access';
import { actorOf } from '../staff/acting';
import { commitApplied, patientOf } from './his-effects';
import {
  appliedWrites,
  documentEvent,
  type HeldParts,
  heldDocument,
  heldDocumentsOf,
  linkWrite,
  NoLongerHeldError,
} from './his-repository';

type Held = { view: HisEventView; held: HeldParts };
type How = NonNullable<HisEventView['appliedHow']>;

/** The event as the HIS sent it, from what a held event kept (the patient is found by now). */
function inputOf({ view, held }: Held): HisEventInput {
  const base = { documentNo: view.documentNo, at: view.at };
  return view.kind === 'charge'
    ? { ...base, kind: 'charge', amountFen: view.amountFen ?? 0, items: [] }
    : ({ ...base, kind: 'treatment', category: view.category, ...held.heldInput } as HisEventInput);
}

/**
 * Applies a held event to a patient: the event turns applied (only while still held), and moves
 * exactly what it would have moved had the patient been known when it arrived. A second press, a
 * race or a later event that got there first applies nothing more: the answer is the event as it is.
 */
async function applyHeld(
  now: Date,
  clinicId: string,
  found: Held,
  p: PatientRecord,
  how: How,
  by: string,
  extra: Write[] = [],
): Promise<HisEventView> {
  const applied: Partial<HisEventView> = {
    patientId: p.id,
    appliedAt: now.toISOString(),
    appliedBy: by,
    appliedHow: how,
    ...(found.view.kind === 'treatment' ? { visitId: newId('v') } : {}),
  };
  const { reason: _r, reasonText: _t, ...rest } = found.view;
  const view: HisEventView = { ...rest, ...applied, status: 'applied' };
  try {
    await commitApplied(clinicId, inputOf(found), p, view, [
      ...appliedWrites(found.view, found.held, applied),
      ...extra,
    ]);
  } catch (err) {
    if (!(err instanceof NoLongerHeldError)) throw err;
    return (await documentEvent(clinicId, found.view.documentNo)) ?? found.view;
  }
  logger.info('his event applied', { clinicId, documentNo: view.documentNo, how });
  return view;
}

/**
 * A manager applies a held event: without a patient it is matched again (by the HIS patient number,
 * then the phone it came with: the patient may have registered since); with one, it goes to that
 * patient (one the caller may read: of the clinic, or cared for there) and the HIS patient number is
 * remembered for them. Audited on the patient's trail. Still unknown: the event answers still held.
 */
export async function applyHisEvent(ctx: Ctx, documentNo: string, input: ApplyHisEventInput): Promise<HisEventView> {
  const clinicId = input.clinicId ?? ctx.caller.clinicId;
  // Another clinic's event answers like a missing one (clinic isolation), even when its clinic is named.
  const found = clinicId && actsIn(ctx.caller, clinicId) ? await heldDocument(clinicId, documentNo) : undefined;
  if (!clinicId || !found) throw new NotFoundError('hisEvent', { documentNo });
  if (found.view.status !== 'held') return found.view;
  let patient: PatientRecord | undefined;
  if (input.patientId) {
    patient = await getPatient(input.patientId);
    if (!patient) throw new NotFoundError('patient', { patientId: input.patientId });
    await requireReadable(ctx, patient);
  } else {
    const phone = found.held.sealedPhone ? await decryptField(found.held.sealedPhone) : undefined;
    patient = await patientOf(clinicId, { hisPatientNo: found.view.hisPatientNo, phone });
    if (!patient) return found.view;
  }
  const actor = actorOf(ctx.caller);
  const hisNo = found.view.hisPatientNo;
  const audit = auditWrite(
    {
      patientId: patient.id,
      clinicId: patient.clinicId,
      actorStaffId: actor,
      ...(ctx.caller.clinicId ? { actorClinicId: ctx.caller.clinicId } : {}),
      action: 'update',
      requestId: ctx.requestId,
      fields: [found.view.kind === 'charge' ? 'revenue' : 'visits'],
      reason: `HIS 单据 ${documentNo} 入账（${input.patientId ? '指定患者' : '重新匹配'}）`,
    },
    ctx.now.toISOString(),
  );
  return applyHeld(ctx.now, clinicId, found, patient, input.patientId ? 'chosen' : 'matched', actor, [
    write(audit),
    ...(hisNo ? [linkWrite(clinicId, hisNo, patient.id)] : []),
  ]);
}

/**
 * After an event of a known patient is applied, the same person's held events (by the HIS patient
 * number or phone it named) apply too: one Query per name, nothing when none is held. A failure
 * leaves that event held for the manager, and never fails the event that triggered it.
 */
export async function applyHeldOf(
  ctx: PublicCtx,
  clinicId: string,
  p: PatientRecord,
  e: { hisPatientNo?: string; phone?: string },
): Promise<void> {
  const phoneHash = e.phone ? await lookupHash('phone', e.phone) : undefined;
  for (const documentNo of await heldDocumentsOf(clinicId, e.hisPatientNo, phoneHash)) {
    try {
      const found = await heldDocument(clinicId, documentNo);
      if (found?.view.status === 'held') await applyHeld(ctx.now, clinicId, found, p, 'later_event', `his:${clinicId}`);
    } catch (err) {
      logger.warn('held his event left held', { clinicId, documentNo, error: (err as Error).name });
    }
  }
}
