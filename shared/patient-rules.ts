import { ageOn } from './dates';
import type { ErrorCode } from './errors';
import { birthDateFromIdCard } from './id-card';

/** Children under this age need the account holder's guardian consent (PIPL). */
export const GUARDIAN_AGE = 14;

/** What the cross-field rules look at: the profile as it will be stored. */
export interface ProfileFacts {
  birthDate?: string;
  idCardNo?: string;
  medicalHistory?: string;
  consents: { healthData?: boolean; guardian?: boolean };
}

/** A rule a profile breaks: its error code, the field it names and the message a person reads. */
export interface ProfileIssue {
  code: Extract<ErrorCode, 'VALIDATION_FAILED' | 'HEALTH_CONSENT_REQUIRED' | 'GUARDIAN_CONSENT_REQUIRED'>;
  path: string;
  message: string;
}

/** True for a child under 14 on `today`; a birth date after today is no child (it is a typing mistake). */
export function needsGuardian(birthDate: string | undefined, today: string): boolean {
  return Boolean(birthDate && birthDate <= today && ageOn(birthDate, today) < GUARDIAN_AGE);
}

/**
 * The rules across a profile's fields, in one place for the form, the schemas and the services:
 * the ID number's birth date matches the birth date; medical history and ID number only with the
 * health-data consent; a child under 14 only with the guardian's consent.
 */
export function profileIssues(p: ProfileFacts, today: string): ProfileIssue[] {
  const issues: ProfileIssue[] = [];
  const coded = p.idCardNo ? birthDateFromIdCard(p.idCardNo) : undefined;
  if (coded && p.birthDate && coded !== p.birthDate) {
    issues.push({ code: 'VALIDATION_FAILED', path: 'idCardNo', message: '身份证号与出生日期不一致' });
  }
  if (!p.consents.healthData) {
    if (p.medicalHistory) {
      issues.push({ code: 'HEALTH_CONSENT_REQUIRED', path: 'medicalHistory', message: '填写病史前需同意健康信息授权' });
    }
    if (p.idCardNo) {
      issues.push({ code: 'HEALTH_CONSENT_REQUIRED', path: 'idCardNo', message: '填写身份证号前需同意健康信息授权' });
    }
  }
  if (needsGuardian(p.birthDate, today) && !p.consents.guardian) {
    issues.push({
      code: 'GUARDIAN_CONSENT_REQUIRED',
      path: 'consents.guardian',
      message: `未满 ${GUARDIAN_AGE} 周岁的就诊人需监护人同意`,
    });
  }
  return issues;
}

/** The error code an answer carries for a set of broken rules: theirs when they agree, else VALIDATION_FAILED. */
export function issuesCode(issues: readonly Pick<ProfileIssue, 'code'>[]): ProfileIssue['code'] {
  const codes = new Set(issues.map((i) => i.code));
  return codes.size === 1 ? [...codes][0]! : 'VALIDATION_FAILED';
}
