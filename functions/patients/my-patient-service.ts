import { clinicDate } from '../../shared/dates';
import { AppError, ConflictError, NotFoundError } from '../../shared/errors';
import { maskName, normalizeName } from '../../shared/mask';
import { normalizePhone } from '../../shared/phone';
import type { ListResult, PageQuery } from '../../shared/schemas/common';
import type {
  CreatePatientInput,
  PatientView,
  UpdateConsentsInput,
  UpdatePatientInput,
} from '../../shared/schemas/patient';
import type { Ctx } from '../lib/context';
import { commit, retrying, type Write } from '../lib/transact';
import { wechat } from '../lib/wechat-client';
import { counterWrites } from '../stats/counter-repository';
import type { AuditEntry } from './audit-repository';
import { fieldChanges } from './corrections';
import { patientsOfAccount, patientsOfAccountPage } from './patient-list-repository';
import {
  applyConsents,
  attributionOf,
  checkProfile,
  consentEntries,
  idCardOf,
  newPatientRecord,
  profileFieldsOf,
  requireKnownClinic,
  sealIdCard,
  UNASSIGNED_CLINIC,
} from './patient-record';
import {
  FamilyChangedError,
  getPatient,
  newPatientWrites,
  type PatientRecord,
  phoneOwner,
  savePatient,
  sharePhoneWrite,
} from './patient-repository';
import { patientView } from './patient-view';

/** The phone the patient proved with WeChat's phone-number button (a dev stand-in locally). */
async function verifiedPhone(phoneCode: string | undefined, typed: string): Promise<boolean> {
  if (!phoneCode) return false;
  const { phone } = await (await wechat()).getPhoneNumber(phoneCode);
  if (normalizePhone(phone) !== typed) {
    throw new AppError('PHONE_NOT_VERIFIED', '验证的手机号与填写的不一致', {
      fields: [{ path: 'phone', message: '验证的手机号与填写的不一致' }],
    });
  }
  return true;
}

/**
 * A WeChat account registers a profile. A family member may give the phone of a profile the same
 * account already holds (a child or an elderly parent without a phone of their own): the record
 * shares that phone and takes no phone guard. If a staff member entered this phone and the patient
 * proved it, the patient claims that record; its owner and channel stay as they were.
 */
export async function createMyPatient(
  { caller, now }: Ctx,
  input: CreatePatientInput,
): Promise<{ patient: PatientView; claimed: boolean }> {
  const verified = await verifiedPhone(input.phoneCode, input.phone);
  await requireKnownClinic(input.clinicId, now);
  const at = now.toISOString();
  const consents = consentEntries(input.consents, at, { byUserId: caller.userId });
  const profile = { ...(await profileFieldsOf(input)), relation: input.relation };
  const record = await newPatientRecord(
    { clinicId: input.clinicId ?? UNASSIGNED_CLINIC, ...profile, channel: 'wechat', accountId: caller.userId },
    input.phone,
    consents,
    at,
  );
  // The answer is known before the write: it is saved with it (an Idempotency-Key kept in the transaction).
  const insert = async (r: PatientRecord, extra: Write[] = []) => {
    const answer = { patient: await patientView(r), claimed: false };
    await commit(
      [
        ...newPatientWrites(r, maskName(r.name), consents),
        ...extra,
        ...counterWrites(attributionOf(r), clinicDate(now), { newRecords: 1 }),
      ],
      { answer },
    );
    return answer;
  };
  try {
    return await insert(record);
  } catch (err) {
    if (!(err instanceof ConflictError && err.code === 'DUPLICATE_PHONE')) throw err;
    const existingId = (err.details as { patientId?: string } | undefined)?.patientId;
    const existing = existingId ? await getPatient(existingId) : undefined;
    if (!existing) throw err;
    if (existing.accountId === caller.userId) {
      // Retried when another member took the phone meanwhile (the same one, sent twice at once).
      return retrying(
        (e) => e instanceof FamilyChangedError,
        async () => {
          const seen = (await phoneOwner(record.phoneHash, true))?.familyVersion ?? 0;
          const family = await patientsOfAccount(caller.userId);
          const same = family.find((p) => p.phoneHash === record.phoneHash && normalizeName(p.name) === record.name);
          if (same) {
            throw new ConflictError('DUPLICATE_PHONE', `您已添加过就诊人“${same.name}”`, {
              maskedName: maskName(same.name),
              maskedPhone: same.maskedPhone,
              claimable: false,
              mine: true,
            });
          }
          return insert({ ...record, phoneShared: true }, [sharePhoneWrite(record.phoneHash, seen)]);
        },
      );
    }
    const claimable = !existing.accountId;
    if (claimable && verified) {
      const claimed = await savePatient(
        existing,
        {
          ...existing,
          ...profile,
          consents: applyConsents(existing.consents, consents),
          accountId: caller.userId,
          updatedAt: at,
        },
        { consents, expectAccountId: null },
      );
      return { patient: await patientView(claimed), claimed: true };
    }
    throw new ConflictError(
      'DUPLICATE_PHONE',
      claimable ? '该手机号已在医院建档，验证手机号后即可关联' : '该手机号已被其他微信账号登记',
      { maskedName: maskName(existing.name), maskedPhone: existing.maskedPhone, claimable, mine: false },
    );
  }
}

