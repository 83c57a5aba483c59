import { logger } from './logger';
import type { Caller } from './tokens';

/** The signed-in caller of each request being answered (endpoint() notes it once the token is checked). */
const callers = new WeakMap<object, Caller>();

export function noteCaller(event: object, caller: Caller | undefined): void {
  if (caller) callers.set(event, caller);
}

export function callerOf(event: object): Caller | undefined {
  return callers.get(event);
}

/** Who called, as far as an access line tells: never a name, phone, ID number, openid or token. */
export type CallerKind = 'anonymous' | 'patient' | 'staff';

/**
 * The one access line a request writes, at INFO: the route as its template (ids and phones of the
 * filled path or query stay out), the answer's status, how long it took, and the caller's kind and roles.
 */
export function logAccess(a: {
  requestId: string;
  route: string;
  status: number;
  startedMs: number;
  caller: Caller | undefined;
}): void {
  logger.info('access', {
    requestId: a.requestId,
    route: a.route,
    status: a.status,
    latencyMs: Math.round(performance.now() - a.startedMs),
    callerKind: (a.caller?.kind ?? 'anonymous') satisfies CallerKind,
    roles: a.caller?.roles ?? [],
    ...(a.caller?.staffId ? { staffId: a.caller.staffId } : {}),
  });
}
