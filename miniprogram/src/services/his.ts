import { routes } from '@shared/routes';
import type { ListResult } from '@shared/schemas/common';
import type { HisEventStatus, HisEventView } from '@shared/schemas/his';
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
