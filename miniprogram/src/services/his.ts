import { routes } from '@shared/routes';
import type { ListResult } from '@shared/schemas/common';
import type { HisCredentialView, HisEventStatus, HisEventView } from '@shared/schemas/his';
import { call } from './request';

/** Managers: a page of what the clinic's HIS sent on a day (clinic date), applied or held. */
export function listHisEvents(
  date: string,
  status?: HisEventStatus,
  cursor?: string,
  limit = 20,
): Promise<ListResult<HisEventView>> {
  return call(routes.listHisEvents, { query: { date, status, limit, cursor } });
}

/**
 * Managers: apply a held event. Without a patient it is matched again (phone, HIS patient number);
 * with one it goes to that patient. Answers the event as it is now (still held when nobody matched).
 */
export function applyHisEvent(documentNo: string, patientId?: string): Promise<HisEventView> {
  return call(routes.applyHisEvent, { params: { documentNo }, body: patientId ? { patientId } : {} });
}

/** Managers: a new HIS key for the clinic (the old one stops working); the secret is shown this once. */
export function issueHisCredential(): Promise<HisCredentialView> {
  return call(routes.hisCredential, { body: {} });
}
