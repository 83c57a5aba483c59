import type { RouteName } from '../routes';
import { afterVisitContract } from './after-visit';
import { campaignsContract } from './campaigns';
import { consultationsContract } from './consultations';
import { docsContract } from './docs';
import { groupsContract } from './groups';
import { hisContract } from './his';
import { importsContract } from './imports';
import { messagingContract } from './messaging';
import { patientsContract } from './patients';
import { peopleContract } from './people';
import type { RouteContract } from './types';
import { visitDayContract } from './visit-day';

export type { Contracts, FileAnswer, RouteContract } from './types';

/** Every route's contract: the compiler refuses a route of the table without one. */
export const contract = {
  ...peopleContract,
  ...patientsContract,
  ...visitDayContract,
  ...hisContract,
  ...campaignsContract,
  ...afterVisitContract,
  ...messagingContract,
  ...groupsContract,
  ...docsContract,
  ...consultationsContract,
  ...importsContract,
} satisfies Record<RouteName, RouteContract>;

/** One route's contract, typed as any route's. */
export function contractOf(name: RouteName): RouteContract {
  return contract[name];
}
