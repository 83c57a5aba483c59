import { clinicDate } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import { maskPhone } from '../../shared/phone';
import type { Category, ListResult } from '../../shared/schemas/common';
import {
  type HisCredentialInput,
  type HisCredentialView,
  type HisEventInput,
  type HisEventsQuery,
  type HisEventView,
  hisHoldReasons,
} from '../../shared/schemas/his';
import { getStaff } from '../auth/identity-repository';
import { getDepartment } from '../clinics/clinic-repository';
import type { Ctx, PublicCtx } from '../lib/context';
import { encryptField, lookupHash } from '../lib/crypto';
import { Reply } from '../lib/http';
import { newId } from '../lib/ids';
import { logger } from '../lib/logger';
import { commit, type Write, write } from '../lib/transact';
import { attributionOf } from '../patients/patient-record';
import { getPatient, type PatientRecord, phoneOwner } from '../patients/patient-repository';
import { actorOf, clinicActedIn } from '../staff/acting';
import { settingsAuditWrite } from '../staff/settings-audit-repository';
import { counterWrites } from '../stats/counter-repository';
import { newHisSecret } from './his-auth';
import {
  credentialWrite,
  DocumentSeenError,
  documentEvent,
  eventsOfDay,
  eventWrites,
  linkedPatient,
  linkWrite,
} from './his-repository';
import { recordedVisitWrites } from './visit-service';

/** The department a HIS treatment is filed under: the HIS names no queue of ours. */
export const HIS_DEPARTMENT = 'his';

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

const answer = (v: HisEventView) => new Reply(v.status === 'held' ? 202 : 200, v);

/** The patient an event names: by the HIS's own number once linked, else by phone (its keyed hash). */
async function patientOf(clinicId: string, e: HisEventInput): Promise<PatientRecord | undefined> {
  const linked = e.hisPatientNo ? await linkedPatient(clinicId, e.hisPatientNo) : undefined;
  if (linked) return getPatient(linked);
  if (!e.phone) return undefined;
  const owner = await phoneOwner(await lookupHash('phone', e.phone));
  return owner ? getPatient(owner.patientId) : undefined;
}

async function departmentOf(clinicId: string, departmentId: string | undefined): Promise<string> {
  if (!departmentId) return HIS_DEPARTMENT;
  const d = await getDepartment(departmentId);
  if (d?.clinicId !== clinicId)
    throw new AppError('VALIDATION_FAILED', '科室不存在', {
      fields: [{ path: 'departmentId', message: '请提供本院科室的编号，或不提供' }],
    });
  return d.id;
}

async function doctorOf(clinicId: string, e: Extract<HisEventInput, { kind: 'treatment' }>) {
  if (!e.doctorId) return { doctorId: `his:${e.doctorName}`, doctorName: e.doctorName };
  const doctor = await getStaff(e.doctorId);
  if (!doctor?.roles.includes('doctor') || doctor.clinicId !== clinicId)
    throw new AppError('VALIDATION_FAILED', '医生不存在', {
      fields: [{ path: 'doctorId', message: '请提供本院医生的编号，或只提供医生姓名' }],
    });
  return { doctorId: doctor.id, doctorName: doctor.name };
}

/**
 * What an applied event moves, exactly as a visit recorded in the app: a charge moves the revenue
 * of the patient's attribution on the event's day (a refund moves it back); a treatment is a
 * recorded visit (its visit on the timeline, follow-ups, visit count and counters, charge 0: the
 * money comes as charges).
 */
async function effects(clinicId: string, e: HisEventInput, p: PatientRecord, view: HisEventView): Promise<Write[]> {
  const day = clinicDate(new Date(e.at));
  if (e.kind === 'charge')
    return counterWrites(attributionOf(p, clinicId), day, { revenueFen: e.amountFen }).map((i) => write(i));
  const at = new Date(e.at).toISOString();
  const visit = {
    id: view.visitId!,
    patientId: p.id,
    clinicId,
    departmentId: await departmentOf(clinicId, e.departmentId),
    date: day,
    category: e.category as Category,
    chargeFen: 0,
    ...(await doctorOf(clinicId, e)),
    notes: `HIS 单据 ${e.documentNo}`,
    ticketId: '',
    recordedBy: `his:${clinicId}`,
    createdAt: at,
  };
  return recordedVisitWrites(visit, p);
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
  // A held event keeps the phone sealed, so that a reviewer can find the person later.
  const sealed = !patient && e.phone ? { sealedPhone: await encryptField(e.phone) } : {};
  const writes = [
    ...eventWrites(view, clinicDate(ctx.now), sealed),
    ...(patient ? await effects(clinicId, e, patient, view) : []),
    ...(patient && e.hisPatientNo && e.phone ? [linkWrite(clinicId, e.hisPatientNo, patient.id)] : []),
  ];
  try {
    await commit(writes);
  } catch (err) {
    if (err instanceof DocumentSeenError) return answer(err.first);
    throw err;
  }
  logger.info('his event', { clinicId, kind: e.kind, status: view.status, documentNo: e.documentNo });
  return answer(view);
}

/** What arrived at a clinic's HIS endpoint on a day (today by default), applied or held and why. */
export async function listHisEvents(ctx: Ctx, q: HisEventsQuery): Promise<ListResult<HisEventView>> {
  const clinicId = clinicActedIn(ctx.caller, q.clinicId, '只能查看本院的 HIS 记录');
  return eventsOfDay(clinicId, q.date ?? clinicDate(ctx.now), q.status, q);
}
