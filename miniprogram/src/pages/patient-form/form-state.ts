import { clinicDate, isRealDate, normalizeDateInput } from '@shared/dates';
import { birthDateFromIdCard, checkIdCard, genderFromIdCard, normalizeIdCard } from '@shared/id-card';
import { needsGuardian } from '@shared/patient-rules';
import { maskPhone } from '@shared/phone';
import { type Category, categories } from '@shared/schemas/common';
import type { CreatePatientInput, PatientView, relations, UpdatePatientInput } from '@shared/schemas/patient';
import { optionalText } from '../../utils/form';

export type Relation = (typeof relations)[number];

/** What the registration form holds while the person types. */
export interface FormState {
  name: string;
  gender: '' | 'male' | 'female';
  birthDate: string;
  phone: string;
  idCardNo: string;
  occupation: string;
  address: string;
  medicalHistory: string;
  needs: Category[];
  relation: Relation;
  healthData: boolean;
  marketing: boolean;
  guardian: boolean;
}

export const emptyForm: FormState = {
  name: '',
  gender: '',
  birthDate: '',
  phone: '',
  idCardNo: '',
  occupation: '',
  address: '',
  medicalHistory: '',
  needs: [],
  relation: 'self',
  healthData: false,
  marketing: false,
  guardian: false,
};

const today = () => clinicDate(new Date());

/** A child under 14 today: a birth date after today is a typing mistake, not a child. */
export function isMinor(birthDate: string): boolean {
  const d = normalizeDateInput(birthDate);
  return isRealDate(d) && needsGuardian(d, today());
}

export function fromView(p: PatientView): FormState {
  return {
    name: p.name,
    gender: p.gender ?? '',
    birthDate: p.birthDate ?? '',
    phone: p.phone,
    idCardNo: p.idCardNo ?? '',
    occupation: p.occupation ?? '',
    address: p.address ?? '',
    medicalHistory: p.medicalHistory ?? '',
    needs: (p.needs ?? []).filter((n): n is Category => (categories as readonly string[]).includes(n)),
    relation: p.relation ?? 'self',
    healthData: p.consents.healthData,
    marketing: p.consents.marketing,
    guardian: Boolean(p.consents.guardian),
  };
}

/** The body createPatientInput reads; health fields only go with the health-data consent. */
export function toInput(f: FormState) {
  return {
    name: f.name,
    gender: f.gender || undefined,
    birthDate: f.birthDate.trim(),
    phone: f.phone,
    idCardNo: f.healthData ? optionalText(f.idCardNo) : undefined,
    occupation: optionalText(f.occupation),
    address: optionalText(f.address),
    medicalHistory: f.healthData ? optionalText(f.medicalHistory) : undefined,
    needs: f.needs,
    relation: f.relation,
    consents: {
      healthData: f.healthData,
      marketing: f.marketing,
      ...(isMinor(f.birthDate) ? { guardian: f.guardian } : {}),
    },
  };
}

/** An empty birth date asks for one; the schema's words are for dates in general. */
export function birthDateError(value: string, error: string | undefined): string | undefined {
  return error && !value.trim() ? '请填写出生日期' : error;
}

/**
 * A complete, valid ID number decides the birth date (and the gender when none was chosen), so the
 * two never contradict each other. Anything less leaves the form as it is.
 */
export function withIdCard(f: FormState, typed: string): FormState {
  const next = { ...f, idCardNo: typed };
  const id = normalizeIdCard(typed);
  if (id.length !== 18 || checkIdCard(id)) return next;
  const born = birthDateFromIdCard(id);
  return {
    ...next,
    birthDate: born ?? f.birthDate,
    gender: f.gender || genderFromIdCard(id) || '',
  };
}

/** How many years ago a family member of this relation was typically born: where the date wheel opens. */
const typicalAge: Record<Relation, number> = { self: 35, spouse: 35, parent: 65, child: 6, other: 35 };

/** The date the birth-date wheel shows first for a relation, when nothing is filled in yet. */
export function wheelStart(relation: Relation, on = today()): string {
  const year = Number(on.slice(0, 4)) - typicalAge[relation];
  const monthDay = on.slice(5) === '02-29' ? '02-28' : on.slice(5);
  return `${year}-${monthDay}`;
}

/** The phone of the account holder: their own profile's, else the first profile with a phone of its own. */
export function holderPhone(profiles: readonly PatientView[]): { phone: string; masked: string } | undefined {
  const own = profiles.filter((p) => !p.phoneShared);
  const holder = own.find((p) => (p.relation ?? 'self') === 'self') ?? own[0];
  return holder ? { phone: holder.phone, masked: maskPhone(holder.phone) } : undefined;
}

/** An edit as two calls: the consents that changed, and the profile fields (the phone never changes here). */
export function editOf(
  original: PatientView,
  data: CreatePatientInput,
): {
  consents: { healthData?: boolean; marketing?: boolean; guardian?: boolean };
  update: UpdatePatientInput;
} {
  const c = original.consents;
  const consents = {
    ...(data.consents.healthData !== c.healthData ? { healthData: data.consents.healthData } : {}),
    ...(data.consents.marketing !== c.marketing ? { marketing: data.consents.marketing } : {}),
    ...(data.consents.guardian !== undefined && data.consents.guardian !== Boolean(c.guardian)
      ? { guardian: data.consents.guardian }
      : {}),
  };
  const update: UpdatePatientInput = {
    name: data.name,
    gender: data.gender,
    birthDate: data.birthDate,
    idCardNo: data.idCardNo,
    occupation: data.occupation,
    address: data.address,
    medicalHistory: data.medicalHistory,
    needs: data.needs,
    relation: data.relation,
  };
  return { consents, update };
}