export async function listMyPatients({ caller }: Ctx, page: PageQuery): Promise<ListResult<PatientView>> {
  const out = await patientsOfAccountPage(caller.userId, page);
  return { ...out, items: await Promise.all(out.items.map(patientView)) };
}

/** Someone else's profile answers exactly like a missing one. */
async function myPatient(userId: string, patientId: string): Promise<PatientRecord> {
  const p = await getPatient(patientId);
  if (!p || p.accountId !== userId) throw new NotFoundError('patient', { patientId });
  return p;
}

/** The patient corrects their own profile; the correction is audited field by field, values masked. */
export async function updateMyPatient(
  { caller, now, requestId }: Ctx,
  patientId: string,
  input: UpdatePatientInput,
): Promise<PatientView> {
  const before = await myPatient(caller.userId, patientId);
  const { idCardNo, ...fields } = input;
  const oldIdCard = await idCardOf(before);
  checkProfile(
    {
      birthDate: input.birthDate ?? before.birthDate,
      idCardNo: idCardNo ?? oldIdCard,
      medicalHistory: input.medicalHistory ?? before.medicalHistory,
      consents: before.consents,
    },
    now,
  );
  const after: PatientRecord = { ...before, ...fields, ...(await sealIdCard(idCardNo)), updatedAt: now.toISOString() };
  const changes = fieldChanges(
    { ...before, idCardNo: oldIdCard },
    { ...after, idCardNo: idCardNo ?? oldIdCard },
    Object.keys(input),
  );
  const audit: AuditEntry | undefined = changes.length
    ? {
        patientId,
        clinicId: before.clinicId,
        actorUserId: caller.userId,
        ...(caller.clinicId ? { actorClinicId: caller.clinicId } : {}),
        action: 'update',
        requestId,
        fields: changes.map((c) => c.field),
        changes,
      }
    : undefined;
  return patientView(await savePatient(before, after, { expectAccountId: caller.userId, ...(audit ? { audit } : {}) }));
}

/** Grants or withdraws consents; withdrawing health data erases the medical history and ID number. */
export async function updateConsents({ caller, now }: Ctx, input: UpdateConsentsInput): Promise<PatientView> {
  const before = await myPatient(caller.userId, input.patientId);
  const at = now.toISOString();
  const entries = consentEntries(
    { healthData: input.healthData, marketing: input.marketing, guardian: input.guardian },
    at,
    { byUserId: caller.userId, source: 'patient' },
  );
  const consents = applyConsents(before.consents, entries);
  const after: PatientRecord = { ...before, consents, updatedAt: at };
  if (!consents.healthData?.granted) {
    after.medicalHistory = undefined;
    after.idCardEnc = undefined;
    after.idCardHash = undefined;
  }
  checkProfile({ birthDate: after.birthDate, consents }, now);
  return patientView(await savePatient(before, after, { consents: entries, expectAccountId: caller.userId }));
}
