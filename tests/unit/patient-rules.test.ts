import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../shared/dates';
import { GUARDIAN_AGE, issuesCode, needsGuardian, profileIssues } from '../../shared/patient-rules';
import { createPatientInput, staffCreatePatientInput } from '../../shared/schemas/patient';
import { idCardFor, profile } from '../support/api';

const TODAY = '2026-02-17';
const consented = { healthData: true };
const none = { healthData: false };

describe('needsGuardian', () => {
  it('asks for a guardian for a child under 14', () => {
    expect(needsGuardian('2012-02-18', TODAY)).toBe(true);
  });

  it('asks for no guardian from the 14th birthday on', () => {
    expect(needsGuardian('2012-02-17', TODAY)).toBe(false);
  });

  it('asks for no guardian for a birth date after today (a typing mistake, not a child)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3650 }), (n) => {
        expect(needsGuardian(addDays(TODAY, n), TODAY)).toBe(false);
      }),
    );
  });

  it('asks for no guardian when no birth date is known', () => {
    expect(needsGuardian(undefined, TODAY)).toBe(false);
  });

  it(`asks for a guardian exactly for ages 0 to ${GUARDIAN_AGE - 1}`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 * 365 }), (daysOld) => {
        const birth = addDays(TODAY, -daysOld);
        const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
        const fourteenth = `${by + GUARDIAN_AGE}-${String(bm).padStart(2, '0')}-${String(bd).padStart(2, '0')}`;
        expect(needsGuardian(birth, TODAY)).toBe(fourteenth > TODAY);
      }),
    );
  });
});

describe('profileIssues', () => {
  it('accepts an adult profile with consent, history and a matching ID number', () => {
    const p = {
      birthDate: '1988-03-15',
      idCardNo: idCardFor('1988-03-15'),
      medicalHistory: '青霉素过敏',
      consents: consented,
    };
    expect(profileIssues(p, TODAY)).toEqual([]);
  });

  it('asks for the health-data consent before a medical history, naming medicalHistory', () => {
    expect(profileIssues({ birthDate: '1988-03-15', medicalHistory: '高血压', consents: none }, TODAY)).toEqual([
      { code: 'HEALTH_CONSENT_REQUIRED', path: 'medicalHistory', message: '填写病史前需同意健康信息授权' },
    ]);
  });

  it('asks for the health-data consent before an ID number', () => {
    const issues = profileIssues({ birthDate: '1988-03-15', idCardNo: idCardFor('1988-03-15'), consents: none }, TODAY);
    expect(issues.map((i) => [i.code, i.path])).toEqual([['HEALTH_CONSENT_REQUIRED', 'idCardNo']]);
  });

  it('refuses an ID number whose birth date is not the birth date given', () => {
    const issues = profileIssues(
      { birthDate: '1988-03-16', idCardNo: idCardFor('1988-03-15'), consents: consented },
      TODAY,
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual([['VALIDATION_FAILED', 'idCardNo']]);
  });

  it("asks for the guardian's consent for a child under 14", () => {
    const issues = profileIssues({ birthDate: '2020-05-01', consents: consented }, TODAY);
    expect(issues.map((i) => [i.code, i.path])).toEqual([['GUARDIAN_CONSENT_REQUIRED', 'consents.guardian']]);
    expect(profileIssues({ birthDate: '2020-05-01', consents: { ...consented, guardian: true } }, TODAY)).toEqual([]);
  });

  it('writes every message in Chinese', () => {
    const all = profileIssues(
      { birthDate: '2020-05-01', idCardNo: idCardFor('2020-05-02'), medicalHistory: '无', consents: none },
      TODAY,
    );
    expect(all).toHaveLength(4);
    for (const i of all) expect(i.message).not.toMatch(/[A-Za-z]/);
  });
});

describe('issuesCode', () => {
  it("answers with the rules' own code when they agree", () => {
    expect(issuesCode([{ code: 'HEALTH_CONSENT_REQUIRED' }, { code: 'HEALTH_CONSENT_REQUIRED' }])).toBe(
      'HEALTH_CONSENT_REQUIRED',
    );
  });

  it('answers VALIDATION_FAILED when the rules broken disagree', () => {
    expect(issuesCode([{ code: 'HEALTH_CONSENT_REQUIRED' }, { code: 'GUARDIAN_CONSENT_REQUIRED' }])).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('the schemas use the same rule', () => {
  it('gives the registration form the rule’s code and message for a history without consent', () => {
    const out = createPatientInput.safeParse(
      profile({ medicalHistory: '高血压', consents: { healthData: false, marketing: false } }),
    );
    expect(out.success).toBe(false);
    expect(out.error!.issues).toEqual([
      expect.objectContaining({
        path: ['medicalHistory'],
        message: '填写病史前需同意健康信息授权',
        params: { code: 'HEALTH_CONSENT_REQUIRED' },
      }),
    ]);
  });

  it('gives staff entry the same code and message', () => {
    const out = staffCreatePatientInput.safeParse({
      name: '王五',
      phone: '13800138000',
      channel: 'walk_in',
      medicalHistory: '高血压',
    });
    expect(out.error!.issues).toEqual([
      expect.objectContaining({ message: '填写病史前需同意健康信息授权', params: { code: 'HEALTH_CONSENT_REQUIRED' } }),
    ]);
  });
});
