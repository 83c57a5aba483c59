import * as z from 'zod';
import { clinicDate, isRealDate } from '../dates';
import { checkIdCard, normalizeIdCard } from '../id-card';
import { normalizeName } from '../mask';
import { profileIssues } from '../patient-rules';
import { category, channel, dateString, pageFields, phoneNumber } from './common';

/** The privacy policy version the consents in this build were given against. */
export const POLICY_VERSION = '2026-11';

export { GUARDIAN_AGE } from '../patient-rules';

export const genders = ['male', 'female'] as const;
export const relations = ['self', 'child', 'parent', 'spouse', 'other'] as const;
export const relationLabels: Record<(typeof relations)[number], string> = {
  self: '本人',
  child: '子女',
  parent: '父母',
  spouse: '配偶',
  other: '其他',
};

const name = z.string().transform(normalizeName).pipe(z.string().min(1, '请输入姓名').max(30, '姓名不超过 30 个字'));
const birthDate = dateString
  .refine((d) => !isRealDate(d) || d <= clinicDate(new Date()), { message: '出生日期不能晚于今天' })
  .refine((d) => !isRealDate(d) || d >= '1900-01-01', { message: '出生日期不正确' });
const idCardNo = z
  .string()
  .transform(normalizeIdCard)
  .superRefine((id, ctx) => {
    const problem = checkIdCard(id);
    if (problem === 'format') ctx.addIssue({ code: 'custom', message: '身份证号应为 18 位' });
    if (problem === 'birth_date') ctx.addIssue({ code: 'custom', message: '身份证号中的出生日期无效' });
    if (problem === 'check_digit') ctx.addIssue({ code: 'custom', message: '身份证号校验位不正确' });
  });
const shortText = (max: number) => z.string().trim().max(max, `不超过 ${max} 个字`);

export const consentsInput = z.strictObject({
  healthData: z.boolean(),
  marketing: z.boolean(),
  /** The account holder consents as guardian for a child under 14. */
  guardian: z.boolean().optional(),
});
export type ConsentsInput = z.infer<typeof consentsInput>;

/** The optional details of a profile, the same on every form that has them. */
const details = {
  occupation: shortText(50).optional(),
  address: shortText(200).optional(),
  needs: z.array(category).max(10).optional(),
};
const healthDetails = { idCardNo: idCardNo.optional(), medicalHistory: shortText(1000).optional() };

const profileFields = {
  name,
  gender: z.enum(genders, { message: '请选择性别' }),
  birthDate,
  phone: phoneNumber,
  ...healthDetails,
  ...details,
};

/** What an edit may change of the person: each field on its own. */
const editableFields = {
  name: profileFields.name.optional(),
  gender: profileFields.gender.optional(),
  birthDate: profileFields.birthDate.optional(),
  ...details,
};

type ProfileLike = {
  birthDate?: string;
  idCardNo?: string;
  medicalHistory?: string;
  consents?: ConsentsInput;
};

/** The shared cross-field rules (patient-rules.ts); each issue carries the rule's error code. */
function crossCheck(p: ProfileLike, ctx: z.RefinementCtx): void {
  // No consents given counts as none given.
  const consents = p.consents ?? { healthData: false, marketing: false };
  for (const issue of profileIssues({ ...p, consents }, clinicDate(new Date()))) {
    ctx.addIssue({ code: 'custom', path: issue.path.split('.'), message: issue.message, params: { code: issue.code } });
  }
}

/** A patient (or the account holder for a family member) registers a profile. */
export const createPatientInput = z
  .strictObject({
    ...profileFields,
    relation: z.enum(relations).default('self'),
    consents: consentsInput,
    /** The clinic the patient chose; records are group-wide, this is their home clinic. */
    clinicId: z.string().min(1).max(40).optional(),
    /** WeChat getPhoneNumber code (a dev stand-in locally): proves the phone, lets an existing record be claimed. */
    phoneCode: z.string().min(1).max(200).optional(),
  })
  .superRefine(crossCheck);
export type CreatePatientInput = z.infer<typeof createPatientInput>;

/** A patient edits their own profile; the phone changes only through a new registration. */
export const updatePatientInput = z
  .strictObject({
    ...editableFields,
    ...healthDetails,
    relation: z.enum(relations).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: '没有要修改的内容' });
export type UpdatePatientInput = z.infer<typeof updatePatientInput>;

