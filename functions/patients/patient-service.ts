import { ageOn, clinicDate } from '../../shared/dates';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../../shared/errors';
import { birthDateFromIdCard } from '../../shared/id-card';
import { maskIdCard, maskName } from '../../shared/mask';
import { maskPhone, normalizePhone } from '../../shared/phone';
import { fullIdCardRoles, fullPhoneRoles, healthDataRoles, type StaffRole } from '../../shared/roles';
import {
  type CreatePatientInput,
  type DuplicateMatch,
  type DuplicatesInput,
  GUARDIAN_AGE,
  type MatchKind,
  type PatientView,
  POLICY_VERSION,
  type StaffCreatePatientInput,
  type StaffPatientView,
  type StaffUpdatePatientInput,
  type UpdateConsentsInput,
  type UpdatePatientInput,
} from '../../shared/schemas/patient';
import { getStaff } from '../auth/identity-repository';
import { getClinic } from '../clinics/clinic-repository';
import { decryptField, encryptField, lookupHash } from '../lib/crypto';
import { newId } from '../lib/ids';
import type { Caller } from '../lib/tokens';
import { wechat } from '../lib/wechat-client';
import { type Attribution, counterWrites } from '../stats/counter-repository';
import {
  type AuditEntry,
  type ConsentEntry,
  getPatient,
  insertPatient,
  type PatientRecord,
  patientsByName,
  patientsOfAccount,
  phoneOwner,
  requirePatient,
  savePatient,
  writeAudits,
} from './patient-repository';

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

/** Home clinic of a self-registered profile until the patient picks or visits one. */
export const UNASSIGNED_CLINIC = 'unassigned';

type ConsentKind = ConsentEntry['kind'];

export function consentEntries(
  given: Partial<Record<ConsentKind, boolean | undefined>>,
  at: string,
  by: { byUserId?: string; byStaffId?: string },
): ConsentEntry[] {
  return (Object.entries(given) as [ConsentKind, boolean | undefined][])
    .filter(([, granted]) => granted !== undefined)
    .map(([kind, granted]) => ({
      kind,
      state: { granted: Boolean(granted), at, policyVersion: POLICY_VERSION },
      ...by,
    }));
}

function applyConsents(record: PatientRecord, entries: ConsentEntry[]): PatientRecord['consents'] {
  const next = { ...record.consents };
  for (const e of entries) next[e.kind] = e.state;
  return next;
}

type NewRecordFields = Omit<
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
    consents: applyConsents({ consents: {} } as PatientRecord, consents),
    tags: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

async function sealIdCard(idCardNo: string | undefined) {
  if (!idCardNo) return {};
  return { idCardEnc: await encryptField(idCardNo), idCardHash: await lookupHash('idcard', idCardNo) };
}

function consentFlags(c: PatientRecord['consents']): PatientView['consents'] {
  return {
    healthData: Boolean(c.healthData?.granted),
    marketing: Boolean(c.marketing?.granted),
    ...(c.guardian ? { guardian: c.guardian.granted } : {}),
  };
}

