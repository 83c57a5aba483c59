import type * as z from 'zod';
import type { ErrorCode } from '../errors';
import type { RouteName } from '../routes';

/** A successful answer that is not JSON: a CSV, a PNG, a page. */
export interface FileAnswer {
  contentType: string;
  /** In Chinese: what the file holds. */
  description: string;
}

/**
 * One route's published contract (issue 11): the very zod schemas its handler validates with and what
 * it answers. The OpenAPI document is generated from these and the route table, never written by hand.
 */
export interface RouteContract {
  /** One line in Chinese: what the route does. */
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Path parameters that are not a plain id (the default is idParam). */
  params?: Record<string, z.ZodType>;
  /** The successful answer: a zod schema for JSON, or a file. */
  response: z.ZodType | FileAnswer;
  /** The same answer as a file when asked for with `Accept` (a CSV for Excel users). */
  alternative?: FileAnswer;
  /** Success statuses when not the route's default (201 for a creating route, else 200), e.g. [201, 200]. */
  success?: number[];
  /**
   * A caller that signs its requests instead of holding a token (a HIS): the security scheme's name,
   * what it is (Chinese), and the headers it sends.
   */
  signed?: { scheme: string; description: string; headers: Record<string, z.ZodType> };
  /** Error codes this route may answer beyond those every route of its kind may (400, 401, 403, 404). */
  errors?: ErrorCode[];
}

/** A part of the contract, one file per area (shared/contract/<area>.ts); index.ts joins them. */
export type Contracts = Partial<Record<RouteName, RouteContract>>;
