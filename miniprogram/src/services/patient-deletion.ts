import { routes } from '@shared/routes';
import type { DeletionResult } from '@shared/schemas/rights';
import { call } from './request';

/** Staff record a patient's request to delete their record, with the reason (staff subpackage only). */
export function recordDeletion(patientId: string, reason: string): Promise<DeletionResult> {
  return call(routes.recordDeletion, { params: { patientId }, body: { reason } });
}