/** Marketing or front desk enters a lead (建档); the caller becomes its owner. */
export const staffCreatePatientInput = z
  .strictObject({
    ...editableFields,
    name,
    phone: phoneNumber,
    ...healthDetails,
    channel,
    campaignId: z.string().max(40).optional(),
    clinicId: z.string().max(40).optional(),
    notes: shortText(500).optional(),
    consents: consentsInput.optional(),
  })
  .superRefine(crossCheck);
export type StaffCreatePatientInput = z.infer<typeof staffCreatePatientInput>;

/** Staff edit a record (tags such as VIP, contact details). */
export const staffUpdatePatientInput = z
  .strictObject({
    ...editableFields,
    notes: shortText(500).optional(),
    tags: z.array(z.string().trim().min(1).max(20)).max(20).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: '没有要修改的内容' });
export type StaffUpdatePatientInput = z.infer<typeof staffUpdatePatientInput>;

/** As a staff member types: who already matches this name or phone. */
export const duplicatesInput = z
  .strictObject({
    name: z.string().transform(normalizeName).pipe(z.string().max(30)).optional(),
    phone: z.string().max(30).optional(),
    birthDate: dateString.optional(),
  })
  .refine((p) => Boolean(p.name || p.phone), { message: '请输入姓名或手机号' });
export type DuplicatesInput = z.infer<typeof duplicatesInput>;

export const patientSearchQuery = z
  .strictObject({
    phone: z.string().max(30).optional(),
    name: z.string().transform(normalizeName).pipe(z.string().min(1).max(30)).optional(),
    ...pageFields,
  })
  .refine((q) => Boolean(q.phone || q.name), { message: '请按手机号或姓名查询' });

/** Grant or withdraw consents for one of my profiles. */
export const updateConsentsInput = z
  .strictObject({
    patientId: z.string().min(1).max(40),
    healthData: z.boolean().optional(),
    marketing: z.boolean().optional(),
    guardian: z.boolean().optional(),
  })
  .refine((c) => c.healthData !== undefined || c.marketing !== undefined || c.guardian !== undefined, {
    message: '请指定要修改的授权',
  });
export type UpdateConsentsInput = z.infer<typeof updateConsentsInput>;

export interface ConsentState {
  granted: boolean;
  at: string;
  policyVersion: string;
}

/** A profile as its own account sees it. */
export interface PatientView {
  id: string;
  name: string;
  gender?: (typeof genders)[number];
  birthDate?: string;
  phone: string;
  /** The phone is the account holder's, given as this family member's contact phone. */
  phoneShared?: boolean;
  idCardNo?: string;
  occupation?: string;
  address?: string;
  medicalHistory?: string;
  needs?: string[];
  relation?: (typeof relations)[number];
  consents: { healthData: boolean; marketing: boolean; guardian?: boolean };
  channel: string;
  campaignId?: string;
  ownerStaffId?: string;
  clinicId: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

/** A profile as staff see it: phone and ID number masked unless the role needs them. */
export interface StaffPatientView extends PatientView {
  phoneMasked: boolean;
  ownerStaffName?: string;
  notes?: string;
  claimed: boolean;
  visitCount: number;
  lastVisitAt?: string;
  nextRevisitDate?: string;
}

/**
 * What a search by the exact phone shows of a record the caller may not read (its home is another
 * clinic and the patient has no appointment or ticket at the caller's clinic today or ahead): enough
 * to book the patient or give them a number, never the record. Once they hold an appointment or a
 * ticket at the caller's clinic, the same search answers the full record.
 */
export interface MinimalPatientCard {
  minimal: true;
  patientId: string;
  maskedName: string;
  maskedPhone: string;
  gender?: (typeof genders)[number];
  birthYear?: number;
  homeClinicId: string;
  homeClinicName: string;
}

/** One hit of a staff search: the record as the caller may see it, or (exact phone only) a minimal card. */
export type PatientSearchItem = StaffPatientView | MinimalPatientCard;

export type MatchKind = 'phone' | 'name' | 'name_birthdate';

export interface DuplicateMatch {
  patientId: string;
  maskedName: string;
  maskedPhone: string;
  matchedOn: MatchKind[];
  ownerStaffId?: string;
  ownerStaffName?: string;
  clinicId: string;
  /** A family member behind the matched phone: how they relate to the account holder. */
  relation?: (typeof relations)[number];
  /** The phone is the account holder's, given as this family member's contact phone. */
  phoneShared?: boolean;
}
