import type { Caller } from './tokens';

/** What a service needs to know about the request it serves: who, when, and which request. */
export interface Ctx {
  caller: Caller;
  /** The request's moment, read once from the clock. */
  now: Date;
  requestId: string;
  /**
   * On a route that overlaps it with its first store command (`overlapsActiveCheck`): whether a
   * staff caller is still active. The service settles it before it writes anything that stays or
   * answers (see `alongsideActiveCheck`); the handler settles it again before any answer.
   */
  activeCheck?: Promise<void>;
}

/** A public route's context: the caller is known only when a valid token came along. */
export interface PublicCtx {
  caller?: Caller;
  now: Date;
  requestId: string;
}