/** A profile as its own account sees it: everything, in clear. */
export async function patientView(p: PatientRecord): Promise<PatientView> {
  return {
    id: p.id,
    name: p.name,
    gender: p.gender,
    birthDate: p.birthDate,
    phone: await decryptField(p.phoneEnc),
    idCardNo: p.idCardEnc ? await decryptField(p.idCardEnc) : undefined,
    occupation: p.occupation,
    address: p.address,
    medicalHistory: p.medicalHistory,
    needs: p.needs,
    relation: p.relation,
    consents: consentFlags(p.consents),
    channel: p.channel,
    campaignId: p.campaignId,
    ownerStaffId: p.ownerStaffId,
    clinicId: p.clinicId,
    tags: p.tags,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

function hasRole(caller: Caller, roles: readonly StaffRole[]): boolean {
  return caller.roles.some((r) => (roles as readonly string[]).includes(r));
}

/** A record as a staff member sees it: sensitive fields only for the roles that need them. */
export async function staffView(p: PatientRecord, caller: Caller): Promise<StaffPatientView> {
  const own = await patientView(p);
  const fullPhone =
    hasRole(caller, fullPhoneRoles) || (caller.staffId !== undefined && caller.staffId === p.ownerStaffId);
  return {
    ...own,
    phone: fullPhone ? own.phone : p.maskedPhone,
    phoneMasked: !fullPhone,
    idCardNo: own.idCardNo && !hasRole(caller, fullIdCardRoles) ? maskIdCard(own.idCardNo) : own.idCardNo,
    medicalHistory: hasRole(caller, healthDataRoles) ? own.medicalHistory : undefined,
    ownerStaffName: p.ownerStaffName,
    notes: p.notes,
    claimed: Boolean(p.accountId),
  };
}

function checkGuardian(birthDate: string | undefined, consents: PatientRecord['consents']): void {
  if (birthDate && ageOn(birthDate, clinicDate(new Date())) < GUARDIAN_AGE && !consents.guardian?.granted) {
    throw new AppError('GUARDIAN_CONSENT_REQUIRED', '未满 14 周岁的就诊人需监护人同意', {
      fields: [{ path: 'consents.guardian', message: '未满 14 周岁的就诊人需监护人同意' }],
    });
  }
}

function checkHealthConsent(
  fields: { medicalHistory?: string; idCardNo?: string },
  consents: PatientRecord['consents'],
) {
  if (consents.healthData?.granted) return;
  const named = (['medicalHistory', 'idCardNo'] as const).filter((f) => fields[f]);
  if (named.length > 0) {
    throw new AppError('HEALTH_CONSENT_REQUIRED', '填写病史或身份证号前需同意健康信息授权', {
      fields: named.map((path) => ({ path, message: '需先同意健康信息授权' })),
    });
  }
}

function checkIdCardBirthDate(idCardNo: string | undefined, birthDate: string | undefined): void {
  const coded = idCardNo ? birthDateFromIdCard(idCardNo) : undefined;
  if (coded && birthDate && coded !== birthDate) {
    throw new AppError('VALIDATION_FAILED', '身份证号与出生日期不一致', {
      fields: [{ path: 'idCardNo', message: '身份证号与出生日期不一致' }],
    });
  }
}

async function requireClinic(clinicId: string | undefined): Promise<void> {
  if (clinicId && !(await getClinic(clinicId))) {
    throw new AppError('VALIDATION_FAILED', '门诊不存在', { fields: [{ path: 'clinicId', message: '门诊不存在' }] });
  }
}

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
 * A WeChat account registers a profile. If a staff member already entered this phone and the
 * patient proved the phone, the patient claims that record; its owner and channel stay as they were.
 */
export async function createMyPatient(
  caller: Caller,
  input: CreatePatientInput,
): Promise<{ patient: PatientView; claimed: boolean }> {
  const verified = await verifiedPhone(input.phoneCode, input.phone);
  await requireClinic(input.clinicId);
  const at = new Date().toISOString();
  const consents = consentEntries(input.consents, at, { byUserId: caller.userId });
  const profile = {
    name: input.name,
    gender: input.gender,
    birthDate: input.birthDate,
    occupation: input.occupation,
    address: input.address,
    medicalHistory: input.medicalHistory,
    needs: input.needs,
    relation: input.relation,
    ...(await sealIdCard(input.idCardNo)),
  };
  const record = await newPatientRecord(
    { clinicId: input.clinicId ?? UNASSIGNED_CLINIC, ...profile, channel: 'wechat', accountId: caller.userId },
    input.phone,
    consents,
    at,
  );
  try {
    await insertPatient(record, maskName(record.name), consents, {
      counters: counterWrites(attributionOf(record), clinicDate(new Date(at)), { newRecords: 1 }),
    });
    return { patient: await patientView(record), claimed: false };
  } catch (err) {
    if (!(err instanceof ConflictError && err.code === 'DUPLICATE_PHONE')) throw err;
    const existingId = (err.details as { patientId?: string } | undefined)?.patientId;
    const existing = existingId ? await getPatient(existingId) : undefined;
    if (!existing) throw err;
    const claimable = !existing.accountId;
    if (claimable && verified) {
      const claimed = await savePatient(
        existing,
        {
          ...existing,
          ...profile,
          consents: applyConsents(existing, consents),
          accountId: caller.userId,
          updatedAt: at,
        },
        { consents, expectAccountId: null },
      );
      return { patient: await patientView(claimed), claimed: true };
    }
    throw new ConflictError(
      'DUPLICATE_PHONE',
      existing.accountId === caller.userId
        ? '您已添加过使用该手机号的就诊人'
        : claimable
          ? '该手机号已在医院建档，验证手机号后即可关联'
          : '该手机号已被其他微信账号登记',
      {
        maskedName: maskName(existing.name),
        maskedPhone: existing.maskedPhone,
        claimable,
        mine: existing.accountId === caller.userId,
      },
    );
  }
}

export async function listMyPatients(caller: Caller): Promise<{ items: PatientView[] }> {
  const records = await patientsOfAccount(caller.userId);
  return { items: await Promise.all(records.map(patientView)) };
}

/** Someone else's profile answers exactly like a missing one. */
async function myPatient(caller: Caller, patientId: string): Promise<PatientRecord> {
  const p = await getPatient(patientId);
  if (!p || p.accountId !== caller.userId) throw new NotFoundError('patient', { patientId });
  return p;
}

export async function updateMyPatient(
  caller: Caller,
  patientId: string,
  input: UpdatePatientInput,
): Promise<PatientView> {
  const before = await myPatient(caller, patientId);
  checkHealthConsent(input, before.consents);
  const { idCardNo, ...fields } = input;
  const birthDate = input.birthDate ?? before.birthDate;
  checkIdCardBirthDate(idCardNo ?? (before.idCardEnc ? await decryptField(before.idCardEnc) : undefined), birthDate);
  checkGuardian(birthDate, before.consents);
  const after: PatientRecord = {
    ...before,
    ...fields,
    ...(await sealIdCard(idCardNo)),
    updatedAt: new Date().toISOString(),
  };
  return patientView(await savePatient(before, after, { expectAccountId: caller.userId }));
}

/** Grants or withdraws consents; withdrawing health data erases the medical history and ID number. */
export async function updateConsents(caller: Caller, input: UpdateConsentsInput): Promise<PatientView> {
  const before = await myPatient(caller, input.patientId);
  const at = new Date().toISOString();
  const entries = consentEntries(
    { healthData: input.healthData, marketing: input.marketing, guardian: input.guardian },
    at,
    { byUserId: caller.userId },
  );
  const consents = applyConsents(before, entries);
  checkGuardian(before.birthDate, consents);
  const after: PatientRecord = { ...before, consents, updatedAt: at };
  if (!consents.healthData?.granted) {
    after.medicalHistory = undefined;
    after.idCardEnc = undefined;
    after.idCardHash = undefined;
  }
  return patientView(await savePatient(before, after, { consents: entries, expectAccountId: caller.userId }));
}

function requireStaff(caller: Caller): string {
  if (!caller.staffId) throw new ForbiddenError('仅限员工');
  return caller.staffId;
}

/** Marketing or front desk enters a lead; the caller owns it (attribution) and the entry is audited. */
export async function staffCreatePatient(
  caller: Caller,
  input: StaffCreatePatientInput,
  requestId: string,
): Promise<StaffPatientView> {
  const staffId = requireStaff(caller);
  const clinicId = input.clinicId ?? caller.clinicId ?? UNASSIGNED_CLINIC;
  await requireClinic(input.clinicId);
  const staff = await getStaff(staffId);
  const at = new Date().toISOString();
  const consents = input.consents ? consentEntries(input.consents, at, { byStaffId: staffId }) : [];
  const record = await newPatientRecord(
    {
      clinicId,
      name: input.name,
      gender: input.gender,
      birthDate: input.birthDate,
      occupation: input.occupation,
      address: input.address,
      medicalHistory: input.medicalHistory,
      needs: input.needs,
      ...(await sealIdCard(input.idCardNo)),
      channel: input.channel,
      campaignId: input.campaignId,
      ownerStaffId: staffId,
      ownerStaffName: staff?.name,
      notes: input.notes,
    },
    input.phone,
    consents,
    at,
  );
  try {
    await insertPatient(record, maskName(record.name), consents, {
      audit: { patientId: record.id, clinicId, actorStaffId: staffId, action: 'create', requestId },
      counters: counterWrites(attributionOf(record), clinicDate(new Date(at)), { newRecords: 1 }),
    });
  } catch (err) {
    if (!(err instanceof ConflictError && err.code === 'DUPLICATE_PHONE')) throw err;
    const existingId = (err.details as { patientId?: string } | undefined)?.patientId;
    const existing = existingId ? await getPatient(existingId) : undefined;
    throw new ConflictError('DUPLICATE_PHONE', '该手机号已建档，不能重复建档', {
      maskedName: existing ? maskName(existing.name) : undefined,
      maskedPhone: existing?.maskedPhone,
      ownerStaffName: existing?.ownerStaffName,
      claimable: false,
    });
  }
  return staffView(record, caller);
}

/** Who already matches what a staff member is typing: by phone, by name, by name and birthday. */
export async function findDuplicates(input: DuplicatesInput): Promise<{ items: DuplicateMatch[] }> {
  const matches = new Map<string, DuplicateMatch>();
  const add = (p: PatientRecord, kind: MatchKind) => {
    const m = matches.get(p.id) ?? {
      patientId: p.id,
      maskedName: maskName(p.name),
      maskedPhone: p.maskedPhone,
      matchedOn: [],
      ownerStaffId: p.ownerStaffId,
      ownerStaffName: p.ownerStaffName,
      clinicId: p.clinicId,
    };
    if (!m.matchedOn.includes(kind)) m.matchedOn.push(kind);
    matches.set(p.id, m);
  };
  const phone = input.phone ? normalizePhone(input.phone) : undefined;
  const [byPhone, byName] = await Promise.all([
    phone
      ? lookupHash('phone', phone).then(async (h) => {
          const owner = await phoneOwner(h);
          return owner ? getPatient(owner.patientId) : undefined;
        })
      : undefined,
    input.name ? patientsByName(input.name) : [],
  ]);
  if (byPhone) add(byPhone, 'phone');
  for (const p of byName) {
    add(p, 'name');
    if (input.birthDate && p.birthDate === input.birthDate) add(p, 'name_birthdate');
  }
  const rank = (m: DuplicateMatch) =>
    m.matchedOn.includes('phone') ? 0 : m.matchedOn.includes('name_birthdate') ? 1 : 2;
  return { items: [...matches.values()].sort((a, b) => rank(a) - rank(b)) };
}

export async function searchPatients(
  caller: Caller,
  query: { phone?: string; name?: string },
  requestId: string,
): Promise<{ items: StaffPatientView[] }> {
  const staffId = requireStaff(caller);
  let records: PatientRecord[] = [];
  if (query.phone) {
    const phone = normalizePhone(query.phone);
    if (!phone) {
      throw new AppError('VALIDATION_FAILED', '请输入正确的 11 位手机号', {
        fields: [{ path: 'phone', message: '请输入正确的 11 位手机号' }],
      });
    }
    const owner = await phoneOwner(await lookupHash('phone', phone));
    const p = owner ? await getPatient(owner.patientId) : undefined;
    records = p ? [p] : [];
  } else if (query.name) {
    records = await patientsByName(query.name);
  }
  await writeAudits(
    records.map((p) => ({ patientId: p.id, clinicId: p.clinicId, actorStaffId: staffId, action: 'search', requestId })),
  );
  return { items: await Promise.all(records.map((p) => staffView(p, caller))) };
}

export async function readPatient(caller: Caller, patientId: string, requestId: string): Promise<StaffPatientView> {
  const staffId = requireStaff(caller);
  const p = await requirePatient(patientId);
  await writeAudits([{ patientId, clinicId: p.clinicId, actorStaffId: staffId, action: 'read', requestId }]);
  return staffView(p, caller);
}

export async function staffUpdatePatient(
  caller: Caller,
  patientId: string,
  input: StaffUpdatePatientInput,
  requestId: string,
): Promise<StaffPatientView> {
  const staffId = requireStaff(caller);
  const before = await requirePatient(patientId);
  const onlyMarketing = !hasRole(caller, ['frontdesk', 'manager', 'admin']);
  if (onlyMarketing && before.ownerStaffId !== staffId) throw new ForbiddenError('只能修改自己建档的记录');
  checkGuardian(input.birthDate ?? before.birthDate, before.consents);
  const audit: AuditEntry = {
    patientId,
    clinicId: before.clinicId,
    actorStaffId: staffId,
    action: 'update',
    requestId,
    fields: Object.keys(input),
  };
  const after = await savePatient(before, { ...before, ...input, updatedAt: new Date().toISOString() }, { audit });
  return staffView(after, caller);
}
