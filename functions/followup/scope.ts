import { AppError, ForbiddenError } from '../../shared/errors';
import { actsIn } from '../../shared/roles';
import type { Caller } from '../lib/tokens';

/** The clinic a follow-up request is about: the one asked for or the caller's own; staff act only in theirs. */
export function followUpClinic(caller: Caller, asked: string | undefined, what: '查看' | '修改' = '查看'): string {
  const clinicId = asked ?? caller.clinicId;
  if (!clinicId) {
    throw new AppError('VALIDATION_FAILED', '请指定门诊', { fields: [{ path: 'clinicId', message: '请指定门诊' }] });
  }
  if (!actsIn(caller, clinicId)) throw new ForbiddenError(`只能${what}本院的回访`);
  return clinicId;
}
