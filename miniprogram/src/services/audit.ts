import { routes } from '@shared/routes';
import type { AuditEventView } from '@shared/schemas/audit';
import type { ListResult } from '@shared/schemas/common';
import { call } from './request';

/** Managers: a page of a record's audit trail, newest first. */
export function patientAudit(patientId: string, cursor?: string, limit = 20): Promise<ListResult<AuditEventView>> {
  return call(routes.patientAudit, { params: { patientId }, query: { limit, cursor } });
}

/** The 审计记录 page of a record (the name is shown while the page loads); without an id: search first. */
export function auditUrl(patientId?: string, name?: string): string {
  if (!patientId) return '/staff/audit';
  return `/staff/audit?patientId=${encodeURIComponent(patientId)}${name ? `&name=${encodeURIComponent(name)}` : ''}`;
}
