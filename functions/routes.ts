import { type RouteDef, type RouteName, routeList } from '../shared/routes';

export {
  type Access,
  type HandlerGroup,
  handlerGroups,
  type RouteDef,
  type RouteName,
  routeKey,
  routeList,
  routes,
  type ScheduleDef,
  schedules,
} from '../shared/routes';

/** Routes that the cloud stack deploys. */
export function cloudRoutes(): (RouteDef & { name: RouteName })[] {
  return routeList.filter((r) => !r.localOnly);
}

/**
 * Every function's time limit, in the cloud and on the local server alike. API Gateway's HTTP API
 * waits at most 30 s for an integration; contended writes (a crowd checking in) retry within it.
 */
export const FUNCTION_TIMEOUT_SECONDS = 29;
