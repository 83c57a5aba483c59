import { clinicDate } from '../../shared/dates';
import { maskPhone } from '../../shared/phone';
import type { ListResult } from '../../shared/schemas/common';
import {
  type HisCredentialInput,
  type HisCredentialView,
  type HisEventInput,
  type HisEventsQuery,
  type HisEventView,
  hisHoldReasons,
} from '../../shared/schemas/his';
import type { Ctx, PublicCtx } from '../lib/context';
import { encryptField, lookupHash } from '../lib/crypto';
import { Reply } from '../lib/http';
import { newId } from '../lib/ids';
import { logger } from '../lib/logger';
import { commit } from '../lib/transact';
import { actorOf, clinicActedIn } from '../staff/acting';
import { settingsAuditWrite } from '../staff/settings-audit-repository';
import { newHisSecret } from './his-auth';
import { commitApplied, patientOf } from './his-effects';
import {
  credentialWrite,
  DocumentSeenError,
  documentEvent,
  eventsOfDay,
  eventWrites,
  type HeldParts,
  linkWrite,
} from './his-repository';
import { applyHeldOf } from './his-review-service';

/**
 * A manager creates (or rotates) their clinic's HIS credential: a new key id and secret, the old
 * one refused from now on. The secret is answered this once; it is stored sealed (HMAC verification
 * needs it back) and the change joins the clinic's settings audit trail in the same transaction.
 */
export async function createHisCredential(ctx: Ctx, input: HisCredentialInput): Promise<HisCredentialView> {
  const clinicId = clinicActedIn(ctx.caller, input.clinicId, '只能管理本院的 HIS 凭证');
  const secret = newHisSecret();
  const createdAt = ctx.now.toISOString();
  const keyId = newId('hk');
  const actor = actorOf(ctx.caller);
  await commit([
    credentialWrite({ clinicId, keyId, sealedSecret: await encryptField(secret), createdAt, createdBy: actor }),
    settingsAuditWrite(
      {
        clinicId,
        subject: 'his#credential',
        action: 'update',
        actorStaffId: actor,
        requestId: ctx.requestId,
        fields: ['keyId'],
      },
      createdAt,
    ),
  ]);
  logger.info('his credential issued', { clinicId, keyId });
  return { clinicId, keyId, secret, createdAt };
}

export const answer = (v: HisEventView) => new Reply(v.status === 'held' ? 202 : 200, v);

/** What a treatment's visit needs when the event is applied later, kept with the held event. */
function heldInputOf(e: HisEventInput): HeldParts['heldInput'] {
  if (e.kind === 'charge') return undefined;
  const { departmentId, doctorId, doctorName } = e;
  return { departmentId, doctorId, doctorName };
}

/**
 * The HIS sends what happened: authenticated by its clinic's signature, applied once per document
 * number (the document item's condition sits in the same transaction as the effects; a repeat
 * answers what the first got). An unknown patient is held for review (202), not dropped.
 */
export async function receiveHisEvent(
  ctx: PublicCtx,
  e: HisEventInput,
  /** The clinic whose HIS signed the request (checked before the body was read). */
  clinicId: string,
): Promise<Reply> {
  const seen = await documentEvent(clinicId, e.documentNo);
  if (seen) return answer(seen);
  const patient = await patientOf(clinicId, e);
  const view: HisEventView = {
    documentNo: e.documentNo,
    kind: e.kind,
    clinicId,
    status: patient ? 'applied' : 'held',
    ...(patient
      ? { patientId: patient.id }
      : { reason: 'unknown_patient', reasonText: hisHoldReasons.unknown_patient }),
    ...(e.phone ? { maskedPhone: maskPhone(e.phone) } : {}),
    ...(e.hisPatientNo ? { hisPatientNo: e.hisPatientNo } : {}),
    at: new Date(e.at).toISOString(),
    receivedAt: ctx.now.toISOString(),
    ...(e.kind === 'charge' ? { amountFen: e.amountFen } : { category: e.category }),
    ...(patient && e.kind === 'treatment' ? { visitId: newId('v') } : {}),
  };
  // A held event keeps the phone sealed (and its keyed hash), so that the person can be found later.
  const held: HeldParts =
    !patient && e.phone
      ? { sealedPhone: await encryptField(e.phone), phoneHash: await lookupHash('phone', e.phone) }
      : {};
  if (!patient) held.heldInput = heldInputOf(e);
  const facts = [
    ...eventWrites(view, clinicDate(ctx.now), held),
    ...(patient && e.hisPatientNo && e.phone ? [linkWrite(clinicId, e.hisPatientNo, patient.id)] : []),
  ];
  try {
    if (patient) await commitApplied(clinicId, e, patient, view, facts);
    else await commit(facts);
  } catch (err) {
    if (err instanceof DocumentSeenError) return answer(err.first);
    throw err;
  }
  logger.info('his event', { clinicId, kind: e.kind, status: view.status, documentNo: e.documentNo });
  // The same person's events held earlier (before the record existed or was linked) apply now.
  if (patient) await applyHeldOf(ctx, clinicId, patient, e);
  return answer(view);
}

/** What arrived at a clinic's HIS endpoint on a day (today by default), applied or held and why. */
export async function listHisEvents(ctx: Ctx, q: HisEventsQuery): Promise<ListResult<HisEventView>> {
  const clinicId = clinicActedIn(ctx.caller, q.clinicId, '只能查看本院的 HIS 记录');
  return eventsOfDay(clinicId, q.date ?? clinicDate(ctx.now), q.status, q);
}
