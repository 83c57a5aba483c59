import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as z from 'zod';
import { createPatientInput, duplicatesInput, staffCreatePatientInput } from '../../shared/schemas/patient';

// The rules compare with today in Asia/Shanghai: pin the clock so ages do not drift.
beforeAll(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T04:00:00Z'), toFake: ['Date'] });
});
afterAll(() => {
  vi.useRealTimers();
});

const valid = {
  name: '张三',
  gender: 'female',
  birthDate: '1949-12-31',
  phone: '+86 138-1234-1234',
  idCardNo: '11010519491231002X',
  occupation: '教师',
  address: '北京市东城区',
  medicalHistory: '青霉素过敏',
  needs: ['orthodontic', 'cleaning'],
  relation: 'self',
  consents: { healthData: true, marketing: false },
};

function issuePaths(result: { success: boolean; error?: z.ZodError }): string[] {
  return (result.error?.issues ?? []).map((i) => i.path.join('.'));
}

describe('createPatientInput', () => {
  it('accepts a full valid profile', () => {
    const result = createPatientInput.safeParse(valid);

    expect(result.error).toBeUndefined();
  });

  it('normalises the phone to 11 digits', () => {
    const parsed = createPatientInput.parse(valid);

    expect(parsed.phone).toBe('13812341234');
  });

  it('rejects an unknown field and names it', () => {
    const result = createPatientInput.safeParse({ ...valid, nickname: '小张' });

    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['nickname'] })]);
  });

  it('names each bad field by its path', () => {
    const result = createPatientInput.safeParse({ ...valid, phone: '12345', birthDate: '1990-02-30', gender: 'x' });

    expect(new Set(issuePaths(result))).toEqual(new Set(['phone', 'birthDate', 'gender']));
  });

  it('flags an ID number whose birth date differs from birthDate at idCardNo', () => {
    const result = createPatientInput.safeParse({ ...valid, birthDate: '1950-01-01' });

    expect(issuePaths(result)).toEqual(['idCardNo']);
  });

  it('flags medical history given without health-data consent at medicalHistory', () => {
    const { idCardNo: _, ...withoutId } = valid;
    const result = createPatientInput.safeParse({ ...withoutId, consents: { healthData: false, marketing: true } });

    expect(issuePaths(result)).toEqual(['medicalHistory']);
  });

  it('flags a child under 14 without guardian consent at consents.guardian', () => {
    const { idCardNo: _, ...child } = { ...valid, birthDate: '2020-06-01', relation: 'child' };
    const result = createPatientInput.safeParse(child);

    expect(issuePaths(result)).toEqual(['consents.guardian']);
  });

  it('accepts a child under 14 with guardian consent', () => {
    const { idCardNo: _, ...child } = {
      ...valid,
      birthDate: '2020-06-01',
      relation: 'child',
      consents: { healthData: true, marketing: false, guardian: true },
    };
    const result = createPatientInput.safeParse(child);

    expect(result.error).toBeUndefined();
  });

  it('treats a child turning 14 today as no longer under 14', () => {
    const { idCardNo: _, ...teen } = { ...valid, birthDate: '2012-11-23' };
    const result = createPatientInput.safeParse(teen);

    expect(result.error).toBeUndefined();
  });
});

describe('staffCreatePatientInput', () => {
  const lead = { name: '李四', phone: '13912345678' };

  it('requires a channel', () => {
    const result = staffCreatePatientInput.safeParse(lead);

    expect(issuePaths(result)).toEqual(['channel']);
  });

  it('accepts a lead with a name, phone and channel', () => {
    const result = staffCreatePatientInput.safeParse({ ...lead, channel: 'street' });

    expect(result.error).toBeUndefined();
  });
});

describe('duplicatesInput', () => {
  it('rejects a query with neither name nor phone', () => {
    const result = duplicatesInput.safeParse({ birthDate: '1990-01-01' });

    expect(result.success).toBe(false);
  });

  it('accepts a name alone', () => {
    expect(duplicatesInput.safeParse({ name: '张三' }).success).toBe(true);
  });

  it('accepts a phone alone', () => {
    expect(duplicatesInput.safeParse({ phone: '13812341234' }).success).toBe(true);
  });
});
