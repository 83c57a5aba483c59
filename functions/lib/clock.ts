/**
 * Where services get the time. A request reads the clock once and passes `now` down; a job is
 * given the moment it runs as. Tests and the local job runner set another clock.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that always answers the same instant, e.g. fixedClock('2026-02-17T08:59:00+08:00'). */
export function fixedClock(at: Date | string): Clock {
  const t = new Date(at);
  if (Number.isNaN(t.getTime())) throw new Error(`not an instant: ${String(at)}`);
  return { now: () => new Date(t) };
}

let current: Clock = systemClock;

/** The clock requests read their `now` from. */
export function clock(): Clock {
  return current;
}

/** Replaces the clock (tests; the local job runner); `useClock(systemClock)` puts the real one back. */
export function useClock(c: Clock): void {
  current = c;
}
