import { clinicDate } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import { issuesCode, profileIssues } from '../../shared/patient-rules';
import { maskPhone } from '../../shared/phone';
import { POLICY_VERSION } from '../../shared/schemas/patient';
import { cachedClinic } from '../clinics/clinic-cache';
import { decryptField, encryptField, lookupHash } from '../lib/crypto';
import { newId } from '../lib/ids';
import type { Attribution } from '../stats/counter-repository';
import type { ConsentEntry, PatientRecord } from './patient-repository';

/** Home clinic of a self-registered profile until the patient picks or visits one. */
export const UNASSIGNED_CLINIC = 'unassigned';

/** Who a patient's facts count for, at a clinic (the record's own clinic by default). */
export function attributionOf(p: PatientRecord, atClinicId: string = p.clinicId): Attribution {
  return {
    clinicId: atClinicId,
    ownerClinicId: p.clinicId,
    ownerStaffId: p.ownerStaffId,
    channel: p.channel,
    campaignId: p.campaignId,
  };
}

type ConsentKind = ConsentEntry['kind'];

/** The consents given or withdrawn in one action, each with its time and policy version. */
export function consentEntries(
  given: Partial<Record<ConsentKind, boolean | undefined>>,
  at: string,
  by: Pick<ConsentEntry, 'byUserId' | 'byStaffId' | 'source' | 'note'>,
): ConsentEntry[] {
  return (Object.entries(given) as [ConsentKind, boolean | undefined][])
    .filter(([, granted]) => granted !== undefined)
    .map(([kind, granted]) => ({
      kind,
      state: { granted: Boolean(granted), at, policyVersion: POLICY_VERSION },
      ...by,
    }));
}

export function applyConsents(consents: PatientRecord['consents'], entries: ConsentEntry[]): PatientRecord['consents'] {
  const next = { ...consents };
  for (const e of entries) next[e.kind] = e.state;
  return next;
}

export type NewRecordFields = Omit<
  PatientRecord,
  'id' | 'phoneEnc' | 'phoneHash' | 'maskedPhone' | 'consents' | 'tags' | 'createdAt' | 'updatedAt' | 'version'
>;

/** A new record: the phone sealed and hashed, consents applied. The one place records are made. */
export async function newPatientRecord(
  fields: NewRecordFields,
  phone: string,
  consents: ConsentEntry[],
  at: string,
): Promise<PatientRecord> {
  return {
    id: newId('p'),
    ...fields,
    phoneEnc: await encryptField(phone),
    phoneHash: await lookupHash('phone', phone),
    maskedPhone: maskPhone(phone),
    consents: applyConsents({}, consents),
    tags: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** The profile fields a registration or a lead entry gives, with the ID number sealed. */
export async function profileFieldsOf(input: {
  name: string;
  gender?: PatientRecord['gender'];
  birthDate?: string;
  idCardNo?: string;
  occupation?: string;
  address?: string;
  medicalHistory?: string;
  needs?: string[];
}) {
  return {
    name: input.name,
    gender: input.gender,
    birthDate: input.birthDate,
    occupation: input.occupation,
    address: input.address,
    medicalHistory: input.medicalHistory,
    needs: input.needs,
    ...(await sealIdCard(input.idCardNo)),
  };
}

export async function sealIdCard(idCardNo: string | undefined) {
  if (!idCardNo) return {};
  return { idCardEnc: await encryptField(idCardNo), idCardHash: await lookupHash('idcard', idCardNo) };
}

/** The record's ID-card number in clear, when it has one. */
export async function idCardOf(p: PatientRecord): Promise<string | undefined> {
  return p.idCardEnc ? decryptField(p.idCardEnc) : undefined;
}

/**
 * The shared cross-field rules on a profile as it will be stored (an edit is checked together
 * with what the record already holds); a broken rule is a 400 naming its fields.
 */
export function checkProfile(
  p: { birthDate?: string; idCardNo?: string; medicalHistory?: string; consents: PatientRecord['consents'] },
  now: Date,
): void {
  const issues = profileIssues(
    { ...p, consents: { healthData: p.consents.healthData?.granted, guardian: p.consents.guardian?.granted } },
    clinicDate(now),
  );
  if (issues.length === 0) return;
  throw new AppError(issuesCode(issues), issues[0]!.message, {
    fields: issues.map(({ path, message }) => ({ path, message })),
  });
}

/** A clinic named by a request must exist. */
export async function requireKnownClinic(clinicId: string | undefined, now: Date): Promise<void> {
  // From the container cache: a clinic, once there, is not removed.
  if (clinicId && !(await cachedClinic(clinicId, now))) {
    throw new AppError('VALIDATION_FAILED', '没有找到这家门诊', {
      fields: [{ path: 'clinicId', message: '没有找到这家门诊' }],
    });
  }
}
