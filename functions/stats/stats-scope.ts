import { AppError, ForbiddenError, NotFoundError } from '../../shared/errors';
import { actsIn, hasRole, managers } from '../../shared/roles';
import type { Caller } from '../lib/tokens';

/** Whose figures a request reads: one staff member's (by id), or a whole clinic's. */
export type FiguresScope = { staffId: string } | { clinicId: string };

/**
 * Who may read whose figures, before anything is read: a marketer only their own; a manager anyone
 * of their clinic or the whole clinic; the group admin anyone. Pure: the staff record is checked
 * afterwards with `mayReadStaff`.
 */
export function figuresScope(caller: Caller, asked: { staffId?: string; clinicId?: string }): FiguresScope {
  if (!hasRole(caller, managers)) {
    if (!caller.staffId) throw new ForbiddenError('仅限员工');
    if (asked.staffId && asked.staffId !== caller.staffId) throw new ForbiddenError('只能查看自己的业绩');
    return { staffId: caller.staffId };
  }
  if (asked.staffId) return { staffId: asked.staffId };
  const clinicId = asked.clinicId ?? caller.clinicId;
  if (!clinicId) {
    throw new AppError('VALIDATION_FAILED', '请指定门诊', { fields: [{ path: 'clinicId', message: '请指定门诊' }] });
  }
  if (!actsIn(caller, clinicId)) throw new ForbiddenError('只能查看本院的业绩');
  return { clinicId };
}

/** A manager reads a staff member of their own clinic (the admin any); others' are as good as missing. */
export function mayReadStaff<S extends { id: string; clinicId: string }>(
  caller: Caller,
  staff: S | undefined,
  staffId: string,
): S {
  const own = staff?.id === caller.staffId;
  if (!staff || (!own && !actsIn(caller, staff.clinicId))) throw new NotFoundError('staff', { staffId });
  return staff;
}
