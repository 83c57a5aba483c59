import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../functions/lib/tokens';
import { figuresScope, mayReadStaff } from '../../functions/stats/stats-scope';
import { AppError } from '../../shared/errors';

const marketer: Caller = { userId: 'u_mk', kind: 'staff', roles: ['marketing'], staffId: 's_mk', clinicId: 'c_a' };
const manager: Caller = { userId: 'u_mg', kind: 'staff', roles: ['manager'], staffId: 's_mg', clinicId: 'c_a' };
const admin: Caller = { userId: 'u_ad', kind: 'staff', roles: ['admin'], staffId: 's_ad', clinicId: 'c_a' };
const patient: Caller = { userId: 'u_pt', kind: 'patient', roles: ['patient'] };

/** The error code a call throws (undefined when it does not throw). */
function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof AppError ? e.code : 'NOT_APP_ERROR';
  }
}

describe('figuresScope', () => {
  it.each([
    ["gives a marketer their own figures when they ask for nobody's in particular", marketer, {}, { staffId: 's_mk' }],
    [
      'gives a marketer their own figures when they name themselves',
      marketer,
      { staffId: 's_mk' },
      { staffId: 's_mk' },
    ],
    ["gives a manager their clinic's figures by default", manager, {}, { clinicId: 'c_a' }],
    [
      'gives a manager one staff member when asked (the record is checked afterwards)',
      manager,
      { staffId: 's_x' },
      { staffId: 's_x' },
    ],
    ["gives the group admin any clinic's figures", admin, { clinicId: 'c_b' }, { clinicId: 'c_b' }],
  ])('%s', (_, caller: Caller, asked: { staffId?: string; clinicId?: string }, scope) => {
    expect(figuresScope(caller, asked)).toEqual(scope);
  });

  it.each([
    ["refuses a marketer another staff member's figures", marketer, { staffId: 's_other' }, 'FORBIDDEN'],
    ['refuses figures to a caller who is no staff member', patient, {}, 'FORBIDDEN'],
    ["refuses a manager another clinic's figures", manager, { clinicId: 'c_b' }, 'FORBIDDEN'],
    [
      'asks a caller with no clinic of their own to name one',
      { ...admin, clinicId: undefined },
      {},
      'VALIDATION_FAILED',
    ],
  ])('%s', (_, caller: Caller, asked: { staffId?: string; clinicId?: string }, code) => {
    expect(codeOf(() => figuresScope(caller, asked))).toBe(code);
  });

  it("never gives a marketer anyone's figures but their own, whatever they ask", () => {
    fc.assert(
      fc.property(
        fc.option(fc.stringMatching(/^s_[a-z0-9]{1,8}$/), { nil: undefined }),
        fc.option(fc.stringMatching(/^c_[a-z0-9]{1,8}$/), { nil: undefined }),
        (staffId, clinicId) => {
          let scope: unknown;
          try {
            scope = figuresScope(marketer, { staffId, clinicId });
          } catch (e) {
            expect((e as AppError).code).toBe('FORBIDDEN');
            return;
          }
          expect(scope).toEqual({ staffId: 's_mk' });
        },
      ),
    );
  });
});

describe('mayReadStaff', () => {
  const ofA = { id: 's_x', clinicId: 'c_a', name: '甲' };
  const ofB = { id: 's_y', clinicId: 'c_b', name: '乙' };

  it('lets a manager read a staff member of their own clinic', () => {
    expect(mayReadStaff(manager, ofA, 's_x')).toBe(ofA);
  });

  it("answers a manager asking for another clinic's staff member as if there were none", () => {
    expect(codeOf(() => mayReadStaff(manager, ofB, 's_y'))).toBe('NOT_FOUND');
  });

  it('lets the group admin read a staff member of any clinic', () => {
    expect(mayReadStaff(admin, ofB, 's_y')).toBe(ofB);
  });

  it('lets anyone read their own record, whatever its clinic', () => {
    const self = { id: 's_mk', clinicId: 'c_b' };
    expect(mayReadStaff(marketer, self, 's_mk')).toBe(self);
  });

  it('answers a missing staff member with NOT_FOUND', () => {
    expect(codeOf(() => mayReadStaff(admin, undefined, 's_none'))).toBe('NOT_FOUND');
  });
});
