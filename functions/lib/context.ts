import type { Caller } from './tokens';

/** What a service needs to know about the request it serves: who, when, and which request. */
export interface Ctx {
  caller: Caller;
  /** The request's moment, read once from the clock. */
  now: Date;
  requestId: string;
}

/** A public route's context: the caller is known only when a valid token came along. */
export interface PublicCtx {
  caller?: Caller;
  now: Date;
  requestId: string;
}
