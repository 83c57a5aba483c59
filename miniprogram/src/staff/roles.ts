import type { MeView } from '@shared/schemas/auth';

/** Mirrors the API's route table; the API checks roles anyway, this only hides dead buttons. */
export const CALLERS = ['frontdesk', 'nurse', 'doctor', 'admin'];
export const VISIT_ROLES = ['doctor', 'frontdesk', 'admin'];
export const MANAGERS = ['manager', 'admin'];
export const CLINICAL = ['frontdesk', 'nurse', 'doctor', 'manager', 'admin'];

export function hasRole(user: MeView, roles: readonly string[]): boolean {
  return user.roles.some((r) => roles.includes(r));
}
